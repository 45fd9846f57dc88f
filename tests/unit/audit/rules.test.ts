import { describe, expect, it } from 'vitest';
import { COOKIE_RULES, auditSite } from '../../../lib/audit';
import { VALUE_RULE_IDS } from '../../../lib/audit/value-ids';
import { cookieKey } from '../../../lib/cookies/cookie';
import type { Cookie } from '../../../lib/cookies/cookie';
import { DAY, NOW, PAGE_URL, type ContextOptions, makeBrowserSessionCookie, makeCookie, makeContext } from './helpers';

const ID = '3f2a9c0e7b5d4a1f8e6c2b9d0a7f3e5c'; // identifier-like: 32 hex characters
const HTTP_PAGE = 'http://www.example.com/account/settings';
const inDays = (days: number): number => NOW / 1000 + days * DAY;
const httpDate = (days: number): string => new Date(NOW + days * DAY * 1000).toUTCString();

const tracker = (overrides: Partial<Cookie> = {}): Cookie =>
  makeCookie({
    name: 'uid',
    value: ID,
    domain: 'tracker.example',
    hostOnly: false,
    httpOnly: false,
    sameSite: 'no_restriction',
    expirationDate: inDays(365),
    ...overrides,
  });

/** Google's tag, and the client id it keeps in `_ga` on the site's own domain. */
const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-R3C1P35X7Q';
const gaCookie = (overrides: Partial<Cookie> = {}): Cookie =>
  makeCookie({ name: '_ga', value: 'GA1.1.918273645.1732611634', domain: 'example.com', hostOnly: false, httpOnly: false, ...overrides });

type Case = [description: string, cookie: Cookie, context: ContextOptions, fires: boolean];

const b64url = (text: string): string => Buffer.from(text).toString('base64url');
/** A JWT's shape (RFC 7519); the signature is not checked by the audit. value.test.ts uses real libraries. */
const jwtOf = (header: object, claims: object): string => `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.c2lnbmF0dXJlLWJ5dGVz`;
const JWT = jwtOf({ alg: 'HS256', typ: 'JWT' }, { sub: '42', exp: NOW / 1000 + 900 });
const FLASK_SESSION = `${b64url('{"_user_id":"42"}')}.aGgaAA.c2lnbmF0dXJlLWJ5dGVzLW9mLWZsYXNr`;

