import { describe, expect, it } from 'vitest';
import { capUrl, MAX_URL_LENGTH, originInfoOf, originOf } from '../../../lib/requests/url';

describe('originInfoOf', () => {
  it.each([
    ['https://www.example.co.uk/path?q=1', { origin: 'https://www.example.co.uk', host: 'www.example.co.uk', site: 'example.co.uk' }],
    ['HTTPS://WWW.Example.COM/', { origin: 'https://www.example.com', host: 'www.example.com', site: 'example.com' }],
    ['http://127.0.0.1:8080/x', { origin: 'http://127.0.0.1:8080', host: '127.0.0.1', site: '127.0.0.1' }],
    ['https://[::1]:8443/x', { origin: 'https://[::1]:8443', host: '::1', site: '::1' }],
    ['wss://live.example.com/socket', { origin: 'https://live.example.com', host: 'live.example.com', site: 'example.com' }],
    ['https://user:pw@cdn.example.com/', { origin: 'https://cdn.example.com', host: 'cdn.example.com', site: 'example.com' }],
    ['https://xn--mnchen-3ya.de/', { origin: 'https://xn--mnchen-3ya.de', host: 'xn--mnchen-3ya.de', site: 'xn--mnchen-3ya.de' }],
    ['https://alice.github.io/blog', { origin: 'https://alice.github.io', host: 'alice.github.io', site: 'alice.github.io' }],
    ['http://localhost:3000', { origin: 'http://localhost:3000', host: 'localhost', site: 'localhost' }],
  ])('%s', (url, info) => {
    expect(originInfoOf(url)).toEqual(info);
  });

  it.each(['data:image/gif;base64,R0lGOD', 'about:blank', 'blob:https://a.example/1', 'chrome-extension://abc/x', 'https://', 'https://:443/', '', 'garbage'])(
    'has nothing for %j',
    (url) => {
      expect(originInfoOf(url)).toBeNull();
    },
  );

  it('does not throw on a Unicode host (browsers send punycode, but hostile input need not)', () => {
    expect(originInfoOf('https://münchen.de/')?.host).toBe('münchen.de');
  });
});

describe('capUrl', () => {
  it('keeps URLs up to the cap as they are', () => {
    const url = `https://a.example/?q=${'x'.repeat(MAX_URL_LENGTH - 21)}`;
    expect(url).toHaveLength(MAX_URL_LENGTH);
    expect(capUrl(url)).toBe(url);
  });

  it('cuts longer ones and marks the cut', () => {
    const capped = capUrl(`data:text/plain,${'a'.repeat(2_000_000)}`);
    expect(capped).toHaveLength(MAX_URL_LENGTH + 1);
    expect(capped.endsWith('…')).toBe(true);
  });
});

describe('originOf', () => {
  it.each([
    ['https://www.site.example/account?x=1#top', 'https://www.site.example'],
    ['http://site.example', 'http://site.example'],
    ['https://site.example?q', 'https://site.example'],
    ['https://site.example#frag', 'https://site.example'],
    // Ports are kept.
    ['https://site.example:8443/x', 'https://site.example:8443'],
    ['http://192.168.1.10:8080/', 'http://192.168.1.10:8080'],
    ['http://[::1]:3000/', 'http://[::1]:3000'],
    // Scheme and host are case-insensitive.
    ['HTTPS://WWW.Site.Example/Path', 'https://www.site.example'],
    // Userinfo is not part of the origin, whatever it contains.
    ['https://user:pass@site.example/', 'https://site.example'],
    ['https://evil.example@site.example/', 'https://site.example'],
    ['https://a@b@site.example/', 'https://site.example'],
    // A backslash ends the host, as in WHATWG URL, so the path cannot smuggle a host in.
    ['https://site.example\\@evil.example/', 'https://site.example'],
    ['https://site.example/@evil.example', 'https://site.example'],
    // WebSockets carry the cookies of their http(s) origin.
    ['wss://live.site.example/socket', 'https://live.site.example'],
    ['ws://live.site.example:8080/', 'http://live.site.example:8080'],
    // No host.
    ['https:///path', null],
    ['https://user@/path', null],
    ['https://', null],
    // Not http(s) or ws(s).
    ['ftp://files.site.example/', null],
    ['file:///home/me/page.html', null],
    ['chrome-extension://abcdefghijklmnop/popup.html', null],
    ['data:text/html,https://site.example/', null],
    ['blob:https://site.example/0b7c8f4e', null],
    ['javascript:fetch("https://site.example/")', null],
    ['about:blank', null],
    ['', null],
    ['site.example', null],
  ])('%s → %s', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });
});
