import { describe, expect, it } from 'vitest';
import { hostOfUrl, normaliseHost, siteOfHost, siteOfUrl } from '../../lib/site';

describe('siteOfHost', () => {
  it.each([
    ['example.com', 'example.com'],
    ['www.example.com', 'example.com'],
    ['.example.com', 'example.com'],
    ['WWW.Example.COM.', 'example.com'],
    // Multi-label public suffixes.
    ['shop.bbc.co.uk', 'bbc.co.uk'],
    ['a.b.example.com.au', 'example.com.au'],
    // Private suffixes count, as browsers use them: each github.io user is its own site.
    ['alice.github.io', 'alice.github.io'],
    ['docs.alice.github.io', 'alice.github.io'],
    ['my-app.herokuapp.com', 'my-app.herokuapp.com'],
    // IP addresses and single-label hosts are their own site.
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]', '::1'],
    ['localhost', 'localhost'],
    ['intranet', 'intranet'],
    // IDN in punycode, as browsers report hosts.
    ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['www.xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    // Unknown TLDs such as .test follow the PSL default rule.
    ['sub.site.test', 'site.test'],
    ['', null],
    ['.', null],
  ])('%s → %s', (host, site) => {
    expect(siteOfHost(host)).toBe(site);
  });
});

describe('siteOfUrl and hostOfUrl', () => {
  it.each([
    ['https://www.example.co.uk/path?q=1', 'www.example.co.uk', 'example.co.uk'],
    ['http://127.0.0.1:8080/', '127.0.0.1', '127.0.0.1'],
    ['https://[::1]:8443/x', '::1', '::1'],
    ['http://localhost:3000', 'localhost', 'localhost'],
    ['https://münchen.de/', 'xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['data:text/plain,hello', null, null],
    ['about:blank', null, null],
    ['file:///home/me/page.html', null, null],
    ['not a url', null, null],
    ['', null, null],
  ])('%s', (url, host, site) => {
    expect(hostOfUrl(url)).toBe(host);
    expect(siteOfUrl(url)).toBe(site);
  });
});

describe('party', () => {
  it('normalises cookie domains', () => {
    expect(normaliseHost('.Example.com')).toBe('example.com');
  });
});
