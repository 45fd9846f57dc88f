import { describe, expect, it } from 'vitest';
import { apply } from '../../../lib/monitor/apply';
import { deserialise, deserialiseTab, MONITOR_SCHEMA_VERSION, serialise, serialiseTab, tabIdOfStorageKey, tabStorageKey } from '../../../lib/monitor/persist';
import { observationsOf, thirdPartiesReport } from '../../../lib/monitor/report';
import { cookieScripts } from '../../../lib/monitor/scripts';
import { createMonitorState, MAX_HOSTS_PER_SITE, MAX_TIMELINE_ENTRIES, type MonitorState, type TabRecord } from '../../../lib/monitor/state';
import { cookieKey, type CookieId } from '../../../lib/cookies/cookie';
import { english } from '../../../lib/phrases';
import { keptRejection } from '../../../lib/requests/cookie-headers';
import { rejectedCookie } from '../../../lib/setCookie';
import { completed, cookieChanged, cookieId, ID, navigation, received, request, T0 } from './builders';
import { loadFixture, replay } from './replay';

/**
 * What survives a worker restart: everything but requests under way, the last seconds'
 * Set-Cookie headers, and hidden (prerendered, back/forward-cached) pages.
 */
function persisted(state: MonitorState) {
  return [...state.tabs].map(([tabId, tab]) => ({ tabId, page: tab.page, timeline: tab.timeline, lastChanges: [...tab.lastChanges], dropped: tab.dropped }));
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

  it('keeps why the browser refused a cookie, as a message too, and drops a damaged message but not its reason', () => {
    const state = createMonitorState();
    apply(state, navigation(1, 'https://news.example/'));
    apply(state, request('1', 'https://news.example/', 'xmlhttprequest'));
    apply(state, received('1', { rejected: [keptRejection(rejectedCookie('bad=1; Domain=other.test', 'https://news.example/', 'chrome')!)] }));
    const [kept] = deserialise(throughStorage(state)).tabs.get(1)!.page.rejected;
    expect(kept.reasonMsg).toEqual({ key: 'refused_domain_mismatch', args: ['other.test', 'news.example'] });
    expect(kept.reason).toBe(english(kept.reasonMsg!));

    const stored = JSON.parse(serialise(state)[tabStorageKey(1)]);
    for (const damaged of [{ key: 'no_such_message' }, { key: 'refused_domain_mismatch', args: ['other.test'] }, { key: 'refused_domain_mismatch', args: [{}, 'x'] }, 'text']) {
      stored.page.rejected[0].reasonMsg = damaged;
      const [read] = deserialiseTab(JSON.stringify(stored))!.page.rejected;
      expect(read.reason, JSON.stringify(damaged)).toBe(kept.reason);
      expect(read, JSON.stringify(damaged)).not.toHaveProperty('reasonMsg');
    }
  });

  it('keeps an unknown page’s learnt site', () => {
    const state = createMonitorState();
    apply(state, request('1', 'https://x.tracker.test/', 'script', { tabId: 5, initiator: 'https://news.example' }));
    const restored = deserialise(throughStorage(state));
    expect(restored.tabs.get(5)!.page.site).toBe('news.example');
    expect(thirdPartiesReport(restored.tabs.get(5)!.page).map((t) => t.site)).toEqual(['tracker.test']);
  });
});

