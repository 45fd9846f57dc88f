import { describe, expect, it } from 'vitest';
import { apply } from '../../../lib/monitor/apply';
import { deserialise, deserialiseTab, MONITOR_SCHEMA_VERSION, serialise, serialiseTab, tabIdOfStorageKey, tabStorageKey } from '../../../lib/monitor/persist';
import { thirdPartiesReport } from '../../../lib/monitor/report';
import { createMonitorState, MAX_HOSTS_PER_SITE, MAX_TIMELINE_ENTRIES, type MonitorState } from '../../../lib/monitor/state';
import { completed, cookieChanged, cookieId, ID, navigation, received, request, T0 } from './builders';
import { loadFixture, replay } from './replay';

/**
 * What survives a worker restart: everything but requests under way, the last seconds'
 * Set-Cookie headers, and hidden (prerendered, back/forward-cached) pages.
 */
function persisted(state: MonitorState) {
  return [...state.tabs].map(([tabId, tab]) => ({ tabId, page: tab.page, timeline: tab.timeline, dropped: tab.dropped }));
}

/** As storage.session hands it back: JSON-compatible data, nothing shared with the live state. */
const throughStorage = (state: MonitorState): unknown => JSON.parse(JSON.stringify(serialise(state)));

describe('serialise and deserialise', () => {
  it('round-trip the recorded sessions', () => {
    for (const browser of ['chrome', 'firefox'] as const) {
      const state = replay(loadFixture(browser), browser);
      apply(state, cookieChanged(cookieId('tid', 'tracker.test'), { timeStamp: Date.now() }));
      const restored = deserialise(throughStorage(state));
      expect(persisted(restored)).toEqual(persisted(state));
      expect(restored.pending.size).toBe(0);
      expect([...restored.tabs.values()].every((tab) => tab.hidden.length === 0)).toBe(true);
    }
  });

  it('writes one key per tab, each a JSON string with its schema version', () => {
    expect(serialise(createMonitorState())).toEqual({});
    const state = createMonitorState();
    apply(state, navigation(4, 'https://a.example/'));
    apply(state, navigation(9, 'https://b.example/'));
    const items = serialise(state);
    expect(Object.keys(items).sort()).toEqual([tabStorageKey(4), tabStorageKey(9)]);
    expect(JSON.parse(items[tabStorageKey(4)])).toMatchObject({ version: MONITOR_SCHEMA_VERSION, page: { url: 'https://a.example/' } });
    expect(tabIdOfStorageKey(tabStorageKey(9))).toBe(9);
    for (const key of ['tabs', 'tab:', 'tab:-1', 'tab:1.5', 'tab:x', 'learnedTrackers']) expect(tabIdOfStorageKey(key)).toBeNull();
  });

  it('keeps the tab’s store, privacy and route changes', () => {
    const state = createMonitorState();
    apply(state, { kind: 'tabInfo', tabId: 3, incognito: true, storeId: 'firefox-private' });
    apply(state, navigation(3, 'https://shop.example/?utm_source=x'));
    apply(state, { kind: 'sameDocument', tabId: 3, url: 'https://shop.example/cart', documentId: null, via: 'history', timeStamp: T0 + 5 });
    const tab = deserialise(throughStorage(state)).tabs.get(3)!;
    expect(tab).toMatchObject({ incognito: true, storeId: 'firefox-private' });
    expect(tab.page.url).toBe('https://shop.example/cart');
    expect(tab.page.routes).toEqual([{ time: T0 + 5, url: 'https://shop.example/cart' }]);
  });

  it('keeps an unknown page’s learnt site', () => {
    const state = createMonitorState();
    apply(state, request('1', 'https://x.tracker.test/', 'script', { tabId: 5, initiator: 'https://news.example' }));
    const restored = deserialise(throughStorage(state));
    expect(restored.tabs.get(5)!.page.site).toBe('news.example');
    expect(thirdPartiesReport(restored.tabs.get(5)!.page).map((t) => t.site)).toEqual(['tracker.test']);
  });
});

