/**
 * Identifiers handed on in any third-party request, found while the page loads. Real tags pass
 * ids in the URLs of scripts (Google Ads' `viewthroughconversion/<id>/?…&auid=<_gcl_au>`),
 * fetches, XHRs and iframes as well as of pixels, but only pixel and beacon URLs are kept for the
 * report. So, per page, the monitor remembers the hashes of the identifier-like cookie values it
 * has seen go by (Cookie headers, Set-Cookie lines; lib/knowledge/sync.ts says which forms), and
 * looks every third-party request's long URL parts up among them. A match is recorded on the page
 * by names only: which cookie, whose, to whom, in which parameter.
 *
 * The hashes live beside the page record, not in it: in memory only, never persisted, gone with
 * the page. A restarted worker starts them afresh from the next requests.
 */
import { MIN_IDENTIFIER_LENGTH } from '../identifiers';
import {
  addIdentifier,
  fnv1a,
  identifierHashes,
  sharedIdentifiers,
  sharingKey,
  type CookieOwner,
  type IdentifierIndex,
  type SharedIdentifier,
} from '../knowledge/sync';
import type { SeenSetCookie } from '../requests/cookie-headers';
import { capText, detach } from '../requests/url';
import { MAX_SYNCS_PER_PAGE, type PageRecord, type PendingRequest } from './state';

/** Distinct cookie values indexed per page; more are not looked for. */
const MAX_VALUES_PER_PAGE = 200;
/** Sites whose last Cookie header is remembered per page; past this the memory starts over. */
const MAX_HEADER_SITES_PER_PAGE = 100;
/**
 * A Cookie header is recognised by its length and every eighth character: reading it whole on
 * every request would cost more than the rest of the request's handling. A changed value long
 * enough to be an identifier changes at least two of those characters, bar chance.
 */
const HEADER_SAMPLE_STRIDE = 8;
const MAX_NAME_LENGTH = 256;
/**
 * New values worked out per Cookie header event: each costs a microsecond or more, and a
 * document's header can hold dozens. The rest wait for the next request carrying the header.
 */
const NEW_VALUES_PER_EVENT = 1;

interface PageIdentifiers {
  owners: Map<number, CookieOwner[]>;
  /** Keys of the values indexed (or found not to be identifiers), so each is worked out once. */
  values: Set<number>;
  /** By site, a fingerprint of the last Cookie header read through: a page sends the same one with most requests. */
  headers: Map<string, number>;
  /** The page's own Cookie header has values yet to be read: its next requests carry it. */
  unfinished: boolean;
}

const pages = new WeakMap<PageRecord, PageIdentifiers>();
/** The page looked up last, and its identifiers: a page's requests come in runs. */
let lastPage: PageRecord | null = null;
let lastIds: PageIdentifiers | undefined;

function knownIdentifiersOf(page: PageRecord): PageIdentifiers | undefined {
  if (page === lastPage) return lastIds;
  const ids = pages.get(page);
  if (ids !== undefined) {
    lastPage = page;
    lastIds = ids;
  }
  return ids;
}

function identifiersOf(page: PageRecord): PageIdentifiers {
  let ids = knownIdentifiersOf(page);
  if (ids === undefined) {
    ids = { owners: new Map(), values: new Set(), headers: new Map(), unfinished: false };
    pages.set(page, ids);
  }
  return ids;
}

/**
 * The identifier-like values of a request's Cookie header: they are cookies of the site it goes
 * to (a cookie is only sent to hosts its domain covers). Read for documents, which carry all of
 * the page's own cookies, and for third parties; the page's own subresources, its most numerous
 * requests, only until the document's header is read through. A header is read again only when
 * it changed.
 */
