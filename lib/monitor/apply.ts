/**
 * The per-tab monitor as a reducer: `apply(state, event)` records one normalised event and says
 * whether anything worth persisting changed, so the background can debounce its writes. It
 * mutates in place and does as little as it can per event: the webRequest listeners call it
 * synchronously for every request of every tab.
 *
 * A request is followed from onBeforeRequest to onCompleted in `state.pending`; the pixel
 * classifier runs when the response is known (completed, or redirected onwards).
 */
import type {
  CompletedEvent,
  HeadersReceivedEvent,
  NavigationEvent,
  RequestErrorEvent,
  RequestEvent,
  SameDocumentEvent,
  SendHeadersEvent,
} from '../requests/normalise';
import { identifierCookieNames, NO_NAMES } from '../requests/cookie-headers';
import { classifyTracker } from '../requests/pixel';
import { detach, originInfoOf, type OriginInfo } from '../requests/url';
import type { RejectedCookie } from '../setCookie';
import { tabOfOrigin } from './attribution';
import { isPageIdentifierValue, learnCookieHeader, learnSetCookies, recordSharing } from './sharing';
import type { MonitorEvent, TabInfoEvent, TabReplacedEvent } from './events';
import {
  createPage,
  createSite,
  createTab,
  indexSite,
  indexTab,
  MAX_COOKIE_NAMES_PER_SITE,
  MAX_FINDINGS_PER_SITE,
  MAX_HIDDEN_PAGES,
  MAX_HOSTS_PER_SITE,
  MAX_ORIGINS_PER_PAGE,
  MAX_PENDING_REQUESTS,
  MAX_REJECTED_PER_PAGE,
  MAX_ROUTES_PER_PAGE,
  MAX_SET_COOKIES_PER_PAGE,
  MAX_SITES_PER_PAGE,
  noteTracked,
  type MonitorState,
  type PageRecord,
  type PendingRequest,
  type SiteRecord,
  type TabRecord,
  type TrackerFinding,
} from './state';
import { committedFirst, isProvisionalCommit, provisionalFor, withoutFragment } from './firefox-order';
import { noteSetCookies, recordCookieChange } from './timeline';
import { recordScriptWrites } from './scripts';
import { recordConsentSignals, recordConsentStatement } from './consent';

/**
 * Record one event. Returns true when state that is persisted changed; the tabs it changed are
 * added to `state.dirty`, so the background saves and notifies only those.
 */
export function apply(state: MonitorState, event: MonitorEvent): boolean {
  switch (event.kind) {
    case 'navigation':
      return onNavigation(state, event);
    case 'sameDocument':
      return onSameDocument(state, event);
    case 'request': {
      // A redirect continues a request of the same tab; a new request may still find no tab.
      const tabId = state.pending.get(event.requestId)?.tabId;
      return requestTouched(state, event.requestId, tabId, onRequest(state, event));
    }
    case 'sendHeaders':
      return requestTouched(state, event.requestId, undefined, onSendHeaders(state, event));
    case 'headersReceived':
      return requestTouched(state, event.requestId, undefined, onHeadersReceived(state, event));
    case 'completed': {
      const tabId = state.pending.get(event.requestId)?.tabId;
      return requestTouched(state, event.requestId, tabId, onCompleted(state, event));
    }
    case 'error': {
      const tabId = state.pending.get(event.requestId)?.tabId;
      return requestTouched(state, event.requestId, tabId, onError(state, event));
    }
    case 'cookieChanged':
      return recordCookieChange(state, event);
    case 'tabClosed':
      return onTabClosed(state, event.tabId);
    case 'tabInfo':
      return onTabInfo(state, event);
    case 'tabReplaced':
      return onTabReplaced(state, event);
    case 'scriptWrites':
      return recordScriptWrites(state, event);
    case 'consentSignals':
      return recordConsentSignals(state, event);
    case 'consentStatement':
      return recordConsentStatement(state, event);
  }
}

/** Mark the tab of a request event dirty when it changed something: `tabId`, or the pending request's. */
function requestTouched(state: MonitorState, requestId: string, tabId: number | undefined, changed: boolean): boolean {
  if (!changed) return false;
  const id = state.pending.get(requestId)?.tabId ?? tabId;
  if (id !== undefined) state.dirty.add(id);
  return true;
}

