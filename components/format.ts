/**
 * Flags, lifetimes and sizes as a person reads them, in the UI's language.
 * Decimals follow the UI's locale (1.5 KiB, 1,5 KiB).
 */
import type { SameSite } from '@/lib/cookies/cookie';
import { lifetimeMsg } from '@/lib/lifetime';
import { t, uiLocale } from './i18n';

export function sameSiteLabel(sameSite: SameSite): string {
  switch (sameSite) {
    case 'strict':
      return 'SameSite=Strict';
    case 'lax':
      return 'SameSite=Lax';
    case 'no_restriction':
      return 'SameSite=None';
    case 'unspecified':
      return t('samesite_unset');
  }
}

/** "in 13 months", "in 5 minutes", "Expired", "Session"; seconds-based expiry against `nowMs`. */
export function lifetimeLabel(expirationDate: number | undefined, nowMs: number): string {
  if (expirationDate === undefined) return t('lifetime_session');
  const { key, args = [] } = lifetimeMsg(expirationDate, nowMs);
  return t(key, ...(args as number[]));
}

/** The exact expiry for the hover text, in UTC as a Set-Cookie Expires date, so it reads the same everywhere. */
export function exactExpiry(expirationDate: number | undefined): string {
  if (expirationDate === undefined) return t('expiry_session');
  const date = new Date(expirationDate * 1000);
  return Number.isNaN(date.getTime()) ? t('expiry_unknown') : t('expiry_at', date.toUTCString());
}

function decimal(n: number): string {
  return n.toLocaleString(uiLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false });
}

export function sizeLabel(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${decimal(bytes / 1024)} KiB`;
}

/** A web storage size: characters (UTF-16 code units), as browsers count the storage quota. */
export function charsLabel(chars: number): string {
  if (chars < 10_000) return t('chars', chars);
  return chars < 1_000_000 ? t('chars_thousands', decimal(chars / 1000)) : t('chars_millions', decimal(chars / 1_000_000));
}

/** The expiry's date alone, as `exactExpiry` writes it (an import preview's column). */
export function expiryDate(expirationDate: number): string {
  const date = new Date(expirationDate * 1000);
  return Number.isNaN(date.getTime()) ? t('expiry_unknown') : date.toUTCString();
}
