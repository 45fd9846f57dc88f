import { describe, expect, it } from 'vitest';
import { apply } from '../../../lib/monitor/apply';
import { tabOfOrigin } from '../../../lib/monitor/attribution';
import { thirdPartiesReport, trackingCount } from '../../../lib/monitor/report';
import { createMonitorState, type MonitorState } from '../../../lib/monitor/state';
import type { MonitorEvent } from '../../../lib/monitor/events';
import { completed, ID, navigation, received, request, sent, T0 } from './builders';
import { loadFixture, replay } from './replay';

function run(events: MonitorEvent[], state = createMonitorState()): MonitorState {
  for (const event of events) apply(state, event);
  return state;
}

/** One request through to its completion. */
function load(requestId: string, url: string, type: Parameters<typeof request>[2], fields: { size?: number; tabId?: number } = {}): MonitorEvent[] {
  return [
    request(requestId, url, type, { tabId: fields.tabId ?? 1 }),
    received(requestId, { contentLength: fields.size ?? 1000 }),
    completed(requestId),
  ];
}

describe('recorded Chrome session', () => {
  const state = replay(loadFixture('chrome'), 'chrome');
  const tab = state.tabs.get(42)!;

  it('records the visible page with its HSTS and origins', () => {
    expect(tab.page).toMatchObject({ url: 'https://news.example/', site: 'news.example', hsts: true });
    expect(tab.page.documentId).toBe('8B3C6F0E2D1A4B5C9E7F0A1B2C3D4E5F');
    expect([...tab.page.origins].sort()).toEqual([
      'https://api.news.example',
      'https://blocked.ads.test',
      'https://cdn.images.test',
      'https://collect.analytics.test',
      'https://news.example',
      'https://px.tracker.test',
    ]);
  });

  it('reports third parties, most tracking evidence first', () => {
    expect(thirdPartiesReport(tab.page)).toEqual([
      {
        site: 'tracker.test',
        tracking: true,
        hosts: ['px.tracker.test'],
        requests: 1,
        types: ['image'],
        cookiesSent: true,
        cookiesSet: ['tid'],
        identifierCookies: ['tid'],
        bytesReceived: 43,
        pixels: [
          {
            url: 'https://px.tracker.test/p.gif?uid=8f14e45fceea167a5a36dedd4bea2543&ev=pageview&dl=https%3A%2F%2Fnews.example%2F',
            reasons: [
              '1×1-sized response: 43 bytes of image/gif',
              'query parameter `uid` carries an identifier',
              'sends cookies',
              'sets cookie tid',
              'response marked uncacheable',
            ],
            reasonMsgs: expect.any(Array),
            time: tab.page.sites.get('tracker.test')!.firstSeen,
          },
        ],
        beacons: [],
        // The pixel is its first request and its tracking.
        firstSeen: expect.any(Number),
        firstTracked: tab.page.sites.get('tracker.test')!.firstSeen,
        lastTracked: tab.page.sites.get('tracker.test')!.firstSeen,
      },
      {
        site: 'analytics.test',
        tracking: true,
        hosts: ['collect.analytics.test'],
        requests: 1,
        types: ['beacon'],
        cookiesSent: false,
        cookiesSet: [],
        identifierCookies: [],
        bytesReceived: 0,
        pixels: [],
        beacons: [
          {
            url: 'https://collect.analytics.test/g/collect?v=2&tid=G-XYZ123&cid=1234567890.1732611600&en=page_view',
            reasons: ['beacon request (navigator.sendBeacon or <a ping>)', 'query parameter `cid` carries an identifier'],
            reasonMsgs: [{ key: 'pixel_reason_beacon' }, { key: 'pixel_reason_identifier_one', args: ['`cid`'] }],
            time: tab.page.sites.get('analytics.test')!.firstSeen,
          },
        ],
        firstSeen: expect.any(Number),
        firstTracked: tab.page.sites.get('analytics.test')!.firstSeen,
        lastTracked: tab.page.sites.get('analytics.test')!.firstSeen,
      },
      // The large image, and the service worker's fetch attributed through its origin.
      expect.objectContaining({ site: 'images.test', tracking: false, requests: 2, types: ['image', 'xmlhttprequest'], bytesReceived: 184_211 + 913, pixels: [] }),
      expect.objectContaining({ site: 'ads.test', tracking: false, requests: 1, types: ['script'], pixels: [], beacons: [] }),
    ]);
    expect(trackingCount(tab.page)).toBe(2);
  });

  it('keeps the prerendered page and its pixel apart from the visible page', () => {
    expect(tab.page.sites.has('prerender.test')).toBe(false);
    expect(tab.hidden).toHaveLength(1);
    expect(tab.hidden[0]).toMatchObject({ url: 'https://news.example/article/2', documentId: 'F00DFACE0123456789ABCDEF01234567' });
    expect(tab.hidden[0].sites.get('prerender.test')?.pixels).toHaveLength(1);
  });

  it('records the refused Set-Cookie line, without its value', () => {
    expect(tab.page.rejected).toEqual([expect.objectContaining({ name: 'bad', domain: 'other.test', setCookie: 'bad=…; Domain=other.test; Path=/' })]);
  });

  it('has no request left pending and nothing dropped', () => {
    expect(state.pending.size).toBe(0);
    expect(Object.values(tab.page.dropped).every((n) => n === 0)).toBe(true);
  });
});

