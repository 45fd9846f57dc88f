/**
 * From a browser's cookie object to the normalised `Cookie`. Needs the Public Suffix List, so
 * only the background imports it.
 */
import { normaliseHost, siteOfHost, siteOfUrl } from '../site';
import { cookieKey, readPartitionKey, type BrowserCookie, type Cookie, type PartitionKey, type SameSite } from './cookie';

// A Map, not an object literal: an unknown string such as `constructor` must not find a prototype member.
const SAME_SITE = new Map<string, SameSite>([
  ['no_restriction', 'no_restriction'],
  ['none', 'no_restriction'],
  ['lax', 'lax'],
  ['strict', 'strict'],
  ['unspecified', 'unspecified'],
]);

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

/** The partition's top-level site as a bare site name (`https://a.example:8443` → `a.example`). */
export function partitionSiteOf(key: PartitionKey | null): string | null {
  if (!key) return null;
  return siteOfUrl(key.topLevelSite) ?? siteOfHost(key.topLevelSite);
}

/** The Public Suffix List lookups of normalising, by cookie domain and partition. */
export interface SiteLookup {
  site(domain: string): string;
  partitionSite(key: PartitionKey | null): string | null;
}

const UNCACHED: SiteLookup = { site: (domain) => siteOfHost(domain) ?? domain, partitionSite: partitionSiteOf };

/** Lookups remembered for one batch of cookies: a tab's hundreds of cookies share a few domains. */
export function cachedSiteLookup(): SiteLookup {
  const sites = new Map<string, string>();
  const partitions = new Map<string, string | null>();
  return {
    site(domain) {
      let site = sites.get(domain);
      if (site === undefined) sites.set(domain, (site = UNCACHED.site(domain)));
      return site;
    },
    partitionSite(key) {
      if (!key) return null;
      let site = partitions.get(key.topLevelSite);
      if (site === undefined) partitions.set(key.topLevelSite, (site = partitionSiteOf(key)));
      return site;
    },
  };
}

/**
 * Normalise a browser cookie. `pageSite` is the site of the tab's top-level page (null when
 * the page has no host), which decides first- versus third-party.
 */
export function fromBrowserCookie(raw: BrowserCookie, pageSite: string | null, lookup: SiteLookup = UNCACHED): Cookie {
  const domain = normaliseHost(raw.domain);
  const site = lookup.site(domain);
  const session = raw.session || raw.expirationDate === undefined;
  const partitionKey = readPartitionKey(raw.partitionKey);
  const cookie: Cookie = {
    name: raw.name,
    value: raw.value,
    domain,
    path: raw.path || '/',
    hostOnly: raw.hostOnly,
    secure: raw.secure,
    httpOnly: raw.httpOnly,
    sameSite: SAME_SITE.get(String(raw.sameSite ?? 'unspecified').toLowerCase()) ?? 'unspecified',
    session,
    size: utf8Length(raw.name) + utf8Length(raw.value),
    storeId: raw.storeId,
    partitionKey,
    partitionSite: lookup.partitionSite(partitionKey),
    firstPartyDomain: raw.firstPartyDomain ?? '',
    site,
    firstParty: pageSite !== null && site === pageSite,
  };
  if (!session) cookie.expirationDate = raw.expirationDate;
  return cookie;
}

/**
 * The results of several `getAll` queries as one list of normalised cookies: one per identity,
 * the first seen winning, told apart before anything is normalised, so that a cookie several
 * queries return is normalised once.
 */
export function normaliseCookies(lists: readonly (readonly BrowserCookie[])[], pageSite: string | null): Cookie[] {
  const lookup = cachedSiteLookup();
  const seen = new Set<string>();
  const cookies: Cookie[] = [];
  for (const list of lists) {
    for (const raw of list) {
      const key = cookieKey({
        name: raw.name,
        domain: normaliseHost(raw.domain),
        path: raw.path || '/',
        hostOnly: raw.hostOnly,
        storeId: raw.storeId,
        partitionKey: readPartitionKey(raw.partitionKey),
        firstPartyDomain: raw.firstPartyDomain ?? '',
      });
      if (seen.has(key)) continue;
      seen.add(key);
      cookies.push(fromBrowserCookie(raw, pageSite, lookup));
    }
  }
  return cookies;
}
