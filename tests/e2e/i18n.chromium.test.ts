/**
 * Chromium in German (`--lang=de`, with Debian's chromium-l10n): the popup on the demo page
 * speaks German, findings included, and so does the lesson it links to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './popup';
import { GERMAN_WHY, assertGermanLesson, assertGermanPopup, readExpandedWhy } from './i18n';
import { chromiumDemo } from './support/browsers.mjs';
import { startFixtureServer } from './support/server.mjs';
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
