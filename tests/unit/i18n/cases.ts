/**
 * Cookies, values and consent inputs that between them take every branch of the words the audit
 * composes: each rule's fix and what it saw, each value verdict, each consent finding. Fixed
 * values only, so that the words are the same on every run (english-findings.json holds them).
 */
import { deflateSync } from 'node:zlib';
import type { AuditContext } from '../../../lib/audit';
import type { Cookie } from '../../../lib/cookies/cookie';
import type { ConsentAuditInput, CookieWrite, PartyActivity, StorageKeyWrite } from '../../../lib/consent/audit';
import type { ConsentSignal } from '../../../lib/consent/signals';
import { DAY, NOW, makeBrowserSessionCookie, makeContext, makeCookie, type ContextOptions } from '../audit/helpers';

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');
const b64 = (data: Buffer | string): string => Buffer.from(data).toString('base64');
/** A random-looking id: long, mixed, no repeats. */
const ID = '3f2a9c0e7b5d4a1f8e6c2b9d0a7f3e5c';
const SIG = 'c2lnbmF0dXJlLWJ5dGVzLW9mLWZsYXNr';

const flask = (data: object, compress = false) => `${compress ? `.${b64url(deflateSync(JSON.stringify(data)))}` : b64url(JSON.stringify(data))}.aGgaAA.${SIG}`;
const django = (data: object) => `.${b64url(deflateSync(JSON.stringify(data)))}:1abcdef:${SIG}`;
const railsSigned = (data: unknown) => encodeURIComponent(`${b64(JSON.stringify({ _rails: { data, pur: 'cookie.remember_user' } }))}--${'ab'.repeat(32)}`);
const railsMarshal = () => encodeURIComponent(`${b64(Buffer.from([4, 8, 123, 6, 58, 6, 69, 70]))}--${'cd'.repeat(20)}`);
const railsGcm = () => encodeURIComponent(`${b64(Buffer.alloc(40, 7))}--${b64(Buffer.alloc(12, 1))}--${b64(Buffer.alloc(16, 2))}`);
const railsCbc = () => {
  const inner = b64(`${b64(Buffer.alloc(32, 3))}--${b64(Buffer.alloc(16, 4))}`);
  return encodeURIComponent(`${inner}--${'ef'.repeat(20)}`);
};
const laravel = () => encodeURIComponent(b64(JSON.stringify({ iv: b64(Buffer.alloc(16, 5)), value: b64(Buffer.alloc(32, 6)), mac: 'ab'.repeat(32), tag: '' })));
const expressSigned = (inner: string) => `s:${inner}.${'A'.repeat(43)}`;
const jwt = (header: object, payload: object) => `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${SIG}`;
const NOW_S = NOW / 1000;

export interface ValueCase {
  label: string;
  name: string;
  value: string;
  signatureCookie?: boolean;
}