describe("cookies' latest changes", () => {
  const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-105714AF51';
  const sid = cookieId('sid', 'www.shop.example', { hostOnly: true });
  const containers = Array.from({ length: 1000 }, (_, i) => cookieId(`_ga_${(0x105714af51 + i * 7919).toString(16).toUpperCase()}`, 'shop.example'));

  /**
   * A shop whose response set `sid`, then 1,000 Google Analytics cookies (`_ga_<container-id>`)
   * written by gtag.js, the page says: twice as many changes as the timeline keeps.
   */
  function shop(): MonitorState {
    const state = createMonitorState();
    apply(state, navigation(1, 'https://www.shop.example/'));
    apply(state, request('login', 'https://www.shop.example/account/login', 'xmlhttprequest'));
    apply(state, received('login', { setCookie: [`sid=${ID}; Path=/; Secure; HttpOnly; SameSite=Lax`], timeStamp: T0 + 10 }));
    apply(state, cookieChanged(sid, { timeStamp: T0 + 12 }));
    containers.forEach((cookie, i) => {
      const time = T0 + 10_000 + i * 10_000;
      const write = { api: 'cookie' as const, op: 'set' as const, name: cookie.name, attributes: 'path=/; domain=shop.example', kind: 'file' as const, url: GTAG, time, count: 1 };
      apply(state, { kind: 'scriptWrites', tabId: 1, frameId: 0, documentUrl: 'https://www.shop.example/', origin: 'https://www.shop.example', writes: [write], dropped: 0 });
      apply(state, cookieChanged(cookie, { timeStamp: time + 5 }));
    });
    return state;
  }

  /** Who set each cookie, as the audit and the cookie rows read it. */
  const setBy = (tab: TabRecord, cookies: readonly CookieId[]) => ({ observations: observationsOf(tab, cookies), scripts: cookieScripts(tab) });
  const all = [sid, ...containers];

  it('survive a restart, beyond the timeline, in the order they came', () => {
    const state = shop();
    const tab = state.tabs.get(1)!;
    const restored = deserialise(throughStorage(state)).tabs.get(1)!;
    expect(restored.timeline).toEqual(tab.timeline);
    expect([...restored.lastChanges.keys()]).toEqual([...tab.lastChanges.keys()]);
    expect(setBy(restored, all)).toEqual(setBy(tab, all));
    expect(setBy(restored, [sid]).observations.setBy.get(cookieKey(sid))).toBe('http');
    expect(restored.dropped).toEqual({ timeline: 1 + containers.length - MAX_TIMELINE_ENTRIES, lastChanges: 0 });
  });

  it('are the restored timeline’s own entries, so that a late Set-Cookie still credits both', () => {
    const state = createMonitorState();
    const cart = cookieId('cart', 'www.shop.example', { hostOnly: true });
    apply(state, navigation(1, 'https://www.shop.example/'));
    apply(state, cookieChanged(cart, { timeStamp: T0 + 100 }));
    const restored = deserialise(throughStorage(state));
    apply(restored, request('cart', 'https://www.shop.example/cart', 'xmlhttprequest'));
    apply(restored, received('cart', { setCookie: ['cart=3; Path=/'], timeStamp: T0 + 101 }));
    const tab = restored.tabs.get(1)!;
    expect(tab.timeline[0].setBy).toBe('http');
    expect(observationsOf(tab, [cart]).setBy.get(cookieKey(cart))).toBe('http');
  });

  it('are rebuilt from the timeline of a tab stored by version 3', () => {
    const state = createMonitorState();
    apply(state, navigation(1, 'https://www.shop.example/'));
    containers.slice(0, 10).forEach((cookie, i) => apply(state, cookieChanged(cookie, { timeStamp: T0 + i * 10_000 })));
    const { lastChanges: _, dropped, ...v4 } = JSON.parse(serialiseTab(state.tabs.get(1)!).json);
    const restored = deserialiseTab(JSON.stringify({ ...v4, version: 3, dropped: { timeline: dropped.timeline } }))!;
    expect([...restored.lastChanges.keys()]).toEqual([...state.tabs.get(1)!.lastChanges.keys()]);
    expect(setBy(restored, containers)).toEqual(setBy(state.tabs.get(1)!, containers));
    expect(restored.dropped.lastChanges).toBe(0);
  });

  it('are kept, the most recent first, within the tab’s byte budget, and what is left out is counted', () => {
    const tab = shop().tabs.get(1)!;
    const budget = 64 * 1024;
    const { json, trimmed } = serialiseTab(tab, budget);
    expect(trimmed).toBe(true);
    expect(json.length).toBeLessThanOrEqual(budget);
    const restored = deserialiseTab(json)!;
    expect(restored.lastChanges.size + restored.dropped.lastChanges).toBe(tab.lastChanges.size);
    // More cookies than the stored timeline mentions still know who set them: the latest ones.
    expect(restored.lastChanges.size).toBeGreaterThan(new Set(restored.timeline.map((e) => e.cookie.name)).size);
    expect([...restored.lastChanges.keys()]).toEqual([...tab.lastChanges.keys()].slice(-restored.lastChanges.size));
    const kept = containers.slice(-restored.lastChanges.size);
    expect(setBy(restored, kept).scripts).toEqual(new Map([...setBy(tab, kept).scripts].filter(([key]) => restored.lastChanges.has(key))));
    // The live state is untouched.
    expect(tab.dropped.lastChanges).toBe(0);
    expect(tab.lastChanges.size).toBe(all.length);
  });

  it('stay within the budget when the page named its scripts with characters JSON escapes', () => {
    const state = createMonitorState();
    apply(state, navigation(1, 'https://www.shop.example/'));
    containers.forEach((cookie, i) => {
      const time = T0 + i * 10_000;
      // A page's claim: anything up to the length cap, here quotes and control characters.
      const url = `https://www.shop.example/${'"\u0001'.repeat(140)}`;
      const write = { api: 'cookie' as const, op: 'set' as const, name: cookie.name, attributes: '', kind: 'file' as const, url, time, count: 1 };
      apply(state, { kind: 'scriptWrites', tabId: 1, frameId: 0, documentUrl: 'https://www.shop.example/', origin: 'https://www.shop.example', writes: [write], dropped: 0 });
      apply(state, cookieChanged(cookie, { timeStamp: time + 5 }));
    });
    const tab = state.tabs.get(1)!;
    for (const kb of [16, 64]) {
      const { json } = serialiseTab(tab, kb * 1024);
      expect(json.length).toBeLessThanOrEqual(kb * 1024);
      const restored = deserialiseTab(json)!;
      expect(restored.lastChanges.size).toBeGreaterThan(0);
      expect(restored.lastChanges.size + restored.dropped.lastChanges).toBe(containers.length);
    }
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

  it('keeps a pixel’s reasons as messages only when each is one lib writes, one for each reason', () => {
    const reasons = ['sends cookies', 'sets cookie tid'];
    const good = [{ key: 'pixel_reason_sends_cookies' }, { key: 'pixel_reason_sets_cookie', args: ['tid'] }];
    const read = (pixel: object) => {
      const raw = { version: 2, tabs: { '1': { page: { url: 'https://news.example/', sites: [{ site: 'px.test', pixels: [{ url: 'u', time: 1, ...pixel }] }] } } } };
      return deserialise({ tabs: raw }).tabs.get(1)!.page.sites.get('px.test')!.pixels[0];
    };
    expect(read({ reasons, reasonMsgs: good })).toEqual({ url: 'u', reasons, reasonMsgs: good, time: 1 });
    // Without them, or with any of them damaged, the English alone is kept.
    for (const reasonMsgs of [undefined, 'junk', [good[0]], [good[0], { key: 'no_such_message' }], [good[0], { key: 'pixel_reason_sets_cookie' }], [good[0], null]]) {
      expect(read({ reasons, reasonMsgs }), JSON.stringify(reasonMsgs)).toEqual({ url: 'u', reasons, time: 1 });
    }
    // A reason that is not text drops out, and with it the pairing.
    expect(read({ reasons: [reasons[0], 7], reasonMsgs: good })).toEqual({ url: 'u', reasons: [reasons[0]], time: 1 });
    // No more reasons than a verdict gives.
    expect(read({ reasons: Array(50).fill('sends cookies'), reasonMsgs: Array(50).fill(good[0]) }).reasonMsgs).toHaveLength(8);
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