describe('migration', () => {
  it('reads version 1 (lib/state/persist.ts: origins per tab)', () => {
    const v1 = {
      version: 1,
      tabs: {
        '12': { url: 'https://news.example/', origins: ['https://news.example', 'https://cdn.t.test'], droppedOrigins: 3 },
        '13': { url: 42, origins: 'nope' },
        nope: { url: 'https://x.example/', origins: [] },
      },
    };
    const state = deserialise({ tabs: v1 });
    expect([...state.tabs.keys()]).toEqual([12]);
    const page = state.tabs.get(12)!.page;
    expect(page).toMatchObject({ url: 'https://news.example/', site: 'news.example', hsts: null });
    expect([...page.origins]).toEqual(['https://news.example', 'https://cdn.t.test']);
    expect(page.dropped.origins).toBe(3);
  });
});

describe('garbage', () => {
  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'tabs'],
    ['an array', [1, 2]],
    ['an unknown version', { version: 99, tabs: { '1': {} } }],
    ['no version', { tabs: { '1': { page: { url: 'https://a.example/' } } } }],
    ['tabs as an array', { version: 2, tabs: [] }],
  ])('%s under the legacy key gives an empty state', (_, raw) => {
    expect(deserialise({ tabs: raw }).tabs.size).toBe(0);
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'tab:1'],
    ['an array', ['tab:1']],
    ['a tab as an object, not a string', { 'tab:1': { version: 3, page: { url: 'https://a.example/' } } }],
    ['a tab of another version', { 'tab:1': JSON.stringify({ version: 99, page: { url: 'https://a.example/' } }) }],
    ['a tab that is not JSON', { 'tab:1': '{"version":3,' }],
    ['a tab under a key that is not a tab id', { 'tab:x': JSON.stringify({ version: 3, page: { url: 'https://a.example/' } }) }],
  ])('%s gives an empty state', (_, items) => {
    expect(deserialise(items).tabs.size).toBe(0);
  });

  it('skips damaged parts and keeps the rest', () => {
    const raw = {
      version: 2,
      tabs: {
        '1': {
          page: {
            url: 'https://news.example/',
            hsts: 'yes',
            startedAt: 'soon',
            origins: ['https://news.example', 7, null],
            sites: [
              { site: 'ok.test', hosts: ['a.ok.test', 3], requests: -4, types: ['image', 'laser'], pixels: [{ url: 'u', reasons: ['r', 1] }, { reasons: [] }] },
              { hosts: [] },
              'junk',
              { site: 'big.test', hosts: Array.from({ length: 50 }, (_, i) => `h${i}.big.test`) },
            ],
            rejected: [{ name: 'x' }],
            dropped: { pixels: 2, hosts: 'many', bogus: 9 },
          },
          hidden: [{ url: 'https://p.example/', documentId: 'D' }, { url: 'https://no-id.example/' }, 5],
          timeline: [
            ...Array.from({ length: MAX_TIMELINE_ENTRIES + 10 }, (_, i) => ({ time: i, change: 'created', cause: 'explicit', cookie: cookieId(`c${i}`, 'news.example'), setBy: 'http' })),
            { time: 1, change: 'exploded', cause: 'explicit', cookie: cookieId('x', 'a') },
            { time: 1, change: 'created', cause: 'explicit', cookie: { name: 'x' } },
          ],
          dropped: { timeline: -1 },
        },
        '2': { page: null },
        '-3': { page: { url: 'https://a.example/' } },
        '4.5': { page: { url: 'https://a.example/' } },
      },
    };
    const state = deserialise({ tabs: raw });
    expect([...state.tabs.keys()]).toEqual([1]);
    const tab = state.tabs.get(1)!;
    expect(tab.page).toMatchObject({ hsts: null, startedAt: 0, rejected: [] });
    expect([...tab.page.origins]).toEqual(['https://news.example']);
    expect([...tab.page.sites.keys()]).toEqual(['ok.test', 'big.test']);
    expect(tab.page.sites.get('ok.test')).toMatchObject({ requests: 0, types: new Set(['image']), pixels: [{ url: 'u', reasons: ['r'] }] });
    expect(tab.page.sites.get('big.test')!.hosts.size).toBe(MAX_HOSTS_PER_SITE);
    expect(tab.page.dropped).toMatchObject({ pixels: 2, hosts: 0 });
    expect(tab.page.dropped).not.toHaveProperty('bogus');
    expect(tab.hidden.map((p) => p.documentId)).toEqual(['D']);
    expect(tab.timeline).toHaveLength(MAX_TIMELINE_ENTRIES);
    expect(tab.timeline.at(-1)!.cookie.name).toBe(`c${MAX_TIMELINE_ENTRIES + 9}`);
    expect(tab.dropped.timeline).toBe(0);
  });

  it('never throws, whatever the shape', () => {
    const samples: unknown[] = [
      { version: 2, tabs: { '1': { page: { url: 'x', sites: { site: 'a' } } } } },
      { version: 2, tabs: { '1': { page: { url: 'x', sites: [{ site: 'a', hosts: 'abc', types: null, cookiesSet: {} }] } } } },
      { version: 2, tabs: { '1': { page: { url: 'x' }, timeline: 'abc', hidden: {} } } },
      { version: 1, tabs: { '1': null, '2': { url: 'https://a.example/', origins: [{}], droppedOrigins: 'x' } } },
      JSON.parse('{"version":2,"tabs":{"__proto__":{"page":{"url":"x"}}}}'),
    ];
    for (const raw of samples) expect(() => deserialise({ tabs: raw })).not.toThrow();
    for (const raw of samples) expect(() => deserialiseTab(JSON.stringify({ ...(raw as object), version: 3 }))).not.toThrow();
  });

  it('holds no cookie value after a round trip', () => {
    const state = createMonitorState();
    for (const event of [
      navigation(1, 'https://news.example/'),
      request('1', 'https://news.example/', 'xmlhttprequest'),
      received('1', { setCookie: [`sid=${ID}; Secure`] }),
      cookieChanged(cookieId('sid', 'news.example')),
    ]) {
      apply(state, event);
    }
    expect(JSON.stringify(serialise(state))).not.toContain(ID);
  });
});

