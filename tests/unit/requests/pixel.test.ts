import { describe, expect, it } from 'vitest';
import { classifyTracker, PIXEL_MAX_BYTES, type TrackerEvidence } from '../../../lib/requests/pixel';

const ID = '8f14e45fceea167a5a36dedd4bea2543';

const gif: TrackerEvidence = {
  type: 'image',
  url: `https://px.tracker.test/p.gif?uid=${ID}&ev=pageview&dl=https%3A%2F%2Fnews.example%2Fa%2Fb`,
  thirdParty: true,
  statusCode: 200,
  fromCache: false,
  bodyBytes: 43,
  bodyBytesExact: true,
  contentType: 'image/gif',
  uncacheable: true,
  cookieSent: true,
  cookiesSet: ['tid'],
};

describe('classifyTracker: pixels', () => {
  it('lists every piece of evidence in plain words', () => {
    expect(classifyTracker(gif)).toEqual({
      kind: 'pixel',
      reasonMsgs: expect.any(Array),
      reasons: [
        '1×1-sized response: 43 bytes of image/gif',
        'query parameter `uid` carries an identifier',
        'sends cookies',
        'sets cookie tid',
        'response marked uncacheable',
      ],
    });
  });

  it.each<[string, Partial<TrackerEvidence>, string | null]>([
    ['a large image', { bodyBytes: 184_211 }, null],
    ['a same-site image', { thirdParty: false }, null],
    ['an image from the cache', { fromCache: true }, null],
    ['an image of unknown size', { bodyBytes: null }, null],
    ['a tiny image with no sign of tracking', { url: 'https://cdn.test/spacer.gif', cookieSent: false, cookiesSet: [], uncacheable: false }, null],
    ['a script', { type: 'script' }, null],
    ['an image at the size limit', { bodyBytes: PIXEL_MAX_BYTES }, '1×1-sized response: 200 bytes of image/gif'],
    ['a transfer size only', { bodyBytes: 187, bodyBytesExact: false }, '1×1-sized response: at most 187 bytes of image/gif'],
    ['an empty answer', { bodyBytes: 0, statusCode: 204 }, 'empty response: 0 bytes'],
    ['a redirect hop', { statusCode: 302, bodyBytes: null }, 'redirects onwards (HTTP 302) instead of returning an image'],
  ])('%s', (_, change, firstReason) => {
    const verdict = classifyTracker({ ...gif, ...change });
    expect(verdict?.reasons[0] ?? null).toBe(firstReason);
  });

  it('counts a tiny image with one sign only as a pixel', () => {
    const onlyUncacheable = { ...gif, url: 'https://t.test/a.gif', cookieSent: false, cookiesSet: [] };
    expect(classifyTracker(onlyUncacheable)?.reasons).toEqual(['1×1-sized response: 43 bytes of image/gif', 'response marked uncacheable']);
  });

  it('does not take page addresses and prose for identifiers', () => {
    const verdict = classifyTracker({ ...gif, url: 'https://t.test/a.gif?ref=https%3A%2F%2Fexample.com%2Flong%2Fpath&dp=%2Fproducts%2Fshoes-123&title=A+long+page+title' });
    expect(verdict?.reasons.join('\n')).not.toContain('query parameter');
  });

  it('names a query parameter that copies one of the page’s cookies, without keeping values', () => {
    const cookieValues = new Set(['abc123def456']);
    const verdict = classifyTracker({ ...gif, url: 'https://t.test/a.gif?sync=abc123def456&x=1' }, (v) => cookieValues.has(v));
    expect(verdict?.reasons).toContain("query parameter `sync` carries the value of one of this page's cookies");
  });

  it('does not compare short values with cookies: they match by chance', () => {
    const seen: string[] = [];
    classifyTracker({ ...gif, url: 'https://t.test/a.gif?a=1&b=abcdefgh' }, (v) => (seen.push(v), false));
    expect(seen).toEqual(['abcdefgh']);
  });

  it('lists a few names and counts the rest', () => {
    const url = `https://t.test/a.gif?${['a', 'b', 'c', 'd', 'e'].map((k) => `${k}=${ID}`).join('&')}`;
    const verdict = classifyTracker({ ...gif, url, cookiesSet: ['u1', 'u2', 'u3', 'u4'] });
    expect(verdict?.reasons).toContain('query parameters `a`, `b`, `c` and 2 more carry identifiers');
    expect(verdict?.reasons).toContain('sets cookies u1, u2, u3 and 1 more');
  });

  it('survives malformed query strings', () => {
    expect(() => classifyTracker({ ...gif, url: 'https://t.test/a.gif?%E0%A4%A=%&&==&x=%zz#frag?y=1' })).not.toThrow();
  });
});

describe('classifyTracker: beacons', () => {
  const beacon: TrackerEvidence = {
    ...gif,
    type: 'beacon',
    url: 'https://collect.analytics.test/g/collect?v=2&en=page_view',
    bodyBytes: null,
    contentType: null,
    cookieSent: false,
    cookiesSet: [],
    uncacheable: false,
  };

  it('counts every third-party beacon, with its evidence', () => {
    expect(classifyTracker(beacon)).toEqual({ kind: 'beacon', reasons: ['beacon request (navigator.sendBeacon or <a ping>)'], reasonMsgs: [{ key: 'pixel_reason_beacon' }] });
    expect(classifyTracker({ ...beacon, url: `${beacon.url}&cid=1234567890.1732611600`, cookieSent: true })?.reasons).toEqual([
      'beacon request (navigator.sendBeacon or <a ping>)',
      'query parameter `cid` carries an identifier',
      'sends cookies',
    ]);
  });

  it('ignores first-party beacons', () => {
    expect(classifyTracker({ ...beacon, thirdParty: false })).toBeNull();
  });
});