describe('recorded Firefox session', () => {
  const state = replay(loadFixture('firefox'), 'firefox');
  const page = state.tabs.get(7)!.page;

  it('finds the same trackers with Firefox’s types, sizes and joined Set-Cookie', () => {
    const report = thirdPartiesReport(page);
    expect(report.map((t) => t.site)).toEqual(['analytics.test', 'tracker.test', 'ads.test', 'images.test']);
    const [analytics, tracker] = report;
    // sendBeacon ('beacon') and <a ping> ('ping') alike.
    expect(analytics.beacons.map((b) => b.url)).toEqual([
      'https://collect.analytics.test/g/collect?v=2&cid=1234567890.1732611600',
      'https://clicks.analytics.test/ping?to=%2Farticle%2F2',
    ]);
    // No Content-Length: Firefox's transfer size bounds the body.
    expect(tracker.pixels[0].reasons[0]).toBe('1×1-sized response: at most 187 bytes of image/gif');
    expect(tracker.types).toEqual(['image']);
    expect(report[3]).toMatchObject({ site: 'images.test', bytesReceived: 184_530 });
    expect(page.hsts).toBe(true);
    expect(page.sites.get('news.example')?.cookiesSet).toEqual(new Set(['sid', 'theme']));
    expect(trackingCount(page)).toBe(2);
  });
});

