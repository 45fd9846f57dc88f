/**
 * `Set-Cookie` lines: parse them as browsers do, predict whether a browser would store the
 * cookie, and keep a record of the rejected ones without their values. Section numbers are
 * those of RFC 6265bis: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis
 *
 * Where Chrome and Firefox depart from it, each is followed; measured in Chromium 156 and
 * Firefox ESR 153 on odd lines served over https:
 * - both refuse `Domain=.` (the RFC would make it host-only);
 * - Chrome refuses a tab inside a name or value, Firefox keeps it (§5.6 allows it);
 * - for `__Host-`, Chrome wants the last Path attribute to be `/`; Firefox wants the cookie's
 *   path to be `/`, so a missing or invalid Path on a response at `/x` passes in Firefox.
 */
import { getPublicSuffix } from 'tldts';
import type { BrowserName } from './browser';
import { utf8Length } from './cookies/normalise';
import { commaList, english, msg, type Msg, type MsgArg } from './phrases';
import { hostOfUrl, normaliseHost } from './site';

/** Browsers drop a cookie whose name and value together exceed this (§5.6). */
export const MAX_NAME_VALUE_BYTES = 4096;
/** Browsers ignore an attribute whose value exceeds this (§5.6). */
const MAX_ATTRIBUTE_VALUE_BYTES = 1024;
/** What stands for a cookie's value wherever a line is kept or shown: values are never stored. */
export const REDACTED = '…';

/** A `Set-Cookie` line's attributes, after §5.6's rules for each one; the last of a kind wins. */
export interface SetCookieAttributes {
  name: string;
  /**
   * The last Domain attribute, lower-cased, without a leading dot (unless it is all there is);
   * a trailing dot is kept, and makes browsers refuse the cookie. Absent for a host-only cookie:
   * no Domain, or an empty last one.
   */
  domain?: string;
  /** Absent when missing or not absolute: the cookie then gets the request's default path. */
  path?: string;
  /** Milliseconds since the epoch. */
  expires?: number;
  /** Seconds; wins over `expires`. */
  maxAge?: number;
  secure: boolean;
  httpOnly: boolean;
  /** The value exactly as sent (`''` for a bare `SameSite`), so that invalid ones can be reported. */
  sameSite?: string;
  partitioned: boolean;
}

export interface ParsedSetCookie extends SetCookieAttributes {
  value: string;
}

const trimWsp = (s: string): string => s.replace(/^[ \t]+|[ \t]+$/g, '');

/** Parse one `Set-Cookie` line (§5.6). Never throws: whatever a browser would make of garbage, so do we. */
export function parseSetCookie(line: string): ParsedSetCookie {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  // Without "=", the whole pair is the value of a nameless cookie (§5.6).
  const cookie: ParsedSetCookie = {
    name: eq < 0 ? '' : trimWsp(pair.slice(0, eq)),
    value: trimWsp(eq < 0 ? pair : pair.slice(eq + 1)),
    secure: false,
    httpOnly: false,
    partitioned: false,
  };
  for (const attribute of attributes) {
    const i = attribute.indexOf('=');
    const key = trimWsp(i < 0 ? attribute : attribute.slice(0, i)).toLowerCase();
    const value = i < 0 ? '' : trimWsp(attribute.slice(i + 1));
    if (utf8Length(value) > MAX_ATTRIBUTE_VALUE_BYTES) continue;
    switch (key) {
      case 'expires': {
        const date = parseCookieDate(value);
        if (date !== null) cookie.expires = date;
        break;
      }
      case 'max-age':
        if (/^-?\d+$/.test(value)) cookie.maxAge = Number(value);
        break;
      case 'domain':
        // The last Domain wins, even an empty one, which makes the cookie host-only (§5.7).
        cookie.domain = domainAttribute(value);
        break;
      case 'path':
        cookie.path = value.startsWith('/') ? value : undefined;
        break;
      case 'secure':
        cookie.secure = true;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'samesite':
        cookie.sameSite = value;
        break;
      case 'partitioned':
        cookie.partitioned = true;
        break;
    }
  }
  return cookie;
}