describe('the byte budget of a tab', () => {
  /** A news page with 200 third parties, each firing pixels with long URLs. */
  function busyTab() {
    const state = createMonitorState();
    apply(state, navigation(1, 'https://news.example/'));
    for (let k = 0; k < 1000; k++) {
      const id = String(k);
      apply(state, request(id, `https://px${k % 4}.t${k % 200}.test/p.gif?uid=${ID}&k=${k}&ref=${'x'.repeat(400)}`, 'image'));
      apply(state, received(id, { contentLength: 43, contentType: 'image/gif', uncacheable: true }));
      apply(state, completed(id));
    }
    return state.tabs.get(1)!;
  }

  it('writes a tab within its budget untouched', () => {
    const tab = busyTab();
    const { json, trimmed } = serialiseTab(tab, Infinity);
    expect(trimmed).toBe(false);
    expect(deserialiseTab(json)!.page.sites.size).toBe(tab.page.sites.size);
  });

  it('trims a tab over its budget, counts what it left out, and leaves the live state alone', () => {
    const tab = busyTab();
    const before = JSON.stringify(serialiseTab(tab).json);
    const budget = 64 * 1024;
    const { json, trimmed } = serialiseTab(tab, budget);
    expect(trimmed).toBe(true);
    expect(json.length).toBeLessThanOrEqual(budget);
    const restored = deserialiseTab(json)!;
    // The most telling third parties are kept; what is gone is counted, so the popup says so.
    expect(restored.page.sites.size).toBeGreaterThan(10);
    const keptPixels = [...restored.page.sites.values()].reduce((n, s) => n + s.pixels.length, 0);
    const allPixels = [...tab.page.sites.values()].reduce((n, s) => n + s.pixels.length, 0);
    expect(keptPixels + restored.page.dropped.pixels).toBe(allPixels);
    expect(restored.page.dropped.thirdParties + [...restored.page.sites.values()].reduce((n, s) => n + s.requests, 0)).toBe(
      [...tab.page.sites.values()].reduce((n, s) => n + s.requests, 0),
    );
    expect(JSON.stringify(serialiseTab(tab).json)).toBe(before);
    expect(tab.page.dropped.pixels).toBe(0);
  });

  it.each([16, 32, 64, 128])('stays within a budget of %i KB, whatever the tab', (kb) => {
    const budget = kb * 1024;
    const tabs = [busyTab(), ...(['chrome', 'firefox'] as const).flatMap((b) => [...replay(loadFixture(b), b).tabs.values()])];
    for (const tab of tabs) expect(serialiseTab(tab, budget).json.length).toBeLessThanOrEqual(budget);
  });
});