describe('pages of a tab', () => {
  it('counts the document request for the page it creates, not the one on screen', () => {
    const state = run([
      navigation(1, 'https://a.example/', { documentId: 'A' }),
      request('1', 'https://b.example/', 'main_frame'),
      received('1', { hsts: true }),
      navigation(1, 'https://b.example/', { documentId: 'B' }),
    ]);
    const tab = state.tabs.get(1)!;
    expect(tab.page).toMatchObject({ url: 'https://b.example/', documentId: 'B', hsts: true });
    expect(tab.hidden.map((p) => p.url)).toEqual(['https://a.example/']);
    expect(tab.hidden[0].sites.size).toBe(0);
  });

  it('counts a Firefox subresource that arrives before the commit for the page it is made for', () => {
    const state = run([
      navigation(1, 'https://a.example/'),
      request('1', 'https://b.example/', 'main_frame'),
      received('1'),
      // Firefox names the top-level document; its webNavigation.onCommitted comes later.
      request('2', 'https://px.tracker.test/p.gif', 'image', { topDocumentUrl: 'https://b.example/' }),
      request('3', 'https://late.a.test/unload', 'beacon', { topDocumentUrl: 'https://a.example/' }),
      navigation(1, 'https://b.example/'),
    ]);
    const tab = state.tabs.get(1)!;
    expect(tab.page.url).toBe('https://b.example/');
    expect([...tab.page.sites.keys()].sort()).toEqual(['b.example', 'tracker.test']);
    expect([...tab.hidden.flatMap((p) => [...p.sites.keys()])]).not.toContain('tracker.test');
  });

  it('records a document request reported after its commit for the page on screen', () => {
    const state = run([
      navigation(1, 'https://a.example/'),
      request('1', 'https://a.example/', 'main_frame'),
      received('1'),
      // Firefox: the commit first, then the document's own request and response.
      navigation(1, 'https://b.example/', { timeStamp: T0 + 500 }),
      request('2', 'https://b.example/', 'main_frame', { timeStamp: T0 + 400 }),
      received('2', { hsts: true, timeStamp: T0 + 450 }),
      completed('2'),
    ]);
    const tab = state.tabs.get(1)!;
    expect(tab.page).toMatchObject({ url: 'https://b.example/', hsts: true });
    expect(tab.provisional).toBeNull();
  });

  it('follows a document redirect and keeps the bounce as a third party', () => {
    const state = run([
      request('1', 'https://t.co/abc', 'main_frame'),
      received('1', { statusCode: 302, setCookie: [`muc=${ID}; Domain=.t.co; Secure`] }),
      request('1', 'http://news.example/story', 'main_frame'),
      received('1', { statusCode: 301 }),
      request('1', 'https://news.example/story', 'main_frame'),
      received('1', { hsts: true }),
      navigation(1, 'https://news.example/story#comments', { documentId: 'D' }),
      completed('1'),
    ]);
    const page = state.tabs.get(1)!.page;
    expect(page).toMatchObject({ url: 'https://news.example/story#comments', site: 'news.example', hsts: true });
    expect(thirdPartiesReport(page)).toEqual([expect.objectContaining({ site: 't.co', cookiesSet: ['muc'], identifierCookies: ['muc'] })]);
    expect(page.sites.get('news.example')?.requests).toBe(2);
  });

  it('ignores HSTS sent over plain http', () => {
    const state = run([request('1', 'http://a.example/', 'main_frame'), received('1', { hsts: true }), navigation(1, 'http://a.example/')]);
    expect(state.tabs.get(1)!.page.hsts).toBe(false);
  });

  it('leaves HSTS unknown for a page whose response it did not see', () => {
    expect(run([navigation(1, 'https://a.example/')]).tabs.get(1)!.page.hsts).toBeNull();
  });

  it('shows a prerendered page with all it loaded while hidden', () => {
    const state = run([
      navigation(1, 'https://a.example/', { documentId: 'A' }),
      navigation(1, 'https://a.example/next', { documentId: 'N', documentLifecycle: 'prerender' }),
      request('2', 'https://px.t.test/i.gif', 'image', { documentId: 'N', documentLifecycle: 'prerender' }),
      navigation(1, 'https://a.example/next', { documentId: 'N', documentLifecycle: 'active' }),
    ]);
    const tab = state.tabs.get(1)!;
    expect(tab.page.url).toBe('https://a.example/next');
    expect(tab.page.sites.get('t.test')?.requests).toBe(1);
    expect(tab.hidden.map((p) => p.documentId)).toEqual(['A']);
  });

  it('restores a back/forward-cached page, and keeps a cached page’s requests off the visible one', () => {
    const state = run([
      navigation(1, 'https://a.example/', { documentId: 'A' }),
      ...load('1', 'https://cdn.a-only.test/x.js', 'script'),
      navigation(1, 'https://b.example/', { documentId: 'B' }),
      // A timer of the cached page A still fires.
      request('2', 'https://late.test/ping', 'xmlhttprequest', { documentId: 'A', documentLifecycle: 'cached' }),
      navigation(1, 'https://a.example/', { documentId: 'A' }),
    ]);
    const tab = state.tabs.get(1)!;
    expect(tab.page.documentId).toBe('A');
    expect([...tab.page.sites.keys()].sort()).toEqual(['a-only.test', 'late.test']);
    expect(tab.hidden.map((p) => p.documentId)).toEqual(['B']);
  });

  it('puts an unload beacon of the previous page on that page', () => {
    const state = run([
      navigation(1, 'https://a.example/', { documentId: 'A' }),
      navigation(1, 'https://b.example/', { documentId: 'B' }),
      request('2', 'https://collect.t.test/unload', 'beacon', { documentId: 'A', documentLifecycle: 'pending_deletion' }),
      completed('2', { statusCode: 204 }),
    ]);
    const tab = state.tabs.get(1)!;
    expect(tab.page.sites.size).toBe(0);
    expect(tab.hidden[0].sites.get('t.test')?.beacons).toHaveLength(1);
  });

  it('drops requests of a hidden document it does not know', () => {
    const state = run([navigation(1, 'https://a.example/', { documentId: 'A' }), request('2', 'https://x.test/', 'script', { documentId: 'Z', documentLifecycle: 'prerender' })]);
    expect(state.tabs.get(1)!.page.sites.size).toBe(0);
    expect(state.pending.size).toBe(0);
  });

  it('keeps at most a few hidden pages', () => {
    const state = run(['A', 'B', 'C', 'D', 'E', 'F'].map((id) => navigation(1, `https://${id}.example/`, { documentId: id })));
    expect(state.tabs.get(1)!.hidden.map((p) => p.documentId)).toEqual(['C', 'D', 'E']);
  });

  it('learns the site of a tab open before the monitor started from its top frame', () => {
    const state = run([
      request('1', 'https://static.news.example/a.js', 'script', { tabId: 5, initiator: 'https://news.example' }),
      request('2', 'https://px.t.test/a.gif', 'image', { tabId: 5, initiator: 'https://news.example' }),
    ]);
    const page = state.tabs.get(5)!.page;
    expect(page).toMatchObject({ url: '', site: 'news.example' });
    expect(thirdPartiesReport(page).map((t) => t.site)).toEqual(['t.test']);
  });

  it('forgets a closed tab and its requests under way', () => {
    const state = run([navigation(3, 'https://a.example/'), request('1', 'https://a.example/x', 'script', { tabId: 3 })]);
    expect(apply(state, { kind: 'tabClosed', tabId: 3 })).toBe(true);
    expect(state.tabs.size).toBe(0);
    expect(state.pending.size).toBe(0);
    expect(apply(state, completed('1'))).toBe(false);
  });
});

