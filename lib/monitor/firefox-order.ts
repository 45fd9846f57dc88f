/**
 * Firefox delivers `webRequest`, `webNavigation` and `cookies.onChanged` events to an extension
 * separately, in no fixed order between the three (each API reaches the extension on its own
 * channel; seen in Firefox ESR 153 by the Firefox end-to-end tests). Chrome's order is the
 * load's order. The three workarounds live here, with their tests in
 * tests/unit/monitor/firefox-order.test.ts, so the reducer states its rules and this file
 * states the browser's quirks:
 *
 * 1. A new document's first subresource requests may arrive before its commit: they name the
 *    document they are for (`documentUrl` / `frameAncestors`) and count for the page being
 *    committed (`provisionalFor`).
 * 2. A commit may arrive before the document request that led to it: that request belongs to
 *    the page already on screen (`committedFirst`).
 * 3. A cookie change may arrive before any event of the response whose `Set-Cookie` made it:
 *    it is held (`holdUnclaimed`) for that response to claim (`claimHeld`).
 * 4. A document names itself by its current address: after a `history.replaceState` right after
 *    load, its requests, and its commit when that is reported late, carry the new address, not
 *    the one its document request fetched (`provisionalFor`, `isProvisionalCommit`).
 */
import type { RequestEvent } from '../requests/normalise';
import type { CookieChangedEvent } from './events';
import type { CookieChange, MonitorState, PageRecord, PendingRequest, TabRecord } from './state';

/** How long after a page's commit its own document request may still be reported. */
export const LATE_DOCUMENT_REQUEST_MS = 5000;
/**
 * Changes held for a response to claim. One page load can hold hundreds at once: an ad
 * exchange's frame response sets up to the browser's per-domain limit (180 cookies) in one go,
 * and a news page loads several such frames; Firefox may report all of their changes before any
 * event of the responses. Beyond this bound the oldest are let go first, and counted.
 */
export const MAX_UNCLAIMED_CHANGES = 2048;

export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/** `https://host:port` of an absolute URL, without parsing it (this runs for every request). */
function originPart(url: string): string {
  const scheme = url.indexOf('://');
  if (scheme === -1) return url;
  const path = url.indexOf('/', scheme + 3);
  return path === -1 ? url : url.slice(0, path);
}

/**
 * Whether `documentUrl` is the provisional page's document. Firefox names a request's document
 * by its current address, which a `history.replaceState` right after load (a landing page
 * removing its `utm_` parameters) has already changed when the commit is still on its way: any
 * address of the provisional page's origin is its document, unless it is the page on screen's.
 */
function isProvisionalDocument(tab: TabRecord, provisional: PageRecord, documentUrl: string): boolean {
  const url = withoutFragment(documentUrl);
  if (url === withoutFragment(provisional.url)) return true;
  return originPart(url) === originPart(provisional.url) && url !== withoutFragment(tab.page.url);
}

/** (1) The provisional page, when a subresource request names it as its top-level document. */
export function provisionalFor(tab: TabRecord, event: RequestEvent): PageRecord | null {
  const provisional = tab.provisional;
  if (provisional === null || event.topDocumentUrl === null) return null;
  return isProvisionalDocument(tab, provisional, event.topDocumentUrl) ? provisional : null;
}

/**
 * (4) The commit of the provisional page, at the address its document request fetched or, in
 * Firefox, at the one a `replaceState` moved it to before the commit was reported.
 */
export function isProvisionalCommit(tab: TabRecord, provisional: PageRecord, committedUrl: string): boolean {
  return isProvisionalDocument(tab, provisional, committedUrl);
}

/**
 * (2) The document request of the page already on screen: the same URL, committed moments
 * ago, with no request and no document response seen yet.
 */
export function committedFirst(tab: TabRecord, event: RequestEvent, redirectedFrom: PendingRequest | undefined): boolean {
  const page = tab.page;
  return (
    redirectedFrom === undefined &&
    tab.provisional === null &&
    page.hsts === null &&
    page.sites.size === 0 &&
    page.routes.length === 0 &&
    withoutFragment(page.url) === withoutFragment(event.url) &&
    event.timeStamp - page.startedAt < LATE_DOCUMENT_REQUEST_MS
  );
}

/**
 * (3) Hold a cookie write no tab could claim yet, with the kind of change it was. Writes held
 * longer than `windowMs` before this one can no longer be claimed and are forgotten first.
 */
export function holdUnclaimed(state: MonitorState, event: CookieChangedEvent, change: CookieChange['change'], windowMs: number): void {
  const held = state.unclaimed;
  let expired = 0;
  while (expired < held.length && event.timeStamp - held[expired].event.timeStamp > windowMs) expired++;
  if (expired > 0) held.splice(0, expired);
  held.push({ event, change });
  if (held.length > MAX_UNCLAIMED_CHANGES) {
    held.shift();
    state.dropped.unclaimedChanges++;
  }
}

/**
 * (3) Take the held changes that `claims` accepts, dropping those older than `windowMs` from
 * `time` on the way. `claims` returns what the claimant needs (its Set-Cookie line) or undefined.
 */
export function claimHeld<T>(
  state: MonitorState,
  time: number,
  windowMs: number,
  claims: (event: CookieChangedEvent) => T | undefined,
): { event: CookieChangedEvent; change: CookieChange['change']; claim: T }[] {
  const claimed: { event: CookieChangedEvent; change: CookieChange['change']; claim: T }[] = [];
  state.unclaimed = state.unclaimed.filter(({ event, change }) => {
    if (Math.abs(event.timeStamp - time) > windowMs) return false;
    const claim = claims(event);
    if (claim === undefined) return true;
    claimed.push({ event, change, claim });
    return false;
  });
  return claimed;
}
