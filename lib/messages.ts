/**
 * The one message protocol between extension pages and the background. Both sides import it;
 * the background refuses anything that is not one of these from one of the extension's pages.
 */
import { readCookieId, type CookieId } from './cookies/cookie';
import { isRecord, isSafeInteger, isString } from './guards';
import type { LearnedTracker } from './knowledge/learned';
import type { Report } from './report';

export type Message =
  | { type: 'getReport'; tabId: number; includeValues?: boolean }
  | { type: 'deleteCookie'; tabId: number; cookie: CookieId }
  | { type: 'deleteSiteCookies'; tabId: number; site: string }
  | { type: 'getLearned' }
  | { type: 'clearLearned' };

export interface Replies {
  getReport: Report;
  deleteCookie: { removed: number };
  deleteSiteCookies: { removed: number };
  getLearned: { trackers: (LearnedTracker & { tracker: string })[] };
  clearLearned: { cleared: true };
}

export type Reply<M extends Message> = { ok: true; result: Replies[M['type']] } | { ok: false; error: string };

/**
 * Only the extension's own pages may ask: not content scripts, not web pages, not other
 * extensions. `extensionBase` is `runtime.getURL('/')`. A prefix test, not an origin
 * comparison: by the URL standard `chrome-extension:` and `moz-extension:` URLs have an opaque
 * ("null") origin, the same as an `about:blank` or `data:` frame.
 */
export function isTrustedSender(sender: { id?: string; url?: string }, extensionId: string, extensionBase: string): boolean {
  if (sender.id !== extensionId || !sender.url) return false;
  return extensionBase.endsWith('/') && sender.url.startsWith(extensionBase);
}

/** Validate an incoming message's shape; anything else is refused, never half-handled. */
export function parseMessage(raw: unknown): Message | null {
  if (!isRecord(raw)) return null;
  const m = raw;
  if (m.type === 'getLearned' || m.type === 'clearLearned') return { type: m.type };
  if (!isSafeInteger(m.tabId)) return null;
  switch (m.type) {
    case 'getReport':
      return { type: 'getReport', tabId: m.tabId, includeValues: m.includeValues === true };
    case 'deleteSiteCookies':
      return isString(m.site) ? { type: 'deleteSiteCookies', tabId: m.tabId, site: m.site } : null;
    case 'deleteCookie': {
      const cookie = readCookieId(m.cookie);
      return cookie ? { type: 'deleteCookie', tabId: m.tabId, cookie } : null;
    }
    default:
      return null;
  }
}

/**
 * An open popup, side panel or report page follows its tab over a port of this name: it sends
 * `{ type: 'follow', tabId }`, and the background answers `{ type: 'changed' }` (batched, at
 * most every 200 ms) whenever what it saw of that tab changed: a request, a cookie change of
 * the tab's store and sites, a navigation. Changes elsewhere in the browser are not sent.
 */
export const FOLLOW_PORT = 'follow';

export interface FollowMessage {
  type: 'follow';
  tabId: number;
}

export interface ChangedMessage {
  type: 'changed';
}

export function parseFollow(raw: unknown): FollowMessage | null {
  return isRecord(raw) && raw.type === 'follow' && isSafeInteger(raw.tabId) ? { type: 'follow', tabId: raw.tabId } : null;
}