describe('service worker requests', () => {
  it('go to the tab whose page has the worker’s origin, the most recent one', () => {
    const state = run([
      navigation(1, 'https://app.example/inbox', { timeStamp: T0 }),
      navigation(2, 'https://app.example/settings', { timeStamp: T0 + 10 }),
      navigation(3, 'https://other.example/', { timeStamp: T0 + 20 }),
    ]);
    expect(tabOfOrigin(state, 'https://app.example')).toBe(2);
    expect(apply(state, request('9', 'https://api.example/sync', 'xmlhttprequest', { tabId: -1, initiator: 'https://app.example' }))).toBe(true);
    expect(state.tabs.get(2)!.page.sites.get('api.example')?.requests).toBe(1);
  });

  it('are ignored when no page has that origin, or they come from an extension', () => {
    const state = run([navigation(1, 'https://app.example/')]);
    expect(apply(state, request('9', 'https://x.test/', 'xmlhttprequest', { tabId: -1, initiator: 'https://nobody.example' }))).toBe(false);
    expect(apply(state, request('8', 'https://x.test/', 'xmlhttprequest', { tabId: -1, initiator: null }))).toBe(false);
    expect(tabOfOrigin(state, null)).toBeNull();
  });
});

describe('pixels across redirects', () => {
  it('judges each hop of a cookie-syncing chain', () => {
    const state = run([
      navigation(1, 'https://news.example/'),
      request('7', `https://sync.a-ads.test/match?uid=${ID}`, 'image'),
      received('7', { statusCode: 302, setCookie: [`a=${ID}; Domain=.a-ads.test`], contentLength: 0 }),
      request('7', `https://px.b-ads.test/s.gif?partner_uid=${ID}`, 'image'),
      received('7', { contentLength: 43, uncacheable: true }),
      completed('7'),
    ]);
    const [a, b] = ['a-ads.test', 'b-ads.test'].map((s) => state.tabs.get(1)!.page.sites.get(s)!);
    expect(a.pixels[0].reasons).toEqual([
      'redirects onwards (HTTP 302) instead of returning an image',
      // The hop's own response set `a` to that value: the page now holds it as a cookie.
      "query parameter `uid` carries the value of one of this page's cookies",
      'sets cookie a',
    ]);
    // The next party receives a-ads' cookie value: the page's cookie handed on.
    expect(b.pixels[0].reasons.slice(0, 2)).toEqual(['1×1-sized response: 43 bytes', "query parameter `partner_uid` carries the value of one of this page's cookies"]);
  });

  it('says when a pixel’s query carries the value of one of the page’s identifier cookies', () => {
    const state = run([
      navigation(4, 'https://news.example/'),
      // A tag's response sets its identifier cookie (the value is hashed in memory, never kept)...
      request('1', 'https://t.test/tag.js', 'script', { tabId: 4 }),
      received('1', { setCookie: [`tid=${ID}; Domain=t.test; Secure; SameSite=None`] }),
      completed('1'),
      // ...and another party's pixel carries it.
      request('2', `https://sync.example/p.gif?partner=t&s=${ID}`, 'image', { tabId: 4 }),
      received('2', { contentLength: 43 }),
      completed('2'),
    ]);
    const page = state.tabs.get(4)!.page;
    expect(page.sites.get('sync.example')?.pixels[0].reasons).toContain("query parameter `s` carries the value of one of this page's cookies");
    expect(JSON.stringify(page.sites.get('t.test'))).not.toContain(ID);
  });

  it('counts a beacon even when its request fails', () => {
    const state = run([navigation(1, 'https://news.example/'), request('1', 'https://c.t.test/b', 'beacon'), { kind: 'error', requestId: '1' }]);
    expect(state.tabs.get(1)!.page.sites.get('t.test')?.beacons).toHaveLength(1);
  });

  it('does not count a tiny image served from the cache', () => {
    const state = run([navigation(1, 'https://news.example/'), request('1', `https://t.test/p.gif?u=${ID}`, 'image'), received('1', { contentLength: 43 }), completed('1', { fromCache: true })]);
    const site = state.tabs.get(1)!.page.sites.get('t.test')!;
    expect(site.pixels).toEqual([]);
    expect(site.bytesReceived).toBe(0);
  });
});

