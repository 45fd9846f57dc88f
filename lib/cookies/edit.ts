/**
 * A cookie as the user writes it (the editor, an imported row), judged by the same rules that
 * explain why a browser refuses a `Set-Cookie` line (lib/setCookie.ts), plus what the cookies
 * API itself refuses, before anything reaches the browser. Pure: the editor checks live with it
 * and the background checks again before `cookies.set`.
 */
import { getPublicSuffix } from 'tldts';
import type { BrowserName } from '../browser';
import { msg, type Msg, type PhraseKey } from '../phrases';
import { whyRejectedMsg, type ParsedSetCookie } from '../setCookie';
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
 * Why the browser would refuse this cookie, as a message (its English by `english`); null when
 * it would store it. `nowS` is seconds since the epoch; dates are written in UTC.
 */
export function whyRefusedMsg(d: CookieDraft, browser: BrowserName, nowS: number): Msg | null {
  const domain = d.domain.trim();
  if (domain === '') return msg('refused_no_domain');
  if (domain.startsWith('.')) return msg('refused_leading_dot');
  if (/[\s/:?#@]/.test(domain)) return msg('refused_not_host', domain);
  if (!d.path.startsWith('/')) return msg('refused_path_slash');
  // The cookies API builds a cookie as a Set-Cookie line would carry it: ";" would end the
  // value, and "=" in a name would split it (Chrome's CanonicalCookie refuses both).
  if (d.name.includes(';') || d.name.includes('=')) return msg('refused_name_chars');
  if (d.value.includes(';')) return msg('refused_value_semicolon');
  if (d.name === '' && d.value.includes('=')) return msg('refused_nameless_equals');
  if (d.name.trim() !== d.name || d.value.trim() !== d.value) return msg('refused_spaces');
  if (d.expirationDate !== undefined) {
    if (!Number.isFinite(d.expirationDate)) return msg('refused_expiry_nan');
    if (d.expirationDate <= nowS) return msg('refused_expired', utcDate(d.expirationDate));
  }
  // The Set-Cookie rule lets a host that is itself a public suffix keep a host-only cookie; a
  // Domain cookie there would reach every site under it.
  if (!d.hostOnly && getPublicSuffix(domain, { allowPrivateDomains: true }) === domain) return msg('refused_public_suffix', domain);
  return whyRejectedMsg(asSetCookie(d), { requestUrl: setUrlOf(d), browser });
}

const utcDate = (seconds: number): string => new Date(seconds * 1000).toUTCString();

/** What the browser will store differently from what was asked, or what to know before saving, as messages. */
export function draftNoteMsgs(d: CookieDraft, nowS: number): Msg[] {
  const notes: Msg[] = [];
  if (d.expirationDate !== undefined && d.expirationDate - nowS > MAX_LIFETIME_S) notes.push(msg('editor_note_capped'));
  if (d.sameSite === 'no_restriction' && !d.partitioned) notes.push(msg('editor_note_cross_site'));
  if (!d.httpOnly) notes.push(msg(NO_HTTPONLY_NOTE));
  return notes;
}

/** The note a cookie without HttpOnly gets: the import preview leaves it out, as noise on every such row. */
export const NO_HTTPONLY_NOTE = 'editor_note_no_httponly';

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

const FLAG_KEYS = {
  secure: ['editor_stored_secure_on', 'editor_stored_secure_off'],
  httpOnly: ['editor_stored_httponly_on', 'editor_stored_httponly_off'],
  hostOnly: ['editor_stored_hostonly_on', 'editor_stored_hostonly_off'],
  partitioned: ['editor_stored_partitioned_on', 'editor_stored_partitioned_off'],
} as const satisfies Record<string, readonly [PhraseKey, PhraseKey]>;

/** How what the browser stored differs from what was asked, as messages: the row shows the truth, this says why. */
export function storedDifferenceMsgs(asked: CookieDraft, stored: CookieDraft): Msg[] {
  const out: Msg[] = [];
  if (stored.value !== asked.value) out.push(msg('editor_stored_value'));
  if (asked.expirationDate === undefined && stored.expirationDate !== undefined) out.push(msg('editor_stored_with_expiry'));
  if (asked.expirationDate !== undefined && stored.expirationDate === undefined) out.push(msg('editor_stored_session'));
  if (asked.expirationDate !== undefined && stored.expirationDate !== undefined && Math.abs(asked.expirationDate - stored.expirationDate) > 60) {
    out.push(msg('editor_stored_expiry', utcDate(stored.expirationDate), utcDate(asked.expirationDate)));
  }
  for (const flag of ['secure', 'httpOnly', 'hostOnly', 'partitioned'] as const) {
    if (asked[flag] !== stored[flag]) out.push(msg(FLAG_KEYS[flag][stored[flag] ? 0 : 1]));
  }
  if (asked.sameSite !== stored.sameSite) out.push(msg('editor_stored_samesite', stored.sameSite));
  return out;
}