/** Note that a tab's persisted state changed. Returns true, for the handlers' `return`. */
function touch(state: MonitorState, tabId: number): true {
  state.dirty.add(tabId);
  return true;
}

/** The tab's record; a tab open before the monitor started gets a page of unknown URL. */
function tabOf(state: MonitorState, tabId: number, time: number): TabRecord {
  let tab = state.tabs.get(tabId);
  if (tab === undefined) {
    tab = createTab(createPage('', null, time));
    state.tabs.set(tabId, tab);
  }
  return tab;
}

function hide(tab: TabRecord, page: PageRecord): void {
  // Without a document id a hidden page could never be found again.
  if (page.documentId === null) return;
  tab.hidden.push(page);
  if (tab.hidden.length > MAX_HIDDEN_PAGES) tab.hidden.shift();
}

function takeHidden(tab: TabRecord, documentId: string | null): PageRecord | null {
  const index = documentId === null ? -1 : tab.hidden.findIndex((p) => p.documentId === documentId);
  return index === -1 ? null : tab.hidden.splice(index, 1)[0];
}

/** The provisional page, when the committed document is the one its requests fetched. */
function takeProvisional(tab: TabRecord, event: NavigationEvent): PageRecord | null {
  const page = tab.provisional;
  if (page === null || !isProvisionalCommit(tab, page, event.url)) return null;
  tab.provisional = null;
  page.url = event.url;
  page.documentId = event.documentId;
  return page;
}

/**
 * A committed top-level document: a new page. A prerendered page is shown, or a
 * back/forward-cached one restored, by committing its document again (same documentId): its
 * record comes back.
 */
function onNavigation(state: MonitorState, event: NavigationEvent): boolean {
  const tab = tabOf(state, event.tabId, event.timeStamp);
  const page = takeHidden(tab, event.documentId) ?? takeProvisional(tab, event) ?? createPage(event.url, event.documentId, event.timeStamp);
  if (event.documentLifecycle === 'prerender') {
    hide(tab, page);
    return touch(state, event.tabId);
  }
  // Any navigation under way was replaced by this one.
  tab.provisional = null;
  indexSite(state, page.site, event.tabId);
  if (page !== tab.page) {
    hide(tab, tab.page);
    tab.page = page;
  }
  return touch(state, event.tabId);
}

/**
 * A fragment change is a route only in apps that route by fragment (`#/cart`, `#!/cart`);
 * `#section-2` is a jump within the page.
 */
function isRoute(event: SameDocumentEvent, from: string): boolean {
  if (withoutFragment(event.url) !== withoutFragment(from)) return true;
  if (event.via === 'history') return event.url !== from;
  const hash = event.url.indexOf('#');
  return hash !== -1 && (event.url.startsWith('#/', hash) || event.url.startsWith('#!/', hash));
}

/**
 * A same-document move (pushState, replaceState, a fragment): the page stays, with everything
 * its document did; its address follows the move, and a route change is marked.
 */
function onSameDocument(state: MonitorState, event: SameDocumentEvent): boolean {
  const tab = state.tabs.get(event.tabId);
  if (tab === undefined) return false;
  const { page } = tab;
  // Chrome names the document: a prerendered page's moves are its own, not the page on screen's.
  if (event.documentId !== null && page.documentId !== null && event.documentId !== page.documentId) {
    const hidden = tab.hidden.find((p) => p.documentId === event.documentId);
    if (hidden === undefined) return false;
    hidden.url = event.url;
    return touch(state, event.tabId);
  }
  if (page.url === '') {
    // A page the monitor did not see commit learns its address here.
    page.url = event.url;
    page.site = originInfoOf(event.url)?.site ?? page.site;
    indexSite(state, page.site, event.tabId);
    return touch(state, event.tabId);
  }
  if (event.url === page.url) return false;
  if (isRoute(event, page.url)) {
    if (page.routes.length < MAX_ROUTES_PER_PAGE) page.routes.push({ time: event.timeStamp, url: event.url });
    else page.dropped.routes++;
  }
  page.url = event.url;
  return touch(state, event.tabId);
}

