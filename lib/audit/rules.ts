/**
 * The audit rules, one entry each, most severe first. Rules whose id matches the HTTP
 * Observatory's keep its id and logic
 * (https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring); Observatory reports
 * the worst result for the whole site, we report each cookie's.
 */
import type { Cookie } from '../cookies/cookie';
import { lifetimeMsg } from '../lifetime';
import { looksLikeIdentifier } from '../identifiers';
import {
  MAX_NAME_VALUE_BYTES,
  domainMatches,
  formatSetCookie,
  pathMatches,
  prefixViolation,
  type SetCookieAttributes,
} from '../setCookie';
import { commaList, msg, sentences, type Msg } from '../phrases';
import { siteOfHost } from '../site';
import { ANTI_CSRF_NAME } from './session';
import type { CookieContext, CookieRule, DeclaredSameSite, FixText, PageContext, SiteRule } from './types';
import { MIN_SESSION_ID_BITS, describeValueMsg, type Framework, type JwtValue, type ReadableValue } from './value';

const DAY = 86_400;
/** RFC 6265bis caps Expires and Max-Age at 400 days; Chrome has since version 104. */
const MAX_LIFETIME_DAYS = 400;
/** 13 months, about 395 days: the CNIL's limit for consent and audience-measurement cookies. */
const THIRTEEN_MONTHS_DAYS = 395;
/** Long enough to recognise a returning visitor across sessions. */
const TRACKING_LIFETIME_DAYS = 30;
/** Within 512 bytes of the limit, one longer value away from being dropped. */
const NEAR_SIZE_LIMIT_BYTES = MAX_NAME_VALUE_BYTES - 512;
/** Default request header limits: nginx `large_client_header_buffers` 8k, Apache `LimitRequestFieldSize` 8190. */
const MAX_COOKIE_HEADER_BYTES = 8192;

const SAME_SITE_ATTRIBUTE: Record<DeclaredSameSite, string | undefined> = {
  strict: 'Strict',
  lax: 'Lax',
  none: 'None',
  unset: undefined,
};

/** The cookie's attributes as its `Set-Cookie` line carries them now. */
function attributesOf(cookie: Cookie, ctx: CookieContext): SetCookieAttributes {
  return {
    name: cookie.name,
    domain: cookie.hostOnly ? undefined : cookie.domain,
    path: cookie.path,
    expires: cookie.expirationDate === undefined ? undefined : cookie.expirationDate * 1000,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: SAME_SITE_ATTRIBUTE[ctx.sameSite],
    // Firefox partitions third-party cookies unasked, so only the line tells whether Partitioned was sent.
    partitioned: ctx.setCookie?.partitioned ?? cookie.partitionKey !== null,
  };
}

/** The corrected line: the cookie's attributes with `change` applied. */
function corrected(cookie: Cookie, ctx: CookieContext, change: Partial<SetCookieAttributes>): string {
  return `Set-Cookie: ${formatSetCookie({ ...attributesOf(cookie, ctx), ...change })}`;
}

function addSecure(cookie: Cookie, ctx: CookieContext): FixText {
  const line = corrected(cookie, ctx, { secure: true });
  if (ctx.https || !cookie.firstParty) return line;
  return msg('audit_fix_https_first', line);
}

function capLifetime(cookie: Cookie, ctx: CookieContext): string {
  return corrected(cookie, ctx, { expires: undefined, maxAge: THIRTEEN_MONTHS_DAYS * DAY });
}

const HSTS_CAVEAT =
  'HSTS makes the browser use https for this host, so the cookie is not sent in clear today. But HSTS does not ' +
  'cover the very first visit (unless the host is preloaded), nor subdomains the cookie also goes to without ' +
  'includeSubDomains, nor the time after max-age runs out. Secure does.';

function readableSeen(v: ReadableValue): Msg {
  return v.signedByMsg
    ? msg('audit_seen_readable_signed', describeValueMsg(v), v.signedByMsg)
    : msg('audit_seen_readable', describeValueMsg(v));
}

/** Where each framework keeps the session on the server instead. */
const SERVER_SESSIONS: Record<Framework, Msg> = {
  flask: msg('audit_advice_flask'),
  django: msg('audit_advice_django'),
  express: msg('audit_advice_express'),
  rails: msg('audit_advice_rails'),
  php: msg('audit_advice_php'),
};