export function learnCookieHeader(request: PendingRequest, header: string): void {
  if (!request.thirdParty && request.type !== 'main_frame' && request.type !== 'sub_frame' && knownIdentifiersOf(request.page)?.unfinished !== true) {
    return;
  }
  const record = request.site;
  if (record === null || header.length < MIN_IDENTIFIER_LENGTH) return;
  const site = record.site;
  const ids = identifiersOf(request.page);
  let fingerprint = Math.imul(FNV_OFFSET ^ header.length, FNV_PRIME);
  for (let i = 0; i < header.length; i += HEADER_SAMPLE_STRIDE) fingerprint = Math.imul(fingerprint ^ header.charCodeAt(i), FNV_PRIME);
  if (ids.headers.get(site) === fingerprint) return;
  const siteHash = fnv1a(site);
  let budget = NEW_VALUES_PER_EVENT;
  let finished = true;
  for (let start = 0; start < header.length; ) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    const eq = header.indexOf('=', start);
    let from = eq + 1;
    let to = end;
    while (from < to && isSpace(header.charCodeAt(from))) from++;
    while (to > from && isSpace(header.charCodeAt(to - 1))) to--;
    if (eq !== -1 && eq < end && to - from >= MIN_IDENTIFIER_LENGTH) {
      const key = valueKey(hashRange(header, from, to), siteHash);
      if (!ids.values.has(key) && ids.values.size < MAX_VALUES_PER_PAGE) {
        if (budget === 0) {
          finished = false;
          break;
        }
        budget--;
        ids.values.add(key);
        const hashes = identifierHashes(header.slice(from, to));
        // A name cut from the header would keep the header, values included, in memory.
        if (hashes.length > 0) addIdentifier(ids.owners, hashes, { cookie: keptName(header.slice(start, eq).trim()), site });
      }
    }
    start = end + 1;
  }
  if (finished) {
    if (ids.headers.size >= MAX_HEADER_SITES_PER_PAGE) ids.headers.clear();
    ids.headers.set(site, fingerprint);
  }
  if (!request.thirdParty) ids.unfinished = !finished;
}

const isSpace = (c: number): boolean => c === 32 || c === 9;

/** FNV-1a of `s[from, to)`, as `fnv1a` of that slice would give, without cutting it out. */
function hashRange(s: string, from: number, to: number): number {
  let hash = FNV_OFFSET;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ s.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

/** The identifier cookies a response from `site` set; the normaliser hashed their values. */
export function learnSetCookies(page: PageRecord, site: string, cookies: readonly SeenSetCookie[]): void {
  for (const cookie of cookies) {
    const hashes = cookie.identifierHashes;
    if (hashes.length === 0) continue;
    const ids = identifiersOf(page);
    // The first hash is of the value as set: the key under which a Cookie header finds it again.
    if (isNew(ids, valueKey(hashes[0], fnv1a(site)))) addIdentifier(ids.owners, hashes, { cookie: cookie.name, site });
  }
}

/**
 * Whether `value` is one of the identifier values the page's cookies were seen with: a pixel
 * whose query copies one is handing it on (lib/requests/pixel.ts says so among its reasons).
 */
export function isPageIdentifierValue(page: PageRecord, value: string): boolean {
  const ids = knownIdentifiersOf(page);
  return ids !== undefined && ids.owners.has(fnv1a(value));
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A value of one site's cookie, by the hashes of both. */
const valueKey = (valueHash: number, siteHash: number): number => (Math.imul(valueHash, 31) ^ siteHash) >>> 0;

/** Whether a value (by its key) is yet to be indexed, marking it as done; false past the cap. */
function isNew(ids: PageIdentifiers, key: number): boolean {
  if (ids.values.has(key) || ids.values.size >= MAX_VALUES_PER_PAGE) return false;
  ids.values.add(key);
  return true;
}

/**
 * Look a third-party request's URL up among the page's identifier values; record what it hands
 * on. Returns true when the page's record changed.
 */
export function recordSharing(page: PageRecord, url: string): boolean {
  const ids = knownIdentifiersOf(page);
  if (ids === undefined || ids.owners.size === 0 || page.site === null) return false;
  const index: IdentifierIndex = { pageSite: page.site, owners: ids.owners };
  let changed = false;
  for (const shared of sharedIdentifiers(index, url)) changed = addSharing(page, shared) || changed;
  return changed;
}

function addSharing(page: PageRecord, shared: SharedIdentifier): boolean {
  const key = sharingKey(shared);
  if (page.syncs.some((s) => sharingKey(s) === key)) return false;
  if (page.syncs.length >= MAX_SYNCS_PER_PAGE) {
    page.dropped.syncs++;
    return true;
  }
  // The parameter name was cut from the request URL: a copy keeps the URL out of the record.
  page.syncs.push({ ...shared, param: detach(capText(shared.param, MAX_NAME_LENGTH)) });
  return true;
}

/**
 * A cookie name cut from a Cookie header, copied character by character: a slice would keep the
 * header, values included, alive with it. Rebuilt from its char codes rather than `detach`ed: as
 * independent of the header in both engines, and a tenth of the cost on this hot path.
 */
function keptName(name: string): string {
  const length = Math.min(name.length, MAX_NAME_LENGTH);
  const codes = new Array<number>(length);
  for (let i = 0; i < length; i++) codes[i] = name.charCodeAt(i);
  const copy = String.fromCharCode(...codes);
  return name.length > MAX_NAME_LENGTH ? `${copy}…` : copy;
}