/**
 * The page a subresource request counts for. Chrome marks requests of prerendering and
 * back/forward-cached documents (https://developer.chrome.com/blog/extension-instantnav): they
 * go to that hidden page, found by the requesting document or its parent, and never to the page
 * on screen. A document being unloaded (pending_deletion, e.g. its unload beacons) belongs to a
 * hidden page once the next page has committed, and to the page on screen until then.
 */
function pageOfRequest(tab: TabRecord, event: RequestEvent): PageRecord | null {
  const lifecycle = event.documentLifecycle;
  if (lifecycle === null || lifecycle === 'active') return provisionalFor(tab, event) ?? tab.page;
  const hidden = tab.hidden.find((p) => p.documentId === event.documentId || p.documentId === event.parentDocumentId);
  if (hidden !== undefined) return hidden;
  return lifecycle === 'pending_deletion' ? tab.page : null;
}

/** Top-level document requests count for the page they will create, not the one on screen. */
function provisionalPage(tab: TabRecord, event: RequestEvent, redirectedFrom: PendingRequest | undefined): PageRecord {
  const page = tab.provisional;
  if (page !== null && redirectedFrom?.page === page) {
    page.url = event.url;
    page.site = originInfoOf(event.url)?.site ?? null;
    return page;
  }
  if (committedFirst(tab, event, redirectedFrom)) return tab.page;
  return (tab.provisional = createPage(event.url, null, event.timeStamp));
}

function siteRecordOf(page: PageRecord, site: string, time: number): SiteRecord | null {
  let record = page.sites.get(site);
  if (record === undefined) {
    // The page's own site always has room.
    if (page.sites.size >= MAX_SITES_PER_PAGE && site !== page.site) {
      page.dropped.thirdParties++;
      return null;
    }
    record = createSite(site, time);
    page.sites.set(site, record);
  }
  return record;
}

function recordRequest(page: PageRecord, info: OriginInfo, event: RequestEvent): SiteRecord | null {
  if (!page.origins.has(info.origin)) {
    if (page.origins.size < MAX_ORIGINS_PER_PAGE) page.origins.add(info.origin);
    else page.dropped.origins++;
  }
  const site = siteRecordOf(page, info.site, event.timeStamp);
  if (site === null) return null;
  site.requests++;
  site.types.add(event.type);
  if (!site.hosts.has(info.host)) {
    if (site.hosts.size < MAX_HOSTS_PER_SITE) site.hosts.add(info.host);
    else page.dropped.hosts++;
  }
  return site;
}

function addPending(state: MonitorState, requestId: string, pending: PendingRequest): void {
  if (state.pending.size >= MAX_PENDING_REQUESTS) {
    // Requests whose end we never hear of (their last event fell while the worker was stopped)
    // must not pile up: forget the oldest.
    state.pending.delete(state.pending.keys().next().value as string);
    state.dropped.pendingRequests++;
  }
  state.pending.set(requestId, pending);
}

function onRequest(state: MonitorState, event: RequestEvent): boolean {
  // A redirect keeps the request id and starts over: the previous hop is complete.
  const redirectedFrom = state.pending.get(event.requestId);
  let changed = false;
  if (redirectedFrom !== undefined) {
    state.pending.delete(event.requestId);
    changed = finish(redirectedFrom, false, null);
  }
  const info = originInfoOf(event.url);
  // Service workers request with tabId -1; their origin tells which page they serve.
  const tabId = event.tabId >= 0 ? event.tabId : tabOfOrigin(state, event.initiator);
  if (info === null || tabId === null) return changed;
  const tab = tabOf(state, tabId, event.timeStamp);
  const page = event.type === 'main_frame' ? provisionalPage(tab, event, redirectedFrom) : pageOfRequest(tab, event);
  if (page === null) return changed;
  if (page.site === null && page.url === '' && event.frameId === 0 && event.initiator !== null) {
    // Such a page's URL is unknown, but its top frame's requests name its origin.
    page.site = originInfoOf(event.initiator)?.site ?? null;
    indexSite(state, page.site, tabId);
  }
  indexSite(state, info.site, tabId);
  const thirdParty = page.site === null ? (event.thirdPartyHint ?? true) : info.site !== page.site;
  // Identifiers handed on in any third-party request, scripts and XHR included (lib/monitor/sharing.ts).
  if (thirdParty) recordSharing(page, event.url);
  addPending(state, event.requestId, {
    tabId,
    time: event.timeStamp,
    tab,
    page,
    site: recordRequest(page, info, event),
    host: info.host,
    type: event.type,
    url: event.url,
    thirdParty,
    statusCode: 0,
    fromCache: false,
    bodyBytes: null,
    bodyBytesExact: false,
    contentType: null,
    contentLength: null,
    uncacheable: false,
    cookieSent: false,
    cookiesSet: NO_NAMES,
  });
  return true;
}