function expiryComparison(cookie: Cookie, jwt: JwtValue, now: number): Msg {
  if (jwt.exp === null) return msg('audit_expiry_none');
  if (jwt.exp * 1000 <= now) return msg('audit_expiry_past');
  const token = lifetimeMsg(jwt.exp, now);
  if (cookie.expirationDate === undefined) return msg('audit_expiry_session', token);
  const lasts = lifetimeMsg(cookie.expirationDate, now);
  if (jwt.exp > cookie.expirationDate + 60) return msg('audit_expiry_outlives', token, lasts);
  if (cookie.expirationDate > jwt.exp + 60) return msg('audit_expiry_dead', token, lasts);
  return msg('audit_expiry_both', token, lasts);
}

/** The corrected line for a value that belongs on the server: only an id, out of scripts' reach. */
function opaqueIdLine(cookie: Cookie, ctx: CookieContext): string {
  return corrected(cookie, ctx, { httpOnly: true, secure: true, sameSite: SAME_SITE_ATTRIBUTE[ctx.sameSite] ?? 'Lax' });
}

const SCRIPT_SET = msg('audit_script_set');

export const COOKIE_RULES: readonly CookieRule[] = [
  {
    id: 'cookies-session-without-secure-flag',
    severity: 'high',
    title: 'Session cookie without Secure',
    why:
      'Without Secure the browser also sends this login cookie over plain http://, where anyone on the ' +
      'network (public Wi-Fi, a hostile router) can copy it and take over the account.',
    supersedes: ['cookies-without-secure-flag'],
    applies: (cookie, ctx) => ctx.session.session && !cookie.secure && !ctx.hstsCovers,
    fix: addSecure,
  },
  {
    id: 'cookies-session-without-httponly-flag',
    severity: 'high',
    title: 'Session cookie readable by scripts (no HttpOnly)',
    why:
      'Without HttpOnly any script on the page can read this login cookie through document.cookie, so a ' +
      'single XSS bug or one compromised third-party script is enough to steal the session.',
    applies: (cookie, ctx) => ctx.session.session && !cookie.httpOnly,
    fix: (cookie, ctx) => {
      const line = corrected(cookie, ctx, { httpOnly: true });
      if (ctx.setBy !== 'script') return line;
      return msg('audit_fix_httponly_script', line);
    },
  },
  {
    // The lesson of the notes this product grew from: the server keeps the session, the cookie
    // carries only a random, opaque id.
    id: 'cookies-value-holds-session-data',
    severity: 'high',
    title: 'Session state readable in the cookie',
    why:
      'A session belongs on the server; the cookie should carry only a random, opaque id. What is in the cookie ' +
      'can be read by the user, by anyone who copies the cookie and, without HttpOnly, by every script on the ' +
      'page: one XSS bug or compromised third-party script learns who is logged in and what they may do.',
    // Readable data is flagged when it is a session's or names a user or a privilege; a theme or
    // consent choices in JSON are meant to be read.
    applies: (_cookie, ctx) =>
      ctx.value.kind === 'readable' && (ctx.value.auth || ctx.value.email || ctx.session.session),
    // High when it looks like authentication state and a script can read it.
    severityOf: (cookie, ctx) => (ctx.value.kind === 'readable' && ctx.value.auth && !cookie.httpOnly ? 'high' : 'medium'),
    seen: (_cookie, ctx) => (ctx.value.kind === 'readable' ? readableSeen(ctx.value) : null),
    fix: (cookie, ctx) => {
      const framework = ctx.value.kind === 'readable' ? ctx.value.framework : null;
      const advice = framework ? SERVER_SESSIONS[framework] : msg('audit_advice_server');
      if (ctx.setBy === 'script') return msg('audit_fix_session_data_script', advice, SCRIPT_SET, opaqueIdLine(cookie, ctx));
      return msg('audit_fix_session_data', advice, opaqueIdLine(cookie, ctx));
    },
  },
  {
    id: 'cookies-value-is-jwt',
    severity: 'high',
    title: 'JWT in a cookie',
    why:
      'A JWT is signed, not encrypted: anyone with the cookie can read its claims. It is a bearer token: whoever ' +
      'copies it is logged in until it expires, and the server cannot end that early unless it keeps a list. ' +
      'Without HttpOnly any script on the page can read it, so one XSS bug hands it out.',
    // The session rule says the same of a script-readable credential; this one says more.
    supersedes: ['cookies-session-without-httponly-flag'],
    applies: (_cookie, ctx) => ctx.value.kind === 'jwt',
    severityOf: (cookie, ctx) => {
      if (ctx.value.kind !== 'jwt') return 'low';
      if (ctx.value.alg.toLowerCase() === 'none' || !cookie.httpOnly) return 'high';
      return ctx.value.exp === null ? 'medium' : 'low';
    },
    seen: (cookie, ctx) => {
      if (ctx.value.kind !== 'jwt') return null;
      const key = ctx.value.alg.toLowerCase() === 'none' ? 'audit_seen_jwt_unsigned' : 'audit_seen_jwt';
      return msg(key, describeValueMsg(ctx.value), expiryComparison(cookie, ctx.value, ctx.now));
    },
    fix: (cookie, ctx) => {
      const unsigned = ctx.value.kind === 'jwt' && ctx.value.alg.toLowerCase() === 'none';
      return sentences(
        unsigned ? msg('audit_jwt_verify') : null,
        ctx.setBy === 'script' ? SCRIPT_SET : null,
        msg('audit_fix_jwt', opaqueIdLine(cookie, ctx)),
      );
    },
  },
  {
    id: 'cookies-session-id-predictable',
    severity: 'high',
    title: 'Session id that can be guessed',
    why:
      `A session id is the key to a logged-in account: whoever guesses a valid one is logged in as that user. ` +
      `OWASP asks for at least ${MIN_SESSION_ID_BITS} bits of entropy from a secure random generator; a number, a ` +
      'counter or a short value can be found by trying its neighbours, or every value.',
    applies: (_cookie, ctx) => ctx.session.session && ctx.value.kind === 'weak-id',
    seen: (_cookie, ctx) => (ctx.value.kind === 'weak-id' ? msg('audit_seen_weak_id', ctx.value.reasonMsg) : null),
    fix: (cookie, ctx) => msg('audit_fix_session_id', opaqueIdLine(cookie, ctx)),
  },
  {
    id: 'cookies-session-without-secure-flag-but-protected-by-hsts',
    severity: 'medium',
    title: 'Session cookie without Secure (HSTS limits the risk)',
    why: `${HSTS_CAVEAT} For a login cookie that gap is an account takeover.`,
    supersedes: ['cookies-without-secure-flag-but-protected-by-hsts'],
    applies: (cookie, ctx) => ctx.session.session && !cookie.secure && ctx.hstsCovers,
    fix: addSecure,
  },
  {
    id: 'cookies-without-secure-flag',
    severity: 'medium',
    title: 'Cookie without Secure',
    why:
      'Without Secure the cookie is also sent over plain http://, where anyone on the network can read or ' +
      'change it.',
    applies: (cookie, ctx) => !cookie.secure && !ctx.hstsCovers,
    fix: addSecure,
  },
  {
    id: 'cookies-samesite-flag-invalid',
    severity: 'medium',
    title: 'Invalid SameSite',
    why:
      'Browsers ignore a SameSite value other than Strict, Lax or None, as if the attribute were missing, and ' +
      'refuse SameSite=None without Secure. Either way the cookie does not get the cross-site rule the server ' +
      'asked for.',
    // Observatory's test: the raw value is not Strict, Lax or None (the line's value then reads as unset),
    // or it is None without Secure.
    supersedes: ['cookies-samesite-unset'],
    applies: (cookie, ctx) =>
      (ctx.setCookie?.sameSite !== undefined && ctx.sameSite === 'unset') ||
      (ctx.sameSite === 'none' && !cookie.secure),
    fix: (cookie, ctx) =>
      ctx.sameSite === 'none' ? addSecure(cookie, ctx) : corrected(cookie, ctx, { sameSite: 'Lax' }),
  },
  {
    id: 'cookies-anticsrf-without-samesite-flag',
    severity: 'medium',
    title: 'Anti-CSRF cookie without SameSite',
    why:
      'Browsers that do not default to Lax (Firefox, Safari) send this anti-CSRF cookie along with forged ' +
      'cross-site requests, leaving the token check as the only defence. SameSite keeps the cookie off ' +
      'cross-site requests in every browser, a second line of defence.',
    // Observatory matches "csrf" in the name; ANTI_CSRF_NAME adds the XSRF and antiforgery spellings.
    supersedes: ['cookies-samesite-unset'],
    applies: (cookie, ctx) => ANTI_CSRF_NAME.test(cookie.name) && ctx.sameSite === 'unset',
    fix: (cookie, ctx) => corrected(cookie, ctx, { sameSite: 'Lax' }),
  },
  {
    id: 'cookies-host-prefix-invalid',
    severity: 'medium',
    title: '__Host- cookie breaks the prefix rules',
    why:
      'The __Host- prefix promises the server that the cookie was set over https by this very host for the whole ' +
      'host (Secure, no Domain, Path=/), so no subdomain or http:// page can plant one. This cookie breaks that ' +
      'promise: browsers that check prefixes refuse it, and the ones that stored it protect nothing.',
    applies: (cookie) => prefixViolation(cookie)?.prefix === '__Host-',
    fix: (cookie, ctx) => corrected(cookie, ctx, { secure: true, domain: undefined, path: '/' }),
  },
  {
    id: 'cookies-secure-prefix-invalid',
    severity: 'medium',
    title: '__Secure- cookie without Secure',
    why:
      'The __Secure- prefix promises the server that the cookie was set over https with Secure, so an http:// ' +
      'page cannot plant or overwrite it. Without Secure, browsers that check prefixes refuse it, and the ones ' +
      'that stored it protect nothing.',
    applies: (cookie) => prefixViolation(cookie)?.prefix === '__Secure-',
    fix: addSecure,
  },
  {
    id: 'cookies-partitioned-without-secure',
    severity: 'medium',
    title: 'Partitioned without Secure',
    why:
      'Partitioned cookies (CHIPS) must be Secure. Chrome and Firefox refuse such a cookie, so a browser that kept ' +
      'this one did not apply CHIPS as they do: the embed behaves differently from browser to browser.',
    applies: (cookie, ctx) => ctx.setCookie?.partitioned === true && !cookie.secure,
    fix: (cookie, ctx) => corrected(cookie, ctx, { secure: true, partitioned: true }),
  },
  {
    id: 'cookies-first-party-set-by-third-party-script',
    severity: 'medium',
    title: 'First-party identifier written by a third-party script',
    why:
      "Another company's script wrote this identifier on the site's own domain, so the browser treats it as the " +
      "site's cookie: third-party cookie blocking and partitioning do not apply to it. The script reads it back " +
      'on every visit and can send it home with its requests, recognising this browser over months. Which script ' +
      "wrote it is what the page's call stack said (reported by the page).",
    applies: (cookie, ctx) => cookie.firstParty && ctx.thirdPartyScriptSite !== null && looksLikeIdentifier(cookie.value),
    fix: (cookie, ctx) => msg('audit_fix_third_party_script', String(ctx.thirdPartyScriptSite), cookie.name),
  },
  {
    id: 'cookies-without-secure-flag-but-protected-by-hsts',
    severity: 'low',
    title: 'Cookie without Secure (HSTS limits the risk)',
    why: HSTS_CAVEAT,
    applies: (cookie, ctx) => !cookie.secure && ctx.hstsCovers,
    fix: addSecure,
  },
  {
    id: 'cookies-lifetime-over-400-days',
    severity: 'low',
    title: 'Lifetime over 400 days',
    why:
      'Browsers cap a cookie at 400 days (RFC 6265bis), so this one expires sooner than the server expects. ' +
      'It also outlives the 13 months regulators such as the CNIL accept for consent and analytics cookies.',
    supersedes: ['cookies-lifetime-over-13-months'],
    applies: (_cookie, ctx) => ctx.lifetime !== null && ctx.lifetime > MAX_LIFETIME_DAYS * DAY,
    fix: capLifetime,
  },
  {
    id: 'cookies-lifetime-over-13-months',
    severity: 'low',
    title: 'Lifetime over 13 months',
    why:
      'Regulators such as the CNIL expect consent and audience-measurement cookies to last at most 13 months, ' +
      'after which the visitor is asked again. A shorter life also limits how long a leaked identifier stays useful.',
    applies: (_cookie, ctx) => ctx.lifetime !== null && ctx.lifetime > THIRTEEN_MONTHS_DAYS * DAY,
    fix: capLifetime,
  },
  {
    // Cookies over the limit never reach the cookie jar: `whyRejectedMsg` reports them.
    id: 'cookies-size-near-limit',
    severity: 'low',
    title: `Cookie close to the ${MAX_NAME_VALUE_BYTES}-byte limit`,
    why:
      `Browsers silently ignore a Set-Cookie whose name and value exceed ${MAX_NAME_VALUE_BYTES} bytes: the old ` +
      'value stays, or the cookie is gone. This one is a slightly longer value away from that, and its bytes ' +
      'go out with every request to the site.',
    applies: (cookie) => cookie.size > NEAR_SIZE_LIMIT_BYTES,
    fix: (cookie, ctx) => msg('audit_fix_size', corrected(cookie, ctx, {})),
  },
  {
    id: 'cookies-domain-wider-than-needed',
    severity: 'low',
    title: 'Domain wider than needed',
    why:
      'Domain set to the whole site sends the cookie to every subdomain, including forgotten, vendor-hosted or ' +
      'user-content ones. Any of them that is taken over can read it, and can overwrite it for the whole site ' +
      '(cookie tossing). Without Domain, the cookie stays on the host that set it.',
    applies: (cookie, ctx) =>
      cookie.firstParty &&
      !cookie.hostOnly &&
      cookie.domain === cookie.site &&
      ctx.host !== null &&
      ctx.host !== cookie.domain,
    fix: (cookie, ctx) => corrected(cookie, ctx, { domain: undefined }),
  },
  {
    id: 'cookies-third-party-tracking-identifier',
    severity: 'low',
    title: 'Cross-site tracking identifier (third party)',
    why:
      'A long-lived unique identifier in a third-party cookie that goes out with cross-site requests lets its ' +
      'owner recognise this browser on every site that embeds them: the classic tracking pattern. It is not a ' +
      'bug in this site, but it comes with something the site embeds.',
    applies: (cookie, ctx) =>
      !cookie.firstParty &&
      // A partitioned cookie is keyed to the top-level site, so it cannot follow the visitor across sites.
      cookie.partitionKey === null &&
      // Unset counts: only Chrome defaults to Lax, Firefox and Safari send it cross-site.
      ctx.sameSite !== 'strict' &&
      ctx.sameSite !== 'lax' &&
      ctx.lifetime !== null &&
      ctx.lifetime > TRACKING_LIFETIME_DAYS * DAY &&
      looksLikeIdentifier(cookie.value),
    fix: (cookie, ctx) => msg('audit_fix_tracking_id', corrected(cookie, ctx, { secure: true, sameSite: 'None', partitioned: true })),
  },
  {
    id: 'cookies-samesite-unset',
    severity: 'low',
    title: 'SameSite not set',
    why:
      'Without SameSite each browser decides: Chrome treats the cookie as Lax (kept off cross-site subrequests ' +
      'and, after its first two minutes, off cross-site POSTs), while Firefox and Safari send it with every ' +
      'cross-site request. Saying what you mean makes it behave the same everywhere.',
    applies: (_cookie, ctx) => ctx.sameSite === 'unset',
    fix: (cookie, ctx) =>
      cookie.firstParty
        ? corrected(cookie, ctx, { sameSite: 'Lax' })
        : msg('audit_fix_cross_site', corrected(cookie, ctx, { secure: true, sameSite: 'None' })),
  },
];

