/**
 * The one place where Chrome's and Firefox's webRequest (and webNavigation) details become plain
 * events; nothing after this asks which browser it runs in. The details are checked field by
 * field, and a normaliser returns null for details it cannot use (no request id, no URL) rather
 * than throw inside a listener. lib/monitor/listeners.ts says which listener needs which options.
 *
 * Set-Cookie values stop here: the events carry cookie names, redacted lines, identifier verdicts
 * and the lines a browser would refuse. The Cookie header goes on to the monitor, which alone
 * knows whether its request went to a third party, and keeps no value from it either.
 */
import type { BrowserName } from '../browser';
import { parseSetCookie, rejectedCookieOf, splitSetCookieHeader, type RejectedCookie } from '../setCookie';
import { keptRejection, keptSetCookie, type SeenSetCookie } from './cookie-headers';
import { capUrl, originOfUrl } from './url';
import { integerOr as integer, nonEmptyString as text, sizeOrNull as size, time } from '../guards';

export type { BrowserName };

const REQUEST_TYPE_NAMES = [
  'main_frame',
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'beacon',
  'csp_report',
  'media',
  'websocket',
  'other',
] as const;

export type RequestType = (typeof REQUEST_TYPE_NAMES)[number];

export function isRequestType(v: unknown): v is RequestType {
  return (REQUEST_TYPE_NAMES as readonly unknown[]).includes(v);
}

/**
 * Resource types of both browsers; the rest (Chrome's `webbundle`, Firefox's `speculative`,
 * `xslt`, `web_manifest`…) are 'other'. Chrome calls `navigator.sendBeacon` and `<a ping>` both
 * `ping`; Firefox calls them `beacon` and `ping`.
 */
const REQUEST_TYPES = new Map<unknown, RequestType>([
  ['main_frame', 'main_frame'],
  ['sub_frame', 'sub_frame'],
  ['stylesheet', 'stylesheet'],
  ['script', 'script'],
  ['image', 'image'],
  ['imageset', 'image'],
  ['font', 'font'],
  ['object', 'object'],
  ['object_subrequest', 'object'],
  ['xmlhttprequest', 'xmlhttprequest'],
  ['ping', 'beacon'],
  ['beacon', 'beacon'],
  ['csp_report', 'csp_report'],
  ['media', 'media'],
  ['websocket', 'websocket'],
]);

/** Chrome 106+: the state of the document that made the request (prerendering, back/forward cached…). */
export type DocumentLifecycle = 'prerender' | 'active' | 'cached' | 'pending_deletion';

const LIFECYCLES = new Set<unknown>(['prerender', 'active', 'cached', 'pending_deletion']);

/** webRequest details as either browser passes them; nothing in them is trusted. */
export interface WebRequestDetails {
  requestId?: unknown;
  url?: unknown;
  tabId?: unknown;
  frameId?: unknown;
  type?: unknown;
  timeStamp?: unknown;
  /** Chrome: the origin that initiated the request. */
  initiator?: unknown;
  /** Firefox: the URL of the document or resource that triggered the request. */
  originUrl?: unknown;
  /** Firefox: the URL of the document the resource is loaded into. */
  documentUrl?: unknown;
  documentId?: unknown;
  documentLifecycle?: unknown;
  parentDocumentId?: unknown;
  /** Firefox: whether the request is third-party to the tab's top-level document. */
  thirdParty?: unknown;
  /** Firefox: the frames above the requesting one, innermost first; the last is the top-level document. */
  frameAncestors?: unknown;
  requestHeaders?: unknown;
  responseHeaders?: unknown;
  statusCode?: unknown;
  fromCache?: unknown;
  /** Firefox (onCompleted): bytes on the wire, headers included (nsIHttpChannel.transferSize). */
  responseSize?: unknown;
}

/** webNavigation.onCommitted details as either browser passes them. */
export interface WebNavigationDetails {
  tabId?: unknown;
  frameId?: unknown;
  /** Chrome 106+: 'outermost_frame' for a tab's top-level frames, the prerendered ones included. */
  frameType?: unknown;
  url?: unknown;
  documentId?: unknown;
  documentLifecycle?: unknown;
  timeStamp?: unknown;
}