/** One value of each kind and format the value inspector tells apart. */
export const VALUE_CASES: ValueCase[] = [
  { label: 'jwt', name: 'token', value: jwt({ alg: 'HS256', typ: 'JWT' }, { sub: '42', role: 'admin', exp: NOW_S + 3600 }) },
  { label: 'jwt one claim', name: 'token', value: jwt({ alg: 'RS256' }, { sub: '42' }) },
  { label: 'jwt no claims named', name: 'token', value: jwt({ alg: 'RS256' }, { [ID]: 1 }) },
  { label: 'jwt many claims', name: 'token', value: jwt({ alg: 'HS512' }, Object.fromEntries('abcdefghijkl'.split('').map((k) => [`claim_${k}`, 1]))) },
  { label: 'jwt no claims', name: 'token', value: jwt({ alg: 'HS256' }, {}) },
  { label: 'jwt two claims not named', name: 'token', value: jwt({ alg: 'HS256' }, { [ID]: 1, 'a claim with spaces': 2 }) },
  { label: 'jwt none', name: 'jwt', value: jwt({ alg: 'none' }, { sub: '42', admin: true }) },
  { label: 'jwt none no claims', name: 'jwt', value: jwt({ alg: 'none' }, {}) },
  { label: 'jwe', name: 'session-token', value: `${b64url(JSON.stringify({ alg: 'dir', enc: 'A256GCM' }))}..${b64url('iv-bytes-here')}.${b64url('ciphertext')}.${b64url('tag')}` },
  { label: 'flask', name: 'session', value: flask({ _user_id: '42', _fresh: true }) },
  { label: 'flask zlib', name: 'session', value: flask({ cart: [1, 2], theme: 'dark' }, true) },
  { label: 'django', name: 'sessionid', value: django({ _auth_user_id: '42', _auth_user_backend: 'x' }) },
  { label: 'django uncompressed', name: 'sessionid', value: `${b64url(JSON.stringify({ _auth_user_id: '42' }))}:1abcdef:${SIG}` },
  { label: 'express signed json', name: 'prefs', value: expressSigned(`j:${JSON.stringify({ userId: 42 })}`) },
  { label: 'express signed id', name: 'connect.sid', value: expressSigned(ID) },
  { label: 'express json', name: 'cart', value: `j:${JSON.stringify({ user: 'alice' })}` },
  { label: 'cookie-session', name: 'session', value: b64(JSON.stringify({ userId: 42 })), signatureCookie: true },
  { label: 'base64 json', name: 'state', value: b64(JSON.stringify({ uid: 1, isAdmin: true })) },
  { label: 'rails signed json', name: 'remember', value: railsSigned({ user_id: 42 }) },
  { label: 'rails signed plain', name: 'remember', value: railsSigned('alice@example.com') },
  { label: 'rails marshal', name: '_app_session', value: railsMarshal() },
  { label: 'rails gcm', name: '_app_session', value: railsGcm() },
  { label: 'rails cbc', name: '_app_session', value: railsCbc() },
  { label: 'laravel', name: 'laravel_session', value: laravel() },
  { label: 'aspnet', name: '.AspNetCore.Session', value: `CfDJ8${'A'.repeat(60)}` },
  { label: 'iron', name: 'sid', value: `Fe26.2**${ID}*${ID}` },
  { label: 'json', name: 'user', value: JSON.stringify({ id: 1, name: 'x', loggedIn: true }) },
  { label: 'json with email', name: 'profile', value: JSON.stringify({ email: 'alice@example.com' }) },
  { label: 'url json', name: 'prefs', value: encodeURIComponent(JSON.stringify({ theme: 'dark', role: 'admin' })) },
  { label: 'json unnamed keys', name: 'state', value: JSON.stringify({ [ID]: 1 }) },
  { label: 'json unnamed keys, two', name: 'state', value: JSON.stringify({ [ID]: 1, 'a key with spaces': 1 }) },
  { label: 'json many keys', name: 'state', value: JSON.stringify(Object.fromEntries('abcdefghij'.split('').map((k) => [`key_${k}`, 1]))) },
  { label: 'php', name: 'data', value: 'a:2:{s:7:"user_id";i:42;s:4:"role";s:5:"admin";}' },
  { label: 'php class', name: 'data', value: 'O:4:"User":1:{s:2:"id";i:42;}' },
  { label: 'php unnamed class', name: 'data', value: 'O:8:"My Class":1:{s:2:"id";i:42;}' },
  { label: 'key=value', name: 'info', value: 'username=alice&role=admin&lang=en' },
  { label: 'login flag', name: 'isLoggedIn', value: 'true' },
  { label: 'role', name: 'role', value: 'admin' },
  { label: 'user id', name: 'user_id', value: '42' },
  { label: 'email', name: 'email', value: 'alice%40example.com' },
  { label: 'digits', name: 'PHPSESSID', value: '123456' },
  { label: 'counter', name: 'sid', value: 'sess_000123' },
  { label: 'short', name: 'sid', value: 'a1B2c3D4' },
  { label: 'repeated', name: 'sid', value: 'abcabcabcabcabcabcabcabcabcabc' },
  { label: 'random', name: 'sid', value: ID },
  { label: 'plain', name: 'theme', value: 'dark' },
];

export interface AuditCase {
  label: string;
  cookies: Cookie[];
  context: AuditContext;
}

const HTTP_PAGE = 'http://www.example.com/account';
const one = (label: string, cookie: Cookie, options: ContextOptions = {}): AuditCase => ({ label, cookies: [cookie], context: makeContext(cookie, options) });
const session = (value: string, overrides: Partial<Cookie> = {}) => makeCookie({ name: 'session', value, ...overrides });

