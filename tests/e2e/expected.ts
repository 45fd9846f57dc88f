/**
 * What the demo site (tests/e2e/support/server.mjs) sets, and what a user must see for each
 * cookie. Browser differences are spelled out where they are real behaviour.
 */
import { HOSTILE } from './support/server.mjs';

export interface ExpectedCookie {
  name: string;
  domain: string;
  path: string;
  party: 'first' | 'third';
  /** Texts the cookie's row must show. */
  shows: string[];
  /** Texts the row must not show. */
  hides?: string[];
  secure: boolean;
  httpOnly: boolean;
  sameSite: 'no_restriction' | 'lax' | 'strict' | 'unspecified';
  session: boolean;
  hostOnly: boolean;
  partitioned: boolean;
  /** What the report says the cookie is for; unknown (null) unless given. */
  purpose?: { category: string; platform: string; match: string };
}

export function expectedCookies(browser: 'chromium' | 'firefox'): ExpectedCookie[] {
  return [
    {
      name: 'session_id', domain: 'site.test', path: '/', party: 'first',
      shows: ['Secure', 'HttpOnly', 'SameSite=Lax', 'Session', 'Host-only'], hides: ['Partitioned'],
      secure: true, httpOnly: true, sameSite: 'lax', session: true, hostOnly: true, partitioned: false,
    },
    {
      name: 'prefs', domain: 'site.test', path: '/', party: 'first',
      shows: ['Secure', 'Script-readable', 'SameSite=Strict', 'in 13 months'],
      secure: true, httpOnly: false, sameSite: 'strict', session: false, hostOnly: true, partitioned: false,
    },
    {
      name: '__Host-csrf', domain: 'site.test', path: '/', party: 'first',
      shows: ['Secure', 'HttpOnly', 'SameSite=Strict', 'Session'],
      secure: true, httpOnly: true, sameSite: 'strict', session: true, hostOnly: true, partitioned: false,
    },
    {
      name: 'cart', domain: 'site.test', path: '/shop', party: 'first',
      shows: ['/shop', 'Secure', 'SameSite=Lax'],
      secure: true, httpOnly: false, sameSite: 'lax', session: true, hostOnly: true, partitioned: false,
    },
    {
      name: 'js_visit', domain: 'site.test', path: '/', party: 'first',
      shows: ['Not Secure', 'Script-readable', 'SameSite=Lax', 'in 1 hour'],
      secure: false, httpOnly: false, sameSite: 'lax', session: false, hostOnly: true, partitioned: false,
    },
    {
      // Known to the Open Cookie Database. Two years asked; Chromium caps it at 400 days.
      name: '_ga', domain: 'site.test', path: '/', party: 'first',
      shows: ['Analytics', 'Google Analytics', 'kept 2 years', 'Script-readable', 'SameSite=Lax', 'in 13 months'],
      secure: false, httpOnly: false, sameSite: 'lax', session: false, hostOnly: true, partitioned: false,
      purpose: { category: 'Analytics', platform: 'Google Analytics', match: 'name' },
    },
    {
      name: HOSTILE.name, domain: 'site.test', path: '/', party: 'first',
      shows: ['Not Secure', 'Script-readable', 'SameSite unset', 'Session'],
      secure: false, httpOnly: false, sameSite: 'unspecified', session: true, hostOnly: true, partitioned: false,
    },
    {
      name: 'sub_pref', domain: 'www.site.test', path: '/', party: 'first',
      shows: ['www.site.test', 'Secure', 'SameSite=Lax', 'Host-only'],
      secure: true, httpOnly: false, sameSite: 'lax', session: true, hostOnly: true, partitioned: false,
    },
    {
      name: 'embed_state', domain: 'embed.test', path: '/', party: 'third',
      shows: ['Secure', 'SameSite=None', 'Partitioned (site.test)'],
      secure: true, httpOnly: false, sameSite: 'no_restriction', session: true, hostOnly: true, partitioned: true,
    },
    {
      // Firefox's Total Cookie Protection puts every third-party cookie in a partition of the
      // top-level site; Chrome keeps an unpartitioned third-party cookie as it is.
      name: 'uid', domain: 'pixel.test', path: '/', party: 'third',
      shows: ['Secure', 'SameSite=None', 'in 12 months', 'Probably Marketing', ...(browser === 'firefox' ? ['Partitioned (site.test)'] : [])],
      hides: browser === 'chromium' ? ['Partitioned'] : [],
      secure: true, httpOnly: false, sameSite: 'no_restriction', session: false, hostOnly: true, partitioned: browser === 'firefox',
      // The database knows a `uid` only as Adform's, on Adform's domain: a likely match, said as such.
      purpose: { category: 'Marketing', platform: 'Adform', match: 'name-on-other-site' },
    },
  ];
}
