/**
 * A cookie as the user writes it (the editor, an imported row), and the one reader of it from a
 * message. Kept apart from edit.ts, which judges drafts with the Public Suffix List: the popup
 * imports the message protocol and must not pull that list in.
 */
import { isRecord } from '../guards';
import type { Cookie, SameSite } from './cookie';

/** Larger than any real cookie jar: Chrome keeps 180 cookies per site and about 3,300 in all. */
export const MAX_IMPORT_ROWS = 5000;

export interface CookieDraft {
  name: string;
  value: string;
  /** Without a leading dot. */
  domain: string;
  /** No Domain attribute: sent to exactly `domain`. */
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: SameSite;
  /** Seconds since the epoch; absent for a session cookie. */
  expirationDate?: number;
  /** Partitioned (CHIPS): kept under the tab's top-level site. */
  partitioned: boolean;
}

/** A draft of an existing cookie: what the editor starts from. */
export function draftOf(c: Pick<Cookie, 'name' | 'domain' | 'hostOnly' | 'path' | 'secure' | 'httpOnly' | 'sameSite' | 'expirationDate' | 'partitionKey'> & { value?: string }): CookieDraft {
  const draft: CookieDraft = {
    name: c.name,
    value: c.value ?? '',
    domain: c.domain,
    hostOnly: c.hostOnly,
    path: c.path,
    secure: c.secure,
    httpOnly: c.httpOnly,
    sameSite: c.sameSite,
    partitioned: c.partitionKey !== null,
  };
  if (c.expirationDate !== undefined) draft.expirationDate = c.expirationDate;
  return draft;
}

const SAME_SITES = new Set<SameSite>(['no_restriction', 'lax', 'strict', 'unspecified']);

/** The one reader of a draft from untrusted data (a message); null when a field is missing or wrong. */
export function readDraft(v: unknown): CookieDraft | null {
  if (!isRecord(v)) return null;
  const { name, value, domain, hostOnly, path, secure, httpOnly, sameSite, expirationDate, partitioned } = v;
  if (typeof name !== 'string' || typeof value !== 'string' || typeof domain !== 'string' || typeof path !== 'string') return null;
  if (typeof hostOnly !== 'boolean' || typeof secure !== 'boolean' || typeof httpOnly !== 'boolean' || typeof partitioned !== 'boolean') return null;
  if (typeof sameSite !== 'string' || !SAME_SITES.has(sameSite as SameSite)) return null;
  if (expirationDate !== undefined && (typeof expirationDate !== 'number' || !Number.isFinite(expirationDate))) return null;
  const draft: CookieDraft = { name, value, domain, hostOnly, path, secure, httpOnly, sameSite: sameSite as SameSite, partitioned };
  if (expirationDate !== undefined) draft.expirationDate = expirationDate;
  return draft;
}

/** The identity key of a draft in a store, as `cookieKey` spells it, for "replaces an existing cookie". */
export function draftIdentity(d: Pick<CookieDraft, 'name' | 'domain' | 'path' | 'hostOnly' | 'partitioned'>): string {
  return [d.partitioned ? 'p' : '', d.hostOnly ? 'h' : 'd', d.domain, d.path, d.name].join('\u0000');
}
