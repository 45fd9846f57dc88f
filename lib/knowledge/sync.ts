/**
 * Identifiers handed from one party to another in request URLs.
 * - Pixel cookie sharing: the page's own identifier cookie copied into a request to a third
 *   party, which can then tie what it sees to the site's user id.
 * - Cookie syncing: one third party's identifier cookie sent to another third party, directly or
 *   through a redirect (its target URL is scanned like any request).
 * Values count in their usual disguises: URL-encoded, base64 and base64url, padded or not.
 *
 * Cookie values are read only while a page's index is built: the index keeps 32-bit FNV-1a
 * hashes of each value and its encodings, which cannot give a value back (a 16-character id has
 * far more possible values than a hash), and a URL is scanned by hashing its query values and
 * path segments. A chance collision needs a long URL part to hit one of a few hundred hashes out
 * of four billion, so it is rare enough to ignore.
 */
import { looksLikeIdentifier, MIN_IDENTIFIER_LENGTH } from '../identifiers';
import { forEachQueryParameter, percentDecode } from '../requests/query';
import { siteOfHost, siteOfUrl } from '../site';

export interface IdentifierCookie {
  name: string;
  /** Used while indexing only, never kept. */
  value: string;
  /** The cookie's domain or host. */
  domain: string;
}

export interface SharedIdentifier {
  kind: 'pixel-cookie-sharing' | 'cookie-syncing';
  /** Site whose cookie it is: the page's site for pixel cookie sharing. */
  from: string;
  /** Site the request goes to. */
  to: string;
  cookie: string;
  /** Query parameter that carried it, or `path` for a path segment. */
  param: string;
}

/** Whose a value is: a cookie's name and the site it belongs to. */
export interface CookieOwner {
  cookie: string;
  site: string;
}

/** The identifier cookies of one page, by hash of each value and its encodings. */
export interface IdentifierIndex {
  pageSite: string;
  owners: ReadonlyMap<number, readonly CookieOwner[]>;
}

const NO_SHARING: readonly SharedIdentifier[] = Object.freeze([]);

/** URLs nested in a query (redirect targets) are taken apart down to this depth. */
const MAX_NESTED_URLS = 2;

const NESTED_URL = /^https?:\/\//i;

/** Build a page's index from the identifier-like values among its cookies, first and third party. */
export function indexIdentifiers(pageSite: string, cookies: Iterable<IdentifierCookie>): IdentifierIndex {
  const owners = new Map<number, CookieOwner[]>();
  for (const { name, value, domain } of cookies) {
    const site = siteOfHost(domain);
    if (site !== null) addIdentifier(owners, identifierHashes(value), { cookie: name, site });
  }
  return { pageSite, owners };
}

/**
 * The hashes a cookie value is known by: of each of its identifier-like forms in each encoding a
 * URL may carry it in (see `addEncodingHashes`). None when it holds no identifier. The value
 * itself goes no further. The monitor calls this for identifier cookies as they go by, so the
 * encodings are hashed as they are worked out, without being built.
 */
export function identifierHashes(value: string): number[] {
  const hashes: number[] = [];
  for (const form of identifierForms(value)) addEncodingHashes(form, hashes);
  return hashes;
}

/** Index a value's hashes under its owner. */
export function addIdentifier(owners: Map<number, CookieOwner[]>, hashes: readonly number[], owner: CookieOwner): void {
  for (const hash of hashes) {
    const list = owners.get(hash);
    if (list === undefined) owners.set(hash, [owner]);
    else if (!list.some((o) => o.cookie === owner.cookie && o.site === owner.site)) list.push(owner);
  }
}

/** A key naming one finding, for deduplication. */
export function sharingKey(shared: SharedIdentifier): string {
  return `${shared.kind} ${shared.from} ${shared.to} ${shared.cookie} ${shared.param}`;
}

/**
 * Identifiers of the page's cookies that a request URL hands to another party. Pass every request
 * URL, redirect targets included: that is how syncing through a redirect is seen. It runs for
 * every third-party request while a page loads, so a URL without a match costs its long parts'
 * hashes and allocates little.
 */
