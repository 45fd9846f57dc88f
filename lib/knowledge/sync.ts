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

interface CookieOwner {
  cookie: string;
  site: string;
}

/** The identifier cookies of one page, by hash of each value and its encodings. */
export interface IdentifierIndex {
  pageSite: string;
  owners: ReadonlyMap<number, readonly CookieOwner[]>;
}

/** URLs nested in a query (redirect targets) are taken apart down to this depth. */
const MAX_NESTED_URLS = 2;

const NESTED_URL = /^https?:\/\//i;

/** Build a page's index from the identifier-like values among its cookies, first and third party. */
export function indexIdentifiers(pageSite: string, cookies: Iterable<IdentifierCookie>): IdentifierIndex {
  const owners = new Map<number, CookieOwner[]>();
  for (const { name, value, domain } of cookies) {
    const site = siteOfHost(domain);
    if (site === null) continue;
    const owner = { cookie: name, site };
    const hashes = new Set<number>();
    for (const form of identifierForms(value)) for (const encoded of encodings(form)) hashes.add(fnv1a(encoded));
    for (const hash of hashes) {
      const list = owners.get(hash);
      if (list) list.push(owner);
      else owners.set(hash, [owner]);
    }
  }
  return { pageSite, owners };
}

/**
 * Identifiers of the page's cookies that a request URL hands to another party. Pass every request
 * URL, redirect targets included: that is how syncing through a redirect is seen.
 */
export function sharedIdentifiers(index: IdentifierIndex, url: string): SharedIdentifier[] {
  if (index.owners.size === 0) return [];
  const found = new Map<string, SharedIdentifier>();
  // The destination's site costs a Public Suffix List lookup: only worked out once a value matches.
  let to: string | null | undefined;
  forEachUrlPart(url, MAX_NESTED_URLS, (part, param) => {
    const owners = part.length >= MIN_IDENTIFIER_LENGTH ? index.owners.get(fnv1a(part)) : undefined;
    if (owners === undefined) return;
    if (to === undefined) to = siteOfUrl(url);
    for (const owner of owners) {
      const shared = classify(index.pageSite, owner, to, param);
      if (shared) found.set(`${shared.from} ${shared.to} ${shared.cookie} ${shared.param}`, shared);
    }
  });
  return [...found.values()];
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
  if (pathStart !== -1 && pathStart < queryStart) {
    for (const segment of url.slice(pathStart + 1, queryStart).split('/')) visit(percentDecode(segment), 'path');
  }
  forEachQueryParameter(url, (name, value) => {
    if (!NESTED_URL.test(value)) visit(value, name);
    else if (nesting > 0) forEachUrlPart(value, nesting - 1, visit);
  });
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
 * A value as it may appear in a URL once decoded: as is, URL-encoded once more, decoded (a
 * cookie stored encoded), and base64 or base64url, each with or without padding. A `+` sent
 * unescaped in a query reaches the server as a space, so each form with one also counts with
 * spaces instead.
 */
function encodings(value: string): string[] {
  const base64 = toBase64(value);
  const base64url = base64.replaceAll('+', '-').replaceAll('/', '_');
  const unpadded = (s: string) => s.replace(/=+$/, '');
  const forms = [value, encodeURIComponent(value), percentDecode(value), base64, unpadded(base64), base64url, unpadded(base64url)];
  for (const form of forms.slice()) if (form.includes('+')) forms.push(form.replaceAll('+', ' '));
  return forms;
}

function toBase64(s: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(s)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fnv1a(s: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    hash ^= s.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
