/**
 * Shared by the cookie, report, view and component tests: the recorded browser fixtures and a
 * builder for normalised cookies that changes one field at a time.
 */
import type { BrowserCookie } from '../../../lib/cookies/cookie';
import type { CookieDraft } from '../../../lib/cookies/draft';
import type { ReportCookie } from '../../../lib/report';
import { viewCookieOf, type ViewCookie } from '../../../lib/view';
import { cookieBuilder } from '../builders/cookie';
import chromeFixture from '../../fixtures/cookies-chrome.json';
import firefoxFixture from '../../fixtures/cookies-firefox.json';

/** 2026-01-15T12:00:00Z, the moment the fixtures were recorded. */
export const NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 0);
export const NOW_S = NOW_MS / 1000;
export const DAY = 86_400;

/** A cookie as the editor would be given it: a login session's id, expiring two weeks after NOW_S; `overrides` change it. */
export const makeDraft = (overrides: Partial<CookieDraft> = {}): CookieDraft => ({
  name: 'sessionid',
  value: 'q8f2k1l0vx',
  domain: 'www.site.example',
  hostOnly: true,
  path: '/',
  secure: true,
  httpOnly: true,
  sameSite: 'lax',
  expirationDate: NOW_S + 14 * DAY,
  partitioned: false,
  ...overrides,
});

/** The tab the fixtures were recorded in: https://www.site.example/. */
export const PAGE_SITE = 'site.example';

export const FIXTURES = {
  chrome: chromeFixture as BrowserCookie[],
  firefox: firefoxFixture as BrowserCookie[],
};
export type Browser = keyof typeof FIXTURES;

/** One recorded cookie by name; `partitioned` picks between a cookie and its partitioned twin. */
export function recorded(browser: Browser, name: string, opts: { partitioned?: boolean; storeId?: string } = {}): BrowserCookie {
  const found = FIXTURES[browser].filter(
    (c) =>
      c.name === name &&
      (opts.partitioned === undefined || Boolean(c.partitionKey?.topLevelSite) === opts.partitioned) &&
      (opts.storeId === undefined || c.storeId === opts.storeId),
  );
  if (found.length !== 1) throw new Error(`${browser} fixture: ${found.length} cookies match ${name} ${JSON.stringify(opts)}`);
  return { ...found[0] };
}

/**
 * A first-party cookie of www.site.example: Secure, HttpOnly, SameSite=Lax, 30 days. `site`,
 * `size` and `firstParty` follow from the other fields unless given.
 */
export const makeCookie = cookieBuilder(PAGE_SITE, {
  name: 'id',
  value: 'v',
  domain: 'www.site.example',
  path: '/',
  hostOnly: true,
  secure: true,
  httpOnly: true,
  sameSite: 'lax',
  session: false,
  expirationDate: NOW_S + 30 * DAY,
  storeId: '0',
  partitionKey: null,
  partitionSite: null,
  firstPartyDomain: '',
});

/** A cookie as the report has it: with its (here empty) audit findings and unknown purpose. */
export function makeReportCookie(overrides: Partial<ReportCookie> = {}): ReportCookie {
  const { findings = [], setBy, purpose = null, phase = null, ...fields } = overrides;
  return { ...makeCookie(fields), findings, purpose, phase, ...(setBy ? { setBy } : {}) };
}

/** A cookie as the popup's view lists it (lib/view.ts): findings by rule id, no value. */
export function makeViewCookie(overrides: Partial<ReportCookie> = {}): ViewCookie {
  const cookie = makeReportCookie(overrides);
  return viewCookieOf(cookie, cookie.value === '');
}
