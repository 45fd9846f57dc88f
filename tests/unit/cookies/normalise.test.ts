import { describe, expect, it } from 'vitest';
import type { BrowserCookie } from '../../../lib/cookies/cookie';
import { cachedSiteLookup, fromBrowserCookie, normaliseCookies, partitionSiteOf, utf8Length } from '../../../lib/cookies/normalise';
import { readPartitionKey } from '../../../lib/cookies/cookie';
import { FIXTURES, PAGE_SITE, recorded, type Browser } from './helpers';

/** What the popup must show for each recorded cookie, seen from https://www.site.example/. */
const EXPECTED = {
  _ga: { domain: 'site.example', site: 'site.example', firstParty: true, size: 30 },
  sessionid: { domain: 'www.site.example', site: 'site.example', firstParty: true, size: 29 },
  lang: { domain: 'www.site.example', site: 'site.example', firstParty: true, path: '/account', size: 27 },
  '<script>alert(1)</script>': { domain: 'www.site.example', site: 'site.example', firstParty: true, size: 53 },
  embed_id: { domain: 'cdn-embed.example', site: 'cdn-embed.example', firstParty: false, size: 26 },
  dev: { domain: '192.168.1.10', site: '192.168.1.10', firstParty: false, size: 4 },
  gh_pref: { domain: 'alice.github.io', site: 'alice.github.io', firstParty: false, size: 11 },
  consent: { domain: 'example.co.uk', site: 'example.co.uk', firstParty: false, size: 10 },
  IDE: { domain: 'doubleclick.net', site: 'doubleclick.net', firstParty: false, size: 25 },
} as const;

const cases = (browser: Browser) =>
  FIXTURES[browser]
    .filter((raw) => !raw.partitionKey?.topLevelSite && raw.storeId !== 'firefox-container-1')
    .map((raw) => [raw.name, raw] as const);

describe.each(['chrome', 'firefox'] as const)('fromBrowserCookie, %s fixture', (browser) => {
  it.each(cases(browser))('%s: domain without dot, site, party and size', (name, raw) => {
    const expected = EXPECTED[name as keyof typeof EXPECTED];
    expect(fromBrowserCookie(raw, PAGE_SITE)).toMatchObject({
      name: raw.name,
      value: raw.value,
      domain: expected.domain,
      site: expected.site,
      firstParty: expected.firstParty,
      size: expected.size,
      path: 'path' in expected ? expected.path : '/',
      hostOnly: raw.hostOnly,
      sameSite: raw.sameSite,
      secure: raw.secure,
      httpOnly: raw.httpOnly,
      storeId: raw.storeId,
      firstPartyDomain: '',
      partitionKey: null,
      partitionSite: null,
    });
  });

  it.each(cases(browser))('%s: session cookies have no expiry, dated ones keep theirs', (_name, raw) => {
    const cookie = fromBrowserCookie(raw, PAGE_SITE);
    expect(cookie.session).toBe(raw.session);
    if (raw.session) expect(cookie).not.toHaveProperty('expirationDate');
    else expect(cookie.expirationDate).toBe(raw.expirationDate);
  });

  it('is third-party everywhere when the page has no site', () => {
    expect(FIXTURES[browser].map((raw) => fromBrowserCookie(raw, null).firstParty)).not.toContain(true);
  });

  it('keeps the value as the browser gave it, multibyte characters included', () => {
    expect(fromBrowserCookie(recorded(browser, 'lang'), PAGE_SITE).value).toBe('Zürich – 東京 😀');
  });
});

