import { describe, expect, it } from 'vitest';
import type { BrowserName } from '../../lib/browser';
import {
  domainMatches,
  formatSetCookie,
  parseSetCookie,
  pathMatches,
  redactSetCookie,
  rejectedCookie,
  splitSetCookieHeader,
  whyRejectedMsg,
  type ParsedSetCookie,
} from '../../lib/setCookie';
import { english } from '../../lib/phrases';

/** Why the browser refuses a line, in English, as the report has it. */
const whyRejected = (...args: Parameters<typeof whyRejectedMsg>): string | null => {
  const reason = whyRejectedMsg(...args);
  return reason && english(reason);
};

const bare = { secure: false, httpOnly: false, partitioned: false };

describe('parseSetCookie', () => {
  it('reads name, value and every attribute', () => {
    expect(
      parseSetCookie(
        'sid=abc; Domain=example.com; Path=/app; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=Lax; Partitioned',
      ),
    ).toEqual({
      name: 'sid',
      value: 'abc',
      domain: 'example.com',
      path: '/app',
      expires: Date.UTC(2026, 9, 21, 7, 28, 0),
      maxAge: 3600,
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
      partitioned: true,
    });
  });

  it.each<[string, string, Partial<ParsedSetCookie>]>([
    ['attribute names in any case', 'a=b; SECURE; httponly; sAmEsItE=Strict; PARTITIONED', { secure: true, httpOnly: true, sameSite: 'Strict', partitioned: true }],
    ['spaces around names and values', '  a = b c ;  Path = /x ', { name: 'a', value: 'b c', path: '/x' }],
    ['"=" inside the value', 'a=b=c', { name: 'a', value: 'b=c' }],
    ['no "=": a nameless cookie', 'abc', { name: '', value: 'abc' }],
    ['the SameSite value as sent', 'a=b; SameSite=Lox', { sameSite: 'Lox' }],
    ['a bare SameSite', 'a=b; SameSite', { sameSite: '' }],
    ['Domain lower-cased without its dot', 'a=b; Domain=.Example.COM', { domain: 'example.com' }],
    ['empty Domain: host-only', 'a=b; Domain=', {}],
    ['the last Domain wins', 'a=b; Domain=other.com; Domain=example.com', { domain: 'example.com' }],
    ['the last Domain wins, even empty', 'a=b; Domain=example.com; Domain=', {}],
    ['a trailing dot kept', 'a=b; Domain=www.Example.com.', { domain: 'www.example.com.' }],
    ['a lone dot kept', 'a=b; Domain=.', { domain: '.' }],
    ['a Domain over 1024 bytes ignored', `a=b; Domain=example.com; Domain=${'x'.repeat(1021)}.com`, { domain: 'example.com' }],
    ['relative Path ignored', 'a=b; Path=app', {}],
    ['the last Path wins', 'a=b; Path=/a; Path=/b', { path: '/b' }],
    ['a later invalid Path resets it', 'a=b; Path=/a; Path=b', {}],
    ['negative Max-Age', 'a=b; Max-Age=-1', { maxAge: -1 }],
    ['non-numeric Max-Age ignored', 'a=b; Max-Age=1h', {}],
    ['attribute values over 1024 bytes ignored', `a=b; Path=/${'x'.repeat(1024)}`, {}],
    ['unknown attributes ignored', 'a=b; Priority=High; Foo', {}],
  ])('%s', (_description, line, expected) => {
    const { name, value, ...attributes } = parseSetCookie(line);
    const { name: expectedName = 'a', value: expectedValue = 'b', ...expectedAttributes } = expected;
    expect({ name, value }).toEqual({ name: expectedName, value: expectedValue });
    expect(Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined))).toEqual({
      ...bare,
      ...expectedAttributes,
    });
  });

  it.each([
    ['Wed, 21 Oct 2026 07:28:00 GMT', Date.UTC(2026, 9, 21, 7, 28, 0)],
    ['Wednesday, 21-Oct-26 07:28:00 GMT', Date.UTC(2026, 9, 21, 7, 28, 0)],
    ['Sun Nov  6 08:49:37 1994', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['21 october 2026 7:28:0', Date.UTC(2026, 9, 21, 7, 28, 0)],
    ['01 Jan 70 00:00:00 GMT', Date.UTC(1970, 0, 1)],
    ['01 Jan 69 00:00:00 GMT', Date.UTC(2069, 0, 1)],
    ['31 Feb 2026 00:00:00 GMT', undefined],
    ['21 Oct 2026 24:00:00 GMT', undefined],
    ['01 Jan 1600 00:00:00 GMT', undefined],
    ['21 Oct 2026', undefined],
    ['tomorrow', undefined],
  ])('Expires=%s', (date, expires) => {
    expect(parseSetCookie(`a=b; Expires=${date}`).expires).toBe(expires);
  });

  it.each(['', ';', ';;;', '=;=', '\u0000', '=', 'a=b; =; ;Max-Age; Expires; Domain'])('never throws on %j', (line) => {
    expect(() => parseSetCookie(line)).not.toThrow();
  });
});