/** For each rule: cookies it must flag and cookies it must not. */
const CASES: Record<string, Case[]> = {
  'cookies-session-without-secure-flag': [
    ['session cookie without Secure', makeCookie({ name: 'PHPSESSID', secure: false }), {}, true],
    ['same on an http page', makeCookie({ name: 'PHPSESSID', secure: false }), { pageUrl: HTTP_PAGE }, true],
    ['HSTS sent over http does not count', makeCookie({ name: 'PHPSESSID', secure: false }), { pageUrl: HTTP_PAGE, hsts: true }, true],
    ['third party: the page HSTS does not cover it', tracker({ name: 'sess', secure: false }), { hsts: true }, true],
    ['with Secure', makeCookie({ name: 'PHPSESSID' }), {}, false],
    ['protected by HSTS', makeCookie({ name: 'PHPSESSID', secure: false }), { hsts: true }, false],
    ['not a session cookie', makeCookie({ secure: false }), {}, false],
  ],
  'cookies-session-without-secure-flag-but-protected-by-hsts': [
    ['session cookie without Secure, HSTS', makeCookie({ name: 'user_login', secure: false }), { hsts: true }, true],
    ['no HSTS', makeCookie({ name: 'user_login', secure: false }), {}, false],
    ['third party', tracker({ name: 'sess', secure: false }), { hsts: true }, false],
  ],
  'cookies-session-without-httponly-flag': [
    ['framework session name', makeCookie({ name: 'connect.sid', httpOnly: false }), {}, true],
    ['credential name and identifier value', makeCookie({ name: 'auth_token', value: ID, httpOnly: false }), {}, true],
    ['with HttpOnly', makeCookie({ name: 'connect.sid' }), {}, false],
    ['credential name, flag value', makeCookie({ name: 'auth_token', value: 'yes', httpOnly: false }), {}, false],
    ['anti-CSRF token', makeCookie({ name: 'csrftoken', value: ID, httpOnly: false }), {}, false],
  ],
  'cookies-value-holds-session-data': [
    ['Flask session with a user id', makeCookie({ name: 'session', value: FLASK_SESSION }), {}, true],
    ['isLoggedIn set by script', makeCookie({ name: 'isLoggedIn', value: 'true', httpOnly: false }), { setByScript: true }, true],
    ['role=admin', makeCookie({ name: 'role', value: 'admin' }), {}, true],
    ['an e-mail address', makeCookie({ name: 'last', value: 'alice%40example.com' }), {}, true],
    ['JSON in a session cookie', makeCookie({ name: 'sessionid', value: '{"cart":[1,2]}' }), {}, true],
    ['preferences in JSON', makeCookie({ name: 'prefs', value: '{"theme":"dark"}' }), {}, false],
    ['consent choices', makeCookie({ name: 'OptanonConsent', value: 'isGpcEnabled=0&version=202401.1.0&groups=C0001%3A1' }), {}, false],
    ['an opaque session id', makeCookie({ name: 'sessionid', value: ID }), {}, false],
    ['a JWT (its own rule)', makeCookie({ name: 'token', value: JWT }), {}, false],
  ],
  'cookies-value-is-jwt': [
    ['a JWT', makeCookie({ name: 'token', value: JWT }), {}, true],
    ['an unsigned JWT', makeCookie({ name: 'auth', value: jwtOf({ alg: 'none' }, { sub: '1' }) }), {}, true],
    ['three base64 parts without alg: Flask, not a JWT', makeCookie({ name: 'session', value: FLASK_SESSION }), {}, false],
    ['an opaque id', makeCookie({ name: 'token', value: ID }), {}, false],
  ],
  'cookies-session-id-predictable': [
    ['numeric PHPSESSID', makeCookie({ name: 'PHPSESSID', value: '10432' }), {}, true],
    ['a counter', makeCookie({ name: 'sid', value: 'sess_000123' }), {}, true],
    ['8 hex digits', makeCookie({ name: 'session', value: 'a3f91c07' }), {}, true],
    ['128 random bits', makeCookie({ name: 'PHPSESSID', value: ID }), {}, false],
    ['not a session cookie', makeCookie({ name: 'cart', value: '3' }), {}, false],
    ['a flag in a session-named cookie', makeCookie({ name: 'login', value: 'yes' }), {}, false],
  ],
  'cookies-without-secure-flag': [
    ['without Secure', makeCookie({ secure: false }), {}, true],
    ['without Secure on an http page', makeCookie({ secure: false }), { pageUrl: HTTP_PAGE }, true],
    ['with Secure', makeCookie(), {}, false],
    ['protected by HSTS', makeCookie({ secure: false }), { hsts: true }, false],
    ['a session cookie: the session rule replaces it', makeCookie({ name: 'PHPSESSID', secure: false }), {}, false],
  ],
  'cookies-without-secure-flag-but-protected-by-hsts': [
    ['without Secure, HSTS', makeCookie({ secure: false }), { hsts: true }, true],
    ['with Secure', makeCookie(), { hsts: true }, false],
    ['a session cookie: the session rule replaces it', makeCookie({ name: 'PHPSESSID', secure: false }), { hsts: true }, false],
  ],
  'cookies-samesite-flag-invalid': [
    ['unknown value', makeCookie({ sameSite: 'unspecified' }), { line: 'theme=…; Secure; HttpOnly; SameSite=Lox' }, true],
    ['bare SameSite', makeCookie({ sameSite: 'unspecified' }), { line: 'theme=…; Secure; HttpOnly; SameSite' }, true],
    ['None without Secure', makeCookie({ sameSite: 'no_restriction', secure: false }), {}, true],
    ['valid value in any case', makeCookie(), { line: 'theme=…; Secure; HttpOnly; SameSite=lAX' }, false],
    ['None with Secure', makeCookie({ sameSite: 'no_restriction' }), {}, false],
  ],
  'cookies-anticsrf-without-samesite-flag': [
    ['Django csrftoken', makeCookie({ name: 'csrftoken', sameSite: 'unspecified' }), {}, true],
    ['Angular XSRF-TOKEN', makeCookie({ name: 'XSRF-TOKEN', sameSite: 'unspecified' }), {}, true],
    ['invalid value counts as unset', makeCookie({ name: 'csrftoken', sameSite: 'unspecified' }), { line: 'csrftoken=…; SameSite=yes' }, true],
    ['with SameSite=Lax', makeCookie({ name: 'csrftoken' }), {}, false],
    ['with SameSite=None: set, as Observatory requires', makeCookie({ name: 'csrftoken', sameSite: 'no_restriction' }), {}, false],
    ['not an anti-CSRF name', makeCookie({ sameSite: 'unspecified' }), {}, false],
  ],
  'cookies-samesite-unset': [
    ['unspecified', makeCookie({ sameSite: 'unspecified' }), {}, true],
    ['third party, unspecified', tracker({ sameSite: 'unspecified' }), {}, true],
    ['Lax', makeCookie(), {}, false],
    ['anti-CSRF cookie: its own rule replaces it', makeCookie({ name: 'csrftoken', sameSite: 'unspecified' }), {}, false],
    ['invalid value: the invalid rule replaces it', makeCookie({ sameSite: 'unspecified' }), { line: 'theme=…; SameSite=Lox' }, false],
  ],
  'cookies-host-prefix-invalid': [
    ['with Domain', makeCookie({ name: '__Host-id', domain: 'example.com', hostOnly: false }), {}, true],
    ['with a narrower Path', makeCookie({ name: '__Host-id', path: '/account' }), {}, true],
    ['lower-case prefix without Secure', makeCookie({ name: '__host-id', secure: false }), {}, true],
    ['Secure, host-only, Path=/', makeCookie({ name: '__Host-id' }), {}, false],
    ['no prefix', makeCookie({ name: 'Host-id', path: '/account' }), {}, false],
  ],
  'cookies-secure-prefix-invalid': [
    ['without Secure', makeCookie({ name: '__Secure-id', secure: false }), {}, true],
    ['with Secure and Domain', makeCookie({ name: '__Secure-id', domain: 'example.com', hostOnly: false }), {}, false],
    ['__Host- without Secure: the __Host- rule reports it', makeCookie({ name: '__Host-id', secure: false }), {}, false],
  ],
  'cookies-first-party-set-by-third-party-script': [
    ['a GA client id written by the Google tag', gaCookie(), { script: GTAG }, true],
    ['_fbp written by the Meta pixel', gaCookie({ name: '_fbp', value: 'fb.1.1732611634123.918273645' }), { script: 'https://connect.facebook.net/en_US/fbevents.js' }, true],
    ['the same id written by the site’s own script', gaCookie(), { script: 'https://static.example.com/analytics.js' }, false],
    ['the same id written by an inline script of the page', gaCookie(), { script: PAGE_URL }, false],
    ['a flag, not an identifier, written by the Google tag', gaCookie({ name: '_gat', value: '1' }), { script: GTAG }, false],
    ['an identifier no script was reported for', gaCookie(), { setByScript: true }, false],
    ['a third party’s own cookie written by its script', tracker(), { script: 'https://tracker.example/t.js' }, false],
  ],
  'cookies-partitioned-without-secure': [
    ['Partitioned, not Secure', tracker({ secure: false }), { line: 'uid=…; SameSite=None; Partitioned' }, true],
    ['Partitioned and Secure', tracker(), { line: 'uid=…; Secure; SameSite=None; Partitioned' }, false],
    [
      'partitioned by Firefox, no Partitioned attribute',
      tracker({ secure: false, partitionKey: { topLevelSite: 'https://example.com' }, partitionSite: 'example.com' }),
      {},
      false,
    ],
  ],
  'cookies-lifetime-over-400-days': [
    ['Max-Age of two years in the line', makeCookie({ expirationDate: inDays(400) }), { line: 'theme=…; Max-Age=63072000' }, true],
    ['expires in 401 days', makeCookie({ expirationDate: inDays(401) }), {}, true],
    ['expires in exactly 400 days', makeCookie({ expirationDate: inDays(400) }), {}, false],
    ['Max-Age in the line wins over Expires', makeCookie(), { line: `theme=…; Expires=${httpDate(500)}; Max-Age=3600` }, false],
  ],
  'cookies-lifetime-over-13-months': [
    ['expires in 396 days', makeCookie({ expirationDate: inDays(396) }), {}, true],
    ['Expires in the line, 398 days from now', makeCookie(), { line: `theme=…; Expires=${httpDate(398)}` }, true],
    ['expires in 395 days', makeCookie({ expirationDate: inDays(395) }), {}, false],
    ['browser-session cookie', makeBrowserSessionCookie(), {}, false],
    ['over 400 days: the 400-day rule replaces it', makeCookie({ expirationDate: inDays(500) }), {}, false],
  ],
  'cookies-size-near-limit': [
    ['3585 bytes', makeCookie({ value: 'a'.repeat(3580) }), {}, true],
    ['multi-byte characters count as bytes', makeCookie({ value: 'é'.repeat(1800) }), {}, true],
    ['3584 bytes', makeCookie({ value: 'a'.repeat(3579) }), {}, false],
  ],
  'cookies-domain-wider-than-needed': [
    ['Domain=example.com set from www', makeCookie({ domain: 'example.com', hostOnly: false }), {}, true],
    ['on the registrable domain itself', makeCookie({ domain: 'example.com', hostOnly: false }), { pageUrl: 'https://example.com/' }, false],
    ['host-only', makeCookie(), {}, false],
    ['Domain narrower than the site', makeCookie({ domain: 'www.example.com', hostOnly: false }), {}, false],
    ['third party', tracker(), {}, false],
  ],
  'cookies-third-party-tracking-identifier': [
    ['long-lived identifier, SameSite=None', tracker(), {}, true],
    ['SameSite unset: Firefox and Safari send it cross-site', tracker({ sameSite: 'unspecified' }), {}, true],
    ['partitioned', tracker({ partitionKey: { topLevelSite: 'https://example.com' }, partitionSite: 'example.com' }), {}, false],
    ['SameSite=Lax', tracker({ sameSite: 'lax' }), {}, false],
    ['not an identifier', tracker({ value: 'en-GB' }), {}, false],
    ['lives 7 days', tracker({ expirationDate: inDays(7) }), {}, false],
    ['first party', tracker({ domain: 'example.com' }), {}, false],
  ],
};