/** Cookies that take each rule, and each branch of its fix and of what it saw. */
export function auditCases(): AuditCase[] {
  const cases: AuditCase[] = [
    one('session over http', makeCookie({ name: 'PHPSESSID', value: ID, secure: false, httpOnly: false, sameSite: 'unspecified' }), { pageUrl: HTTP_PAGE }),
    one('session over https', makeCookie({ name: 'PHPSESSID', value: ID, secure: false }), {}),
    one('session by a script', makeCookie({ name: 'sessionid', value: ID, httpOnly: false }), { setByScript: true }),
    one('session under HSTS', makeCookie({ name: 'sid', value: ID, secure: false }), { hsts: true }),
    one('cookie under HSTS', makeCookie({ name: 'theme', value: 'dark', secure: false }), { hsts: true }),
    one('cookie over http', makeCookie({ name: 'theme', value: 'dark', secure: false }), { pageUrl: HTTP_PAGE }),
    one('invalid SameSite', makeCookie({ name: 'pref', value: 'x', sameSite: 'unspecified' }), { line: 'pref=x; Secure; HttpOnly; SameSite=Bogus' }),
    one('None without Secure over http', makeCookie({ name: 'pref', value: 'x', secure: false, sameSite: 'no_restriction' }), { pageUrl: HTTP_PAGE }),
    one('anti-CSRF', makeCookie({ name: 'csrftoken', value: ID, sameSite: 'unspecified' })),
    one('__Host-', makeCookie({ name: '__Host-id', value: 'x', path: '/account' })),
    one('__Secure-', makeCookie({ name: '__Secure-id', value: 'x', secure: false })),
    one('Partitioned', makeCookie({ name: 'embed', value: 'x', secure: false }), { line: 'embed=x; HttpOnly; SameSite=Lax; Partitioned' }),
    one('third-party script', makeCookie({ name: '_ga', value: 'GA1.1.1234567890.1700000000', httpOnly: false }), { script: 'https://www.googletagmanager.com/gtag/js' }),
    one('over 400 days', makeCookie({ name: 'pref', value: 'x', expirationDate: NOW_S + 500 * DAY })),
    one('over 13 months', makeCookie({ name: 'pref', value: 'x', expirationDate: NOW_S + 398 * DAY })),
    one('near the size limit', makeCookie({ name: 'big', value: 'x'.repeat(3800) })),
    one('wide domain', makeCookie({ name: 'pref', value: 'x', hostOnly: false, domain: 'example.com' })),
    one('tracking identifier', makeCookie({ name: 'uid', value: ID, domain: 'tracker.test', sameSite: 'no_restriction', expirationDate: NOW_S + 365 * DAY })),
    one('third party without SameSite', makeCookie({ name: 'embed', value: 'x', domain: 'video.test', sameSite: 'unspecified' })),
    one('first party without SameSite', makeCookie({ name: 'pref', value: 'x', sameSite: 'unspecified' })),
    // What a value holds, each framework's advice, by the server and by a script.
    ...VALUE_CASES.flatMap((v) => [
      one(`value ${v.label}`, makeCookie({ name: v.name, value: v.value, httpOnly: false, expirationDate: NOW_S + 2 * 3600 })),
      one(`value ${v.label} by a script`, makeCookie({ name: v.name, value: v.value, httpOnly: true }), { setByScript: true }),
    ]),
    one('flask session', session(flask({ _user_id: '42' }))),
    {
      label: 'signed cookie-session',
      cookies: [session(b64(JSON.stringify({ userId: 42 }))), makeCookie({ name: 'session.sig', value: 'xJ5Yl0sVZ3pKq1wN8rT2aBcDeFg' })],
      context: makeContext(session(b64(JSON.stringify({ userId: 42 })))),
    },
    one('weak session id', makeCookie({ name: 'PHPSESSID', value: '123456' })),
    one('jwt, cookie for the session', makeBrowserSessionCookie({ name: 'token', value: jwt({ alg: 'HS256' }, { sub: '1', exp: NOW_S + 3600 }) })),
    one('jwt outlives the cookie', makeCookie({ name: 'token', value: jwt({ alg: 'HS256' }, { sub: '1', exp: NOW_S + 90 * DAY }), expirationDate: NOW_S + DAY })),
    one('jwt dies before the cookie', makeCookie({ name: 'token', value: jwt({ alg: 'HS256' }, { sub: '1', exp: NOW_S + 600 }), expirationDate: NOW_S + 30 * DAY })),
    one('jwt and cookie together', makeCookie({ name: 'token', value: jwt({ alg: 'HS256' }, { sub: '1', exp: NOW_S + 5 * DAY }), expirationDate: NOW_S + 5 * DAY })),
    one('jwt expired', makeCookie({ name: 'token', value: jwt({ alg: 'HS256' }, { sub: '1', exp: NOW_S - 60 }) })),
    one('jwt without exp', makeCookie({ name: 'token', value: jwt({ alg: 'ES256' }, { sub: '1' }) })),
    one('jwt unsigned by a script', makeCookie({ name: 'token', value: jwt({ alg: 'none' }, { sub: '1' }), httpOnly: false }), { setByScript: true }),
  ];
  // The Cookie header over 8 KiB.
  const big = ['a', 'b', 'c', 'd', 'e'].map((name, i) => makeCookie({ name, value: 'v'.repeat(2000 - i * 100) }));
  cases.push({ label: 'cookie header too large', cookies: big, context: makeContext(big[0]) });
  return cases;
}

