import { describe, expect, it } from 'vitest';
import { isTrustedSender, parseMessage } from '../../lib/messages';

describe('isTrustedSender', () => {
  describe.each([
    ['Chrome', 'abcdefghijklmnopabcdefghijklmnop', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/'],
    ['Firefox', 'cookie-audit@cookie-audit.dev', 'moz-extension://0e6a2f4c-1b2d-4c3e-9f00-7a1b2c3d4e5f/'],
  ])('%s', (_browser, id, origin) => {
    it.each([
      ['the popup', true, { id, url: `${origin}popup.html` }],
      ['the popup opened in a tab', true, { id, url: `${origin}popup.html?tabId=12#x` }],
      ['a content script on a web page', false, { id, url: 'https://evil.example/page' }],
      // Frames without an origin of their own: their URL's origin is "null".
      ['a content script in an about:blank frame', false, { id, url: 'about:blank' }],
      ['a content script in a data: frame', false, { id, url: 'data:text/html,<script>1</script>' }],
      ['another extension', false, { id: 'otherextensionidotherextensionid', url: `${origin}popup.html` }],
      ['a sender without an id', false, { url: `${origin}popup.html` }],
      ['a sender without a url', false, { id }],
      ['a sender with a garbage url', false, { id, url: 'not a url' }],
    ])('%s: trusted %s', (_who, trusted, sender) => {
      expect(isTrustedSender(sender, id, origin)).toBe(trusted);
    });
  });
});

describe('parseMessage', () => {
  const cookie = {
    name: 'sid',
    domain: 'site.example',
    path: '/',
    hostOnly: false,
    storeId: '0',
    partitionKey: null,
    firstPartyDomain: '',
  };

  it.each([
    [{ type: 'getReport', tabId: 3 }, { type: 'getReport', tabId: 3, includeValues: false }],
    [{ type: 'getReport', tabId: 3, includeValues: true }, { type: 'getReport', tabId: 3, includeValues: true }],
    // Only a real `true` reveals values.
    [{ type: 'getReport', tabId: 3, includeValues: 'yes' }, { type: 'getReport', tabId: 3, includeValues: false }],
    [{ type: 'getView', tabId: 3 }, { type: 'getView', tabId: 3, fresh: false }],
    [{ type: 'getView', tabId: 3, fresh: true }, { type: 'getView', tabId: 3, fresh: true }],
    [{ type: 'getView', tabId: 3, fresh: 1 }, { type: 'getView', tabId: 3, fresh: false }],
    // The view never carries values: the option is not passed on.
    [{ type: 'getView', tabId: 3, includeValues: true }, { type: 'getView', tabId: 3, fresh: false }],
    [{ type: 'getValue', tabId: 3, cookie: { ...cookie, value: 'secret' } }, { type: 'getValue', tabId: 3, cookie }],
    [{ type: 'getActivity', tabId: 3, includeValues: true }, { type: 'getActivity', tabId: 3 }],
    [{ type: 'getValues', tabId: 3, cookie }, { type: 'getValues', tabId: 3 }],
    [{ type: 'getFindings', tabId: 3, cookie: { ...cookie, value: 'secret' } }, { type: 'getFindings', tabId: 3, cookie }],
    [{ type: 'deleteSiteCookies', tabId: 3, site: 'site.example' }, { type: 'deleteSiteCookies', tabId: 3, site: 'site.example' }],
    [{ type: 'deleteCookie', tabId: 3, cookie }, { type: 'deleteCookie', tabId: 3, cookie }],
    [
      { type: 'deleteCookie', tabId: 3, cookie: { ...cookie, partitionKey: { topLevelSite: 'https://site.example', hasCrossSiteAncestor: true } } },
      { type: 'deleteCookie', tabId: 3, cookie: { ...cookie, partitionKey: { topLevelSite: 'https://site.example', hasCrossSiteAncestor: true } } },
    ],
    // Missing optional fields get their unpartitioned, non-isolated defaults.
    [
      { type: 'deleteCookie', tabId: 3, cookie: { name: 'sid', domain: 'site.example', path: '/', storeId: '0' } },
      { type: 'deleteCookie', tabId: 3, cookie: { ...cookie, hostOnly: false, partitionKey: null, firstPartyDomain: '' } },
    ],
    [{ type: 'getStorage', tabId: 3, includeValues: true }, { type: 'getStorage', tabId: 3, includeValues: true }],
    [{ type: 'getStorage', tabId: 3 }, { type: 'getStorage', tabId: 3, includeValues: false }],
    [
      { type: 'deleteStorageKey', tabId: 3, origin: 'https://recipes.test', area: 'local', key: 'ajs_anonymous_id' },
      { type: 'deleteStorageKey', tabId: 3, origin: 'https://recipes.test', area: 'local', key: 'ajs_anonymous_id', keyCut: false },
    ],
    [{ type: 'deleteOriginStorage', tabId: 3, origin: 'https://player.vimeo.com' }, { type: 'deleteOriginStorage', tabId: 3, origin: 'https://player.vimeo.com' }],
  ])('accepts %j', (raw, expected) => {
    expect(parseMessage(raw)).toEqual(expected);
  });

  it('ignores extra fields, everywhere', () => {
    const parsed = parseMessage({
      type: 'deleteCookie',
      tabId: 3,
      extra: 'x',
      cookie: { ...cookie, value: 'secret', partitionKey: { topLevelSite: 'https://site.example', evil: 1 } },
    });
    expect(parsed).toEqual({ type: 'deleteCookie', tabId: 3, cookie: { ...cookie, partitionKey: { topLevelSite: 'https://site.example' } } });
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'getReport'],
    ['a number', 3],
    ['an array', [{ type: 'getReport', tabId: 3 }]],
    ['no tabId', { type: 'getReport' }],
    ['a string tabId', { type: 'getReport', tabId: '3' }],
    ['a fractional tabId', { type: 'getReport', tabId: 3.5 }],
    ['a NaN tabId', { type: 'getReport', tabId: Number.NaN }],
    ['an infinite tabId', { type: 'getReport', tabId: Number.POSITIVE_INFINITY }],
    ['no type', { tabId: 3 }],
    ['an unknown type', { type: 'deleteAllCookies', tabId: 3 }],
    ['a storage key of no origin', { type: 'deleteStorageKey', tabId: 3, origin: 'about:blank', area: 'local', key: 'k' }],
    ['a storage key of an origin with a path', { type: 'deleteStorageKey', tabId: 3, origin: 'https://recipes.test/', area: 'local', key: 'k' }],
    ['a storage key in no area', { type: 'deleteStorageKey', tabId: 3, origin: 'https://recipes.test', area: 'cookies', key: 'k' }],
    ['a storage key that is no string', { type: 'deleteStorageKey', tabId: 3, origin: 'https://recipes.test', area: 'local', key: 1 }],
    ['a storage key longer than shown', { type: 'deleteStorageKey', tabId: 3, origin: 'https://recipes.test', area: 'local', key: 'k'.repeat(201) }],
    ['an origin’s storage of a site', { type: 'deleteOriginStorage', tabId: 3, origin: 'recipes.test' }],
    ['a type of another case', { type: 'GetReport', tabId: 3 }],
    ['getView without a tabId', { type: 'getView' }],
    ['getActivity with a string tabId', { type: 'getActivity', tabId: '3' }],
    ['getValue without a cookie', { type: 'getValue', tabId: 3 }],
    ['getValue without a tabId', { type: 'getValue', cookie }],
    ['getValues without a tabId', { type: 'getValues' }],
    ['getFindings without a cookie', { type: 'getFindings', tabId: 3 }],
    ['getFindings with a cookie without a store', { type: 'getFindings', tabId: 3, cookie: { ...cookie, storeId: undefined } }],
    ['deleteSiteCookies without a site', { type: 'deleteSiteCookies', tabId: 3 }],
    ['deleteSiteCookies with a non-string site', { type: 'deleteSiteCookies', tabId: 3, site: ['site.example'] }],
    ['deleteCookie without a cookie', { type: 'deleteCookie', tabId: 3 }],
    ['deleteCookie with a null cookie', { type: 'deleteCookie', tabId: 3, cookie: null }],
    ['deleteCookie without a name', { type: 'deleteCookie', tabId: 3, cookie: { ...cookie, name: undefined } }],
    ['deleteCookie with a numeric domain', { type: 'deleteCookie', tabId: 3, cookie: { ...cookie, domain: 1 } }],
    ['deleteCookie without a path', { type: 'deleteCookie', tabId: 3, cookie: { ...cookie, path: undefined } }],
    ['deleteCookie without a store', { type: 'deleteCookie', tabId: 3, cookie: { ...cookie, storeId: null } }],
    ['deleteCookie with a string partitionKey', { type: 'deleteCookie', tabId: 3, cookie: { ...cookie, partitionKey: 'https://site.example' } }],
    ['deleteCookie with an empty partitionKey', { type: 'deleteCookie', tabId: 3, cookie: { ...cookie, partitionKey: {} } }],
    ['deleteCookie with a numeric topLevelSite', { type: 'deleteCookie', tabId: 3, cookie: { ...cookie, partitionKey: { topLevelSite: 1 } } }],
  ])('refuses %s', (_what, raw) => {
    expect(parseMessage(raw)).toBeNull();
  });
});

describe('parseMessage: learned trackers', () => {
  it.each([
    [{ type: 'getLearned' }, { type: 'getLearned' }],
    [{ type: 'clearLearned', extra: 1 }, { type: 'clearLearned' }],
  ])('%j → %j', (raw, parsed) => {
    expect(parseMessage(raw)).toEqual(parsed);
  });
});
