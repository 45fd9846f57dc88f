import { describe, expect, it } from 'vitest';
import { applyTabEvent, createTabsState, MAX_ORIGINS_PER_TAB, originOf, type TabsState } from '../../../lib/state/tabs';

describe('originOf', () => {
  it.each([
    ['https://www.site.example/account?x=1#top', 'https://www.site.example'],
    ['http://site.example', 'http://site.example'],
    ['https://site.example?q', 'https://site.example'],
    ['https://site.example#frag', 'https://site.example'],
    // Ports are kept.
    ['https://site.example:8443/x', 'https://site.example:8443'],
    ['http://192.168.1.10:8080/', 'http://192.168.1.10:8080'],
    ['http://[::1]:3000/', 'http://[::1]:3000'],
    // Scheme and host are case-insensitive.
    ['HTTPS://WWW.Site.Example/Path', 'https://www.site.example'],
    // Userinfo is not part of the origin, whatever it contains.
    ['https://user:pass@site.example/', 'https://site.example'],
    ['https://evil.example@site.example/', 'https://site.example'],
    ['https://a@b@site.example/', 'https://site.example'],
    // A backslash ends the host, as in WHATWG URL, so the path cannot smuggle a host in.
    ['https://site.example\\@evil.example/', 'https://site.example'],
    ['https://site.example/@evil.example', 'https://site.example'],
    // WebSockets carry the cookies of their http(s) origin.
    ['wss://live.site.example/socket', 'https://live.site.example'],
    ['ws://live.site.example:8080/', 'http://live.site.example:8080'],
    // No host.
    ['https:///path', null],
    ['https://user@/path', null],
    ['https://', null],
    // Not http(s) or ws(s).
    ['ftp://files.site.example/', null],
    ['file:///home/me/page.html', null],
    ['chrome-extension://abcdefghijklmnop/popup.html', null],
    ['data:text/html,https://site.example/', null],
    ['blob:https://site.example/0b7c8f4e', null],
    ['javascript:fetch("https://site.example/")', null],
    ['about:blank', null],
    ['', null],
    ['site.example', null],
  ])('%s → %s', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });
});