describe('bytes received', () => {
  it.each([
    // [transfer size Firefox reported, Content-Length, bytes counted]
    [912, 800, 912],
    [null, 800, 800],
    [0, 15_360, 15_360],
    [0, null, 0],
  ])('responseSize %s with Content-Length %s counts %s bytes', (transferSize, contentLength, bytes) => {
    const state = run([
      navigation(1, 'https://news.example/'),
      request('1', 'https://cdn.example/hero.png', 'image'),
      received('1', { contentLength, contentType: 'image/png' }),
      completed('1', { transferSize }),
    ]);
    expect(state.tabs.get(1)!.page.sites.get('cdn.example')?.bytesReceived).toBe(bytes);
  });
});

describe('cookies sent', () => {
  it('names the identifier-like cookies sent to a third party, never keeping their values', () => {
    const state = run([
      navigation(1, 'https://news.example/'),
      request('1', 'https://px.t.test/p.gif', 'image'),
      sent('1', `uid=${ID}; theme=dark`),
      request('2', 'https://static.news.example/a.js', 'script'),
      sent('2', `sid=${ID}`),
    ]);
    const page = state.tabs.get(1)!.page;
    expect(page.sites.get('t.test')).toMatchObject({ cookiesSent: true, identifierCookies: new Set(['uid']) });
    // The page's own cookies are not looked at: they are no evidence of tracking.
    expect(page.sites.get('news.example')).toMatchObject({ cookiesSent: true, identifierCookies: new Set() });
    expect(JSON.stringify([...page.sites.values()].map((s) => [...s.identifierCookies]))).not.toContain(ID);
  });
});

describe('what apply reports as changed', () => {
  it('is false for events that change nothing persisted', () => {
    const state = run([navigation(1, 'https://a.example/'), request('1', 'https://a.example/x.js', 'script')]);
    expect(apply(state, sent('1'))).toBe(true);
    expect(apply(state, sent('1'))).toBe(false);
    expect(apply(state, received('1'))).toBe(false);
    expect(apply(state, received('unknown'))).toBe(false);
    expect(apply(state, completed('unknown'))).toBe(false);
    expect(apply(state, { kind: 'tabClosed', tabId: 99 })).toBe(false);
  });
});

describe('hostile input', () => {
  it.each([
    `data:text/html,${'<b>'.repeat(300_000)}`,
    'blob:https://a.example/0f0c',
    'about:blank',
    'https://',
    'https://[::1/broken',
    'https://256.256.256.256/',
    'https://münchen.de/',
    'https://xn--80ak6aa92e.com/',
    'http://10.0.0.1:8080/admin',
    `https://${'a.'.repeat(200)}example/`,
  ])('%s neither throws nor corrupts the tab', (url) => {
    const state = run([navigation(1, 'https://news.example/')]);
    expect(() => run([request('1', url, 'image'), received('1', { contentLength: 43 }), completed('1')], state)).not.toThrow();
    expect(state.tabs.get(1)!.page.site).toBe('news.example');
    expect(state.pending.size).toBe(0);
  });
});
