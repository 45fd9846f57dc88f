import type { AuditContext } from '../../../lib/audit';
import { cookieKey, type Cookie } from '../../../lib/cookies/cookie';
import { parseSetCookie } from '../../../lib/setCookie';
import { cookieBuilder } from '../builders/cookie';

export const DAY = 86_400;
export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
export const PAGE_URL = 'https://www.example.com/account/settings';
export const PAGE_SITE = 'example.com';

/**
 * A cookie of the page's host that no rule flags: Secure, HttpOnly, SameSite=Lax, 30 days.
 * Tests change one thing at a time. `size`, `site` and `firstParty` follow from the other
 * fields unless given.
 */
export const makeCookie = cookieBuilder(PAGE_SITE, {
  name: 'theme',
  value: 'dark',
  domain: 'www.example.com',
  path: '/',
  hostOnly: true,
  secure: true,
  httpOnly: true,
  sameSite: 'lax',
  session: false,
  expirationDate: NOW / 1000 + 30 * DAY,
  storeId: '0',
  partitionKey: null,
  partitionSite: null,
  firstPartyDomain: '',
});

/** A cookie without an expiry date, which lives until the browser closes. */
export function makeBrowserSessionCookie(overrides: Partial<Cookie> = {}): Cookie {
  return makeCookie({ session: true, expirationDate: undefined, ...overrides });
}

export interface ContextOptions extends Partial<AuditContext> {
  /** The cookie's `Set-Cookie` line, parsed into `setCookies` under the cookie's key. */
  line?: string;
  setByScript?: boolean;
  /** The URL of the script the page reported writing the cookie. */
  script?: string;
}

export function makeContext(cookie: Cookie, { line, setByScript, script, ...overrides }: ContextOptions = {}): AuditContext {
  const key = cookieKey(cookie);
  return {
    pageUrl: PAGE_URL,
    hsts: false,
    now: NOW,
    ...(line === undefined ? {} : { setCookies: new Map([[key, parseSetCookie(line)]]) }),
    ...(setByScript || script ? { setBy: new Map([[key, 'script' as const]]) } : {}),
    ...(script ? { scripts: new Map([[key, script]]) } : {}),
    ...overrides,
  };
}