describe('applyTabEvent', () => {
  const origins = (state: TabsState, tabId: number) => [...(state.get(tabId)?.origins ?? [])];

  function visited(tabId: number, url: string, ...requests: string[]): TabsState {
    const state = createTabsState();
    applyTabEvent(state, { type: 'navigate', tabId, url });
    for (const r of requests) applyTabEvent(state, { type: 'request', tabId, url: r });
    return state;
  }

  it('starts a new page record with the page’s own origin on navigation', () => {
    const state = createTabsState();
    expect(applyTabEvent(state, { type: 'navigate', tabId: 1, url: 'https://www.site.example/' })).toBe(true);
    expect(state.get(1)).toEqual({ url: 'https://www.site.example/', origins: new Set(['https://www.site.example']), droppedOrigins: 0 });
  });

  it('forgets the previous page’s origins on navigation', () => {
    const state = visited(1, 'https://www.site.example/', 'https://cdn.example/a.js', 'https://ads.example/px');
    applyTabEvent(state, { type: 'navigate', tabId: 1, url: 'https://other.example/' });
    expect(state.get(1)).toEqual({ url: 'https://other.example/', origins: new Set(['https://other.example']), droppedOrigins: 0 });
  });

  it('records each origin once, and reports a change only the first time', () => {
    const state = visited(1, 'https://www.site.example/');
    expect(applyTabEvent(state, { type: 'request', tabId: 1, url: 'https://cdn.example/a.js' })).toBe(true);
    expect(applyTabEvent(state, { type: 'request', tabId: 1, url: 'https://cdn.example/b.js' })).toBe(false);
    expect(applyTabEvent(state, { type: 'request', tabId: 1, url: 'https://www.site.example/api' })).toBe(false);
    expect(origins(state, 1)).toEqual(['https://www.site.example', 'https://cdn.example']);
  });

  it('keeps tabs apart', () => {
    const state = visited(1, 'https://www.site.example/', 'https://cdn.example/a.js');
    applyTabEvent(state, { type: 'navigate', tabId: 2, url: 'https://other.example/' });
    expect(origins(state, 1)).toEqual(['https://www.site.example', 'https://cdn.example']);
    expect(origins(state, 2)).toEqual(['https://other.example']);
  });

  it('starts a record for a tab it never saw navigate (open before the extension started)', () => {
    const state = createTabsState();
    expect(applyTabEvent(state, { type: 'request', tabId: 5, url: 'https://cdn.example/a.js' })).toBe(true);
    expect(state.get(5)).toEqual({ url: '', origins: new Set(['https://cdn.example']), droppedOrigins: 0 });
  });

  it('ignores requests of no tab (tabId -1: service workers, the extension itself)', () => {
    const state = createTabsState();
    expect(applyTabEvent(state, { type: 'request', tabId: -1, url: 'https://site.example/' })).toBe(false);
    expect(state.size).toBe(0);
  });

  it.each(['data:image/png;base64,iVBORw0KGgo=', 'blob:https://www.site.example/0b7c8f4e', 'chrome-extension://abc/x.js', 'ftp://files.example/'])(
    'ignores a request to %s',
    (url) => {
      const state = visited(1, 'https://www.site.example/');
      expect(applyTabEvent(state, { type: 'request', tabId: 1, url })).toBe(false);
      expect(origins(state, 1)).toEqual(['https://www.site.example']);
    },
  );

  it('handles a 1 MB data: URL without throwing or recording it', () => {
    const huge = `data:text/plain;base64,${'A'.repeat(1024 * 1024)}`;
    const state = visited(1, 'https://www.site.example/');
    expect(applyTabEvent(state, { type: 'request', tabId: 1, url: huge })).toBe(false);
    expect(origins(state, 1)).toEqual(['https://www.site.example']);
    expect(() => applyTabEvent(state, { type: 'navigate', tabId: 1, url: huge })).not.toThrow();
    expect(origins(state, 1)).toEqual([]);
  });

  it(`keeps at most ${MAX_ORIGINS_PER_TAB} origins per page and counts the ones it drops`, () => {
    const state = visited(1, 'https://www.site.example/');
    for (let i = 1; i < MAX_ORIGINS_PER_TAB; i++) applyTabEvent(state, { type: 'request', tabId: 1, url: `https://t${i}.example/` });
    expect(state.get(1)?.origins.size).toBe(MAX_ORIGINS_PER_TAB);
    expect(state.get(1)?.droppedOrigins).toBe(0);

    expect(applyTabEvent(state, { type: 'request', tabId: 1, url: 'https://late1.example/' })).toBe(true);
    expect(applyTabEvent(state, { type: 'request', tabId: 1, url: 'https://late2.example/' })).toBe(true);
    // Origins already kept still count as seen.
    expect(applyTabEvent(state, { type: 'request', tabId: 1, url: 'https://t7.example/again' })).toBe(false);
    const record = state.get(1)!;
    expect(record.origins.size).toBe(MAX_ORIGINS_PER_TAB);
    expect(record.origins.has('https://late1.example')).toBe(false);
    expect(record.droppedOrigins).toBe(2);

    // A new page starts below the cap again.
    applyTabEvent(state, { type: 'navigate', tabId: 1, url: 'https://other.example/' });
    expect(state.get(1)).toMatchObject({ droppedOrigins: 0 });
    expect(state.get(1)?.origins.size).toBe(1);
  });

  it('deletes a closed tab’s record, and reports no change for an unknown tab', () => {
    const state = visited(1, 'https://www.site.example/');
    expect(applyTabEvent(state, { type: 'closed', tabId: 1 })).toBe(true);
    expect(state.has(1)).toBe(false);
    expect(applyTabEvent(state, { type: 'closed', tabId: 1 })).toBe(false);
  });
});