/** One cookie's findings, as the report gives them. */
const auditCookie = (cookie: Cookie, context: Parameters<typeof auditSite>[1]) => auditSite([cookie], context).findings[cookieKey(cookie)];

const ids = (cookie: Cookie, context: ContextOptions): string[] =>
  auditCookie(cookie, makeContext(cookie, context)).map((f) => f.id);

describe('cookie rules', () => {
  it('flag nothing on a Secure, HttpOnly, SameSite=Lax cookie with a short life', () => {
    expect(auditCookie(makeCookie(), makeContext(makeCookie()))).toEqual([]);
  });

  for (const [id, cases] of Object.entries(CASES)) {
    describe(id, () => {
      it.each(cases)('%s', (_description, cookie, context, fires) => {
        expect(ids(cookie, context).includes(id)).toBe(fires);
      });
    });
  }

  it('each have cases that fire and cases that do not', () => {
    for (const rule of COOKIE_RULES) {
      const fires = (CASES[rule.id] ?? []).map(([, , , f]) => f);
      expect(fires, rule.id).toContain(true);
      expect(fires, rule.id).toContain(false);
    }
  });

  it('include the value rules whose findings link to the lesson', () => {
    const known = COOKIE_RULES.map((r) => r.id);
    for (const id of VALUE_RULE_IDS) expect(known).toContain(id);
  });

  it('have unique ids and supersede only rules that exist', () => {
    const known = COOKIE_RULES.map((r) => r.id);
    expect(new Set(known).size).toBe(known.length);
    for (const rule of COOKIE_RULES) for (const id of rule.supersedes ?? []) expect(known).toContain(id);
  });
});

