/**
 * Firefox in German (`intl.locale.requested`, with Debian's firefox-esr-l10n-de language pack):
 * the popup on the demo page speaks German, findings included (what a value holds, the fix), and so
 * does the lesson it links to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './popup';
import { GERMAN_WHY, assertGermanLesson, assertGermanLoginFlag, assertGermanPopup, expandLoginFlag, readExpandedWhy } from './i18n';
import { firefoxDemo, gotoExtensionPage } from './support/browsers.mjs';
import { HOSTS, startFixtureServer } from './support/server.mjs';
import { readLearnPage } from './values';

// The extension pages' `browser` global (webextension-polyfill types are not loaded in Node).
declare const browser: typeof chrome;

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof firefoxDemo>>;

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await firefoxDemo(server, { prefs: { 'intl.locale.requested': 'de' } });
});

afterAll(async () => {
  await demo?.browser.close();
  await server?.close();
});

describe('Firefox in German', () => {
  it('shows the popup’s headings, flags and a finding with why it matters in German', async () => {
    await assertGermanPopup(demo.popup);
    await demo.popup.evaluate(() => document.querySelector<HTMLButtonElement>('tr.cookie-row[data-name="js_visit"] button.worst')!.click());
    expect(await waitUntil('the finding expanded', () => demo.popup.evaluate(readExpandedWhy))).toBe(GERMAN_WHY);
  });

  it('tells the lesson in German, with the demo page’s own session cookie and pixel', async () => {
    // The lesson reads the tab's report once: it opens after the background has seen the pixel.
    await waitUntil('pixel.test seen', async () => {
      const reply = await demo.popup.evaluate((id) => browser.runtime.sendMessage({ type: 'getReport', tabId: id }), demo.tabId);
      return reply.result.activity?.thirdParties.some((p: { pixels: unknown[] }) => p.pixels.length > 0);
    });
    const learn = await demo.browser.newPage();
    await gotoExtensionPage(learn, `${demo.extensionOrigin}/learn.html?tabId=${demo.tabId}`);
    const page = await waitUntil('the lesson with its examples', async () => {
      const p = await learn.evaluate(readLearnPage);
      return p.tracking ? p : null;
    });
    assertGermanLesson(page, await learn.evaluate(() => document.title));
    await learn.close();
  });

  it('says what a value holds and how to fix it in German, around the cookie’s own Set-Cookie line', async () => {
    const login = await demo.browser.newPage();
    await login.goto(server.url(HOSTS.login), { waitUntil: 'load' });
    const tabId = await waitUntil('the login tab', () =>
      demo.popup.evaluate(async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id ?? null, server.url(HOSTS.login)),
    );
    await waitUntil('isLoggedIn set by script', async () => {
      const reply = await demo.popup.evaluate((id) => browser.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId);
      return reply.result.cookies.find((c: { name: string; setBy?: string }) => c.name === 'isLoggedIn')?.setBy === 'script';
    });
    // The popup for that tab, in the page the earlier tests used.
    await gotoExtensionPage(demo.popup, `${demo.extensionOrigin}/popup.html?tabId=${tabId}`);
    assertGermanLoginFlag(await waitUntil('isLoggedIn’s finding with its fix', () => demo.popup.evaluate(expandLoginFlag)));
    await login.close();
  });
});