describe('splitSetCookieHeader', () => {
  it('splits Firefox joined headers on newlines, not on the commas of dates', () => {
    expect(splitSetCookieHeader('a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT\nb=2; Path=/\r\n\nc=3\n')).toEqual([
      'a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT',
      'b=2; Path=/',
      'c=3',
    ]);
  });
});

describe('whyRejected', () => {
  const HTTPS = 'https://www.example.com/login';
  it.each([
    ['sid=abc; Secure; HttpOnly; SameSite=Lax', HTTPS, null],
    ['', HTTPS, /neither a name nor a value/],
    ['=; Path=/', HTTPS, /neither a name nor a value/],
    ['a=b\u0001c', HTTPS, /control character/],
    // Secure needs a secure origin; loopback counts as one.
    ['a=b; Secure', 'http://www.example.com/', /Secure but came from an insecure http:/],
    ['a=b; Secure', 'http://localhost:3000/', null],
    ['a=b; Secure', 'http://127.0.0.1/', null],
    // SameSite=None needs Secure, whatever the case of the value.
    ['a=b; SameSite=none', HTTPS, /SameSite=None requires Secure/],
    ['a=b; SameSite=None; Secure', HTTPS, null],
    ['a=b; SameSite=Nonsense', HTTPS, null],
    // Prefixes, matched in any case; a nameless cookie must not pose as a prefixed one.
    ['__Secure-a=b', HTTPS, /__Secure-, which requires Secure/],
    ['__Secure-a=b; Secure; Domain=example.com', HTTPS, null],
    ['__Host-a=b; Secure; Path=/', HTTPS, null],
    ['__Host-a=b; Secure; Path=/; Domain=www.example.com', HTTPS, /__Host-, which requires no Domain attribute;/],
    ['__host-a=b; Path=/', HTTPS, /__Host-, which requires Secure;/],
    ['__Host-a; Path=/', HTTPS, /no name and its value starts with __Host-/],
    ['=__Secure-a; Secure', HTTPS, /no name and its value starts with __Secure-/],
    // Domain must include the request host and must not be a public suffix.
    ['a=b; Domain=example.com', HTTPS, null],
    ['a=b; Domain=www.example.com', HTTPS, null],
    ['a=b; Domain=other.com', HTTPS, /Domain=other.com does not include www.example.com/],
    ['a=b; Domain=shop.example.com', HTTPS, /does not include/],
    ['a=b; Domain=ample.com', 'https://example.com/', /does not include/],
    ['a=b; Domain=co.uk', 'https://www.example.co.uk/', /Domain=co.uk is a public suffix/],
    ['a=b; Domain=github.io', 'https://alice.github.io/', /public suffix/],
    ['a=b; Domain=alice.github.io', 'https://alice.github.io/', null],
    ['a=b; Domain=localhost', 'http://localhost/', null],
    ['a=b; Domain=0.0.1', 'http://127.0.0.1/', /does not include/],
    // CHIPS.
    ['a=b; Partitioned', HTTPS, /Partitioned requires Secure/],
    ['a=b; Partitioned; Secure; SameSite=None', HTTPS, null],
  ])('%j from %s → %s in both browsers', (line, requestUrl, expected) => {
    for (const browser of ['chrome', 'firefox'] as const) {
      const reason = whyRejected(parseSetCookie(line), { requestUrl, browser });
      if (expected === null) expect(reason).toBeNull();
      else expect(reason).toMatch(expected);
    }
  });

  it('counts name and value bytes against the 4096-byte limit', () => {
    const withValueBytes = (n: number) => whyRejected(parseSetCookie(`a=${'é'.repeat(n / 2)}`), { requestUrl: HTTPS, browser: 'chrome' });
    expect(withValueBytes(4094)).toBeNull();
    expect(withValueBytes(4096)).toBe('Its name and value take 4097 bytes; browsers drop cookies over 4096 bytes.');
  });
});