/** A top-level document committed in a tab: a new page, or a prerendered or cached one shown. */
export interface NavigationEvent {
  kind: 'navigation';
  tabId: number;
  url: string;
  documentId: string | null;
  documentLifecycle: DocumentLifecycle | null;
  timeStamp: number;
}

export interface RequestEvent {
  kind: 'request';
  requestId: string;
  /** -1 for requests of no tab (service workers, other extensions). */
  tabId: number;
  /** 0 for the top frame; -1 when the browser did not say. */
  frameId: number;
  type: RequestType;
  /** Capped at MAX_URL_LENGTH. */
  url: string;
  /** Origin of the document or worker that made the request; null when unknown or opaque. */
  initiator: string | null;
  /** Chrome only, as are the next two: the document that made the request. */
  documentId: string | null;
  documentLifecycle: DocumentLifecycle | null;
  /** The document containing the requesting frame. */
  parentDocumentId: string | null;
  /** Milliseconds since the epoch. */
  timeStamp: number;
  /** Firefox only: its own verdict on whether the request is third-party. */
  thirdPartyHint: boolean | null;
  /** Firefox only: the URL of the tab's top-level document that the request is made for. */
  topDocumentUrl: string | null;
}

export interface SendHeadersEvent {
  kind: 'sendHeaders';
  requestId: string;
  /**
   * The Cookie header sent, null when none ('' when Chrome gave it as bytes only). The one value
   * an event carries: the monitor looks for identifier-like cookies in it while applying the
   * event, only for third parties, and keeps their names alone.
   */
  cookieHeader: string | null;
}

export interface HeadersReceivedEvent {
  kind: 'headersReceived';
  requestId: string;
  timeStamp: number;
  /** 0 when the browser did not say. */
  statusCode: number;
  /** Cookies the response set. */
  setCookies: readonly SeenSetCookie[];
  /** Set-Cookie lines a browser refuses (lib/setCookie.ts says why). */
  rejected: readonly RejectedCookie[];
  /** Body bytes announced by Content-Length; null without one. */
  contentLength: number | null;
  /** Media type without parameters, lower case: `image/gif`. */
  contentType: string | null;
  /** Cache-Control, Expires or Pragma forbid reusing the response. */
  uncacheable: boolean;
  /** A Strict-Transport-Security header with a non-zero max-age. */
  hsts: boolean;
}

export interface CompletedEvent {
  kind: 'completed';
  requestId: string;
  statusCode: number;
  fromCache: boolean;
  /** Firefox only: bytes received, headers included. Chrome reports no size. */
  transferSize: number | null;
}

export interface RequestErrorEvent {
  kind: 'error';
  requestId: string;
}

interface Header {
  name: string;
  value?: unknown;
}

const NO_HEADERS: readonly unknown[] = Object.freeze([]);
const NO_SET_COOKIES: readonly SeenSetCookie[] = Object.freeze([]);
const NO_REJECTED: readonly RejectedCookie[] = Object.freeze([]);

const isHeader = (h: unknown): h is Header => typeof h === 'object' && h !== null && typeof (h as Header).name === 'string';
const isCookieHeader = (h: unknown): h is Header => isHeader(h) && h.name.length === 6 && h.name.toLowerCase() === 'cookie';
const lifecycleOf = (v: unknown): DocumentLifecycle | null => (LIFECYCLES.has(v) ? (v as DocumentLifecycle) : null);
const headersOf = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : NO_HEADERS);

/**
 * Details of webNavigation.onCommitted; null for frames other than a tab's top-level ones. Chrome
 * commits a prerendered page in a frame of its own id (not 0) and commits it again with frameId
 * 0 and the same documentId when it is shown (https://developer.chrome.com/blog/extension-instantnav);
 * Firefox has no frameType and always uses frameId 0.
 */
export function normaliseNavigation(details: WebNavigationDetails): NavigationEvent | null {
  const outermost = details.frameType === undefined ? details.frameId === 0 : details.frameType === 'outermost_frame';
  const tabId = integer(details.tabId, -1);
  if (!outermost || tabId < 0 || typeof details.url !== 'string') return null;
  return {
    kind: 'navigation',
    tabId,
    url: capUrl(details.url),
    documentId: text(details.documentId),
    documentLifecycle: lifecycleOf(details.documentLifecycle),
    timeStamp: time(details.timeStamp),
  };
}