export function sharedIdentifiers(index: IdentifierIndex, url: string): readonly SharedIdentifier[] {
  if (index.owners.size === 0) return NO_SHARING;
  // Made on the first match only (a closure assigns it, hence the assertion for the compiler).
  let found = null as Map<string, SharedIdentifier> | null;
  // The destination's site costs a Public Suffix List lookup: only worked out once a value matches.
  let to: string | null | undefined;
  forEachUrlPart(url, MAX_NESTED_URLS, (part, param) => {
    const owners = part.length >= MIN_IDENTIFIER_LENGTH ? index.owners.get(fnv1a(part)) : undefined;
    if (owners === undefined) return;
    if (to === undefined) to = siteOfUrl(url);
    for (const owner of owners) {
      const shared = classify(index.pageSite, owner, to, param);
      if (shared) (found ??= new Map()).set(sharingKey(shared), shared);
    }
  });
  return found === null ? NO_SHARING : [...found.values()];
}

/**
 * Calls `visit` with each decoded path segment and query value of a URL, decoded as the
 * receiving server reads them (lib/requests/query.ts). A query value that is itself a URL (a
 * redirect target) is taken apart in turn: the host receiving the query receives what is in it.
 */
function forEachUrlPart(url: string, nesting: number, visit: (part: string, param: string) => void): void {
  const authority = url.indexOf('://');
  if (authority === -1) return;
  // The fragment never leaves the browser.
  const fragment = url.indexOf('#');
  const end = fragment === -1 ? url.length : fragment;
  const question = url.indexOf('?');
  const queryStart = question === -1 || question > end ? end : question;
  const pathStart = url.indexOf('/', authority + 3);
  // Decoding never lengthens a part, so parts too short to be identifiers are not even cut out.
  if (pathStart !== -1 && pathStart < queryStart) {
    for (let start = pathStart + 1; start <= queryStart; ) {
      let stop = url.indexOf('/', start);
      if (stop === -1 || stop > queryStart) stop = queryStart;
      if (stop - start >= MIN_IDENTIFIER_LENGTH) visit(percentDecode(url.slice(start, stop)), 'path');
      start = stop + 1;
    }
  }
  forEachQueryParameter(
    url,
    (name, value) => {
      if (!NESTED_URL.test(value)) visit(value, name);
      else if (nesting > 0) forEachUrlPart(value, nesting - 1, visit);
    },
    MIN_IDENTIFIER_LENGTH,
  );
}

function classify(pageSite: string, owner: CookieOwner, to: string | null, param: string): SharedIdentifier | null {
  // A party's own identifier going back to it is ordinary cookie use.
  if (to === null || to === owner.site) return null;
  if (owner.site === pageSite) return { kind: 'pixel-cookie-sharing', from: pageSite, to, cookie: owner.cookie, param };
  // A third party's identifier sent to the page's own site is not syncing between third parties.
  if (to === pageSite) return null;
  return { kind: 'cookie-syncing', from: owner.site, to, cookie: owner.cookie, param };
}

/**
 * The identifier-like forms of a cookie value: the value, and what follows each dot, since
 * versioned cookies (`GA1.2.<client id>`, `fb.1.<time>.<id>`) send only their tail.
 */
function identifierForms(value: string): string[] {
  const forms = [value];
  for (let dot = value.indexOf('.'); dot !== -1; dot = value.indexOf('.', dot + 1)) forms.push(value.slice(dot + 1));
  return forms.filter(looksLikeIdentifier);
}

/**
 * Adds to `hashes` the hashes of a value as it may appear in a URL once decoded: as is,
 * URL-encoded once more, decoded (a cookie stored encoded), and base64 or base64url, each with or
 * without padding. A `+` sent unescaped in a query reaches the server as a space, so each form
 * with one also counts with spaces instead. The first hash is always of the value as is.
 */
