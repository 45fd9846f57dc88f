/**
 * Real browsing in the reducer: single-page apps move their address without a new document,
 * private windows and containers keep their own cookie stores, tabs get replaced, and only the
 * tabs an event changed are marked for saving and for their open popups.
 */
import { describe, expect, it } from 'vitest';
import { apply } from '../../../lib/monitor/apply';
import type { MonitorEvent } from '../../../lib/monitor/events';
import { thirdPartiesReport } from '../../../lib/monitor/report';
import { createMonitorState, MAX_ROUTES_PER_PAGE, type MonitorState } from '../../../lib/monitor/state';
import type { SameDocumentEvent } from '../../../lib/requests/normalise';
import { normaliseSameDocument } from '../../../lib/requests/normalise';
import { completed, cookieChanged, cookieId, ID, navigation, received, request, T0 } from './builders';

function run(events: MonitorEvent[], state = createMonitorState()): MonitorState {
  for (const event of events) apply(state, event);
  return state;
}

function moved(tabId: number, url: string, fields: Partial<SameDocumentEvent> = {}): SameDocumentEvent {
  return { kind: 'sameDocument', tabId, url, documentId: null, via: 'history', timeStamp: T0 + 1000, ...fields };
}

/** A shop's landing page that loaded Meta's pixel (https://developers.facebook.com/docs/meta-pixel/). */
function shop(): MonitorState {
  return run([
    navigation(1, 'https://shop.example/?utm_source=news&utm_medium=email', { documentId: 'DOC1' }),
    request('1', `https://www.facebook.com/tr/?id=1234567890&ev=PageView&fbp=fb.1.1732611600000.${ID}`, 'image'),
    received('1', { contentLength: 43, contentType: 'image/gif', uncacheable: true }),
    completed('1'),
  ]);
}