/** §5.6.3, as both browsers do it: `.` alone keeps its dot (and is refused). */
function domainAttribute(value: string): string | undefined {
  if (value === '') return undefined;
  let domain = value.length > 1 && value.startsWith('.') ? value.slice(1) : value;
  // An IPv6 literal: request hosts are compared without their brackets.
  if (domain.startsWith('[') && domain.endsWith(']')) domain = domain.slice(1, -1);
  return domain.toLowerCase();
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DATE_DELIMITERS = /[\x09\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+/;

/**
 * The cookie-date algorithm (§5.1.1), not `Date.parse`: it accepts what browsers accept
 * (`Wed, 21-Oct-2026 07:28:00 GMT`, two-digit years) and nothing engine-specific. Null when
 * the date is invalid, in which case browsers ignore the `Expires` attribute.
 */
function parseCookieDate(input: string): number | null {
  let time: number[] | undefined;
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  for (const token of input.split(DATE_DELIMITERS)) {
    let m: RegExpExecArray | null;
    if (time === undefined && (m = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D|$)/.exec(token))) {
      time = [Number(m[1]), Number(m[2]), Number(m[3])];
    } else if (day === undefined && (m = /^(\d{1,2})(?:\D|$)/.exec(token))) {
      day = Number(m[1]);
    } else if (month === undefined && MONTHS.includes(token.slice(0, 3).toLowerCase())) {
      month = MONTHS.indexOf(token.slice(0, 3).toLowerCase());
    } else if (year === undefined && (m = /^(\d{2,4})(?:\D|$)/.exec(token))) {
      year = Number(m[1]);
    }
  }
  if (time === undefined || day === undefined || month === undefined || year === undefined) return null;
  if (year >= 70 && year <= 99) year += 1900;
  else if (year <= 69) year += 2000;
  const [hours, minutes, seconds] = time as [number, number, number];
  if (day < 1 || day > 31 || year < 1601 || hours > 23 || minutes > 59 || seconds > 59) return null;
  const date = Date.UTC(year, month, day, hours, minutes, seconds);
  // 31 February is in range but not a date.
  return new Date(date).getUTCDate() === day ? date : null;
}

/** Firefox's webRequest joins a response's several `Set-Cookie` headers into one value, one per line. */
export function splitSetCookieHeader(headerValue: string): string[] {
  return headerValue.split(/\r?\n/).filter((line) => line.trim() !== '');
}

/** How browsers enforce a raw `SameSite` value (§5.6.7): an unknown value counts as no attribute. */
export function sameSiteEnforcement(raw: string | undefined): 'strict' | 'lax' | 'none' | 'unset' {
  const value = raw?.toLowerCase();
  return value === 'strict' || value === 'lax' || value === 'none' ? value : 'unset';
}

/** §5.1.3: the host is the domain or one of its subdomains; IP addresses only match themselves. */
export function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return host.endsWith('.' + domain) && !/^[\d.]+$|:/.test(host);
}

/** §5.1.4: the request path is the cookie path or below it. */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  return requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/');
}

/** §5.1.4: the request path up to its last "/", or "/" for a top-level path. */
function defaultPath(requestUrl: string): string {
  let path: string;
  try {
    path = new URL(requestUrl).pathname;
  } catch {
    return '/';
  }
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

const NO_DOMAIN_ATTRIBUTE = 'no Domain attribute';

/** The attributes a name prefix demands (§4.1.3) and the cookie lacks, or null when it has none or meets it. */
export function prefixViolation(cookie: {
  name: string;
  secure: boolean;
  hostOnly: boolean;
  path: string | undefined;
}): { prefix: '__Host-' | '__Secure-'; missing: string[] } | null {
  // Browsers match prefixes case-insensitively since RFC 6265bis-12; older ones only the exact spelling.
  const name = cookie.name.toLowerCase();
  const missing = cookie.secure ? [] : ['Secure'];
  if (name.startsWith('__host-')) {
    if (!cookie.hostOnly) missing.push(NO_DOMAIN_ATTRIBUTE);
    if (cookie.path !== '/') missing.push('Path=/');
    return missing.length ? { prefix: '__Host-', missing } : null;
  }
  if (name.startsWith('__secure-')) return missing.length ? { prefix: '__Secure-', missing } : null;
  return null;
}

/**
 * Secure cookies may only come from secure origins: https, or loopback, which Chrome and Firefox
 * treat as potentially trustworthy (https://w3c.github.io/webappsec-secure-contexts/).
 */
function isSecureOrigin(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'https:' || protocol === 'wss:') return true;
    const host = normaliseHost(hostname);
    return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1';
  } catch {
    return false;
  }
}

export interface RequestContext {
  /** The URL of the response that carried the `Set-Cookie` line. */
  requestUrl: string;
  /** Whose rules: the browsers differ on a few lines (see the top of this file). */
  browser: BrowserName;
}

/** §5.6: control characters other than the tab, which Chrome refuses too. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
const TAB = '\t';
const PREFIXED = /^__(?:host|secure)-/i;

/**
 * Would the browser refuse this cookie, and why, as a message (its English by `english`; names
 * and domains are its arguments, as text); null when it would store it. Follows the storage
 * model (§5.7) plus CHIPS, and each browser where it departs from them.
 */
