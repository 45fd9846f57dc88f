/**
 * What a cookie's value is, on real formats: made by the real libraries where they are on npm
 * (jsonwebtoken, jose, cookie-session, cookie-signature, php-serialize), else built by hand to
 * the framework's documented format (Flask, Django, Rails, Laravel), with real HMACs, ciphers
 * and zlib so that every byte is where the framework puts it.
 */
import { createCipheriv, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import cookieSession from 'cookie-session';
import { sign as signCookie } from 'cookie-signature';
import { EncryptJWT, SignJWT, generateKeyPair } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { serialize as phpSerialize } from 'php-serialize';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeValue, estimatedBits, inspectValue, keyList, type ValueVerdict } from '../../../lib/audit/value';

const SECRET = 'a-secret-only-the-server-knows';
const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');
const b64 = (data: Buffer | string): string => Buffer.from(data).toString('base64');

/** Flask's session: itsdangerous URLSafeTimedSerializer, salt "cookie-session", HMAC-SHA1, key derivation "hmac". */
function flaskSession(data: object, { compress = false } = {}): string {
  const json = JSON.stringify(data);
  const payload = compress ? `.${b64url(deflateSync(json))}` : b64url(json);
  const timestamp = b64url(Buffer.from([0x68, 0x2f, 0x1a, 0x00]));
  const key = createHmac('sha1', SECRET).update('cookie-session').digest();
  const signature = b64url(createHmac('sha1', key).update(`${payload}.${timestamp}`).digest());
  return `${payload}.${timestamp}.${signature}`;
}

/** Django's signing.dumps(…, compress=True) as the signed_cookies session engine calls it: base62 timestamp, HMAC-SHA256. */
function djangoSigned(data: object): string {
  const json = JSON.stringify(data);
  const payload = `.${b64url(deflateSync(json))}`;
  const timestamp = (1_750_000_000).toString(36);
  const signature = b64url(createHmac('sha256', SECRET).update(`${payload}:${timestamp}`).digest());
  return `${payload}:${timestamp}:${signature}`;
}

/** Rails 5.2+ encrypted cookie: AES-256-GCM, `data--iv--authTag`, URL-escaped by Rack. */
function railsEncrypted(data: object): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', randomBytes(32), iv);
  const encrypted = Buffer.concat([cipher.update(JSON.stringify({ _rails: { data, exp: null, pur: 'cookie._app_session' } })), cipher.final()]);
  return encodeURIComponent(`${b64(encrypted)}--${b64(iv)}--${b64(cipher.getAuthTag())}`);
}

/** Rails before 5.2: AES-256-CBC `base64(data)--base64(iv)`, then signed with a hex HMAC. */
function railsEncryptedCbc(data: object): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', randomBytes(32), iv);
  const inner = b64(`${b64(Buffer.concat([cipher.update(JSON.stringify(data)), cipher.final()]))}--${b64(iv)}`);
  return encodeURIComponent(`${inner}--${createHmac('sha1', SECRET).update(inner).digest('hex')}`);
}

/** Rails 7.1 signed cookie (cookies.signed): the `_rails` envelope with the data, `--` and a SHA256 hex digest. */
function railsSigned(data: unknown): string {
  const inner = b64(JSON.stringify({ _rails: { data, pur: 'cookie.remember_user' } }));
  return encodeURIComponent(`${inner}--${createHmac('sha256', SECRET).update(inner).digest('hex')}`);
}

/** Laravel's Encrypter: AES-256-CBC, base64 JSON {iv, value, mac, tag}, the mac HMAC-SHA256 of iv.value. */
function laravelEncrypted(value: string): string {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const encrypted = b64(Buffer.concat([cipher.update(value), cipher.final()]));
  const mac = createHmac('sha256', key).update(b64(iv) + encrypted).digest('hex');
  return encodeURIComponent(b64(JSON.stringify({ iv: b64(iv), value: encrypted, mac, tag: '' })));
}

/** cookie-session's cookies for a session holding `data`, from the real middleware on a real server. */
async function cookieSessionCookies(data: Record<string, unknown>): Promise<Record<string, string>> {
  const middleware = cookieSession({ name: 'session', keys: [SECRET] });
  const server = createServer((req, res) =>
    middleware(req as never, res as never, () => {
      Object.assign((req as unknown as { session: object }).session, data);
      res.end('ok');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0]);
    return Object.fromEntries(cookies.map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]));
  } finally {
    server.close();
  }
}

