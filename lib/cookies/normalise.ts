/**
 * From a browser's cookie object to the normalised `Cookie`. Needs the Public Suffix List, so
 * only the background imports it.
 */
import { normaliseHost, siteOfHost, siteOfUrl } from '../site';
import { readPartitionKey, type BrowserCookie, type Cookie, type PartitionKey, type SameSite } from './cookie';

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

/**
 * Normalise a browser cookie. `pageSite` is the site of the tab's top-level page (null when
 * the page has no host), which decides first- versus third-party.
 */
export function fromBrowserCookie(raw: BrowserCookie, pageSite: string | null): Cookie {
  const domain = normaliseHost(raw.domain);
  const site = siteOfHost(domain) ?? domain;
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
    partitionSite: partitionSiteOf(partitionKey),
    firstPartyDomain: raw.firstPartyDomain ?? '',
    site,
    firstParty: pageSite !== null && site === pageSite,
  };
  if (!session) cookie.expirationDate = raw.expirationDate;
  return cookie;
}

