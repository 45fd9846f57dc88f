import { describe, expect, it } from 'vitest';
import { auditSite, type Finding } from '../../../lib/audit';
import { cookieKey, type Cookie } from '../../../lib/cookies/cookie';
import { NOW, PAGE_URL, makeCookie } from './helpers';

const context = { pageUrl: PAGE_URL, hsts: false, now: NOW };
const ID = '3f2a9c0e7b5d4a1f8e6c2b9d0a7f3e5c';

describe('auditSite', () => {
  it('gives A+ to a site whose cookies pass, and lists every cookie', () => {
    const cookies = [makeCookie(), makeCookie({ name: 'lang' })];
    const audit = auditSite(cookies, context);
    expect(audit.score).toBe(100);
    expect(audit.grade).toBe('A+');
    expect(audit.findings).toEqual({ [cookieKey(cookies[0])]: [], [cookieKey(cookies[1])]: [] });
    expect(audit.siteFindings).toEqual([]);
    expect(audit.counts).toEqual({ high: 0, medium: 0, low: 0, info: 0 });
  });

  it('keys findings by cookie and counts them by severity', () => {
    const session = makeCookie({ name: 'PHPSESSID', httpOnly: false });
    const loose = makeCookie({ name: 'pref', sameSite: 'unspecified' });
    const audit = auditSite([session, loose], context);
    expect(audit.findings[cookieKey(session)].map((f) => f.id)).toEqual(['cookies-session-without-httponly-flag']);
    expect(audit.findings[cookieKey(loose)].map((f) => f.id)).toEqual(['cookies-samesite-unset']);
    expect(audit.counts).toEqual({ high: 1, medium: 0, low: 1, info: 0 });
    expect(audit.score).toBe(75);
    expect(audit.grade).toBe('B');
  });

  it('weighs third-party findings at half', () => {
    const tracker = makeCookie({ name: 'sess', domain: 'tracker.example', hostOnly: false, httpOnly: false });
    const audit = auditSite([tracker], context);
    expect(audit.counts.high).toBe(1);
    expect(audit.score).toBe(90);
  });

  it('counts one rule at most twice, however many cookies break it', () => {
    const cookies = ['a', 'b', 'c', 'd'].map((name) => makeCookie({ name, secure: false }));
    const audit = auditSite(cookies, context);
    expect(audit.counts.medium).toBe(4);
    expect(audit.score).toBe(80);
  });

  describe('Cookie header size', () => {
    // Each cookie is 3000 bytes of name and value; the header adds "=" and "; " between them.
    const big = (name: string, overrides: Partial<Cookie> = {}): Cookie =>
      makeCookie({ name, value: 'x'.repeat(3000 - name.length), ...overrides });
    const headerFinding = (cookies: Cookie[], pageUrl = PAGE_URL): Finding | undefined =>
      auditSite(cookies, { ...context, pageUrl }).siteFindings.find((f) => f.id === 'cookies-header-too-large');

    it('is flagged over 8 KiB, naming the largest cookies', () => {
      const finding = headerFinding([big('a'), big('b'), big('c')]);
      expect(finding?.severity).toBe('medium');
      expect(finding?.fix).toMatch(/^The Cookie header for this page is 9007 bytes; the largest cookies are a \(3000 bytes\)/);
    });

    it('is not flagged at exactly 8 KiB', () => {
      // 3001 + 3001 + 2186 + 2 × 2 = 8192
      expect(headerFinding([big('a'), big('b'), makeCookie({ name: 'c', value: 'x'.repeat(2184) })])).toBeUndefined();
      expect(headerFinding([big('a'), big('b'), makeCookie({ name: 'c', value: 'x'.repeat(2185) })])).toBeDefined();
    });

    it.each([
      ['another path', { path: '/shop' }],
      ['another host', { domain: 'api.example.com' }],
      ['another partition', { partitionKey: { topLevelSite: 'https://other.example' }, partitionSite: 'other.example' }],
    ])('leaves out cookies for %s', (_description, overrides: Partial<Cookie>) => {
      expect(headerFinding([big('a'), big('b'), big('c', overrides)])).toBeUndefined();
    });

    it('includes parent-domain and parent-path cookies', () => {
      const cookies = [big('a', { domain: 'example.com', hostOnly: false }), big('b', { path: '/account' }), big('c')];
      expect(headerFinding(cookies)).toBeDefined();
    });

    it('leaves out Secure cookies on an http page', () => {
      expect(headerFinding([big('a'), big('b'), big('c')], 'http://www.example.com/')).toBeUndefined();
    });
  });

  it('never puts a cookie value in its findings', () => {
    const cookies = [
      makeCookie({ name: 'auth', value: ID, secure: false, httpOnly: false, sameSite: 'unspecified' }),
      makeCookie({ name: 'uid', value: ID, domain: 'tracker.example', sameSite: 'no_restriction' }),
    ];
    expect(JSON.stringify(auditSite(cookies, context))).not.toContain(ID);
  });
});