interface Case {
  description: string;
  name: string;
  value: () => string | Promise<string>;
  signatureCookie?: boolean;
  expected: Partial<ValueVerdict> & { kind: ValueVerdict['kind'] };
  /** Parts of the value that must not show in the verdict (names may). */
  secrets?: string[];
}

const CASES: Case[] = [
  // JWTs (RFC 7519).
  {
    description: 'jsonwebtoken HS256 with claims',
    name: 'token',
    value: () => jsonwebtoken.sign({ sub: '42', email: 'alice@example.com', role: 'admin' }, SECRET, { expiresIn: '15m' }),
    expected: { kind: 'jwt', alg: 'HS256', claims: ['sub', 'email', 'role', 'iat', 'exp'] },
    secrets: ['alice@example.com', 'admin'],
  },
  {
    description: 'jsonwebtoken alg none',
    name: 'jwt',
    value: () => jsonwebtoken.sign({ sub: '42', admin: true }, null as unknown as string, { algorithm: 'none' }),
    expected: { kind: 'jwt', alg: 'none', claims: ['sub', 'admin', 'iat'], exp: null },
  },
  {
    description: 'jose ES256 without exp',
    name: 'id_token',
    value: async () => new SignJWT({ name: 'Alice' }).setProtectedHeader({ alg: 'ES256' }).setSubject('u-1').sign((await generateKeyPair('ES256')).privateKey),
    expected: { kind: 'jwt', alg: 'ES256', claims: ['name', 'sub'], exp: null },
    secrets: ['Alice', 'u-1'],
  },
  {
    description: 'jose JWE (an encrypted JWT, as Auth.js stores its session)',
    name: '__Secure-authjs.session-token',
    value: async () => new EncryptJWT({ email: 'alice@example.com' }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(randomBytes(32)),
    expected: { kind: 'opaque', format: 'an encrypted JWT (JWE)' },
  },
  // Signed but readable sessions.
  {
    description: "Flask's session, uncompressed",
    name: 'session',
    value: () => flaskSession({ _fresh: true, _user_id: '42', csrf_token: 'f3c1…' }),
    expected: { kind: 'readable', keys: ['_fresh', '_user_id', 'csrf_token'], auth: true, framework: 'flask', signedBy: "Flask signs it with the app's SECRET_KEY" },
  },
  {
    description: "Flask's session, zlib-compressed (.eJ…)",
    name: 'session',
    value: () => flaskSession({ cart: Array.from({ length: 30 }, () => 'sku-1001'), theme: 'dark' }, { compress: true }),
    expected: { kind: 'readable', format: "Flask's signed session (itsdangerous): zlib-compressed base64 JSON", keys: ['cart', 'theme'], auth: false },
    secrets: ['sku-1001'],
  },
  {
    description: "Django's signed_cookies session",
    name: 'sessionid',
    value: () => djangoSigned({ _auth_user_id: '7', _auth_user_backend: 'django.contrib.auth.backends.ModelBackend', _auth_user_hash: 'ab' }),
    expected: { kind: 'readable', keys: ['_auth_user_id', '_auth_user_backend', '_auth_user_hash'], auth: true, framework: 'django' },
    secrets: ['ModelBackend'],
  },
  {
    description: 'Rails 7.1 signed cookie with JSON',
    name: 'remember_user',
    value: () => railsSigned({ user_id: 42, email: 'alice@example.com' }),
    expected: { kind: 'readable', keys: ['user_id', 'email'], auth: true, email: true, framework: 'rails' },
    secrets: ['alice@example.com'],
  },
  {
    description: 'cookie-parser signed JSON cookie (s:j:…)',
    name: 'profile',
    value: () => encodeURIComponent(`s:${signCookie(`j:${JSON.stringify({ userId: 42, plan: 'pro' })}`, SECRET)}`),
    expected: { kind: 'readable', keys: ['userId', 'plan'], auth: true, framework: 'express' },
    secrets: ['pro'],
  },
  // Readable and unsigned.
  {
    description: 'PHP serialize() array from php-serialize',
    name: 'ci_session',
    value: () => encodeURIComponent(phpSerialize({ user_id: 42, role: 'admin', prefs: { lang: 'en' } })),
    expected: { kind: 'readable', keys: ['user_id', 'role', 'prefs'], auth: true, framework: 'php' },
    secrets: ['admin'],
  },
  {
    description: 'JSON',
    name: 'user',
    value: () => JSON.stringify({ id: 42, name: 'Alice', loggedIn: true }),
    expected: { kind: 'readable', format: 'JSON', keys: ['id', 'name', 'loggedIn'], auth: true },
    secrets: ['Alice'],
  },
  {
    description: 'URL-encoded JSON',
    name: 'prefs',
    value: () => encodeURIComponent(JSON.stringify({ theme: 'dark', lang: 'en' })),
    expected: { kind: 'readable', format: 'URL-encoded JSON', keys: ['theme', 'lang'], auth: false, email: false },
  },
  {
    description: 'base64 JSON',
    name: 'state',
    value: () => b64(JSON.stringify({ uid: 42, isAdmin: false })),
    expected: { kind: 'readable', format: 'base64 JSON', keys: ['uid', 'isAdmin'], auth: true },
  },
  {
    description: 'a key=value list',
    name: 'UserInfo',
    value: () => 'username=alice&role=editor&lang=en',
    expected: { kind: 'readable', format: 'a key=value list', keys: ['username', 'role', 'lang'], auth: true },
    secrets: ['alice', 'editor'],
  },
  {
    description: 'an e-mail address',
    name: 'last_login',
    value: () => encodeURIComponent('alice@example.com'),
    expected: { kind: 'readable', format: 'an e-mail address', email: true },
    secrets: ['alice'],
  },
  { description: 'isLoggedIn=true', name: 'isLoggedIn', value: () => 'true', expected: { kind: 'readable', auth: true } },
  { description: 'loggedin=1', name: 'loggedin', value: () => '1', expected: { kind: 'readable', auth: true } },
  { description: 'admin=true', name: 'admin', value: () => 'true', expected: { kind: 'readable', auth: true } },
  { description: 'role=admin', name: 'role', value: () => 'admin', expected: { kind: 'readable', auth: true }, secrets: ['admin'] },
  { description: 'a numeric user id', name: 'user_id', value: () => '10432', expected: { kind: 'readable', auth: true }, secrets: ['10432'] },
  // Opaque: nothing to read.
  {
    description: "Rails's encrypted session (AES-256-GCM)",
    name: '_app_session',
    value: () => railsEncrypted({ session_id: 'x', user_id: 42 }),
    expected: { kind: 'opaque', format: "Rails's encrypted cookie (AES-256-GCM)" },
  },
  {
    description: "Rails's encrypted session before 5.2 (AES-CBC)",
    name: '_app_session',
    value: () => railsEncryptedCbc({ user_id: 42 }),
    expected: { kind: 'opaque', format: "Rails's encrypted cookie (AES-CBC)" },
  },
  {
    description: "Laravel's encrypted session",
    name: 'laravel_session',
    value: () => laravelEncrypted(randomBytes(20).toString('hex')),
    expected: { kind: 'opaque', format: "Laravel's encrypted cookie" },
  },
  {
    description: 'express-session id signed by cookie-signature (connect.sid)',
    name: 'connect.sid',
    value: () => encodeURIComponent(`s:${signCookie(randomBytes(24).toString('base64url'), SECRET)}`),
    expected: { kind: 'opaque', format: 'a signed session id (express-session, cookie-parser)' },
  },
  {
    description: 'ASP.NET Core Data Protection (the CfDJ8 magic header)',
    name: '.AspNetCore.Cookies',
    value: () => `CfDJ8${randomBytes(180).toString('base64url')}`,
    expected: { kind: 'opaque' },
  },
  { description: 'a UUID', name: 'sid', value: () => randomUUID(), expected: { kind: 'opaque', format: 'a random-looking id' } },
  { description: 'random hex', name: 'PHPSESSID', value: () => randomBytes(16).toString('hex'), expected: { kind: 'opaque' } },
  { description: 'random base64url', name: 'sessionid', value: () => randomBytes(24).toString('base64url'), expected: { kind: 'opaque' } },
  { description: "Google Analytics' _ga client id", name: '_ga', value: () => 'GA1.1.1234567890.1700000000', expected: { kind: 'opaque' } },
  // Weak ids.
  { description: 'a short number', name: 'PHPSESSID', value: () => '10432', expected: { kind: 'weak-id', bits: 16 } },
  { description: 'a counter', name: 'sid', value: () => 'sess_000123', expected: { kind: 'weak-id', reason: 'a word and a number, like a counter' } },
  { description: 'eight random hex digits', name: 'session', value: () => 'a3f91c07', expected: { kind: 'weak-id', bits: 32 } },
  { description: 'a 19-digit number (63 bits)', name: 'CFID', value: () => '7302847561928374650', expected: { kind: 'weak-id', bits: 63 } },
  { description: 'a repeated pattern', name: 'session', value: () => 'abababababababababab', expected: { kind: 'weak-id' } },
  // Plain: nothing to judge.
  { description: 'a setting', name: 'theme', value: () => 'dark', expected: { kind: 'plain' } },
  { description: 'a flag under another name', name: 'banner_closed', value: () => 'true', expected: { kind: 'plain' } },
  { description: 'empty', name: 'session', value: () => '', expected: { kind: 'plain' } },
];

describe('inspectValue', () => {
  const values = new Map<Case, string>();
  beforeAll(async () => {
    for (const c of CASES) values.set(c, await c.value());
  });

  it.each(CASES)('$description', (c) => {
    const value = values.get(c)!;
    const verdict = inspectValue(c.name, value, { signatureCookie: c.signatureCookie });
    expect(verdict).toMatchObject(c.expected);
    // The verdict may go into a finding: none of the value, only names and formats.
    const text = JSON.stringify(verdict) + describeValue(verdict);
    if (value.length >= 6) expect(text).not.toContain(value);
    for (const secret of c.secrets ?? []) expect(text).not.toContain(secret);
  });
});

describe("Express's cookie-session", () => {
  it('is readable base64 JSON, signed in its .sig companion', async () => {
    const cookies = await cookieSessionCookies({ user_id: 42, role: 'admin' });
    expect(Object.keys(cookies).sort()).toEqual(['session', 'session.sig']);
    expect(inspectValue('session', cookies.session, { signatureCookie: true })).toMatchObject({
      kind: 'readable',
      format: "Express cookie-session's session: base64 JSON",
      keys: ['user_id', 'role'],
      auth: true,
      signedBy: 'cookie-session signs it in "session.sig"',
      framework: 'express',
    });
    // Without its companion nothing says who made it: still readable.
    expect(inspectValue('session', cookies.session)).toMatchObject({ kind: 'readable', format: 'base64 JSON', signedBy: null });
    // The signature itself is 27 random-looking characters.
    expect(inspectValue('session.sig', cookies['session.sig'])).toMatchObject({ kind: 'opaque' });
  });
});

describe('keys named in a verdict', () => {
  it('leave out keys that are data themselves, and count them', () => {
    expect(keyList(['user', 'alice@example.com', '3f2a9c0e7b5d4a1f8e6c2b9d0a7f3e5c', 'a key with spaces'])).toEqual({ keys: ['user'], other: 3 });
  });

  it('name at most eight', () => {
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    expect(keyList(keys)).toEqual({ keys: keys.slice(0, 8), other: 4 });
  });

  it('include nested objects', () => {
    expect(inspectValue('data', JSON.stringify({ user: { id: 1, roles: ['a'] } }))).toMatchObject({ keys: ['user', 'id', 'roles'] });
  });
});

describe('decompression', () => {
  it('refuses a zlib bomb: a Flask-shaped cookie that inflates past 16 KiB is not read', () => {
    const bomb = `.${b64url(deflateSync(`{"a":"${'x'.repeat(1_000_000)}"}`))}.aGgaAA.${'s'.repeat(27)}`;
    expect(bomb.length).toBeLessThan(4096);
    expect(inspectValue('session', bomb).kind).not.toBe('readable');
  });
});

describe('estimatedBits', () => {
  it.each([
    ['16 hex digits', 'a3f91c07d2e4b5c6', 64],
    ['digits', '123456', 19],
    ['hex digits', 'abc123', 24],
    ['lower-case letters and digits', 'xyz123', 31],
    ['base64url', 'aB3-_x', 36],
    ['one symbol only', '----', 0],
  ])('%s', (_description, value, bits) => {
    expect(estimatedBits(value)).toBe(bits);
  });
});

describe('cost', () => {
  // Values are attacker-controlled and judged for every cookie of every report: no pattern may
  // backtrack without end on a long one (4 KB is a cookie's limit).
  it.each([
    ['letters', 'a'.repeat(4090)],
    ['words and separators', 'ab_'.repeat(1360)],
    ['dots', 'a.'.repeat(2045)],
    ['a signed-looking value', `s:${'a.'.repeat(2040)}`],
    ['braces', '{'.repeat(4090)],
    ['key=value pairs', 'a=1&'.repeat(1020)],
    ['PHP-looking', `a:1000:{${'s:1:"a";'.repeat(500)}`],
    ['e-mail-looking', `${'a'.repeat(60)}@${'b.'.repeat(2000)}`],
  ])('stays fast on %s', (_description, value) => {
    const start = performance.now();
    inspectValue('session', value);
    expect(performance.now() - start).toBeLessThan(500);
  });
});