describe('fromBrowserCookie: partitions', () => {
  it('keeps Chrome’s CHIPS key, cross-site bit included, and names its site', () => {
    const cookie = fromBrowserCookie(recorded('chrome', 'embed_id', { partitioned: true }), PAGE_SITE);
    expect(cookie.partitionKey).toEqual({ topLevelSite: 'https://site.example', hasCrossSiteAncestor: true });
    expect(cookie.partitionSite).toBe('site.example');
    expect(cookie.firstParty).toBe(false);
  });

  it('keeps Firefox’s Total Cookie Protection key without inventing a cross-site bit', () => {
    const cookie = fromBrowserCookie(recorded('firefox', 'embed_id'), PAGE_SITE);
    expect(cookie.partitionKey).toEqual({ topLevelSite: 'https://site.example' });
    expect(cookie.partitionSite).toBe('site.example');
  });

  it('keeps Firefox’s container store apart from the default store', () => {
    const cookie = fromBrowserCookie(recorded('firefox', 'sessionid', { storeId: 'firefox-container-1' }), PAGE_SITE);
    expect(cookie.storeId).toBe('firefox-container-1');
    expect(cookie.value).toBe('c0nta1ner5e55i0n');
  });
});

describe('fromBrowserCookie: party against the page site', () => {
  const gh = recorded('chrome', 'gh_pref');
  it.each([
    ['alice.github.io', true],
    ['bob.github.io', false],
    ['github.io', false],
    ['site.example', false],
  ])('gh_pref (.alice.github.io) on a page of %s: first-party %s', (pageSite, firstParty) => {
    expect(fromBrowserCookie(gh, pageSite).firstParty).toBe(firstParty);
  });
});

describe('fromBrowserCookie: field normalisation', () => {
  const base = recorded('chrome', 'sessionid');
  const withField = (fields: Partial<BrowserCookie>) => fromBrowserCookie({ ...base, ...fields }, PAGE_SITE);

  it.each([
    ['unspecified', 'unspecified'],
    ['no_restriction', 'no_restriction'],
    ['lax', 'lax'],
    ['strict', 'strict'],
    ['None', 'no_restriction'],
    ['LAX', 'lax'],
    [undefined, 'unspecified'],
    ['', 'unspecified'],
    ['weird', 'unspecified'],
    // Names that exist on every object must not leak through a plain lookup table.
    ['constructor', 'unspecified'],
    ['__proto__', 'unspecified'],
  ])('sameSite %j → %s', (sameSite, expected) => {
    expect(withField({ sameSite }).sameSite).toBe(expected);
  });

  it.each([
    ['.Site.EXAMPLE', 'site.example'],
    ['www.site.example.', 'www.site.example'],
    ['[::1]', '::1'],
  ])('domain %s → %s', (domain, expected) => {
    expect(withField({ domain }).domain).toBe(expected);
  });

  it('treats a cookie without expiry as a session cookie even when not flagged as one', () => {
    const cookie = withField({ session: false, expirationDate: undefined });
    expect(cookie.session).toBe(true);
    expect(cookie).not.toHaveProperty('expirationDate');
  });

  it('drops an expiry reported for a session cookie', () => {
    expect(withField({ session: true, expirationDate: 1800000000 })).not.toHaveProperty('expirationDate');
  });

  it('gives an empty path the root path', () => {
    expect(withField({ path: '' }).path).toBe('/');
  });

  it.each([
    [undefined],
    [null],
    [{}],
    [{ topLevelSite: '' }],
  ])('partitionKey %j means unpartitioned', (partitionKey) => {
    const cookie = withField({ partitionKey });
    expect(cookie.partitionKey).toBeNull();
    expect(cookie.partitionSite).toBeNull();
  });
});

describe('readPartitionKey', () => {
  it.each([
    [{ topLevelSite: 'https://a.example' }, { topLevelSite: 'https://a.example' }],
    [{ topLevelSite: 'https://a.example', hasCrossSiteAncestor: false }, { topLevelSite: 'https://a.example', hasCrossSiteAncestor: false }],
    [{ topLevelSite: 'https://a.example', hasCrossSiteAncestor: true }, { topLevelSite: 'https://a.example', hasCrossSiteAncestor: true }],
    [{ topLevelSite: '' }, null],
    [null, null],
    [undefined, null],
  ])('%j → %j', (raw, expected) => {
    expect(readPartitionKey(raw)).toEqual(expected);
  });

  it('keeps only the fields cookies.remove accepts', () => {
    const raw = { topLevelSite: 'https://a.example', hasCrossSiteAncestor: true, extra: 1 } as BrowserCookie['partitionKey'];
    expect(readPartitionKey(raw)).toEqual({ topLevelSite: 'https://a.example', hasCrossSiteAncestor: true });
  });
});