/** The cookies a request for the page itself carries (retrieval, §5.8.3): domain, path, Secure and partition match. */
function sentToPage(cookies: readonly Cookie[], page: PageContext): Cookie[] {
  const { host } = page;
  if (host === null) return [];
  const pageSite = siteOfHost(host);
  return cookies.filter(
    (c) =>
      (c.hostOnly ? c.domain === host : domainMatches(host, c.domain)) &&
      pathMatches(page.path, c.path) &&
      (page.https || !c.secure) &&
      (c.partitionSite === null || c.partitionSite === pageSite),
  );
}

/** Bytes of the `Cookie` header value: `name=value` pairs joined by "; ". */
function cookieHeaderBytes(cookies: readonly Cookie[]): number {
  return cookies.reduce((sum, c) => sum + c.size + 1, 0) + 2 * Math.max(0, cookies.length - 1);
}

export const SITE_RULES: readonly SiteRule[] = [
  {
    id: 'cookies-header-too-large',
    severity: 'medium',
    title: `Cookie header over ${MAX_COOKIE_HEADER_BYTES / 1024} KiB`,
    why:
      'Browsers send all these cookies in one Cookie header with every request to this page. Many servers and ' +
      `proxies refuse request headers over ${MAX_COOKIE_HEADER_BYTES / 1024} KiB by default (nginx, Apache) with ` +
      'a 400 or 431 error: the site breaks for this visitor only, which is hard to debug.',
    applies: (cookies, page) => cookieHeaderBytes(sentToPage(cookies, page)) > MAX_COOKIE_HEADER_BYTES,
    fix: (cookies, page) => {
      const sent = sentToPage(cookies, page);
      const largest = [...sent].sort((a, b) => b.size - a.size).slice(0, 3);
      return msg('audit_fix_header', cookieHeaderBytes(sent), commaList(largest.map((c) => msg('audit_cookie_bytes', c.name, c.size))));
    },
  },
];
