/**
 * The one message protocol between extension pages and the background. Both sides import it;
 * the background refuses anything that is not one of these from one of the extension's pages.
 */
import { readCookieId, type CookieId } from './cookies/cookie';
import { MAX_IMPORT_ROWS, readDraft, type CookieDraft } from './cookies/draft';
import { isRecord, isSafeInteger, isString } from './guards';
import type { Finding } from './audit';
import type { LearnedTracker } from './knowledge/learned';
import type { Report, ReportActivity } from './report';
import { isStorageArea, MAX_KEY_LENGTH, readOrigin, type StorageArea } from './storage/protocol';
import type { StorageReport } from './storage/merge';
import type { PopupView } from './view';
import { decodeView } from './view-wire';
import { readChoices, type TestChoice } from './consent/test';
import type { Msg } from './phrases';

export type Message =
  | { type: 'getReport'; tabId: number; includeValues?: boolean }
  /**
   * What the popup's Cookies view shows (lib/view.ts): smaller than the report, for a fast popup,
   * and without cookie values (`getValue`). The background keeps each active tab's view built
   * (entrypoints/background/views.ts); without `fresh` it may answer that one at once, `stale`
   * when the tab changed since, and the popup then asks again with `fresh`.
   */
  | { type: 'getView'; tabId: number; fresh?: boolean }
  /** One cookie's value, when the popup reveals or copies it; only cookies of the tab's inventory. */
  | { type: 'getValue'; tabId: number; cookie: CookieId }
  /** Every value of the tab's cookies, when the DevTools panel's user shows them all. */
  | { type: 'getValues'; tabId: number }
  /** The report's `activity`, for the Trackers and Timeline views when they are opened. */
  | { type: 'getActivity'; tabId: number }
  /** One cookie's findings with their fixes, when the popup expands it. */
  | { type: 'getFindings'; tabId: number; cookie: CookieId }
  | { type: 'deleteCookie'; tabId: number; cookie: CookieId }
  | { type: 'deleteSiteCookies'; tabId: number; site: string }
  | { type: 'deleteCookies'; tabId: number; cookies: CookieId[] }
  | { type: 'setCookies'; tabId: number; cookies: CookieDraft[]; replaces: CookieId | null }
  | { type: 'consentStatement'; tabId: number; choice: 'none' | 'refused' | 'accepted' }
  | { type: 'detectConsentPlatform'; tabId: number }
  | { type: 'getLearned' }
  | { type: 'clearLearned' }
  /** The tab's web storage, read now from its frames (the Storage view). */
  | { type: 'getStorage'; tabId: number; includeValues?: boolean }
  /** Delete one key in the frames of `origin` (`keyCut`: every key that starts with it and is longer than shown). */
  | { type: 'deleteStorageKey'; tabId: number; origin: string; area: StorageArea; key: string; keyCut?: boolean }
  /** Delete `origin`'s local and session storage and its IndexedDB databases, in the tab's frames of that origin. */
  | { type: 'deleteOriginStorage'; tabId: number; origin: string }
  /**
   * "Test this site's consent" (lib/consent/test.ts), after the user confirmed it: answered with the
   * report when done (`consent.test`), progress sent meanwhile as `consentTestProgress` events.
   */
  | { type: 'runConsentTest'; tabId: number; choices: TestChoice[]; confirmed: true }
  /** Stop the tab's running test: it puts the user's cookies and storage back and answers. */
  | { type: 'cancelConsentTest'; tabId: number };

/**
 * `setCookies`: all or nothing. `refused` names each draft (by index) the browser would refuse or
 * did; when it is not empty nothing was set (`rolledBack` cookies were set and put back).
 * `stored`: each cookie as the browser stored it, values included (the sender sent them).
 */
export interface SetCookiesReply {
  applied: number;
  /** `reason` in English, `reasonMsg` the same as a message for the UI's language. */
  refused: { index: number; reason: string; reasonMsg?: Msg }[];
  stored: CookieDraft[];
  rolledBack: number;
}

export interface Replies {
  getReport: Report;
  /**
   * `view`: a `PopupView` in its compact JSON (`parseView`). One string: the browsers carry a string between
   * the background and a page in one piece, but convert an object field by field, which for a
   * thousand cookies takes longer than building the view.
   */
  /** `version`: the tab's version the view is of, for FollowMessage's `seen`. */
  getView: { view: string; stale: boolean; version: number };
  /** Null when the cookie is no longer stored, or is not the tab's. */
  getValue: { value: string | null };
  /** `[cookieKey, value]` for each cookie of the tab's inventory; empty when the tab may not be inspected. */
  getValues: { values: [string, string][] };
  getActivity: { activity: ReportActivity | null };
  getFindings: { findings: Finding[] };
  deleteCookie: { removed: number };
  deleteSiteCookies: { removed: number };
  deleteCookies: { removed: number };
  setCookies: SetCookiesReply;
  consentStatement: { recorded: boolean };
  detectConsentPlatform: { started: boolean };
  getLearned: { trackers: (LearnedTracker & { tracker: string })[] };
  clearLearned: { cleared: true };
  getStorage: StorageReport;
  deleteStorageKey: { removed: number };
  /** `pending`: databases deleted once the page closes its connections to them. */
  deleteOriginStorage: { removed: number; pending: number };
  runConsentTest: Report;
  cancelConsentTest: { cancelled: boolean };
}