const START = 1_000_000;
const at = (s: number) => START + s * 1000;
const tcf = (time: number, kind: ConsentSignal['kind']): ConsentSignal => ({ source: 'tcf', time, kind, earlier: false, cmpId: 28, purposes: kind === 'accepted' ? [1, 2, 3] : [] });
const gpp = (time: number, kind: ConsentSignal['kind']): ConsentSignal => ({ source: 'gpp', time, kind, earlier: false, cmpId: 7, purposes: [] });
const mode = (time: number, command: 'default' | 'update', kind: ConsentSignal['kind']): ConsentSignal => ({ source: 'consent-mode', time, kind, earlier: false, command, consentMode: { ad_storage: 'denied', analytics_storage: 'denied' } });
const write = (name: string, time: number, category: string | null, domain = 'shop.test'): CookieWrite => ({ key: `${name}@${domain}`, name, domain, time, category });
const stored = (key: string, setAt: number[], category: string | null, area: StorageKeyWrite['area'] = 'local'): StorageKeyWrite => ({ id: `https://shop.test ${area} ${key}`, origin: 'https://shop.test', area, key, setAt, category });
const party = (site: string, trackedAt: number[], example = true): PartyActivity => ({ site, firstSeen: trackedAt[0] ?? START, tracking: trackedAt.length > 0, trackedAt, example: example ? `https://${site}/p.gif?id=1` : null });

/** Pages that give each kind of consent finding. */
export const CONSENT_CASES: { label: string; input: ConsentAuditInput }[] = [
  {
    label: 'tcf: before the choice and after the refusal',
    input: {
      signals: [tcf(at(1), 'none'), tcf(at(6), 'refused')],
      pageStartedAt: START,
      writes: [write('_ga', at(0.5), 'Analytics'), write('xyz', at(0.3), null), write('_fbp', at(7), 'Marketing'), write('abc', at(8), null)],
      parties: [party('px.tracker.test', [at(0.6), at(7)]), party('beacon.test', [at(0.7), at(8)], false)],
    },
  },
  {
    label: 'consent mode denied, many things done anyway',
    input: {
      signals: [mode(at(1), 'default', 'none'), mode(at(2), 'update', 'refused')],
      pageStartedAt: START,
      writes: [write('_ga', at(3), 'Analytics')],
      storage: [stored('ajs_anonymous_id', [at(3)], 'Analytics'), stored('amp_id', [at(4)], 'Analytics', 'session')],
      parties: [party('px.tracker.test', [at(5)])],
    },
  },
  {
    label: 'consent mode denied, more than five',
    input: {
      signals: [mode(at(1), 'default', 'none')],
      pageStartedAt: START,
      writes: ['_ga', '_gid', '_gcl_au', '_fbp', 'ajs_user', '_uetsid', '_clck'].map((n, i) => write(n, at(3 + i), i < 3 ? 'Analytics' : 'Marketing')),
      parties: [],
    },
  },
  {
    label: 'gpp refused',
    input: { signals: [gpp(at(1), 'refused')], pageStartedAt: START, writes: [write('_ga', at(2), 'Analytics')], parties: [] },
  },
];

/** Every word the audit writes for the cases above, as the report has them (English). */
export function englishOf(audit: typeof import('../../../lib/audit').auditSite, inspect: typeof import('../../../lib/audit/value').inspectValue, describe: typeof import('../../../lib/audit/value').describeValue, consent: typeof import('../../../lib/consent/audit').auditConsent) {
  const findings = Object.fromEntries(
    auditCases().map(({ label, cookies, context }) => {
      const result = audit(cookies, context);
      const all = [...Object.entries(result.findings).flatMap(([key, list]) => list.map((f) => ({ key, f }))), ...result.siteFindings.map((f) => ({ key: 'site', f }))];
      return [label, all.map(({ key, f }) => ({ cookie: key.split('\u0000').at(-1), id: f.id, why: f.why, fix: f.fix, ...(f.seen ? { seen: f.seen } : {}) }))];
    }),
  );
  const values = Object.fromEntries(VALUE_CASES.map((v) => [v.label, describe(inspect(v.name, v.value, { signatureCookie: v.signatureCookie }))]));
  const consentFindings = Object.fromEntries(CONSENT_CASES.map(({ label, input }) => [label, consent(input).report.findings.map(({ id, title, why, fix }) => ({ id, title, why, fix }))]));
  return { findings, values, consent: consentFindings };
}