/**
 * A same-document navigation of a tab's top-level page: `history.pushState` / `replaceState`
 * (every single-page-app router, and the sites that strip `utm_` parameters after load) or a
 * fragment change. The document, and everything it did, stays; only its address changes.
 */
export interface SameDocumentEvent {
  kind: 'sameDocument';
  tabId: number;
  url: string;
  /** Chrome: the document that moved; null in Firefox. */
  documentId: string | null;
  /** The History API moved it (`history`), or only its fragment changed (`fragment`). */
  via: 'history' | 'fragment';
  timeStamp: number;
}

/**
 * Details of webNavigation.onHistoryStateUpdated (`via: 'history'`) and
 * onReferenceFragmentUpdated (`via: 'fragment'`); null for frames other than a tab's
 * top-level one (a frame's moves do not change the address on screen).
 */
export function normaliseSameDocument(details: WebNavigationDetails, via: SameDocumentEvent['via']): SameDocumentEvent | null {
  const topLevel = details.frameType === undefined ? details.frameId === 0 : details.frameType === 'outermost_frame' && details.frameId === 0;
  const tabId = integer(details.tabId, -1);
  if (!topLevel || tabId < 0 || typeof details.url !== 'string') return null;
  return { kind: 'sameDocument', tabId, url: capUrl(details.url), documentId: text(details.documentId), via, timeStamp: time(details.timeStamp) };
}

/** Details of webRequest.onBeforeRequest. */
export function normaliseRequest(details: WebRequestDetails, browser: BrowserName): RequestEvent | null {
  const requestId = text(details.requestId);
  const url = text(details.url);
  if (requestId === null || url === null) return null;
  // Firefox has no initiator; originUrl, the URL of what triggered the request, comes closest
  // (https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/webRequest/onBeforeRequest#details).
  const initiator = browser === 'chrome' ? details.initiator : (details.originUrl ?? details.documentUrl);
  return {
    kind: 'request',
    requestId,
    tabId: integer(details.tabId, -1),
    frameId: integer(details.frameId, -1),
    type: REQUEST_TYPES.get(details.type) ?? 'other',
    url: capUrl(url),
    // Chrome writes an opaque initiator as "null"; that, like any non-http URL, has no origin.
    initiator: typeof initiator === 'string' ? originOfUrl(initiator) : null,
    documentId: text(details.documentId),
    documentLifecycle: lifecycleOf(details.documentLifecycle),
    parentDocumentId: text(details.parentDocumentId),
    timeStamp: time(details.timeStamp),
    thirdPartyHint: browser === 'firefox' && typeof details.thirdParty === 'boolean' ? details.thirdParty : null,
    topDocumentUrl: browser === 'firefox' ? topDocumentUrlOf(details) : null,
  };
}

/** Firefox: the top-level document's URL, from the frame's own document or its last ancestor. */
function topDocumentUrlOf(details: WebRequestDetails): string | null {
  if (details.frameId === 0) return text(details.documentUrl);
  const ancestors = details.frameAncestors;
  if (!Array.isArray(ancestors) || ancestors.length === 0) return null;
  const top: unknown = ancestors[ancestors.length - 1];
  return typeof top === 'object' && top !== null ? text((top as { url?: unknown }).url) : null;
}

/** Details of webRequest.onSendHeaders. */
export function normaliseSendHeaders(details: WebRequestDetails): SendHeadersEvent | null {
  const requestId = text(details.requestId);
  if (requestId === null) return null;
  // Browsers send all cookies in one header (RFC 6265 §5.4).
  const header = headersOf(details.requestHeaders).find(isCookieHeader);
  const cookieHeader = header === undefined ? null : typeof header.value === 'string' ? header.value : '';
  return { kind: 'sendHeaders', requestId, cookieHeader };
}