export function whyRejectedMsg(cookie: ParsedSetCookie, { requestUrl, browser }: RequestContext): Msg | null {
  if (!cookie.name && !cookie.value) return msg('refused_no_name_value');
  const bytes = utf8Length(cookie.name) + utf8Length(cookie.value);
  if (bytes > MAX_NAME_VALUE_BYTES) return msg('refused_too_big', bytes, MAX_NAME_VALUE_BYTES);
  if (CONTROL.test(cookie.name) || CONTROL.test(cookie.value)) return msg('refused_control');
  if (browser === 'chrome' && (cookie.name.includes(TAB) || cookie.value.includes(TAB))) return msg('refused_tab_chrome');
  const host = hostOfUrl(requestUrl) ?? '';
  if (cookie.domain !== undefined) {
    // Not the same host name to a browser: `www.example.com.` is refused on www.example.com.
    if (cookie.domain.endsWith('.')) return msg('refused_domain_dot', cookie.domain);
    // §5.7.
    if (/[^\x00-\x7f]/.test(cookie.domain)) return msg('refused_domain_ascii', cookie.domain);
    const isPublicSuffix = getPublicSuffix(cookie.domain, { allowPrivateDomains: true }) === cookie.domain;
    // A public suffix is allowed only as the host itself, which makes the cookie host-only (§5.7).
    if (isPublicSuffix && cookie.domain !== host) return msg('refused_public_suffix', cookie.domain);
    if (!domainMatches(host, cookie.domain)) return msg('refused_domain_mismatch', cookie.domain, host);
  }
  if (cookie.secure && !isSecureOrigin(requestUrl)) return msg('refused_secure_http');
  if (sameSiteEnforcement(cookie.sameSite) === 'none' && !cookie.secure) return msg('refused_samesite_none');
  // A nameless cookie is sent as its bare value, so its value must not pose as a prefixed name,
  // whatever its attributes (§5.7).
  if (!cookie.name && PREFIXED.test(cookie.value)) {
    return msg('refused_nameless_prefix', /^__host-/i.test(cookie.value) ? '__Host-' : '__Secure-');
  }
  const violation = prefixViolation({
    name: cookie.name,
    secure: cookie.secure,
    hostOnly: cookie.domain === undefined,
    // Chrome checks the Path attribute as sent, Firefox the path the cookie gets.
    path: browser === 'firefox' ? (cookie.path ?? defaultPath(requestUrl)) : cookie.path,
  });
  if (violation) {
    // Attribute names are the same in every language; "no Domain attribute" is words.
    const missing = violation.missing.map((m): MsgArg => (m === NO_DOMAIN_ATTRIBUTE ? msg('refused_prefix_no_domain') : m));
    return msg('refused_prefix', violation.prefix, commaList(missing));
  }
  if (cookie.partitioned && !cookie.secure) return msg('refused_partitioned');
  return null;
}

/** Where the cookie would live: its Domain attribute or the request host, its Path or the default path. */
export function setCookieScope(
  cookie: ParsedSetCookie,
  requestUrl: string,
): { name: string; domain: string; hostOnly: boolean; path: string } {
  return {
    name: cookie.name,
    domain: cookie.domain ?? hostOfUrl(requestUrl) ?? '',
    hostOnly: cookie.domain === undefined,
    path: cookie.path ?? defaultPath(requestUrl),
  };
}

/** The line as sent, with its value (everything between the first "=" and the first ";") replaced by `…`. */
export function redactSetCookie(line: string): string {
  const end = line.indexOf(';');
  const pair = end < 0 ? line : line.slice(0, end);
  const eq = pair.indexOf('=');
  return (eq < 0 ? REDACTED : pair.slice(0, eq + 1) + REDACTED) + (end < 0 ? '' : line.slice(end));
}

/** A cookie the browser refused; it keeps no value. */
export interface RejectedCookie {
  name: string;
  domain: string;
  path: string;
  requestUrl: string;
  /** Why, in English (the report's words). */
  reason: string;
  /** The same reason as a message, for the UI's language. */
  reasonMsg?: Msg;
  /** The `Set-Cookie` line with its value replaced by `…`. */
  setCookie: string;
}

/** The record of a `Set-Cookie` line the browser would refuse, or null when it would store the cookie. */
export function rejectedCookie(line: string, requestUrl: string, browser: BrowserName): RejectedCookie | null {
  return rejectedCookieOf(parseSetCookie(line), line, requestUrl, browser);
}

/** `rejectedCookie` for a line already parsed: the monitor parses each line once, for this and for what it keeps. */
export function rejectedCookieOf(parsed: ParsedSetCookie, line: string, requestUrl: string, browser: BrowserName): RejectedCookie | null {
  const reasonMsg = whyRejectedMsg(parsed, { requestUrl, browser });
  if (reasonMsg === null) return null;
  const { name, domain, path } = setCookieScope(parsed, requestUrl);
  return { name, domain, path, requestUrl, reason: english(reasonMsg), reasonMsg, setCookie: redactSetCookie(line) };
}

/** A `Set-Cookie` line from attributes, with `…` for the value: what a finding's fix shows. */
export function formatSetCookie(cookie: SetCookieAttributes): string {
  const parts = [`${cookie.name}=${REDACTED}`];
  if (cookie.domain !== undefined) parts.push(`Domain=${cookie.domain}`);
  if (cookie.path !== undefined) parts.push(`Path=${cookie.path}`);
  if (cookie.expires !== undefined) parts.push(`Expires=${new Date(cookie.expires).toUTCString()}`);
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${cookie.maxAge}`);
  if (cookie.secure) parts.push('Secure');
  if (cookie.httpOnly) parts.push('HttpOnly');
  if (cookie.sameSite !== undefined) parts.push(`SameSite=${cookie.sameSite}`);
  if (cookie.partitioned) parts.push('Partitioned');
  return parts.join('; ');
}
