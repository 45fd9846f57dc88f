import { describe, expect, it } from 'vitest';
import { looksLikeIdentifier, shannonEntropy } from '../../lib/identifiers';

describe('shannonEntropy', () => {
  it('is 0 for one repeated character and 1 for two equally frequent ones', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abab')).toBe(1);
  });

  it('counts non-ASCII characters too, and leaves nothing behind for the next string', () => {
    expect(shannonEntropy('ab€€')).toBe(1.5);
    expect(shannonEntropy('ab')).toBe(1);
    expect(shannonEntropy('aaaa')).toBe(0);
  });
});

/** A seeded stand-in for Math.random (mulberry32), so that every run judges the same ids. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(20261126);
/** Cookies made over the last year and a half, up to now. */
const unixSeconds = () => Math.round((Date.UTC(2025, 5, 1) + rand() * 540 * 86_400_000) / 1000);
const hex = (length: number) => Array.from({ length }, () => Math.floor(rand() * 16).toString(16)).join('');
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const base64url = (length: number) => Array.from({ length }, () => BASE64URL[Math.floor(rand() * 64)]).join('');
/** analytics.js and gtag.js draw the random half of a client id as Math.round(2147483647 * Math.random()). */
const gaClientId = () => `${Math.round(2147483647 * rand())}.${unixSeconds()}`;

