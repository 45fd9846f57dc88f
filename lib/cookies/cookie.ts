/**
 * One normalised cookie type for Chrome's and Firefox's `cookies.Cookie` objects, so that the
 * rest of the extension never asks which browser it runs in. Types and identity only: the popup
 * imports this file, so it must not pull in the Public Suffix List (see normalise.ts).
 */
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

/**
 * The one reader of a partition key from untrusted data (a browser's cookie, stored state, a
 * message): its two defined fields; no `topLevelSite` (or an empty one) means unpartitioned.
 */
export function readPartitionKey(v: unknown): PartitionKey | null {
  if (typeof v !== 'object' || v === null) return null;
  const { topLevelSite, hasCrossSiteAncestor } = v as { topLevelSite?: unknown; hasCrossSiteAncestor?: unknown };
  if (typeof topLevelSite !== 'string' || topLevelSite === '') return null;
  const key: PartitionKey = { topLevelSite };
  if (typeof hasCrossSiteAncestor === 'boolean') key.hasCrossSiteAncestor = hasCrossSiteAncestor;
  return key;
}

/**
 * The one reader of a cookie's identity from untrusted data (stored state, a message); null
 * when a required field is missing. A partition key that is present but unreadable is refused
 * rather than taken for "unpartitioned": it would name another cookie.
 */
export function readCookieId(v: unknown): CookieId | null {
  if (typeof v !== 'object' || v === null) return null;
  const c = v as Record<string, unknown>;
  const { name, domain, path, storeId } = c;
  if (typeof name !== 'string' || typeof domain !== 'string' || typeof path !== 'string' || typeof storeId !== 'string') return null;
  const partitionKey = readPartitionKey(c.partitionKey);
  if (c.partitionKey != null && partitionKey === null) return null;
  return {
    name,
    domain,
    path,
    hostOnly: c.hostOnly === true,
    storeId,
    partitionKey,
    firstPartyDomain: typeof c.firstPartyDomain === 'string' ? c.firstPartyDomain : '',
  };
}

export function cookieKey(c: CookieId): string {
  const p = c.partitionKey;
  const partition = p ? `${p.topLevelSite}${p.hasCrossSiteAncestor ? ' cross' : ''}` : '';
  return [c.storeId, partition, c.firstPartyDomain, c.hostOnly ? 'h' : 'd', c.domain, c.path, c.name].join('\u0000');
}

export function cookieIdOf(c: CookieId): CookieId {
  const { name, domain, path, hostOnly, storeId, partitionKey, firstPartyDomain } = c;
  return { name, domain, path, hostOnly, storeId, partitionKey, firstPartyDomain };
}

/**
 * The collator `localeCompare` without arguments uses, made once: `localeCompare` pays for a
 * collator on every call, which is most of the time of sorting a thousand cookies.
 */
export const compareText: (a: string, b: string) => number = new Intl.Collator().compare;

/** Third parties last; then by site, name, domain, path for a stable order. */
export function compareCookies(a: Cookie, b: Cookie): number {
  if (a.firstParty !== b.firstParty) return a.firstParty ? -1 : 1;
  return (
    compareText(a.site, b.site) ||
    compareText(a.name, b.name) ||
    compareText(a.domain, b.domain) ||
    compareText(a.path, b.path) ||
    compareText(a.partitionSite ?? '', b.partitionSite ?? '')
  );
}

/** The URL to name a cookie by in `cookies.remove`: scheme from Secure, host from domain, its path. */
export function cookieUrl(c: Pick<Cookie, 'secure' | 'domain' | 'path'>): string {
  const host = c.domain.includes(':') ? `[${c.domain}]` : c.domain;
  return `${c.secure ? 'https' : 'http'}://${host}${c.path.startsWith('/') ? c.path : '/' + c.path}`;
}
