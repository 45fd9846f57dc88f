import { describe, expect, it } from 'vitest';
import { forEachQueryParameter, percentDecode } from '../../../lib/requests/query';

const parameters = (url: string) => {
  const pairs: [string, string][] = [];
  forEachQueryParameter(url, (name, value) => pairs.push([name, value]));
  return pairs;
};

/** What a browser's own parser makes of the same query (https://url.spec.whatwg.org/#interface-urlsearchparams). */
const browsers = (url: string) => {
  const question = url.indexOf('?');
  const hash = url.indexOf('#');
  if (question === -1 || (hash !== -1 && hash < question)) return [];
  return [...new URLSearchParams(url.slice(question + 1, hash === -1 ? undefined : hash))];
};

describe('forEachQueryParameter', () => {
  it.each([
    // A GA4 hit as gtag.js sends it (https://www.analyticsmarket.com/blog/how-google-analytics-collects-data/).
    'https://www.google-analytics.com/g/collect?v=2&tid=G-W82H8S53ST&gtm=45je4620&_p=102644968&cid=1489945657.1691089601&ul=en-us&uafvl=Not_A%2520Brand%3B99.0.0.0%7CGoogle%2520Chrome%3B109.0.5414.120&dl=https%3A%2F%2Fwww.analyticsmarket.com%2Fblog%2F&dt=How%20Google%20Analytics%20Collects%20Data%20-%20AnalyticsMarket&en=page_view&_ss=1',
    // Google Ads' view-through conversion, with the _gcl_au client id as `auid`.
    'https://googleads.g.doubleclick.net/pagead/viewthroughconversion/123456789/?random=1732611600123&cv=11&fst=1732611600123&auid=1183649187.1732611600&u_w=1920&url=https%3A%2F%2Fshop.example%2F&frm=0',
    // The Meta pixel (https://developers.facebook.com/docs/meta-pixel/advanced/).
    'https://www.facebook.com/tr/?id=1234567890123456&ev=PageView&dl=https%3A%2F%2Fshop.example%2F&rl=&if=false&ts=1732611600123&fbp=fb.1.1732611600000.1116446470&v=2.9.176',
    // `+` for spaces, escaped `+`, UTF-8, a name without value, empty pairs, `=` in a value.
    'https://px.example/p?q=running+shoes&plus=a%2Bb&city=M%C3%BCnchen&flag&&x=&b64=YWJj+ZA==&a=b=c',
    // Malformed escapes stay as written; bytes that are not UTF-8 become U+FFFD.
    'https://px.example/p?a=100%&b=%zz&c=%E0%A4%A&d=%FF&e=%&f=%4&g=%ED%A0%80&h=%C3',
    // Repeated names, encoded names, the fragment left out.
    'https://px.example/p?u=1&u=2&user%20id=3&x%3Dy=4#frag=5&z=6',
    // No query, an empty one, a `?` only in the fragment.
    'https://px.example/p',
    'https://px.example/p?',
    'https://px.example/p#a?b=1',
  ])('reads %s as URLSearchParams does', (url) => {
    expect(parameters(url)).toEqual(browsers(url));
  });

  it('decodes what a pixel sends', () => {
    expect(parameters('https://px.example/p?q=running+shoes&city=M%C3%BCnchen&d=%FF&b=%zz')).toEqual([
      ['q', 'running shoes'],
      ['city', 'München'],
      ['d', '\uFFFD'],
      ['b', '%zz'],
    ]);
  });

  it('never throws, whatever it is given', () => {
    for (const url of ['', '?', '?&', '?=', '?%', '?%%%', '?a=%uD800', '\uD800?a=\uDC00%', '?a=%ED%A0%80']) {
      expect(() => parameters(url)).not.toThrow();
    }
  });
});

describe('percentDecode', () => {
  it('decodes escapes as a path segment is read: `+` stays a `+`', () => {
    expect(percentDecode('a+b%20c')).toBe('a+b c');
    expect(percentDecode('GA1.1.1183649187.1732611600')).toBe('GA1.1.1183649187.1732611600');
    expect(percentDecode('100%')).toBe('100%');
    expect(percentDecode('%E0%A4%A')).toBe('\uFFFD%A');
  });
});
