/**
 * A cookie as the user writes it (the editor, an imported row), judged by the same rules that
 * explain why a browser refuses a `Set-Cookie` line (lib/setCookie.ts), plus what the cookies
 * API itself refuses, before anything reaches the browser. Pure: the editor checks live with it
 * and the background checks again before `cookies.set`.
 */
import { getPublicSuffix } from 'tldts';
import type { BrowserName } from '../browser';
import { whyRejected, type ParsedSetCookie } from '../setCookie';
import { cookieUrl, type PartitionKey, type SameSite } from './cookie';
import type { CookieDraft } from './draft';

export { draftIdentity, draftOf, readDraft, type CookieDraft } from './draft';

const DAY = 86_400;
/** RFC 6265bis §5.6.1/§5.6.2: Expires and Max-Age are capped at 400 days. */
export const MAX_LIFETIME_S = 400 * DAY;

const SAME_SITE_ATTRIBUTE: Record<SameSite, string | undefined> = {
  no_restriction: 'None',
  lax: 'Lax',
  strict: 'Strict',
  unspecified: undefined,
};

/** The draft as the `Set-Cookie` line that would carry it. */
function asSetCookie(d: CookieDraft): ParsedSetCookie {
  return {
    name: d.name,
    value: d.value,
    domain: d.hostOnly ? undefined : d.domain,
    path: d.path,
    secure: d.secure,
    httpOnly: d.httpOnly,
    sameSite: SAME_SITE_ATTRIBUTE[d.sameSite],
    partitioned: d.partitioned,
  };
}

/**
 * Why the browser would refuse this cookie, in plain words; null when it would store it.
 * `nowS` is seconds since the epoch.
 */
export function whyRefused(d: CookieDraft, browser: BrowserName, nowS: number): string | null {
  const domain = d.domain.trim();
  if (domain === '') return 'It has no domain: a cookie belongs to a host or a domain.';
  if (domain.startsWith('.')) return 'Write the domain without a leading dot; untick “host only” to send it to subdomains.';
  if (/[\s/:?#@]/.test(domain)) return `“${domain}” is not a host name.`;
  if (!d.path.startsWith('/')) return 'Its path must start with “/”.';
  // The cookies API builds a cookie as a Set-Cookie line would carry it: ";" would end the
  // value, and "=" in a name would split it (Chrome's CanonicalCookie refuses both).
  if (d.name.includes(';') || d.name.includes('=')) return 'Its name contains “;” or “=”, which would cut it short in a Set-Cookie or Cookie header.';
  if (d.value.includes(';')) return 'Its value contains “;”, which ends a cookie in a Set-Cookie or Cookie header; encode it (e.g. %3B).';
  if (d.name === '' && d.value.includes('=')) return 'It has no name and its value contains “=”: it would be read back as a name and a value.';
  if (d.name.trim() !== d.name || d.value.trim() !== d.value) return 'Its name or value starts or ends with a space, which browsers strip.';
  if (d.expirationDate !== undefined) {
    if (!Number.isFinite(d.expirationDate)) return 'Its expiry is not a date.';
    if (d.expirationDate <= nowS) return `It expired on ${new Date(d.expirationDate * 1000).toUTCString()}: the browser would delete it, not store it.`;
  }
  // The Set-Cookie rule lets a host that is itself a public suffix keep a host-only cookie; a
  // Domain cookie there would reach every site under it.
  if (!d.hostOnly && getPublicSuffix(domain, { allowPrivateDomains: true }) === domain) {
    return `Domain=${domain} is a public suffix; browsers refuse cookies meant for every site under it.`;
  }
  return whyRejected(asSetCookie(d), { requestUrl: setUrlOf(d), browser });
}

/** What the browser will store differently from what was asked, or what to know before saving. */
export function draftNotes(d: CookieDraft, nowS: number): string[] {
  const notes: string[] = [];
  if (d.expirationDate !== undefined && d.expirationDate - nowS > MAX_LIFETIME_S) {
    notes.push('Browsers that follow RFC 6265bis (Chrome) keep a cookie at most 400 days: the stored expiry will be earlier.');
  }
  if (d.sameSite === 'no_restriction' && !d.partitioned) {
    notes.push('SameSite=None and not partitioned: sent from every site that embeds this one, unless the browser blocks third-party cookies.');
  }
  if (!d.httpOnly) notes.push('Without HttpOnly, every script on the page can read it.');
  return notes;
}

/** The URL that names the cookie's host and path to `cookies.set`: https for Secure cookies. */
export function setUrlOf(d: Pick<CookieDraft, 'secure' | 'domain' | 'path'>): string {
  return cookieUrl({ secure: d.secure, domain: d.domain, path: d.path });
}

/** `cookies.set`'s details for a draft, in a given store and partition. */
export interface SetDetails {
  url: string;
  name: string;
  value: string;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: 'no_restriction' | 'lax' | 'strict' | 'unspecified';
  domain?: string;
  expirationDate?: number;
  storeId?: string;
  partitionKey?: PartitionKey;
  firstPartyDomain?: string;
}

export function setDetailsOf(
  d: CookieDraft,
  where: { storeId: string | null; partitionKey: PartitionKey | null; firstPartyDomain?: string },
): SetDetails {
  const details: SetDetails = {
    url: setUrlOf(d),
    name: d.name,
    value: d.value,
    path: d.path,
    secure: d.secure,
    httpOnly: d.httpOnly,
    sameSite: d.sameSite,
  };
  // Without `domain` the cookie is host-only (cookies.set's documented rule in both browsers).
  if (!d.hostOnly) details.domain = d.domain;
  if (d.expirationDate !== undefined) details.expirationDate = d.expirationDate;
  if (where.storeId) details.storeId = where.storeId;
  if (d.partitioned && where.partitionKey) details.partitionKey = where.partitionKey;
  if (where.firstPartyDomain !== undefined) details.firstPartyDomain = where.firstPartyDomain;
  return details;
}

/** How what the browser stored differs from what was asked: the row shows the truth, this says why. */
export function storedDifferences(asked: CookieDraft, stored: CookieDraft): string[] {
  const out: string[] = [];
  if (stored.value !== asked.value) out.push('The stored value differs from the one entered.');
  if (asked.expirationDate === undefined && stored.expirationDate !== undefined) out.push('Stored with an expiry, not as a session cookie.');
  if (asked.expirationDate !== undefined && stored.expirationDate === undefined) out.push('Stored as a session cookie.');
  if (asked.expirationDate !== undefined && stored.expirationDate !== undefined && Math.abs(asked.expirationDate - stored.expirationDate) > 60) {
    out.push(`Stored to expire ${new Date(stored.expirationDate * 1000).toUTCString()}, not ${new Date(asked.expirationDate * 1000).toUTCString()}.`);
  }
  for (const flag of ['secure', 'httpOnly', 'hostOnly', 'partitioned'] as const) {
    if (asked[flag] !== stored[flag]) out.push(`Stored with ${flag} ${stored[flag] ? 'on' : 'off'}.`);
  }
  if (asked.sameSite !== stored.sameSite) out.push(`Stored with SameSite ${stored.sameSite}.`);
  return out;
}
