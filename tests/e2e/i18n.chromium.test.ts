/**
 * Chromium in German (`--lang=de`, with Debian's chromium-l10n): the popup on the demo page
 * speaks German, findings included (what a value holds, the fix), and so does the lesson it links to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './popup';
import { GERMAN_WHY, assertGermanLesson, assertGermanLoginFlag, assertGermanPopup, expandLoginFlag, readExpandedWhy } from './i18n';
import { chromiumDemo } from './support/browsers.mjs';
import { HOSTS, startFixtureServer } from './support/server.mjs';
import { readLearnPage } from './values';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof chromiumDemo>>;

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await chromiumDemo(server, { lang: 'de' });
});

afterAll(async () => {
  await demo?.context.close();
  await server?.close();
});

describe('Chromium in German', () => {
  it('shows the popup’s headings, flags and a finding with why it matters in German', async () => {
    const popup = await demo.openPopup(demo.tabId);
    await assertGermanPopup(popup);
    await popup.locator('tr.cookie-row[data-name="js_visit"] button.worst').click();
    expect(await waitUntil('the finding expanded', () => popup.evaluate(readExpandedWhy))).toBe(GERMAN_WHY);
    expect(await popup.locator('tr.findings-row .fix .muted').textContent()).toBe('Behebung:');
    await popup.close();
  });

  it('says what a value holds and how to fix it in German, around the cookie’s own Set-Cookie line', async () => {
    const login = await demo.context.newPage();
    await login.goto(server.url(HOSTS.login), { waitUntil: 'load' });
    const tabId = await demo.tabIdOf(server.url(HOSTS.login));
    const popup = await demo.openPopup(tabId);
    await waitUntil('isLoggedIn set by script', async () => {
      const reply = await popup.evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId);
      return reply.result.cookies.find((c: { name: string; setBy?: string }) => c.name === 'isLoggedIn')?.setBy === 'script';
    });
    await popup.reload();
    assertGermanLoginFlag(await waitUntil('isLoggedIn’s finding with its fix', () => popup.evaluate(expandLoginFlag)));
    // Who set it, as the page reported it, in German too.
    const setBy = await popup.locator('tr.cookie-row[data-name="isLoggedIn"] .set-by').textContent();
    expect(setBy?.replace(/\s+/g, ' ').trim()).toBe('gesetzt durch ein Inline-Skript von login.test (von der Seite gemeldet)');
    await Promise.all([popup.close(), login.close()]);
  });

  it('tells the lesson in German, with the demo page’s own session cookie and pixel', async () => {
    const popup = await demo.openPopup(demo.tabId);
    // The lesson reads the tab's report once: it opens after the background has seen the pixel.
    await waitUntil('pixel.test seen', async () => {
      const reply = await popup.evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), demo.tabId);
      return reply.result.activity?.thirdParties.some((p: { pixels: unknown[] }) => p.pixels.length > 0);
    });
    const learn = await demo.context.newPage();
    await learn.goto(`chrome-extension://${demo.extensionId}/learn.html?tabId=${demo.tabId}`);
    const page = await waitUntil('the lesson with its examples', async () => {
      const p = await learn.evaluate(readLearnPage);
      return p.tracking ? p : null;
    });
    assertGermanLesson(page, await learn.title());
    await Promise.all([popup.close(), learn.close()]);
  });
});