function addName(page: PageRecord, names: Set<string>, name: string): boolean {
  if (names.has(name)) return false;
  // A name cut from a Cookie header would keep the whole header, values included, in memory.
  if (names.size < MAX_COOKIE_NAMES_PER_SITE) names.add(detach(name));
  else page.dropped.cookieNames++;
  return true;
}

function onSendHeaders(state: MonitorState, event: SendHeadersEvent): boolean {
  const pending = state.pending.get(event.requestId);
  if (pending === undefined || event.cookieHeader === null) return false;
  pending.cookieSent = true;
  const site = pending.site;
  if (site === null) return false;
  let changed = !site.cookiesSent;
  site.cookiesSent = true;
  learnCookieHeader(pending, event.cookieHeader);
  // Identifier cookies are evidence against third parties only, and finding them costs
  // microseconds: the page's own requests, the most numerous, skip it.
  if (pending.thirdParty) {
    for (const name of identifierCookieNames(event.cookieHeader)) {
      changed = addName(pending.page, site.identifierCookies, name) || changed;
      noteTracked(site, pending.time);
    }
  }
  return changed;
}

function recordRejected(page: PageRecord, rejected: readonly RejectedCookie[]): boolean {
  let changed = false;
  for (const cookie of rejected) {
    // A page repeats the same bad Set-Cookie on every response; one record of it is enough.
    const known = page.rejected.some(
      (r) => r.name === cookie.name && r.domain === cookie.domain && r.path === cookie.path && r.reason === cookie.reason,
    );
    if (known) continue;
    if (page.rejected.length < MAX_REJECTED_PER_PAGE) page.rejected.push(cookie);
    else page.dropped.rejectedCookies++;
    changed = true;
  }
  return changed;
}

function recordSetCookies(state: MonitorState, pending: PendingRequest, event: HeadersReceivedEvent): void {
  const { page, site } = pending;
  pending.cookiesSet = event.setCookies.map((c) => c.name);
  if (site !== null) {
    for (const cookie of event.setCookies) {
      addName(page, site.cookiesSet, cookie.name);
      if (cookie.identifier) {
        addName(page, site.identifierCookies, cookie.name);
        noteTracked(site, pending.time);
      }
    }
    learnSetCookies(page, site.site, event.setCookies);
  }
  for (const { name, line, attributes } of event.setCookies) {
    // One entry per cookie (name, host, Domain, Path): the latest line is what the browser kept.
    const same = page.setCookies.findIndex(
      (c) => c.name === name && c.host === pending.host && c.attributes.domain === attributes.domain && c.attributes.path === attributes.path,
    );
    if (same !== -1) page.setCookies.splice(same, 1);
    else if (page.setCookies.length >= MAX_SET_COOKIES_PER_PAGE) page.setCookies.shift();
    page.setCookies.push({ name, host: pending.host, line, attributes, time: event.timeStamp });
  }
  noteSetCookies(state, pending.tabId, pending.tab, pending.host, pending.url, event.setCookies, event.timeStamp);
}

function onHeadersReceived(state: MonitorState, event: HeadersReceivedEvent): boolean {
  const pending = state.pending.get(event.requestId);
  if (pending === undefined) return false;
  pending.statusCode = event.statusCode;
  pending.contentLength = event.contentLength;
  pending.contentType = event.contentType;
  pending.uncacheable = event.uncacheable;
  let changed = false;
  if (pending.type === 'main_frame') {
    // Browsers ignore the header on responses not sent over https (RFC 6797 §8.1).
    const hsts = event.hsts && pending.url.startsWith('https:');
    changed = pending.page.hsts !== hsts;
    pending.page.hsts = hsts;
  }
  if (event.setCookies.length > 0) {
    recordSetCookies(state, pending, event);
    changed = true;
  }
  return recordRejected(pending.page, event.rejected) || changed;
}

