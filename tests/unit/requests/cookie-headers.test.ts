import { describe, expect, it } from 'vitest';
import { identifierCookieNames, keptRejection, setCookieOf } from '../../../lib/requests/cookie-headers';
import { rejectedCookie } from '../../../lib/setCookie';

const ID = '8f14e45fceea167a5a36dedd4bea2543';

describe('identifierCookieNames', () => {
  it.each([
    [`sid=${ID}; theme=dark; consent=accepted`, ['sid']],
    [`a=1; _ga=GA1.1.1234567890.1700000000; b=${ID}`, ['_ga', 'b']],
    [' spaced = 3f2a9c0e7b5d4a1f8e6c2b9d0a7f3e5c ', ['spaced']],
    ['theme=dark; lang=en-GB', []],
    ['', []],
    // Nameless cookies, stray separators and pairs without "=" are skipped, never thrown on.
    [`;;=;novalue;${'x;'.repeat(1000)}id=${ID}`, ['id']],
  ])('%s → %j', (header, names) => {
    expect(identifierCookieNames(header)).toEqual(names);
  });
});

describe('setCookieOf', () => {
  it('keeps the name, redacts the value, keeps the attributes', () => {
    const cookie = setCookieOf(`tid=${ID}; Domain=.tracker.test; Path=/; Secure; SameSite=None`);
    expect(cookie).toEqual({
      name: 'tid',
      line: 'tid=…; Domain=.tracker.test; Path=/; Secure; SameSite=None',
      attributes: { name: 'tid', domain: 'tracker.test', path: '/', secure: true, httpOnly: false, sameSite: 'None', partitioned: false },
      identifier: true,
      identifierHashes: expect.any(Array),
    });
    expect(JSON.stringify(cookie)).not.toContain(ID);
  });

  it('tells plain values from identifiers, and hashes only identifiers, for sync detection', () => {
    expect(setCookieOf('theme=dark; Path=/')).toMatchObject({ identifier: false, identifierHashes: [] });
    const { identifierHashes } = setCookieOf(`tid=${ID}; Path=/`);
    expect(identifierHashes.length).toBeGreaterThan(1);
    for (const hash of identifierHashes) expect(Number.isInteger(hash) && hash >= 0 && hash < 2 ** 32).toBe(true);
  });

  it('caps what it keeps', () => {
    const cookie = setCookieOf(`${'n'.repeat(5000)}=v; ${'Path=/x; '.repeat(500)}`);
    expect(cookie.name.length).toBeLessThanOrEqual(257);
    expect(cookie.line.length).toBeLessThanOrEqual(1025);
  });
});

describe('keptRejection', () => {
  it('keeps the record of a refused cookie without its value', () => {
    const refused = rejectedCookie(`bad=${ID}; Domain=other.test`, 'https://news.example/', 'chrome');
    expect(refused).not.toBeNull();
    const kept = keptRejection(refused!);
    expect(kept).toEqual(refused);
    expect(JSON.stringify(kept)).not.toContain(ID);
  });
});
