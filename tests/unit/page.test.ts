import { describe, expect, it } from 'vitest';
import { ACCESS_EXPLANATIONS, pageAccess } from '../../lib/page';

describe('pageAccess', () => {
  it.each([
    [undefined, 'no-tab'],
    ['', 'no-tab'],
    ['chrome://settings/cookies', 'browser-page'],
    ['chrome://newtab/', 'browser-page'],
    ['about:blank', 'browser-page'],
    ['about:preferences#privacy', 'browser-page'],
    ['view-source:https://site.example/', 'browser-page'],
    ['edge://settings', 'browser-page'],
    ['file:///home/me/page.html', 'file'],
    ['moz-extension://0e6a2f4c-1b2d-4c3e-9f00-7a1b2c3d4e5f/popup.html', 'extension-page'],
    ['chrome-extension://abcdefghijklmnopabcdefghijklmnop/popup.html', 'extension-page'],
    ['https://chromewebstore.google.com/detail/some-extension/abcdefghijklmnopabcdefghijklmnop', 'store'],
    ['https://addons.mozilla.org/en-GB/firefox/addon/some-addon/', 'store'],
    ['https://chrome.google.com/webstore/category/extensions', 'store'],
    ['https://CHROMEWEBSTORE.google.com/', 'store'],
    ['data:text/html,<p>hello</p>', 'no-host'],
    ['blob:https://site.example/0b7c8f4e-1d2a-4b3c-9e8f-7a6b5c4d3e2f', 'no-host'],
    ['javascript:alert(1)', 'no-host'],
    ['not a url', 'no-host'],
    ['https://', 'no-host'],
  ])('%s → %s', (url, reason) => {
    expect(pageAccess(url)).toEqual({ ok: false, reason });
  });

  it.each([
    'https://www.site.example/account?tab=1#top',
    'http://192.168.1.10:8080/',
    'http://[::1]:3000/',
    'http://localhost/',
    // Only the Web Store part of chrome.google.com is protected.
    'https://chrome.google.com/intl/en/chrome/',
    'https://google.com/webstore',
    'https://alice.github.io/',
  ])('%s can be inspected', (url) => {
    expect(pageAccess(url)).toEqual({ ok: true });
  });

  it('has a title and an explanation for every refusal', () => {
    for (const { title, detail } of Object.values(ACCESS_EXPLANATIONS)) {
      expect(title).not.toBe('');
      expect(detail).not.toBe('');
    }
    expect(Object.keys(ACCESS_EXPLANATIONS).sort()).toEqual(['browser-page', 'extension-page', 'file', 'no-host', 'no-permission', 'no-tab', 'store']);
  });
});
