/** Words for the popup: flags, lifetimes and sizes as a person reads them. */
import type { SameSite } from './cookies/cookie';
import { english, msg, plural, type Msg } from './phrases';

export function sameSiteLabel(sameSite: SameSite): string {
  switch (sameSite) {
    case 'strict':
      return 'SameSite=Strict';
    case 'lax':
      return 'SameSite=Lax';
    case 'no_restriction':
      return 'SameSite=None';
    case 'unspecified':
      return 'SameSite unset';
  }
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30.44 * DAY;
const YEAR = 365.25 * DAY;

/** "in 13 months", "in 5 minutes", "Expired": a date in seconds against `nowMs`, as a message. */
export function lifetimeMsg(expirationDate: number, nowMs: number): Msg {
  const left = expirationDate - nowMs / 1000;
  if (left <= 0) return msg('lifetime_expired');
  // Pick the unit from the rounded figure, so 3599 s reads "in 1 hour", not "in 60 minutes".
  const minutes = Math.max(1, Math.round(left / MINUTE));
  if (minutes < 60) return plural(minutes, 'lifetime_minutes');
  const hours = Math.round(left / HOUR);
  if (hours < 24) return plural(hours, 'lifetime_hours');
  const days = Math.round(left / DAY);
  if (days < 45) return plural(days, 'lifetime_days');
  const months = Math.round(left / MONTH);
  if (months < 24) return plural(months, 'lifetime_months');
  return plural(Math.round(left / YEAR), 'lifetime_years');
}

/** "in 13 months", "in 5 minutes", "Expired", "Session"; seconds-based expiry against `nowMs`. */
export function lifetimeLabel(expirationDate: number | undefined, nowMs: number): string {
  return expirationDate === undefined ? 'Session' : english(lifetimeMsg(expirationDate, nowMs));
}

/** The exact expiry for the hover text, in UTC so it reads the same everywhere. */
export function exactExpiry(expirationDate: number | undefined): string {
  if (expirationDate === undefined) return 'Deleted when the browser session ends';
  const date = new Date(expirationDate * 1000);
  return Number.isNaN(date.getTime()) ? 'Unknown expiry' : `Expires ${date.toUTCString()}`;
}

export function sizeLabel(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** A web storage size: characters (UTF-16 code units), as browsers count the storage quota. */
export function charsLabel(chars: number): string {
  if (chars < 10_000) return `${chars} chars`;
  return chars < 1_000_000 ? `${(chars / 1000).toFixed(1)}k chars` : `${(chars / 1_000_000).toFixed(1)}M chars`;
}