describe('a single-page app', () => {
  it('keeps the page and its trackers through pushState, following the address', () => {
    const state = run(
      [
        moved(1, 'https://shop.example/products', { documentId: 'DOC1', timeStamp: T0 + 2000 }),
        request('2', 'https://px.ads.linkedin.com/collect/?pid=123456&fmt=gif', 'image'),
        completed('2'),
        moved(1, 'https://shop.example/checkout', { documentId: 'DOC1', timeStamp: T0 + 3000 }),
      ],
      shop(),
    );
    const page = state.tabs.get(1)!.page;
    expect(page.url).toBe('https://shop.example/checkout');
    expect(page.documentId).toBe('DOC1');
    expect(page.startedAt).toBe(T0);
    expect(page.routes).toEqual([
      { time: T0 + 2000, url: 'https://shop.example/products' },
      { time: T0 + 3000, url: 'https://shop.example/checkout' },
    ]);
    expect(thirdPartiesReport(page).map((t) => t.site).sort()).toEqual(['facebook.com', 'linkedin.com']);
  });

  it('marks a replaceState as a route change but keeps everything else', () => {
    const state = run([moved(1, 'https://shop.example/', { documentId: 'DOC1' })], shop());
    const page = state.tabs.get(1)!.page;
    expect(page.url).toBe('https://shop.example/');
    expect(thirdPartiesReport(page).map((t) => t.site)).toEqual(['facebook.com']);
    expect(page.routes).toHaveLength(1);
  });

  it('follows a fragment router, but a jump to an anchor is no route', () => {
    const state = run(
      [
        moved(1, 'https://shop.example/?utm_source=news&utm_medium=email#reviews', { via: 'fragment' }),
        moved(1, 'https://shop.example/?utm_source=news&utm_medium=email#/cart', { via: 'fragment' }),
      ],
      shop(),
    );
    const page = state.tabs.get(1)!.page;
    expect(page.url).toBe('https://shop.example/?utm_source=news&utm_medium=email#/cart');
    expect(page.routes.map((r) => r.url)).toEqual(['https://shop.example/?utm_source=news&utm_medium=email#/cart']);
  });

  it('gives a prerendered document its own moves, not the page on screen', () => {
    const state = run(
      [navigation(1, 'https://shop.example/next', { documentId: 'PRE', documentLifecycle: 'prerender' }), moved(1, 'https://shop.example/next?x=1', { documentId: 'PRE' })],
      shop(),
    );
    const tab = state.tabs.get(1)!;
    expect(tab.page.url).toBe('https://shop.example/?utm_source=news&utm_medium=email');
    expect(tab.page.routes).toEqual([]);
    expect(tab.hidden[0].url).toBe('https://shop.example/next?x=1');
  });

  it('counts route changes past the cap', () => {
    const state = shop();
    for (let i = 0; i < MAX_ROUTES_PER_PAGE + 7; i++) apply(state, moved(1, `https://shop.example/p/${i}`));
    const page = state.tabs.get(1)!.page;
    expect(page.routes).toHaveLength(MAX_ROUTES_PER_PAGE);
    expect(page.dropped.routes).toBe(7);
    expect(page.url).toBe(`https://shop.example/p/${MAX_ROUTES_PER_PAGE + 6}`);
  });

  it('a new document still starts a new page', () => {
    const state = run([moved(1, 'https://shop.example/products'), navigation(1, 'https://shop.example/products', { documentId: 'DOC2' })], shop());
    const page = state.tabs.get(1)!.page;
    expect(page.documentId).toBe('DOC2');
    expect(page.routes).toEqual([]);
    expect(page.sites.size).toBe(0);
  });

  it('normalises only a tab’s top-level moves', () => {
    const details = { tabId: 4, frameId: 0, url: 'https://a.example/x', timeStamp: T0, documentId: 'D' };
    expect(normaliseSameDocument(details, 'history')).toEqual({ kind: 'sameDocument', tabId: 4, url: 'https://a.example/x', documentId: 'D', via: 'history', timeStamp: T0 });
    expect(normaliseSameDocument({ ...details, frameId: 3 }, 'history')).toBeNull();
    expect(normaliseSameDocument({ ...details, frameType: 'sub_frame', frameId: 3 }, 'history')).toBeNull();
    expect(normaliseSameDocument({ ...details, tabId: -1 }, 'fragment')).toBeNull();
    expect(normaliseSameDocument({ ...details, url: 5 }, 'fragment')).toBeNull();
  });
});

describe('cookie stores never mix', () => {
  /** The same site open in two Firefox containers. */
  function twoContainers(): MonitorState {
    return run([
      { kind: 'tabInfo', tabId: 1, incognito: false, storeId: 'firefox-container-1' },
      { kind: 'tabInfo', tabId: 2, incognito: false, storeId: 'firefox-container-2' },
      navigation(1, 'https://shop.example/'),
      navigation(2, 'https://shop.example/'),
    ]);
  }

  it('puts a cookie change on the tabs of its own store only', () => {
    const state = run([cookieChanged(cookieId('cart', 'shop.example', { storeId: 'firefox-container-2' }))], twoContainers());
    expect(state.tabs.get(1)!.timeline).toEqual([]);
    expect(state.tabs.get(2)!.timeline.map((e) => e.cookie.name)).toEqual(['cart']);
  });

  it('lets a response claim only a change of its tab’s store', () => {
    const state = run([
      { kind: 'tabInfo', tabId: 1, incognito: false, storeId: 'firefox-default' },
      // The change arrives first, from a private window's store, for a host no tab has seen yet.
      cookieChanged(cookieId('uid', 'tracker.test', { storeId: 'firefox-private' }), { timeStamp: T0 + 50 }),
      navigation(1, 'https://news.example/'),
      request('1', 'https://px.tracker.test/p.gif', 'image'),
      received('1', { setCookie: [`uid=${ID}; Domain=.tracker.test; Secure; SameSite=None`], timeStamp: T0 + 100 }),
    ]);
    expect(state.tabs.get(1)!.timeline).toEqual([]);
    expect(state.unclaimed).toHaveLength(1);
  });

  it('a tab whose store is not known yet still gets its changes', () => {
    const state = run([navigation(1, 'https://shop.example/'), cookieChanged(cookieId('cart', 'shop.example', { storeId: '1' }))]);
    expect(state.tabs.get(1)!.timeline).toHaveLength(1);
  });
});