describe('findings', () => {
  it('are sorted most severe first', () => {
    const cookie = makeCookie({ name: 'PHPSESSID', secure: false, httpOnly: false, sameSite: 'unspecified' });
    const severities = auditCookie(cookie, makeContext(cookie)).map((f) => f.severity);
    expect(severities).toEqual(['high', 'high', 'low']);
  });

  it('never contain the cookie value', () => {
    const value = 'S3cr3tV4lu3x9Q2z7LkP';
    for (const cases of Object.values(CASES)) {
      for (const [, base, context] of cases) {
        const cookie = { ...base, value };
        const text = JSON.stringify(auditCookie(cookie, makeContext(cookie, context)));
        expect(text).not.toContain(value);
      }
    }
  });
});

describe('value findings', () => {
  const finding = (id: string, cookie: Cookie, context: ContextOptions = {}) =>
    auditCookie(cookie, makeContext(cookie, context)).find((f) => f.id === id);

  it.each<[string, Cookie, ContextOptions, string]>([
    ['auth state a script can read: high', makeCookie({ name: 'isLoggedIn', value: 'true', httpOnly: false }), { setByScript: true }, 'high'],
    ['auth state out of scripts\' reach: medium', makeCookie({ name: 'session', value: FLASK_SESSION }), {}, 'medium'],
    ['session data that is not auth, script-readable: medium', makeCookie({ name: 'sessionid', value: '{"cart":[1]}', httpOnly: false }), {}, 'medium'],
  ])('session data: %s', (_description, cookie, context, severity) => {
    expect(finding('cookies-value-holds-session-data', cookie, context)?.severity).toBe(severity);
  });

  it.each<[string, Cookie, string]>([
    ['script-readable: high', makeCookie({ name: 'token', value: JWT, httpOnly: false }), 'high'],
    ['alg none, HttpOnly: high', makeCookie({ name: 'token', value: jwtOf({ alg: 'none' }, { sub: '1', exp: NOW / 1000 + 60 }) }), 'high'],
    ['HttpOnly, no exp: medium', makeCookie({ name: 'token', value: jwtOf({ alg: 'RS256' }, { sub: '1' }) }), 'medium'],
    ['HttpOnly, signed, with exp: low', makeCookie({ name: 'token', value: JWT }), 'low'],
  ])('JWT: %s', (_description, cookie, severity) => {
    expect(finding('cookies-value-is-jwt', cookie)?.severity).toBe(severity);
  });

  it('name what was seen: format, keys and the signature, never a value', () => {
    const value = `${b64url('{"_user_id":"1042","role":"admin"}')}.aGgaAA.c2lnbmF0dXJlLWJ5dGVzLW9mLWZsYXNr`;
    const found = finding('cookies-value-holds-session-data', makeCookie({ name: 'session', value }))!;
    expect(found.why).toMatch(
      /^What it holds: Flask's signed session \(itsdangerous\): base64 JSON with the keys "_user_id", "role"\. Flask signs it with the app's SECRET_KEY: signed, so it cannot be forged, but anyone with the cookie can read it\. A session belongs on the server/,
    );
    expect(found.fix).toMatch(/Flask-Session.*Set-Cookie: session=…; Path=\/;.*Secure; HttpOnly; SameSite=Lax/);
    expect(JSON.stringify(found)).not.toMatch(/1042|admin/);
  });

  it("compare the JWT's expiry with the cookie's own", () => {
    const why = (claims: object, cookie: Partial<Cookie> = {}) =>
      finding('cookies-value-is-jwt', makeCookie({ name: 'token', value: jwtOf({ alg: 'HS256' }, claims), ...cookie }))!.why;
    expect(why({ sub: '1', email: 'a@b.example', exp: NOW / 1000 + 900 })).toMatch(
      /^What it holds: a JWT signed with HS256, with the claims "sub", "email", "exp"\. The token expires in 15 minutes, the cookie in 30 days\. After that the browser keeps sending a dead token\./,
    );
    expect(why({ exp: NOW / 1000 + 90 * DAY })).toContain('The token expires in 3 months, the cookie in 30 days. A copy taken from the cookie keeps working after the cookie is gone.');
    expect(why({ exp: NOW / 1000 - 60 })).toContain('The token has expired, but the cookie still carries it.');
    expect(why({ sub: '1' })).toContain('It has no "exp" claim, so it never expires');
    expect(why({ exp: NOW / 1000 + 3600 }, { session: true, expirationDate: undefined })).toContain(
      'The token expires in 1 hour; the cookie lasts until the browser closes.',
    );
  });

  it('a script-readable JWT replaces the session rule that says the same', () => {
    const cookie = makeCookie({ name: 'auth_token', value: JWT, httpOnly: false });
    const found = ids(cookie, {});
    expect(found).toContain('cookies-value-is-jwt');
    expect(found).not.toContain('cookies-session-without-httponly-flag');
  });

  it('say how guessable a session id is', () => {
    const found = finding('cookies-session-id-predictable', makeCookie({ name: 'PHPSESSID', value: '10432' }))!;
    expect(found.severity).toBe('high');
    expect(found.why).toMatch(/^What it holds: only digits, 5 of them \(about 16 bits\)\. A session id is the key/);
    expect(found.fix).toMatch(/crypto\.randomBytes\(16\).*Set-Cookie: PHPSESSID=…;/);
  });

  it('tell a script that sets login state to leave it to the server', () => {
    const cookie = makeCookie({ name: 'isLoggedIn', value: 'true', httpOnly: false });
    expect(finding('cookies-value-holds-session-data', cookie, { setByScript: true })?.fix).toMatch(
      /scripts cannot set HttpOnly.*Set-Cookie: isLoggedIn=…; Path=\/; .*Secure; HttpOnly; SameSite=Lax/,
    );
  });
});