describe('looksLikeIdentifier: identifiers by their known shapes', () => {
  const SAMPLES = 1000;
  it.each<[string, () => string]>([
    // The client id as Google Analytics sends it (`cid=`) and Google Ads (`auid=`), and as `_ga`,
    // `_gid` and `_gcl_au` store it
    // (https://www.bounteous.com/insights/2019/12/23/how-google-analytics-uses-cookies-identify-users/).
    ['a Google Analytics client id', gaClientId],
    ['a GA4 _ga cookie (GA1.1.)', () => `GA1.1.${gaClientId()}`],
    ['a Universal Analytics _ga cookie (GA1.2.)', () => `GA1.2.${gaClientId()}`],
    ['a _gcl_au cookie', () => `1.1.${gaClientId()}`],
    // fb.<subdomain index>.<creation time in ms>.<random number>
    // (https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/fbp-and-fbc).
    ['a Meta _fbp cookie', () => `fb.1.${unixSeconds() * 1000 + Math.floor(rand() * 1000)}.${Math.round(2147483647 * rand())}`],
    ['a Meta _fbc cookie', () => `fb.1.${unixSeconds() * 1000}.IwAR${base64url(57)}`],
    // RFC 9562 version 4: LinkedIn's li_fat_id, Snap's _scid, OneTrust's consent id.
    ['a UUIDv4', () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(rand() * 4)]}${hex(3)}-${hex(12)}`],
    // Microsoft UET's _uetvid and MUID are 32 hex digits (https://help.ads.microsoft.com/#apex/ads/en/60212/1).
    ['32 hex digits', () => hex(32)],
    ['24 hex digits', () => hex(24)],
    // A Firebase installation id (`_fid` of GA4 hits) has 22 base64url characters.
    ['22 base64url characters', () => base64url(22)],
    ['16 base64url characters', () => base64url(16)],
  ])('%s: every one of 1000 made at random is an identifier', (_kind, make) => {
    const missed = Array.from({ length: SAMPLES }, make).filter((id) => !looksLikeIdentifier(id));
    expect(missed).toEqual([]);
  });

  it('finds client ids that the entropy test alone misses', () => {
    // Client ids seen in public GA4 hits (`cid=`, and `gacid=` of td.doubleclick.net): digits
    // and a dot, under 3 bits per character, the bar for arbitrary text.
    for (const cid of ['1373326669.1697116895', '123332607.1745057307']) {
      expect(shannonEntropy(cid)).toBeLessThan(3);
      expect(looksLikeIdentifier(cid)).toBe(true);
      expect(looksLikeIdentifier(`GA1.1.${cid}`)).toBe(true);
    }
  });
});

describe('looksLikeIdentifier: other values', () => {
  it.each([
    ['3f2a9c0e7b5d4a1f8e6c2b9d0a7f3e5c', true], // 32 hex chars, typical session id
    ['s%3AaBcD3fGh1jKlMn0pQrStUv.WxYz', true], // express connect.sid
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0', true], // JWT-like
    ['MTIzNDU2Nzg5MC4xNzMyNjExNjAw', true], // a client id in base64
    ['dGhpcyBpcyBhIHRva2VuIQ==', true], // base64 with its padding
    // An identifier inside a composite value: JSON (Hotjar's _hjSessionUser_<site>) and a form-encoded list.
    ['{"id":"8f14e45f-ceea-467a-9a36-dedd4bea2543","created":1732611600000,"existing":true}', true],
    ['isGpcEnabled=0&consentId=8f14e45f-ceea-467a-9a36-dedd4bea2543&interactionCount=1', true],
    ['', false],
    ['1', false],
    ['true', false],
    ['en-GB', false],
  ])('%s → %s', (value, expected) => {
    expect(looksLikeIdentifier(value)).toBe(expected);
  });

  it.each([
    // The same for every visitor: Google's test cookie on doubleclick.net.
    ['test_cookie', 'CheckForPermission'],
    // A Google tag's build id (the `gtm` of GA4 and Ads hits), seen on sites in 2025; the short old
    // form is in the GA4 hit at https://www.analyticsmarket.com/blog/how-google-analytics-collects-data/.
    ['gtm', '45je5bi1v9227582135za200zd9227582135'],
    ['gtm', '45je54h0h2v884918195za200'],
    ['gtm', '45je5240v919782465z891826800za204zb91826800'],
    ['gtm', '45je69u2v878222536za200zd878222536xf1'],
    ['gtm', '45be4bk0v877914216z8811317229za200zb811317229'],
    // GA4's experiment list and user-agent brands (same hit).
    ['tag_exp', '101509157~103116026~103200004~103233427~104527907~104528500'],
    ['uafvl', 'Not_A%20Brand;99.0.0.0|Google%20Chrome;109.0.5414.120|Chromium;109.0.5414.120'],
    // Event names, alone or as the payload of a pixel.
    ['ev', 'CompleteRegistration'],
    ['en', 'user_engagement_time_msec'],
    ['data', 'event=page_view&page_type=product_detail&currency=EUR'],
    ['data', 'event=InitiateCheckout'],
    // Page titles, addresses, languages.
    ['dt', 'How Google Analytics Collects Data - AnalyticsMarket'],
    ['dt', 'best-running-shoes-2026'],
    ['dl', 'https://www.analyticsmarket.com/blog/how-google-analytics-collects-data/'],
    ['u', 'https%3A%2F%2Fshop.example%2Fcheckout%3Fstep%3D2'],
    ['dh', 'www.googletagmanager.com'],
    ['ul', 'en-GB,en;q=0.9,fr;q=0.8,de;q=0.7'],
    // Timestamps and dates.
    ['_p', '1755095677787'],
    ['ts', '2026-11-26T10:00:00.000Z'],
    ['ts', '2026-11-26T10:00:00+01:00'],
    // Consent choices and flags.
    ['cookie_consent', 'accepted_all_cookies'],
    ['CookieConsent', 'STRICTLY_NECESSARY_ONLY'],
    ['banner', 'dismissCookieBanner'],
    // Long but without variety.
    ['filler', 'aaaaaaaaaaaaaaaaaaaaaaaa'],
    ['nil', '00000000-0000-0000-0000-000000000000'],
    ['repeated', 'xy12xy12xy12xy12xy12'],
    ['repeated hex', '0f0f0f0f0f0f0f0f0f0f'],
  ])('%s=%s is not an identifier', (_name, value) => {
    expect(looksLikeIdentifier(value)).toBe(false);
  });
});
