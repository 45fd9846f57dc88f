/**
 * Tracking pixels and beacons. A pixel is an image request to a third party that gets back next
 * to nothing: the request itself is the point, with what it carries (ids in its query string,
 * cookies) and what it brings back (new cookies). A beacon (`navigator.sendBeacon`, `<a ping>`)
 * exists only to report, so every third-party one counts. Each verdict lists its evidence in
 * plain words; an image with no such evidence is just an image.
 */
import { looksLikeIdentifier } from '../identifiers';
import { commaList, english, msg, type Msg, type MsgArg } from '../phrases';
import type { RequestType } from './normalise';
import { forEachQueryParameter } from './query';

/** Largest body that counts as "nothing": a 1×1 GIF is 43 bytes, a 1×1 PNG under 100. */
export const PIXEL_MAX_BYTES = 200;

/** Shortest query value compared with the page's cookie values: shorter ones match by chance. */
const MIN_COPIED_VALUE_LENGTH = 8;

/** Names listed in one reason; the rest are counted. */
const MAX_NAMED = 3;
const MAX_NAME_LENGTH = 40;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Addresses and paths in a query (the page URL, a referrer) are long and varied, but not ids. */
const LOOKS_LIKE_URL = /^(?:[a-z][a-z\d+.-]*:\/\/|\/)/i;

export interface TrackerEvidence {
  type: RequestType;
  url: string;
  thirdParty: boolean;
  statusCode: number;
  fromCache: boolean;
  /** Bytes of the response body; null when unknown. */
  bodyBytes: number | null;
  /** False when `bodyBytes` is only an upper bound (a transfer size, headers included). */
  bodyBytesExact: boolean;
  /** The response's media type (`image/gif`), when it had one. */
  contentType: string | null;
  uncacheable: boolean;
  cookieSent: boolean;
  /** Names of the cookies the response set. */
  cookiesSet: readonly string[];
}

export interface TrackerVerdict {
  kind: 'pixel' | 'beacon';
  /** The evidence in English, as the report has it. */
  reasons: string[];
  /** The same evidence as messages (lib/phrases.ts), one for each reason, for the UI's language. */
  reasonMsgs: Msg[];
}

/**
 * Whether a value is one of the cookie values of the page making the request. The caller knows
 * the cookies (and may compare hashes); the classifier never keeps the value.
 */
export type PageCookieValueTest = (value: string) => boolean;

export function classifyTracker(e: TrackerEvidence, isPageCookieValue?: PageCookieValueTest): TrackerVerdict | null {
  if (!e.thirdParty) return null;
  if (e.type === 'beacon') return verdict('beacon', [msg('pixel_reason_beacon'), ...trackingSigns(e, isPageCookieValue)]);
  // A response served from the cache never reached the third party.
  if (e.type !== 'image' || e.fromCache) return null;
  const size = sizeReason(e);
  if (size === null) return null;
  const signs = trackingSigns(e, isPageCookieValue);
  return signs.length === 0 ? null : verdict('pixel', [size, ...signs]);
}

function verdict(kind: TrackerVerdict['kind'], reasonMsgs: Msg[]): TrackerVerdict {
  return { kind, reasons: reasonMsgs.map(english), reasonMsgs };
}

function sizeReason(e: TrackerEvidence): Msg | null {
  // Cookie syncing chains pixels by redirects: each hop reads its cookie and passes the id on.
  if (REDIRECT_STATUSES.has(e.statusCode)) return msg('pixel_reason_redirect', e.statusCode);
  if (e.bodyBytes === null || e.bodyBytes > PIXEL_MAX_BYTES) return null;
  if (e.bodyBytes === 0) return msg('pixel_reason_empty');
  if (e.contentType === null) return msg(e.bodyBytesExact ? 'pixel_reason_size' : 'pixel_reason_size_at_most', e.bodyBytes);
  return msg(e.bodyBytesExact ? 'pixel_reason_size_type' : 'pixel_reason_size_at_most_type', e.bodyBytes, e.contentType);
}

function trackingSigns(e: TrackerEvidence, isPageCookieValue: PageCookieValueTest | undefined): Msg[] {
  const reasons = queryReasons(e.url, isPageCookieValue);
  if (e.cookieSent) reasons.push(msg('pixel_reason_sends_cookies'));
  if (e.cookiesSet.length > 0) reasons.push(msg(e.cookiesSet.length === 1 ? 'pixel_reason_sets_cookie' : 'pixel_reason_sets_cookies', listed(e.cookiesSet, '')));
  if (e.uncacheable) reasons.push(msg('pixel_reason_uncacheable'));
  return reasons;
}

function queryReasons(url: string, isPageCookieValue: PageCookieValueTest | undefined): Msg[] {
  const reasons: Msg[] = [];
  const identifiers: string[] = [];
  const copies: string[] = [];
  forEachQueryParameter(url, (name, value) => {
    if (value.length >= MIN_COPIED_VALUE_LENGTH && isPageCookieValue?.(value)) copies.push(name);
    else if (looksLikeIdentifier(value) && !LOOKS_LIKE_URL.test(value)) identifiers.push(name);
  });
  if (copies.length > 0) reasons.push(msg(copies.length === 1 ? 'pixel_reason_copied_one' : 'pixel_reason_copied_other', listed(copies, '`')));
  if (identifiers.length > 0) reasons.push(msg(identifiers.length === 1 ? 'pixel_reason_identifier_one' : 'pixel_reason_identifier_other', listed(identifiers, '`')));
  return reasons;
}

/** `a, b, c and 2 more`, each name quoted with `quote` and cut to a readable length. */
function listed(names: readonly string[], quote: string): MsgArg {
  const shown = commaList(names.slice(0, MAX_NAMED).map((n) => `${quote}${n.length > MAX_NAME_LENGTH ? `${n.slice(0, MAX_NAME_LENGTH)}…` : n}${quote}`));
  return names.length > MAX_NAMED ? msg('pixel_names_more', shown, names.length - MAX_NAMED) : shown;
}