describe('fixes', () => {
  const fixOf = (id: string, cookie: Cookie, context: ContextOptions = {}): string | undefined =>
    auditCookie(cookie, makeContext(cookie, context)).find((f) => f.id === id)?.fix;

  it('give the corrected Set-Cookie line with … for the value', () => {
    const cookie = makeBrowserSessionCookie({ name: 'sid', value: ID, httpOnly: false });
    expect(fixOf('cookies-session-without-httponly-flag', cookie)).toBe(
      'Set-Cookie: sid=…; Path=/; Secure; HttpOnly; SameSite=Lax',
    );
  });

  it('keep Domain and the expiry date', () => {
    const cookie = makeCookie({ domain: 'example.com', hostOnly: false, secure: false, expirationDate: inDays(1) });
    expect(fixOf('cookies-without-secure-flag', cookie)).toBe(
      `Set-Cookie: theme=…; Domain=example.com; Path=/; Expires=${httpDate(1)}; Secure; HttpOnly; SameSite=Lax`,
    );
  });

  it('cap the lifetime with Max-Age instead of Expires', () => {
    const cookie = makeBrowserSessionCookie();
    expect(fixOf('cookies-lifetime-over-400-days', cookie, { line: 'theme=…; Max-Age=99999999; Secure; HttpOnly; SameSite=Lax' })).toBe(
      'Set-Cookie: theme=…; Path=/; Max-Age=34128000; Secure; HttpOnly; SameSite=Lax',
    );
  });

  it('drop Domain for a cookie wider than needed', () => {
    const cookie = makeBrowserSessionCookie({ domain: 'example.com', hostOnly: false });
    expect(fixOf('cookies-domain-wider-than-needed', cookie)).toBe('Set-Cookie: theme=…; Path=/; Secure; HttpOnly; SameSite=Lax');
  });

  it('say to move to https first when the page is http', () => {
    const cookie = makeCookie({ name: 'PHPSESSID', secure: false });
    expect(fixOf('cookies-session-without-secure-flag', cookie, { pageUrl: HTTP_PAGE })).toMatch(/^Serve the site over https/);
    expect(fixOf('cookies-session-without-secure-flag', cookie)).toMatch(/^Set-Cookie: PHPSESSID=…;.* Secure;/);
  });

  it('say to set HttpOnly from the server when a script writes the cookie', () => {
    const cookie = makeBrowserSessionCookie({ name: 'sid', httpOnly: false });
    expect(fixOf('cookies-session-without-httponly-flag', cookie, { setByScript: true })).toMatch(
      /scripts cannot set HttpOnly.*Set-Cookie: sid=…; Path=\/; Secure; HttpOnly/,
    );
  });

  it('suggest SameSite=None; Secure for a third party that needs to work cross-site', () => {
    const cookie = tracker({ sameSite: 'unspecified', secure: false, expirationDate: undefined, session: true });
    expect(fixOf('cookies-samesite-unset', cookie)).toBe(
      'If the embed needs it cross-site: Set-Cookie: uid=…; Domain=tracker.example; Path=/; Secure; SameSite=None',
    );
  });
});