/**
 * What Chromium 156 and Firefox ESR 153 did with these lines, served one per response from
 * https://www.example.com/set (or /deep/set) and read back with document.cookie on
 * www.example.com, sub.www.example.com and example.com: refused, or stored (host-only or for a
 * domain). RFC 6265bis attribute handling, §5.6 and §5.7:
 * https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.6
 */
describe('whyRejected, as each browser judges', () => {
  const AT = 'https://www.example.com/set?i=1';
  const DEEP = 'https://www.example.com/deep/set?i=1';
  const judge = (line: string, requestUrl: string, browser: BrowserName) => whyRejected(parseSetCookie(line), { requestUrl, browser });

  it.each<[string, string, RegExp | null]>([
    // The last Domain attribute wins, even an empty one: the cookie is then host-only.
    ['a=1; Domain=www.example.com; Domain=', AT, null],
    ['a=1; Domain=www.example.com; Domain=other.com; Domain=', AT, null],
    ['a=1; Domain=other.com; Domain=', AT, null],
    ['a=1; Domain=', AT, null],
    ['a=1; Domain=other.com; Domain=example.com', AT, null],
    ['a=1; Domain=example.com; Domain=other.com', AT, /Domain=other.com does not include www.example.com/],
    ['__Host-a=1; Secure; Path=/; Domain=www.example.com; Domain=', AT, null],
    // A Domain over 1024 bytes is ignored, and the one before it stands.
    [`a=1; Domain=${'a'.repeat(1100)}.com`, AT, null],
    [`a=1; Domain=example.com; Domain=${'a'.repeat(1100)}.com`, AT, null],
    // A trailing dot names another host; a lone dot names none.
    ['a=1; Domain=www.example.com.', AT, /Domain=www.example.com. ends with a dot/],
    ['a=1; Domain=WWW.EXAMPLE.COM.', AT, /ends with a dot/],
    ['a=1; Domain=example.com.', AT, /ends with a dot/],
    ['a=1; Domain=.www.example.com.', AT, /ends with a dot/],
    ['a=1; Domain=www.example.com..', AT, /ends with a dot/],
    ['a=1; Domain=.', AT, /ends with a dot/],
    ['a=1; Domain=..', AT, /ends with a dot/],
    ['a=1; Domain=example.com; Domain=.', AT, /ends with a dot/],
    ['__Secure-a=1; Secure; Domain=www.example.com.', AT, /ends with a dot/],
    // Case, spaces and one leading dot do not matter; anything else that is not the host or a parent does.
    ['a=1; Domain=WWW.Example.COM', AT, null],
    ['a=1; Domain= example.com ', AT, null],
    ['a=1; Domain=.example.com', AT, null],
    ['a=1; Domain=..example.com', AT, /does not include/],
    ['a=1; Domain=%77ww.example.com', AT, /does not include/],
    ['a=1; Domain="example.com"', AT, /does not include/],
    ['a=1; Domain=exämple.com', AT, /not ASCII/],
    ['a=1; Domain=com', AT, /public suffix/],
    // Prefixes.
    ['__Host-a=1; Secure; Path=/deep', DEEP, /requires Path=\//],
    ['__Host-a=1; Secure; Path=', DEEP, /requires Path=\//],
    ['__Host-a=1; Secure', DEEP, /requires Path=\//],
    ['__HOST-a=1; Secure; Path=/; Domain=www.example.com', AT, /requires no Domain attribute/],
    ['__Secure-=1; Secure', AT, null],
    ['__Host-=1; Secure; Path=/', AT, null],
    ['=__Host-a=1; Path=/', AT, /no name/],
    ['=__Secure-a; Secure', AT, /no name/],
    // Control characters; tabs around a name or value are trimmed.
    ['a=x\u000by', AT, /control character/],
    ['a=x\u007fy', AT, /control character/],
    ['a=\tb', AT, null],
    ['a=b\t', AT, null],
    // Size: name and value together.
    [`a=${'x'.repeat(4095)}`, AT, null],
    [`a=${'x'.repeat(4096)}`, AT, /4097 bytes/],
    // Other attributes.
    ['a=1; SameSite=None', AT, /SameSite=None requires Secure/],
    ['a=1; Partitioned', AT, /Partitioned requires Secure/],
    ['a=1; Partitioned; Secure', AT, null],
    ['a=1; SameSite=Bogus', AT, null],
    ['a', AT, null],
  ])('%j at %s: the same in both', (line, requestUrl, expected) => {
    for (const browser of ['chrome', 'firefox'] as const) {
      const reason = judge(line, requestUrl, browser);
      if (expected === null) expect(reason, browser).toBeNull();
      else expect(reason, browser).toMatch(expected);
    }
  });

  it.each<[string, string, RegExp | null, RegExp | null]>([
    // A tab inside a name or value: Chrome refuses control characters, tabs included.
    ['a=x\ty', AT, /contains a tab/, null],
    ['a\tb=1', AT, /contains a tab/, null],
    // __Host- without a Path attribute, or with an invalid last one: Firefox looks at the path
    // the cookie gets (the default path of /set is /), Chrome at the attribute.
    ['__Host-a=1; Secure', AT, /__Host-, which requires Path=\//, null],
    ['__HOST-a=1', AT, /requires Secure, Path=\//, /requires Secure;/],
    ['__Host-a=1; Secure; Path=/; Path=x', AT, /requires Path=\//, null],
  ])('%j at %s: Chrome %s, Firefox %s', (line, requestUrl, chrome, firefox) => {
    const chromeReason = judge(line, requestUrl, 'chrome');
    const firefoxReason = judge(line, requestUrl, 'firefox');
    if (chrome === null) expect(chromeReason).toBeNull();
    else expect(chromeReason).toMatch(chrome);
    if (firefox === null) expect(firefoxReason).toBeNull();
    else expect(firefoxReason).toMatch(firefox);
  });
});

describe('rejectedCookie', () => {
  it('records a refused cookie without its value', () => {
    const record = rejectedCookie('sid=s3cr3t-value; SameSite=None; Path=/api', 'https://www.example.com/login', 'chrome');
    expect(record).toEqual({
      name: 'sid',
      domain: 'www.example.com',
      path: '/api',
      requestUrl: 'https://www.example.com/login',
      reason: expect.stringMatching(/SameSite=None requires Secure/),
      reasonMsg: { key: 'refused_samesite_none' },
      setCookie: 'sid=…; SameSite=None; Path=/api',
    });
    expect(JSON.stringify(record)).not.toContain('s3cr3t');
  });

  it('uses the Domain attribute, or the request host and default path', () => {
    expect(rejectedCookie('a=b; Domain=.Other.com', 'https://www.example.com/', 'chrome')).toMatchObject({
      domain: 'other.com',
      path: '/',
    });
    expect(rejectedCookie('a=b; Partitioned', 'https://www.example.com/account/login?next=/', 'firefox')).toMatchObject({
      domain: 'www.example.com',
      path: '/account',
    });
  });

  it('is null for a cookie the browser stores', () => {
    expect(rejectedCookie('a=b; Secure', 'https://www.example.com/', 'chrome')).toBeNull();
  });
});

describe('redactSetCookie', () => {
  it.each([
    ['sid=abc; Path=/; Secure', 'sid=…; Path=/; Secure'],
    ['sid=a=b', 'sid=…'],
    ['sid=', 'sid=…'],
    ['abc; Path=/', '…; Path=/'],
  ])('%s → %s', (line, redacted) => {
    expect(redactSetCookie(line)).toBe(redacted);
  });
});

describe('formatSetCookie', () => {
  it('writes the attributes in a stable order with … for the value', () => {
    expect(
      formatSetCookie({
        name: 'sid',
        domain: 'example.com',
        path: '/',
        expires: Date.UTC(2026, 9, 21, 7, 28, 0),
        maxAge: 60,
        secure: true,
        httpOnly: true,
        sameSite: 'Strict',
        partitioned: true,
      }),
    ).toBe('sid=…; Domain=example.com; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=60; Secure; HttpOnly; SameSite=Strict; Partitioned');
    expect(formatSetCookie({ name: 'a', ...bare })).toBe('a=…');
  });
});

describe('domainMatches', () => {
  it.each([
    ['example.com', 'example.com', true],
    ['www.example.com', 'example.com', true],
    ['example.com', 'www.example.com', false],
    ['badexample.com', 'example.com', false],
    ['10.0.0.1', '0.0.1', false],
    ['::1', '1', false],
  ])('%s in %s → %s', (host, domain, matches) => {
    expect(domainMatches(host, domain)).toBe(matches);
  });
});

describe('pathMatches', () => {
  it.each([
    ['/', '/', true],
    ['/account', '/', true],
    ['/account/settings', '/account', true],
    ['/account/settings', '/account/', true],
    ['/accounts', '/account', false],
    ['/', '/account', false],
  ])('%s under %s → %s', (requestPath, cookiePath, matches) => {
    expect(pathMatches(requestPath, cookiePath)).toBe(matches);
  });
});
