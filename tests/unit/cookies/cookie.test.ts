import { describe, expect, it } from 'vitest';
import { compareCookies, cookieIdOf, cookieKey, cookieUrl, type Cookie } from '../../../lib/cookies/cookie';
import { fromBrowserCookie } from '../../../lib/cookies/normalise';
import { parseMessage } from '../../../lib/messages';
import { FIXTURES, makeCookie, PAGE_SITE } from './helpers';

describe('cookieKey', () => {
  const base = makeCookie({ name: 'sid', domain: 'site.example', hostOnly: false });

  it.each<[string, Partial<Cookie>]>([
    ['name', { name: 'SID' }],
    ['domain', { domain: 'www.site.example' }],
    ['path', { path: '/account' }],
    ['host-only flag', { hostOnly: true }],
    ['store', { storeId: 'firefox-container-1' }],
    ['partition', { partitionKey: { topLevelSite: 'https://site.example' } }],
    ['partition site', { partitionKey: { topLevelSite: 'https://other.example' } }],
    ['cross-site ancestor bit', { partitionKey: { topLevelSite: 'https://site.example', hasCrossSiteAncestor: true } }],
    ['first-party isolation domain', { firstPartyDomain: 'site.example' }],
  ])('tells cookies apart by %s', (_field, change) => {
    expect(cookieKey(makeCookie({ ...base, ...change }))).not.toBe(cookieKey(base));
  });

  it.each<[string, Partial<Cookie>]>([
    ['value', { value: 'other' }],
    ['expiry', { expirationDate: 1 }],
    ['flags', { secure: false, httpOnly: false, sameSite: 'strict' }],
    ['party', { firstParty: false }],
  ])('ignores the %s, which a cookie’s update changes', (_field, change) => {
    expect(cookieKey(makeCookie({ ...base, ...change }))).toBe(cookieKey(base));
  });

  it('keeps the partitioned and unpartitioned twins of the Chrome fixture apart', () => {
    const twins = FIXTURES.chrome.filter((c) => c.name === 'embed_id').map((raw) => fromBrowserCookie(raw, PAGE_SITE));
    expect(twins).toHaveLength(2);
    expect(cookieKey(twins[0])).not.toBe(cookieKey(twins[1]));
  });
});

describe('cookieIdOf', () => {
  it('keeps exactly the identity fields, so no value travels in a delete message', () => {
    const id = cookieIdOf(makeCookie({ value: 'secret', partitionKey: { topLevelSite: 'https://site.example' } }));
    expect(Object.keys(id).sort()).toEqual(['domain', 'firstPartyDomain', 'hostOnly', 'name', 'partitionKey', 'path', 'storeId']);
    expect(JSON.stringify(id)).not.toContain('secret');
  });

  it.each(['chrome', 'firefox'] as const)('survives the delete message round trip for every %s fixture cookie', (browser) => {
    for (const raw of FIXTURES[browser]) {
      const cookie = fromBrowserCookie(raw, PAGE_SITE);
      const sent = JSON.parse(JSON.stringify({ type: 'deleteCookie', tabId: 7, cookie: cookieIdOf(cookie) }));
      const parsed = parseMessage(sent);
      expect(parsed?.type).toBe('deleteCookie');
      if (parsed?.type === 'deleteCookie') expect(cookieKey(parsed.cookie)).toBe(cookieKey(cookie));
    }
  });
});

describe('compareCookies', () => {
  it('puts first-party cookies first, then orders by site, name, domain, path and partition', () => {
    const ordered = [
      makeCookie({ name: 'a', domain: 'site.example', hostOnly: false }),
      makeCookie({ name: 'b', domain: 'site.example', hostOnly: false }),
      makeCookie({ name: 'b', domain: 'www.site.example' }),
      makeCookie({ name: 'b', domain: 'www.site.example', path: '/x' }),
      makeCookie({ name: 'a', domain: 'ads.example' }),
      makeCookie({ name: 'a', domain: 'cdn-embed.example' }),
      makeCookie({ name: 'a', domain: 'cdn-embed.example', partitionKey: { topLevelSite: 'https://site.example' }, partitionSite: 'site.example' }),
    ];
    expect([...ordered].reverse().sort(compareCookies)).toEqual(ordered);
  });
});

describe('cookieUrl', () => {
  it.each([
    [{ secure: true, domain: 'site.example', path: '/' }, 'https://site.example/'],
    [{ secure: false, domain: 'site.example', path: '/' }, 'http://site.example/'],
    [{ secure: true, domain: 'www.site.example', path: '/account/settings' }, 'https://www.site.example/account/settings'],
    [{ secure: false, domain: 'site.example', path: 'relative' }, 'http://site.example/relative'],
    [{ secure: false, domain: '192.168.1.10', path: '/' }, 'http://192.168.1.10/'],
    [{ secure: true, domain: '::1', path: '/' }, 'https://[::1]/'],
    [{ secure: false, domain: '2001:db8::1', path: '/app' }, 'http://[2001:db8::1]/app'],
  ])('%j → %s', (cookie, url) => {
    expect(cookieUrl(cookie)).toBe(url);
    expect(new URL(url).href).toBe(url);
  });
});
