import { describe, expect, it } from 'vitest';
import { capUrl, MAX_URL_LENGTH, originInfoOf } from '../../../lib/requests/url';

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
