/**
 * Firefox's event-order workarounds (lib/monitor/firefox-order.ts), each on its own, then through
 * the reducer in the order Firefox was seen to deliver them.
 */
import { describe, expect, it } from 'vitest';
import { apply } from '../../../lib/monitor/apply';
import { claimHeld, committedFirst, holdUnclaimed, isProvisionalCommit, LATE_DOCUMENT_REQUEST_MS, MAX_UNCLAIMED_CHANGES, provisionalFor } from '../../../lib/monitor/firefox-order';
import { createMonitorState, createPage, createTab } from '../../../lib/monitor/state';
import { cookieChanged, cookieId, navigation, request, T0 } from './builders';

describe('(1) subresources before their document’s commit', () => {
  it('count for the provisional page they name', () => {
    const tab = createTab(createPage('https://old.example/', null, T0));
    tab.provisional = createPage('https://new.example/a', null, T0 + 10);
    const early = request('2', 'https://cdn.test/x.js', 'script', { topDocumentUrl: 'https://new.example/a#top' });
    expect(provisionalFor(tab, early)).toBe(tab.provisional);
    expect(provisionalFor(tab, { ...early, topDocumentUrl: 'https://old.example/' })).toBeNull();
    expect(provisionalFor(tab, { ...early, topDocumentUrl: null })).toBeNull();
  });
});

describe('(2) a commit before its document request', () => {
  const tab = () => createTab(createPage('https://news.example/', null, T0));
  const documentRequest = request('1', 'https://news.example/', 'main_frame', { timeStamp: T0 + 20 });

  it('the request belongs to the page already on screen', () => {
    expect(committedFirst(tab(), documentRequest, undefined)).toBe(true);
  });

  it('not once the page has done anything, or long after', () => {
    const busy = tab();
    busy.page.hsts = false;
    expect(committedFirst(busy, documentRequest, undefined)).toBe(false);
    const moved = tab();
    moved.page.routes.push({ time: T0 + 5, url: 'https://news.example/' });
    expect(committedFirst(moved, documentRequest, undefined)).toBe(false);
    expect(committedFirst(tab(), { ...documentRequest, timeStamp: T0 + LATE_DOCUMENT_REQUEST_MS }, undefined)).toBe(false);
    expect(committedFirst(tab(), { ...documentRequest, url: 'https://news.example/other' }, undefined)).toBe(false);
  });

  it('through the reducer: one page, not two', () => {
    const state = createMonitorState();
    apply(state, navigation(1, 'https://news.example/'));
    apply(state, { ...documentRequest, tabId: 1 });
    const tab = state.tabs.get(1)!;
    expect(tab.provisional).toBeNull();
    expect(tab.page.sites.get('news.example')?.requests).toBe(1);
  });
});

describe('(3) a cookie change before the response that made it', () => {
  it('is held, bounded, and claimed once with its kind', () => {
    const state = createMonitorState();
    for (let i = 0; i < MAX_UNCLAIMED_CHANGES + 3; i++) holdUnclaimed(state, cookieChanged(cookieId(`c${i}`, 't.test'), { timeStamp: T0 }), 'created', 3000);
    expect(state.unclaimed).toHaveLength(MAX_UNCLAIMED_CHANGES);
    expect(state.unclaimed[0].event.cookie.name).toBe('c3');
    expect(state.dropped.unclaimedChanges).toBe(3);
    holdUnclaimed(state, cookieChanged(cookieId('uid', 't.test'), { timeStamp: T0 }), 'changed', 3000);
    const claimed = claimHeld(state, T0 + 100, 3000, (event) => (event.cookie.name === 'uid' ? 'uid=…' : undefined));
    expect(claimed.map((c) => [c.event.cookie.name, c.change, c.claim])).toEqual([['uid', 'changed', 'uid=…']]);
    expect(state.unclaimed.some((u) => u.event.cookie.name === 'uid')).toBe(false);
  });

  it('holds a whole page load’s burst: six ad-exchange frames of 140 cookies each, reported before their responses', () => {
    const state = createMonitorState();
    for (let f = 0; f < 6; f++) {
      for (let i = 0; i < 140; i++) holdUnclaimed(state, cookieChanged(cookieId(`c${i}`, `exchange-${f}.test`), { timeStamp: T0 + f }), 'created', 3000);
    }
    expect(state.unclaimed).toHaveLength(840);
    expect(state.dropped.unclaimedChanges).toBe(0);
  });

  it('lets go of held writes no response can claim any more as new ones come', () => {
    const state = createMonitorState();
    holdUnclaimed(state, cookieChanged(cookieId('old', 't.test'), { timeStamp: T0 }), 'created', 3000);
    holdUnclaimed(state, cookieChanged(cookieId('recent', 't.test'), { timeStamp: T0 + 2000 }), 'created', 3000);
    holdUnclaimed(state, cookieChanged(cookieId('new', 't.test'), { timeStamp: T0 + 3500 }), 'created', 3000);
    expect(state.unclaimed.map((u) => u.event.cookie.name)).toEqual(['recent', 'new']);
    expect(state.dropped.unclaimedChanges).toBe(0);
  });

  it('is forgotten once no response can have made it', () => {
    const state = createMonitorState();
    holdUnclaimed(state, cookieChanged(cookieId('old', 't.test'), { timeStamp: T0 }), 'created', 3000);
    expect(claimHeld(state, T0 + 3001, 3000, () => 'x')).toEqual([]);
    expect(state.unclaimed).toEqual([]);
  });
});

describe('(4) a landing page that cleans its address before its commit is reported', () => {
  const landing = 'https://shop.example/?utm_source=newsletter&utm_medium=email';
  const cleaned = 'https://shop.example/';
  const tags = (tabId: number) => ({ tabId, topDocumentUrl: cleaned });

  it('its requests and its late commit, at the cleaned address, are the provisional page’s', () => {
    const tab = createTab(createPage('https://shop.example/products', null, T0));
    tab.provisional = createPage(landing, null, T0 + 10);
    const hit = request('2', 'https://www.google-analytics.com/g/collect?v=2&en=page_view', 'beacon', tags(1));
    expect(provisionalFor(tab, hit)).toBe(tab.provisional);
    expect(isProvisionalCommit(tab, tab.provisional, cleaned)).toBe(true);
    // Another site's address, or the page on screen's own, is not the new document.
    expect(provisionalFor(tab, { ...hit, topDocumentUrl: 'https://other.example/' })).toBeNull();
    expect(provisionalFor(tab, { ...hit, topDocumentUrl: 'https://shop.example/products' })).toBeNull();
    expect(isProvisionalCommit(tab, tab.provisional, 'https://other.example/')).toBe(false);
  });

  it('through the reducer: the tags’ hits sent before the commit stay on the landing page', () => {
    const state = createMonitorState();
    apply(state, navigation(1, 'about:blank'));
    apply(state, request('1', landing, 'main_frame', { tabId: 1, timeStamp: T0 + 10 }));
    apply(state, request('2', 'https://www.facebook.com/tr/?id=1&ev=PageView', 'image', { ...tags(1), timeStamp: T0 + 30 }));
    apply(state, navigation(1, cleaned, { timeStamp: T0 + 40 }));
    const tab = state.tabs.get(1)!;
    expect(tab.provisional).toBeNull();
    expect(tab.page.url).toBe(cleaned);
    expect(tab.page.sites.get('facebook.com')?.requests).toBe(1);
  });
});