export type Reply<M extends Message> = { ok: true; result: Replies[M['type']] } | { ok: false; error: string };

/** The view from `getView`'s answer (lib/view-wire.ts). */
export function parseView(wire: string): PopupView {
  return decodeView(wire);
}

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
    case 'getView':
      return { type: 'getView', tabId: m.tabId, fresh: m.fresh === true };
    case 'getValue': {
      const cookie = readCookieId(m.cookie);
      return cookie ? { type: 'getValue', tabId: m.tabId, cookie } : null;
    }
    case 'getActivity':
      return { type: 'getActivity', tabId: m.tabId };
    case 'getValues':
      return { type: 'getValues', tabId: m.tabId };
    case 'getFindings': {
      const cookie = readCookieId(m.cookie);
      return cookie ? { type: 'getFindings', tabId: m.tabId, cookie } : null;
    }
    case 'deleteSiteCookies':
      return isString(m.site) ? { type: 'deleteSiteCookies', tabId: m.tabId, site: m.site } : null;
    case 'detectConsentPlatform':
      return { type: 'detectConsentPlatform', tabId: m.tabId };
    case 'consentStatement':
      return m.choice === 'none' || m.choice === 'refused' || m.choice === 'accepted' ? { type: 'consentStatement', tabId: m.tabId, choice: m.choice } : null;
    case 'deleteCookie': {
      const cookie = readCookieId(m.cookie);
      return cookie ? { type: 'deleteCookie', tabId: m.tabId, cookie } : null;
    }
    case 'deleteCookies': {
      const cookies = readAll(m.cookies, readCookieId);
      return cookies ? { type: 'deleteCookies', tabId: m.tabId, cookies } : null;
    }
    case 'setCookies': {
      const cookies = readAll(m.cookies, readDraft);
      const replaces = m.replaces == null ? null : readCookieId(m.replaces);
      if (!cookies || cookies.length === 0 || (m.replaces != null && !replaces)) return null;
      return { type: 'setCookies', tabId: m.tabId, cookies, replaces };
    }
    case 'getStorage':
      return { type: 'getStorage', tabId: m.tabId, includeValues: m.includeValues === true };
    case 'deleteStorageKey': {
      const origin = readOrigin(m.origin);
      if (!origin || !isStorageArea(m.area) || !isString(m.key) || m.key.length > MAX_KEY_LENGTH) return null;
      return { type: 'deleteStorageKey', tabId: m.tabId, origin, area: m.area, key: m.key, keyCut: m.keyCut === true };
    }
    case 'deleteOriginStorage': {
      const origin = readOrigin(m.origin);
      return origin ? { type: 'deleteOriginStorage', tabId: m.tabId, origin } : null;
    }
    case 'runConsentTest': {
      const choices = readChoices(m.choices);
      return choices && m.confirmed === true ? { type: 'runConsentTest', tabId: m.tabId, choices, confirmed: true } : null;
    }
    case 'cancelConsentTest':
      return { type: 'cancelConsentTest', tabId: m.tabId };
    default:
      return null;
  }
}

/** Every entry read, or null if one is unreadable or there are more than an import may hold. */
function readAll<T>(v: unknown, read: (raw: unknown) => T | null): T[] | null {
  if (!Array.isArray(v) || v.length > MAX_IMPORT_ROWS) return null;
  const out: T[] = [];
  for (const raw of v) {
    const item = read(raw);
    if (item === null) return null;
    out.push(item);
  }
  return out;
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
  /**
   * The tab's version the follower shows (getView's answer): if the tab changed since, the
   * background says so at once, for the follower may have missed it before it followed.
   */
  seen?: number;
}

export interface ChangedMessage {
  type: 'changed';
}

export function parseFollow(raw: unknown): FollowMessage | null {
  if (!isRecord(raw) || raw.type !== 'follow' || !isSafeInteger(raw.tabId)) return null;
  return isSafeInteger(raw.seen) ? { type: 'follow', tabId: raw.tabId, seen: raw.seen } : { type: 'follow', tabId: raw.tabId };
}
