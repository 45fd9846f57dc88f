import { describe, expect, it } from 'vitest';
import {
  normaliseCompleted,
  normaliseError,
  normaliseHeadersReceived,
  normaliseNavigation,
  normaliseRequest,
  normaliseSendHeaders,
  type BrowserName,
  type WebRequestDetails,
} from '../../../lib/requests/normalise';
import { MAX_URL_LENGTH } from '../../../lib/requests/url';
import { loadFixture, normalise } from '../monitor/replay';

const ID = '8f14e45fceea167a5a36dedd4bea2543';
const base = { requestId: '1', url: 'https://t.example/p.gif', tabId: 3, frameId: 0, timeStamp: 1000 };

describe('normaliseRequest', () => {
  it.each<[BrowserName, string, string]>([
    ['chrome', 'ping', 'beacon'], // navigator.sendBeacon and <a ping>
    ['firefox', 'beacon', 'beacon'],
    ['firefox', 'ping', 'beacon'],
    ['firefox', 'imageset', 'image'],
    ['firefox', 'object_subrequest', 'object'],
    ['chrome', 'image', 'image'],
    ['chrome', 'webbundle', 'other'],
    ['firefox', 'speculative', 'other'],
    ['chrome', 'toString', 'other'],
  ])('%s type %s → %s', (browser, type, expected) => {
    expect(normaliseRequest({ ...base, type }, browser)?.type).toBe(expected);
  });

  it('takes the initiator from Chrome as an origin, and "null" as none', () => {
    expect(normaliseRequest({ ...base, initiator: 'https://News.Example' }, 'chrome')?.initiator).toBe('https://news.example');
    expect(normaliseRequest({ ...base, initiator: 'null' }, 'chrome')?.initiator).toBeNull();
    expect(normaliseRequest({ ...base, originUrl: 'https://a.example/' }, 'chrome')?.initiator).toBeNull();
  });

  it('takes the initiator from Firefox originUrl, else documentUrl', () => {
    expect(normaliseRequest({ ...base, originUrl: 'https://a.example/x?y', documentUrl: 'https://b.example/' }, 'firefox')?.initiator).toBe(
      'https://a.example',
    );
    expect(normaliseRequest({ ...base, documentUrl: 'https://b.example/page' }, 'firefox')?.initiator).toBe('https://b.example');
    expect(normaliseRequest({ ...base, originUrl: 'moz-extension://abc/bg.html' }, 'firefox')?.initiator).toBeNull();
  });

  it('keeps Chrome document fields and Firefox third-party hint', () => {
    const chrome = normaliseRequest(
      { ...base, documentId: 'D1', documentLifecycle: 'prerender', parentDocumentId: 'P1', thirdParty: true },
      'chrome',
    );
    expect(chrome).toMatchObject({ documentId: 'D1', documentLifecycle: 'prerender', parentDocumentId: 'P1', thirdPartyHint: null });
    const firefox = normaliseRequest({ ...base, thirdParty: true }, 'firefox');
    expect(firefox).toMatchObject({ documentId: null, documentLifecycle: null, parentDocumentId: null, thirdPartyHint: true });
  });

  it.each<[string, WebRequestDetails]>([
    ['no request id', { url: 'https://a.example/' }],
    ['no url', { requestId: '1' }],
    ['a number for url', { requestId: '1', url: 42 }],
    ['an empty request id', { requestId: '', url: 'https://a.example/' }],
  ])('refuses details with %s', (_, details) => {
    expect(normaliseRequest(details, 'chrome')).toBeNull();
  });

  it('fills missing or garbage fields with safe defaults', () => {
    const event = normaliseRequest(
      { requestId: '9', url: 'https://a.example/', tabId: 'x', frameId: 1.5, type: null, timeStamp: NaN, documentLifecycle: 'zombie' },
      'chrome',
    );
    expect(event).toEqual({
      kind: 'request',
      requestId: '9',
      tabId: -1,
      frameId: -1,
      type: 'other',
      url: 'https://a.example/',
      initiator: null,
      documentId: null,
      documentLifecycle: null,
      parentDocumentId: null,
      timeStamp: 0,
      thirdPartyHint: null,
      topDocumentUrl: null,
    });
  });

  it('cuts a huge data: URL', () => {
    const event = normaliseRequest({ ...base, url: `data:image/png;base64,${'A'.repeat(3_000_000)}` }, 'chrome');
    expect(event?.url.length).toBe(MAX_URL_LENGTH + 1);
  });
});