function addFinding(page: PageRecord, findings: TrackerFinding[], finding: TrackerFinding, kind: 'pixels' | 'beacons'): void {
  if (findings.length < MAX_FINDINGS_PER_SITE) findings.push(finding);
  else page.dropped[kind]++;
}

/** Classify a request whose outcome is known, and keep the finding if it is a pixel or beacon. */
function classifyFinished(pending: PendingRequest): boolean {
  const { site } = pending;
  if (site === null) return false;
  // A query value that is one of the identifier values the page's cookies were seen with.
  const verdict = classifyTracker(pending, (value) => isPageIdentifierValue(pending.page, value));
  if (verdict === null) return false;
  const finding = { url: pending.url, reasons: verdict.reasons, reasonMsgs: verdict.reasonMsgs, time: pending.time };
  noteTracked(site, pending.time);
  if (verdict.kind === 'pixel') addFinding(pending.page, site.pixels, finding, 'pixels');
  else addFinding(pending.page, site.beacons, finding, 'beacons');
  return true;
}

/** A response is complete: count its bytes and classify it. */
function finish(pending: PendingRequest, fromCache: boolean, transferSize: number | null): boolean {
  pending.fromCache = fromCache;
  // 204 No Content has no body whatever the headers say. Firefox's transfer size counts the
  // headers too, so it only bounds the body from above: enough to tell a tiny response.
  const noContent = pending.statusCode === 204;
  pending.bodyBytes = noContent ? 0 : (pending.contentLength ?? transferSize);
  pending.bodyBytesExact = noContent || pending.contentLength !== null;
  let counted = false;
  if (pending.site !== null && !fromCache) {
    // Firefox reports a responseSize of 0 for some loads that did carry a body (seen for images in
    // ESR 153): a zero says nothing, so the announced length stands in.
    const received = transferSize || (pending.contentLength ?? 0);
    pending.site.bytesReceived += received;
    counted = received > 0;
  }
  return classifyFinished(pending) || counted;
}

function onCompleted(state: MonitorState, event: CompletedEvent): boolean {
  const pending = state.pending.get(event.requestId);
  if (pending === undefined) return false;
  state.pending.delete(event.requestId);
  if (event.statusCode !== 0) pending.statusCode = event.statusCode;
  return finish(pending, event.fromCache, event.transferSize);
}

/** A failed request has no response to judge, but a beacon sent is a beacon all the same. */
function onError(state: MonitorState, event: RequestErrorEvent): boolean {
  const pending = state.pending.get(event.requestId);
  if (pending === undefined) return false;
  state.pending.delete(event.requestId);
  return classifyFinished(pending);
}

function onTabClosed(state: MonitorState, tabId: number): boolean {
  for (const [requestId, pending] of state.pending) if (pending.tabId === tabId) state.pending.delete(requestId);
  state.dirty.delete(tabId);
  return state.tabs.delete(tabId);
}

/** What the tabs API said about a tab: its window's privacy and its cookie store. */
function onTabInfo(state: MonitorState, event: TabInfoEvent): boolean {
  const tab = tabOf(state, event.tabId, 0);
  if (tab.incognito === event.incognito && tab.storeId === event.storeId) return false;
  tab.incognito = event.incognito;
  tab.storeId = event.storeId;
  return touch(state, event.tabId);
}

/**
 * A tab swapped for another (a page prerendered in a hidden tab, then shown). The added tab's
 * own record is of the page now on screen; without one, the removed tab's record carries on.
 */
function onTabReplaced(state: MonitorState, event: TabReplacedEvent): boolean {
  const removed = state.tabs.get(event.removedTabId);
  for (const pending of state.pending.values()) if (pending.tabId === event.removedTabId) pending.tabId = event.addedTabId;
  state.tabs.delete(event.removedTabId);
  state.dirty.delete(event.removedTabId);
  if (removed !== undefined && !state.tabs.has(event.addedTabId)) {
    state.tabs.set(event.addedTabId, removed);
    indexTab(state, event.addedTabId, removed);
  }
  return touch(state, event.addedTabId);
}
