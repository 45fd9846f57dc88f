import { describe, expect, it } from 'vitest';
import { apply } from '../../../lib/monitor/apply';
import { deserialise, MONITOR_SCHEMA_VERSION, serialise } from '../../../lib/monitor/persist';
import { thirdPartiesReport } from '../../../lib/monitor/report';
import { createMonitorState, MAX_HOSTS_PER_SITE, MAX_TIMELINE_ENTRIES, type MonitorState } from '../../../lib/monitor/state';
import { cookieChanged, cookieId, ID, navigation, received, request } from './builders';
import { loadFixture, replay } from './replay';

/** What survives a worker restart: everything but requests under way and the last seconds' Set-Cookie headers. */
function persisted(state: MonitorState) {
  return [...state.tabs].map(([tabId, tab]) => ({ tabId, page: tab.page, hidden: tab.hidden, timeline: tab.timeline, dropped: tab.dropped }));
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
    }
  });

  it('writes its schema version', () => {
    expect(serialise(createMonitorState())).toEqual({ version: MONITOR_SCHEMA_VERSION, tabs: {} });
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
    const state = deserialise(v1);
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
  ])('%s gives an empty state', (_, raw) => {
    expect(deserialise(raw).tabs.size).toBe(0);
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
    const state = deserialise(raw);
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
    for (const raw of samples) expect(() => deserialise(raw)).not.toThrow();
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