/** Details of webRequest.onHeadersReceived. Which lines are refused depends on the browser (lib/setCookie.ts). */
export function normaliseHeadersReceived(details: WebRequestDetails, browser: BrowserName): HeadersReceivedEvent | null {
  const requestId = text(details.requestId);
  if (requestId === null) return null;
  const timeStamp = time(details.timeStamp);
  const url = typeof details.url === 'string' ? details.url : '';
  let setCookies: SeenSetCookie[] | null = null;
  let rejected: RejectedCookie[] | null = null;
  let contentLength: number | null = null;
  let contentType: string | null = null;
  let cacheControl: string | null = null;
  let expires: string | null = null;
  let pragma: string | null = null;
  let hsts = false;
  for (const header of headersOf(details.responseHeaders)) {
    // Chrome passes values that are not UTF-8 as `binaryValue` only; none of these headers needs one.
    if (!isHeader(header) || typeof header.value !== 'string') continue;
    const value = header.value;
    switch (header.name.toLowerCase()) {
      case 'set-cookie':
        // Firefox joins a response's Set-Cookie headers into one, a line each (see splitSetCookieHeader);
        // Chrome passes one header per cookie.
        for (const line of splitSetCookieHeader(value)) {
          // Parsed once, for the verdict and for the record kept.
          const parsed = parseSetCookie(line);
          const refused = rejectedCookieOf(parsed, line, url, browser);
          if (refused) (rejected ??= []).push(keptRejection(refused));
          else (setCookies ??= []).push(keptSetCookie(parsed, line));
        }
        break;
      case 'content-length':
        contentLength = DIGITS.test(value) ? size(Number(value)) : null;
        break;
      case 'content-type':
        contentType = mediaType(value);
        break;
      case 'cache-control':
        cacheControl = cacheControl === null ? value : `${cacheControl},${value}`;
        break;
      case 'expires':
        expires = value;
        break;
      case 'pragma':
        pragma = value;
        break;
      case 'strict-transport-security':
        hsts = hstsMaxAge(value) > 0;
        break;
    }
  }
  return {
    kind: 'headersReceived',
    requestId,
    timeStamp,
    statusCode: integer(details.statusCode, 0),
    setCookies: setCookies ?? NO_SET_COOKIES,
    rejected: rejected ?? NO_REJECTED,
    contentLength,
    contentType,
    uncacheable: isUncacheable(cacheControl, expires, pragma, timeStamp),
    hsts,
  };
}

/** Details of webRequest.onCompleted. */
export function normaliseCompleted(details: WebRequestDetails, browser: BrowserName): CompletedEvent | null {
  const requestId = text(details.requestId);
  if (requestId === null) return null;
  return {
    kind: 'completed',
    requestId,
    statusCode: integer(details.statusCode, 0),
    fromCache: details.fromCache === true,
    transferSize: browser === 'firefox' ? size(details.responseSize) : null,
  };
}

/** Details of webRequest.onErrorOccurred. */
export function normaliseError(details: WebRequestDetails): RequestErrorEvent | null {
  const requestId = text(details.requestId);
  return requestId === null ? null : { kind: 'error', requestId };
}

/** The media type of a Content-Type value, without parameters: `image/gif`. */
function mediaType(value: string): string | null {
  const semicolon = value.indexOf(';');
  return (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase() || null;
}

/** RFC 6797 §6.1.1: max-age in seconds; 0 tells the browser to forget the host. -1 when absent. */
function hstsMaxAge(value: string): number {
  const match = /(?:^|;)\s*max-age\s*=\s*"?(\d+)/i.exec(value);
  return match ? Number(match[1]) : -1;
}

const DIGITS = /^\s*\d+\s*$/;
const UNCACHEABLE_DIRECTIVE = /(?:^|,)\s*(?:no-store|no-cache|max-age\s*=\s*"?0+"?\s*(?:,|$))/i;

/**
 * RFC 9111: `no-store`, `no-cache` or `max-age=0` forbid reuse. Expires counts only without a
 * max-age (§5.3), and an Expires that is not a date means already expired; Pragma counts only
 * without Cache-Control (§5.4).
 */
function isUncacheable(cacheControl: string | null, expires: string | null, pragma: string | null, now: number): boolean {
  if (cacheControl !== null) {
    if (UNCACHEABLE_DIRECTIVE.test(cacheControl)) return true;
    if (/max-age/i.test(cacheControl)) return false;
  }
  if (expires !== null && !(Date.parse(expires) > now)) return true;
  return cacheControl === null && pragma !== null && /no-cache/i.test(pragma);
}