function addEncodingHashes(value: string, hashes: number[]): void {
  let raw = FNV_OFFSET;
  let rawSpaced = FNV_OFFSET;
  let uri = FNV_OFFSET;
  let plus = false;
  let escaped = false;
  let ascii = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    raw = step(raw, c);
    rawSpaced = step(rawSpaced, c === PLUS ? SPACE : c);
    if (c === PLUS) plus = true;
    if (c >= 128) ascii = false;
    else if (URI_UNRESERVED[c] === 1) uri = step(uri, c);
    else {
      // encodeURIComponent: the byte as %XX, upper-case hex.
      escaped = true;
      uri = step(step(step(uri, PERCENT), HEX.charCodeAt(c >> 4)), HEX.charCodeAt(c & 15));
    }
  }
  push(hashes, raw >>> 0);
  if (plus) push(hashes, rawSpaced >>> 0);
  if (!ascii) {
    // Rare enough to take the long way: UTF-8 escapes, and base64 of the UTF-8 bytes.
    try {
      push(hashes, fnv1a(encodeURIComponent(value)));
    } catch {
      // A lone surrogate has no UTF-8 form, so no URL carries it encoded.
    }
    addBase64Hashes(String.fromCharCode(...new TextEncoder().encode(value)), hashes);
  } else {
    if (escaped) push(hashes, uri >>> 0);
    addBase64Hashes(value, hashes);
  }
  if (value.includes('%')) push(hashes, fnv1a(percentDecode(value)));
}

/**
 * The hashes of a string of bytes (char codes 0–255: the value itself when ASCII) in base64 and
 * base64url, padded and not. The base64 text is never built: running hashes take each character
 * as it comes, in local variables, as this runs on the webRequest hot path.
 */
function addBase64Hashes(bytes: string, hashes: number[]): void {
  const n = bytes.length;
  let standard = FNV_OFFSET;
  let spaced = FNV_OFFSET;
  let url = FNV_OFFSET;
  let plus = false;
  for (let i = 0; i < n; i += 3) {
    const b0 = bytes.charCodeAt(i);
    const b1 = i + 1 < n ? bytes.charCodeAt(i + 1) : 0;
    const b2 = i + 2 < n ? bytes.charCodeAt(i + 2) : 0;
    const characters = i + 2 < n ? 4 : i + 1 < n ? 3 : 2;
    for (let k = 0; k < characters; k++) {
      const sextet = k === 0 ? b0 >> 2 : k === 1 ? ((b0 & 3) << 4) | (b1 >> 4) : k === 2 ? ((b1 & 15) << 2) | (b2 >> 6) : b2 & 63;
      const c = BASE64.charCodeAt(sextet);
      standard = step(standard, c);
      if (c === PLUS) {
        plus = true;
        spaced = step(spaced, SPACE);
        url = step(url, DASH);
      } else {
        spaced = step(spaced, c);
        url = step(url, c === SLASH ? UNDERSCORE : c);
      }
    }
  }
  push(hashes, standard >>> 0);
  push(hashes, url >>> 0);
  if (plus) push(hashes, spaced >>> 0);
  const padding = (3 - (n % 3)) % 3;
  if (padding === 0) return;
  for (let k = 0; k < padding; k++) {
    standard = step(standard, EQUALS);
    url = step(url, EQUALS);
    spaced = step(spaced, EQUALS);
  }
  push(hashes, standard >>> 0);
  push(hashes, url >>> 0);
  if (plus) push(hashes, spaced >>> 0);
}

function push(hashes: number[], hash: number): void {
  if (!hashes.includes(hash)) hashes.push(hash);
}

const FNV_OFFSET = 0x811c9dc5;
const PLUS = 43;
const SPACE = 32;
const PERCENT = 37;
const DASH = 45;
const SLASH = 47;
const UNDERSCORE = 95;
const EQUALS = 61;
const HEX = '0123456789ABCDEF';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** What encodeURIComponent leaves as it is: A-Z a-z 0-9 - _ . ! ~ * ' ( ). */
const URI_UNRESERVED = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()") URI_UNRESERVED[c.charCodeAt(0)] = 1;

/** One FNV-1a step, unsigned once the last step is done (`>>> 0`). */
const step = (hash: number, c: number): number => Math.imul(hash ^ c, 0x01000193);

/** FNV-1a, 32 bits: the only form in which values are kept. `seed` chains hashes. */
export function fnv1a(s: string, seed = FNV_OFFSET): number {
  let hash = seed;
  for (let i = 0; i < s.length; i++) {
    hash ^= s.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
