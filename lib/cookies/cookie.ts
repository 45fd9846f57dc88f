/**
 * One normalised cookie type for Chrome's and Firefox's `cookies.Cookie` objects, so that the
 * rest of the extension never asks which browser it runs in.
 */
import { siteOfHost, siteOfUrl, normaliseHost } from '../site';

export type SameSite = 'no_restriction' | 'lax' | 'strict' | 'unspecified';

export interface PartitionKey {
  topLevelSite: string;
  /** Chrome 130+: the cookie was set in a frame with a cross-site ancestor. */
  hasCrossSiteAncestor?: boolean;
}

/**
 * The fields of a cookie as either browser reports it. Chrome: `partitionKey.topLevelSite`
 * (CHIPS, Chrome 119+). Firefox: `firstPartyDomain` (first-party isolation) and
 * `partitionKey.topLevelSite` (Total Cookie Protection). Both mark session cookies with
 * `session` and no `expirationDate`.
 */
export interface BrowserCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  hostOnly: boolean;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: string;
  session: boolean;
  expirationDate?: number;
  storeId: string;
  partitionKey?: { topLevelSite?: string; hasCrossSiteAncestor?: boolean } | null;
  firstPartyDomain?: string;
}

export interface Cookie {
  name: string;
  /** Held in memory only; the report drops it unless values are asked for. */
  value: string;
  /** The cookie's domain without the leading dot (the browser's `.example.com` is `example.com`). */
  domain: string;
  path: string;
  /** Sent only to exactly `domain` (no `Domain` attribute was given). */
  hostOnly: boolean;
  secure: boolean;
  httpOnly: boolean;
  sameSite: SameSite;
  session: boolean;
  /** Seconds since the epoch; absent for session cookies. */
  expirationDate?: number;
  /** Bytes of name + value, as the 4096-byte limit counts them (RFC 6265bis §5.6). */
  size: number;
  storeId: string;
  /**
   * The partition the cookie lives in (CHIPS in Chrome, Total Cookie Protection in Firefox), as
   * the browser names it, so it can be passed back to `cookies.remove`; null when unpartitioned.
   */
  partitionKey: PartitionKey | null;
  /** The site of the partition's top-level page (`https://a.example` → `a.example`), or null. */
  partitionSite: string | null;
  /** Firefox first-party isolation domain; empty when isolation is off. */
  firstPartyDomain: string;
  /** Registrable domain of the cookie's domain. */
  site: string;
  /** Same site as the tab's top-level page. */
  firstParty: boolean;
}

const SAME_SITE: Record<string, SameSite> = {
  no_restriction: 'no_restriction',
  none: 'no_restriction',
  lax: 'lax',
  strict: 'strict',
  unspecified: 'unspecified',
};

/** Bytes of a string in UTF-8, without allocating. */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Keep only the partition fields both browsers define; an empty key means unpartitioned. */
export function normalisePartitionKey(raw: BrowserCookie['partitionKey']): PartitionKey | null {
  const top = raw?.topLevelSite;
  if (!top) return null;
  const key: PartitionKey = { topLevelSite: top };
  if (typeof raw.hasCrossSiteAncestor === 'boolean') key.hasCrossSiteAncestor = raw.hasCrossSiteAncestor;
  return key;
}

/** The partition's top-level site as a bare site name (`https://a.example:8443` → `a.example`). */
export function partitionSiteOf(key: PartitionKey | null): string | null {
  if (!key) return null;
  return siteOfUrl(key.topLevelSite) ?? siteOfHost(key.topLevelSite);
}

/**
 * Normalise a browser cookie. `pageSite` is the site of the tab's top-level page (null when
 * the page has no host), which decides first- versus third-party.
 */
export function fromBrowserCookie(raw: BrowserCookie, pageSite: string | null): Cookie {
  const domain = normaliseHost(raw.domain);
  const site = siteOfHost(domain) ?? domain;
  const session = raw.session || raw.expirationDate === undefined;
  const partitionKey = normalisePartitionKey(raw.partitionKey);
  const cookie: Cookie = {
    name: raw.name,
    value: raw.value,
    domain,
    path: raw.path || '/',
    hostOnly: raw.hostOnly,
    secure: raw.secure,
    httpOnly: raw.httpOnly,
    sameSite: SAME_SITE[(raw.sameSite ?? 'unspecified').toLowerCase()] ?? 'unspecified',
    session,
    size: utf8Length(raw.name) + utf8Length(raw.value),
    storeId: raw.storeId,
    partitionKey,
    partitionSite: partitionSiteOf(partitionKey),
    firstPartyDomain: raw.firstPartyDomain ?? '',
    site,
    firstParty: pageSite !== null && site === pageSite,
  };
  if (!session) cookie.expirationDate = raw.expirationDate;
  return cookie;
}

/**
 * A cookie's identity: the browser keeps one cookie per (name, domain, path) in each store,
 * partition and first-party-isolation key. Host-only and domain cookies of the same host are
 * distinct cookies.
 */
export interface CookieId {
  name: string;
  domain: string;
  path: string;
  hostOnly: boolean;
  storeId: string;
  partitionKey: PartitionKey | null;
  firstPartyDomain: string;
}

export function cookieKey(c: CookieId): string {
  const p = c.partitionKey;
  const partition = p ? `${p.topLevelSite}${p.hasCrossSiteAncestor ? ' cross' : ''}` : '';
  return [c.storeId, partition, c.firstPartyDomain, c.hostOnly ? 'h' : 'd', c.domain, c.path, c.name].join('\u0000');
}

export function cookieIdOf(c: Cookie): CookieId {
  const { name, domain, path, hostOnly, storeId, partitionKey, firstPartyDomain } = c;
  return { name, domain, path, hostOnly, storeId, partitionKey, firstPartyDomain };
}

/** Merge the results of several `getAll` queries: one entry per cookie identity, first seen wins. */
export function mergeCookies(lists: readonly (readonly Cookie[])[]): Cookie[] {
  const seen = new Map<string, Cookie>();
  for (const list of lists) {
    for (const c of list) {
      const key = cookieKey(c);
      if (!seen.has(key)) seen.set(key, c);
    }
  }
  return [...seen.values()];
}

/** Third parties last; then by site, name, domain, path for a stable order. */
export function compareCookies(a: Cookie, b: Cookie): number {
  if (a.firstParty !== b.firstParty) return a.firstParty ? -1 : 1;
  return (
    a.site.localeCompare(b.site) ||
    a.name.localeCompare(b.name) ||
    a.domain.localeCompare(b.domain) ||
    a.path.localeCompare(b.path) ||
    (a.partitionSite ?? '').localeCompare(b.partitionSite ?? '')
  );
}

/** The URL to name a cookie by in `cookies.remove`: scheme from Secure, host from domain, its path. */
export function cookieUrl(c: Pick<Cookie, 'secure' | 'domain' | 'path'>): string {
  const host = c.domain.includes(':') ? `[${c.domain}]` : c.domain;
  return `${c.secure ? 'https' : 'http'}://${host}${c.path.startsWith('/') ? c.path : '/' + c.path}`;
}
