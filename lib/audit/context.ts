import type { Cookie } from '../cookies/cookie';
import { cookieKey } from '../cookies/cookie';
import { sameSiteEnforcement, type SetCookieAttributes } from '../setCookie';
import { hostOfUrl, siteOfHost, siteOfUrl } from '../site';
import { detectSessionCookie } from './session';
import { inspectValue } from './value';
import type { AuditContext, CookieContext, DeclaredSameSite, PageContext } from './types';

export function pageContext(ctx: AuditContext): PageContext {
  let url: URL | null;
  try {
    url = new URL(ctx.pageUrl);
  } catch {
    url = null;
  }
  const https = url?.protocol === 'https:';
  return {
    https,
    host: hostOfUrl(ctx.pageUrl),
    path: url?.pathname || '/',
    hsts: ctx.hsts && https,
    now: ctx.now,
  };
}

function declaredSameSite(cookie: Cookie, setCookie: SetCookieAttributes | undefined): DeclaredSameSite {
  if (setCookie) return sameSiteEnforcement(setCookie.sameSite);
  switch (cookie.sameSite) {
    case 'strict':
    case 'lax':
      return cookie.sameSite;
    case 'unspecified':
      return 'unset';
    case 'no_restriction':
      return 'none';
  }
}

function lifetimeSeconds(cookie: Cookie, setCookie: SetCookieAttributes | undefined, now: number): number | null {
  if (setCookie) {
    if (setCookie.maxAge !== undefined) return setCookie.maxAge;
    // The line was seen while this page loaded, so `now` stands in for when it arrived.
    return setCookie.expires === undefined ? null : (setCookie.expires - now) / 1000;
  }
  return cookie.expirationDate === undefined ? null : cookie.expirationDate - now / 1000;
}

/** The site of a script URL when it is another site than the page's. */
function thirdPartySiteOf(script: string | undefined, pageHost: string | null): string | null {
  if (script === undefined || pageHost === null) return null;
  const site = siteOfUrl(script);
  return site !== null && site !== siteOfHost(pageHost) ? site : null;
}

/** A cookie's place among the page's cookies: its signature companion is `${name}.sig` in the same place. */
export const siblingKey = (cookie: Pick<Cookie, 'domain' | 'path' | 'name'>): string => `${cookie.domain}\t${cookie.path}\t${cookie.name}`;

/** `siblings`: `siblingKey` of every cookie of the page, to tell cookie-session's signed cookies. */
export function cookieContext(cookie: Cookie, page: PageContext, ctx: AuditContext, siblings: ReadonlySet<string> = new Set()): CookieContext {
  const key = cookieKey(cookie);
  const setCookie = ctx.setCookies?.get(key);
  return {
    ...page,
    // The page's HSTS says nothing about another site's hosts.
    hstsCovers: page.hsts && cookie.firstParty,
    setBy: ctx.setBy?.get(key),
    thirdPartyScriptSite: thirdPartySiteOf(ctx.scripts?.get(key), page.host),
    setCookie,
    sameSite: declaredSameSite(cookie, setCookie),
    lifetime: lifetimeSeconds(cookie, setCookie, page.now),
    session: detectSessionCookie(cookie),
    value: inspectValue(cookie.name, cookie.value, { signatureCookie: siblings.has(siblingKey({ ...cookie, name: `${cookie.name}.sig` })) }),
  };
}