describe('normaliseSendHeaders', () => {
  it.each<[string, string | null]>([
    ['Cookie', 'a=1'],
    ['cookie', 'a=1'],
    ['COOKIE', 'a=1'],
    ['Cookie2', null],
  ])('header %s → %j', (name, header) => {
    expect(normaliseSendHeaders({ requestId: '1', requestHeaders: [{ name: 'Accept', value: '*/*' }, { name, value: 'a=1' }] })?.cookieHeader).toBe(header);
  });

  it('copes with missing and malformed headers', () => {
    expect(normaliseSendHeaders({ requestId: '1' })?.cookieHeader).toBeNull();
    expect(normaliseSendHeaders({ requestId: '1', requestHeaders: 'nope' })?.cookieHeader).toBeNull();
    // Chrome passes a value that is not UTF-8 as bytes only: a cookie was sent all the same.
    expect(normaliseSendHeaders({ requestId: '1', requestHeaders: [null, 3, { value: 'x' }, { name: 'Cookie', binaryValue: [97] }] })).toEqual({
      kind: 'sendHeaders',
      requestId: '1',
      cookieHeader: '',
    });
  });
});

describe('normaliseHeadersReceived', () => {
  const received = (headers: [string, string][], url = 'https://t.example/p.gif', browser: BrowserName = 'chrome') =>
    normaliseHeadersReceived(
      { requestId: '1', url, timeStamp: Date.UTC(2026, 10, 26), statusCode: 200, responseHeaders: headers.map(([name, value]) => ({ name, value })) },
      browser,
    );

  it('splits the Set-Cookie headers Firefox joins with newlines, and redacts them', () => {
    const event = received([['Set-Cookie', `a=${ID}; Path=/\nb=2; Secure\n`]]);
    expect(event?.setCookies).toEqual([
      { name: 'a', line: 'a=…; Path=/', attributes: { name: 'a', path: '/', secure: false, httpOnly: false, partitioned: false }, identifier: true, identifierHashes: expect.any(Array) },
      { name: 'b', line: 'b=…; Secure', attributes: { name: 'b', secure: true, httpOnly: false, partitioned: false }, identifier: false, identifierHashes: [] },
    ]);
    expect(JSON.stringify(event)).not.toContain(ID);
  });

  it('reads Chrome’s one header per cookie the same way', () => {
    const event = received([
      ['set-cookie', 'a=1; Path=/'],
      ['set-cookie', 'b=2; Secure'],
    ]);
    expect(event?.setCookies.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('puts lines a browser refuses apart, without values', () => {
    const event = received([['set-cookie', `bad=${ID}; Domain=other.test`]], 'https://news.example/');
    expect(event?.setCookies).toEqual([]);
    expect(event?.rejected).toEqual([
      expect.objectContaining({ name: 'bad', domain: 'other.test', requestUrl: 'https://news.example/', setCookie: 'bad=…; Domain=other.test' }),
    ]);
  });

  it('judges the lines as the browser it runs in does', () => {
    // A tab inside a value: Chromium refuses the cookie, Firefox stores it (measured in Chromium 156
    // and Firefox ESR 153); Firefox joins the lines with newlines, Chrome passes one header each.
    const line = 'pref=a\tb; Path=/; Secure';
    expect(received([['set-cookie', line]], 'https://shop.example/', 'chrome')).toMatchObject({
      setCookies: [],
      rejected: [expect.objectContaining({ name: 'pref', reason: expect.stringMatching(/tab/) })],
    });
    expect(received([['Set-Cookie', `${line}\nsid=1; Secure`]], 'https://shop.example/', 'firefox')).toMatchObject({
      setCookies: [expect.objectContaining({ name: 'pref' }), expect.objectContaining({ name: 'sid' })],
      rejected: [],
    });
  });

  it.each<[string, [string, string][], boolean]>([
    ['no-store', [['Cache-Control', 'no-store']], true],
    ['no-cache', [['cache-control', 'private, no-cache']], true],
    ['max-age=0', [['Cache-Control', 'max-age=0, must-revalidate']], true],
    ['max-age=600', [['Cache-Control', 'public, max-age=600']], false],
    ['s-maxage=0 only', [['Cache-Control', 's-maxage=0']], false],
    ['Expires in the past', [['Expires', 'Thu, 01 Jan 1970 00:00:00 GMT']], true],
    ['Expires "0"', [['Expires', '0']], true],
    ['Expires in the future', [['Expires', 'Fri, 01 Jan 2100 00:00:00 GMT']], false],
    ['max-age wins over Expires', [['Cache-Control', 'max-age=600'], ['Expires', '0']], false],
    ['Pragma alone', [['Pragma', 'no-cache']], true],
    ['Pragma with Cache-Control', [['Pragma', 'no-cache'], ['Cache-Control', 'max-age=600']], false],
    ['nothing', [], false],
  ])('uncacheable with %s: %s', (_, headers, uncacheable) => {
    expect(received(headers)?.uncacheable).toBe(uncacheable);
  });

  it.each<[string, number | null]>([
    ['43', 43],
    [' 43 ', 43],
    ['', null],
    ['-1', null],
    ['4.5', null],
    ['lots', null],
  ])('Content-Length %j → %s', (value, length) => {
    expect(received([['Content-Length', value]])?.contentLength).toBe(length);
  });

  it.each<[string, boolean]>([
    ['max-age=31536000; includeSubDomains', true],
    ['MAX-AGE="600"', true],
    ['max-age=0', false],
    ['includeSubDomains', false],
  ])('Strict-Transport-Security %j → %s', (value, hsts) => {
    expect(received([['Strict-Transport-Security', value]])?.hsts).toBe(hsts);
  });

  it('reads the media type without parameters', () => {
    expect(received([['Content-Type', 'Image/GIF; charset=binary']])?.contentType).toBe('image/gif');
  });

  it('copes with no headers, binary-only values and garbage', () => {
    const event = normaliseHeadersReceived({ requestId: '1', responseHeaders: [{ name: 'Set-Cookie', binaryValue: [97, 61, 49] }, 'x', null] }, 'chrome');
    expect(event).toMatchObject({ setCookies: [], rejected: [], contentLength: null, uncacheable: false, hsts: false, statusCode: 0 });
  });
});

describe('normaliseCompleted and normaliseError', () => {
  it('takes Firefox’s transfer size, and none from Chrome', () => {
    const details = { requestId: '1', statusCode: 200, fromCache: false, responseSize: 187 };
    expect(normaliseCompleted(details, 'firefox')).toEqual({ kind: 'completed', requestId: '1', statusCode: 200, fromCache: false, transferSize: 187 });
    expect(normaliseCompleted(details, 'chrome')?.transferSize).toBeNull();
    expect(normaliseCompleted({ requestId: '1', responseSize: -5 }, 'firefox')?.transferSize).toBeNull();
  });

  it('refuses details without a request id', () => {
    expect(normaliseCompleted({}, 'chrome')).toBeNull();
    expect(normaliseError({ requestId: 7 })).toBeNull();
    const blocked = { requestId: '7', error: 'net::ERR_BLOCKED_BY_CLIENT' };
    expect(normaliseError(blocked)).toEqual({ kind: 'error', requestId: '7' });
  });
});

describe('normaliseNavigation', () => {
  const commit = { tabId: 4, url: 'https://a.example/#top', timeStamp: 5, documentId: 'D', documentLifecycle: 'active' };

  it.each<[string, object, boolean]>([
    ['Chrome top frame', { frameId: 0, frameType: 'outermost_frame' }, true],
    ['Chrome prerendered page (own frame id)', { frameId: 7, frameType: 'outermost_frame', documentLifecycle: 'prerender' }, true],
    ['Chrome fenced frame', { frameId: 9, frameType: 'fenced_frame' }, false],
    ['Chrome iframe', { frameId: 3, frameType: 'sub_frame' }, false],
    ['Firefox top frame', { frameId: 0 }, true],
    ['Firefox iframe', { frameId: 2 }, false],
  ])('%s → %s', (_, fields, kept) => {
    expect(normaliseNavigation({ ...commit, ...fields }) !== null).toBe(kept);
  });

  it('refuses tabless and URL-less commits', () => {
    expect(normaliseNavigation({ ...commit, frameId: 0, tabId: -1 })).toBeNull();
    expect(normaliseNavigation({ frameId: 0, tabId: 1 })).toBeNull();
  });
});

describe('recorded fixtures', () => {
  it.each<BrowserName>(['chrome', 'firefox'])('%s: every recorded event normalises', (browser) => {
    for (const recorded of loadFixture(browser)) {
      expect(normalise(recorded, browser), `${recorded.listener} ${String(recorded.details.url)}`).not.toBeNull();
    }
  });
});