describe('partitionSiteOf', () => {
  it.each([
    ['https://site.example', 'site.example'],
    ['https://www.site.example:8443', 'site.example'],
    ['https://shop.example.co.uk', 'example.co.uk'],
    ['https://alice.github.io', 'alice.github.io'],
    ['http://127.0.0.1:8080', '127.0.0.1'],
    // Not a URL: read as a bare host.
    ['site.example', 'site.example'],
  ])('%s → %s', (topLevelSite, site) => {
    expect(partitionSiteOf({ topLevelSite })).toBe(site);
  });

  it('is null for an unpartitioned cookie', () => {
    expect(partitionSiteOf(null)).toBeNull();
  });
});

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['ü', 2],
    ['€', 3],
    ['東京', 6],
    ['😀', 4],
    ['Zürich – 東京 😀', 23],
    // Lone surrogates are sent as U+FFFD, three bytes.
    ['\ud83d', 3],
    ['\ude00x', 4],
  ])('%j is %i bytes', (s, bytes) => {
    expect(utf8Length(s)).toBe(bytes);
    expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });
});

describe('normaliseCookies', () => {
  it('keeps one cookie per identity across queries, the first seen winning', () => {
    const first = { ...recorded('chrome', 'sessionid'), value: 'from the page URL query' };
    const again = { ...first, value: 'from the domain query' };
    const other = recorded('chrome', 'lang');
    expect(normaliseCookies([[first], [again, other], [first]], PAGE_SITE)).toEqual([
      fromBrowserCookie(first, PAGE_SITE),
      fromBrowserCookie(other, PAGE_SITE),
    ]);
  });

  it.each(['chrome', 'firefox'] as const)('dedupes the %s fixture returned by several queries, keeping partitioned twins and containers', (browser) => {
    const all = FIXTURES[browser];
    const merged = normaliseCookies([all, all.filter((c) => c.partitionKey?.topLevelSite), [...all].reverse()], PAGE_SITE);
    expect(merged).toEqual(all.map((raw) => fromBrowserCookie(raw, PAGE_SITE)));
  });

  it('tells a cookie from its twin written with a leading dot or another case only as the browser does', () => {
    // The browser's `.site.example` is the normalised `site.example`: the same domain cookie.
    const dotted = { ...recorded('chrome', '_ga') };
    const bare = { ...dotted, domain: dotted.domain.replace(/^\./, '') };
    expect(normaliseCookies([[dotted], [bare]], PAGE_SITE)).toHaveLength(1);
  });

  it('returns nothing for no queries', () => {
    expect(normaliseCookies([], PAGE_SITE)).toEqual([]);
    expect(normaliseCookies([[], []], PAGE_SITE)).toEqual([]);
  });
});

describe('cachedSiteLookup', () => {
  it('answers as the uncached lookups do, for cookie domains and partitions', () => {
    const lookup = cachedSiteLookup();
    for (const raw of [...FIXTURES.chrome, ...FIXTURES.firefox, ...FIXTURES.chrome]) {
      expect(fromBrowserCookie(raw, PAGE_SITE, lookup)).toEqual(fromBrowserCookie(raw, PAGE_SITE));
    }
    expect(lookup.partitionSite(null)).toBeNull();
    expect(lookup.partitionSite({ topLevelSite: 'https://www.site.example:8443' })).toBe(partitionSiteOf({ topLevelSite: 'https://www.site.example:8443' }));
  });
});
