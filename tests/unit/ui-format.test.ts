/**
 * Flags, lifetimes and sizes as the popup writes them (components/format.ts), in English; the
 * German of each is in tests/unit/i18n. The lifetime's unit arithmetic is lib/lifetime.ts's,
 * which the audit also writes into a token's expiry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exactExpiry, lifetimeLabel, sameSiteLabel, sizeLabel } from '../../components/format';
import { useMessages } from '../../components/i18n';

beforeAll(() => useMessages(JSON.parse(readFileSync(join(__dirname, '../../public/_locales/en/messages.json'), 'utf8'))));
afterAll(() => useMessages(null));

const NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 0);
const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

describe('lifetimeLabel', () => {
  it.each([
    [undefined, 'Session'],
    [-DAY, 'Expired'],
    [-1, 'Expired'],
    [0, 'Expired'],
    [1, 'in 1 minute'],
    [89, 'in 1 minute'],
    [90, 'in 2 minutes'],
    [59 * MIN, 'in 59 minutes'],
    [59 * MIN + 29, 'in 59 minutes'],
    // Rounded up to the hour, it reads as one hour, not "60 minutes".
    [59 * MIN + 30, 'in 1 hour'],
    [3599, 'in 1 hour'],
    [HOUR, 'in 1 hour'],
    [2 * HOUR, 'in 2 hours'],
    [23 * HOUR, 'in 23 hours'],
    [23.5 * HOUR, 'in 1 day'],
    [DAY, 'in 1 day'],
    [7 * DAY, 'in 7 days'],
    [44 * DAY, 'in 44 days'],
    [45 * DAY, 'in 1 month'],
    [90 * DAY, 'in 3 months'],
    [365 * DAY, 'in 12 months'],
    [400 * DAY, 'in 13 months'],
    [2 * 365.25 * DAY, 'in 2 years'],
    [10 * 365.25 * DAY, 'in 10 years'],
  ])('%s s from now → %s', (offset, label) => {
    expect(lifetimeLabel(offset === undefined ? undefined : NOW_MS / 1000 + offset, NOW_MS)).toBe(label);
  });
});

describe('exactExpiry', () => {
  it.each([
    [undefined, 'Deleted when the browser session ends'],
    [NOW_MS / 1000, 'Expires Thu, 15 Jan 2026 12:00:00 GMT'],
    [1802774400.291742, 'Expires Tue, 16 Feb 2027 10:40:00 GMT'],
    [Number.NaN, 'Unknown expiry'],
    [1e20, 'Unknown expiry'],
  ])('%s → %s', (expirationDate, text) => {
    expect(exactExpiry(expirationDate)).toBe(text);
  });
});

describe('sizeLabel', () => {
  it.each([
    [0, '0 B'],
    [53, '53 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [4096, '4.0 KiB'],
  ])('%i bytes → %s', (bytes, label) => {
    expect(sizeLabel(bytes)).toBe(label);
  });
});

describe('sameSiteLabel', () => {
  it.each([
    ['strict', 'SameSite=Strict'],
    ['lax', 'SameSite=Lax'],
    ['no_restriction', 'SameSite=None'],
    ['unspecified', 'SameSite unset'],
  ] as const)('%s → %s', (sameSite, label) => {
    expect(sameSiteLabel(sameSite)).toBe(label);
  });
});