describe('claimed changes keep their kind', () => {
  it('an overwrite claimed later is a change, not a creation', () => {
    const uid = cookieId('uid', 'tracker.test');
    const state = run([
      cookieChanged(uid, { removed: true, cause: 'overwrite', timeStamp: T0 + 40 }),
      cookieChanged(uid, { timeStamp: T0 + 40 }),
      navigation(1, 'https://news.example/'),
      request('1', 'https://px.tracker.test/p.gif', 'image'),
      received('1', { setCookie: [`uid=${ID}; Domain=.tracker.test`], timeStamp: T0 + 100 }),
    ]);
    expect(state.tabs.get(1)!.timeline.map((e) => [e.change, e.setBy])).toEqual([['changed', 'http']]);
  });
});

describe('tabs replaced and marked', () => {
  it('moves the record of a replaced tab that had none of its own', () => {
    const state = run([{ kind: 'tabReplaced', addedTabId: 7, removedTabId: 1 }], shop());
    expect(state.tabs.has(1)).toBe(false);
    expect(thirdPartiesReport(state.tabs.get(7)!.page).map((t) => t.site)).toEqual(['facebook.com']);
  });

  it('keeps the added tab’s own record, of the page now on screen', () => {
    const state = run([navigation(7, 'https://other.example/'), { kind: 'tabReplaced', addedTabId: 7, removedTabId: 1 }], shop());
    expect(state.tabs.has(1)).toBe(false);
    expect(state.tabs.get(7)!.page.url).toBe('https://other.example/');
  });

  it('marks only the tabs an event changed', () => {
    const state = run([navigation(1, 'https://a.example/'), navigation(2, 'https://b.example/')]);
    state.dirty.clear();
    apply(state, request('9', 'https://cdn.test/x.js', 'script', { tabId: 2 }));
    expect([...state.dirty]).toEqual([2]);
    state.dirty.clear();
    apply(state, received('9', { contentLength: 5000 }));
    apply(state, completed('9'));
    apply(state, cookieChanged(cookieId('k', 'a.example')));
    expect([...state.dirty].sort()).toEqual([1, 2]);
    state.dirty.clear();
    apply(state, { kind: 'tabClosed', tabId: 2 });
    expect([...state.dirty]).toEqual([]);
  });
});

describe('the site index', () => {
  it('finds a cookie’s tabs among many, and after a restore', async () => {
    const { deserialise, serialise } = await import('../../../lib/monitor/persist');
    const state = createMonitorState();
    for (let tabId = 1; tabId <= 200; tabId++) apply(state, navigation(tabId, `https://site${tabId}.example/`));
    apply(state, request('1', 'https://px.tracker.test/p.gif', 'image', { tabId: 150 }));
    const uid = cookieId('uid', 'tracker.test');
    expect([...(state.bySite.get('tracker.test') ?? [])]).toEqual([150]);
    apply(state, cookieChanged(uid));
    expect(state.tabs.get(150)!.timeline).toHaveLength(1);

    const restored = deserialise(JSON.parse(JSON.stringify(serialise(state))));
    apply(restored, cookieChanged(uid, { timeStamp: T0 + 10 }));
    expect(restored.tabs.get(150)!.timeline).toHaveLength(2);
    expect([...restored.tabs].filter(([, tab]) => tab.timeline.length > 0).map(([id]) => id)).toEqual([150]);
  });

  it('forgets closed tabs when it meets them', () => {
    const state = run([navigation(1, 'https://a.example/'), navigation(2, 'https://a.example/'), { kind: 'tabClosed', tabId: 1 }]);
    apply(state, cookieChanged(cookieId('k', 'a.example')));
    expect([...state.bySite.get('a.example')!]).toEqual([2]);
  });
});
