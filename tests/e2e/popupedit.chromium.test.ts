/**
 * Editing and creating cookies from the popup in real Chromium: the DevTools panel's editor in a
 * dialog, checked live by the same rules, saved through the browser's cookies API; the row then
 * shows what the browser stored, and the focus returns to it, in a windowed 300-cookie table too.
 * Also deleting the cookies a search lists, after confirmation.
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { click, text } from './devtools';
import { waitUntil } from './popup';
import { createRefusedThenValid, deleteListed, editValueAndFlag, editWindowedRow, focusedName, revealedValue, type StoredCookie } from './popupedit';
import { chromiumDemo } from './support/browsers.mjs';
import { POPUP_BENCH, startFixtureServer } from './support/server.mjs';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof chromiumDemo>>;
let context: BrowserContext;
let worker: Worker;
let popup: Page;

/** The browser's cookies of this name, partitioned ones included. */
function jar(name: string): Promise<StoredCookie[]> {
  return worker.evaluate(async (n) => {
    const lists = await Promise.all([chrome.cookies.getAll({ name: n }), chrome.cookies.getAll({ name: n, partitionKey: {} } as chrome.cookies.GetAllDetails)]);
    const seen = new Map<string, chrome.cookies.Cookie>();
    for (const c of lists.flat()) seen.set(`${c.domain} ${c.path} ${c.partitionKey?.topLevelSite ?? ''}`, c);
    return [...seen.values()] as never;
  }, name);
}

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await chromiumDemo(server);
  ({ context } = demo);
  worker = demo.worker!;
  popup = await demo.openPopup(demo.tabId);
  await popup.locator('tr.cookie-row[data-name="prefs"]').waitFor();
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

describe('Chromium: editing cookies from the popup', () => {
  it('edits a value and a flag; the browser stores them and the row shows them, its value masked until revealed', async () => {
    await editValueAndFlag(popup, jar, { name: 'prefs', oldValue: 'theme-dark', newValue: 'theme-light' });
    expect((await jar('prefs'))[0]).toMatchObject({ secure: true, sameSite: 'strict', hostOnly: true, domain: 'site.test' });
    // Escape closes the dialog as Close does, and the focus is back on the row.
    await popup.keyboard.press('Escape');
    await waitUntil('the focus back on the row', async () => ((await focusedName(popup)) === 'Edit cookie prefs' ? true : null));
    expect(await popup.locator('dialog[open]').count()).toBe(0);
    expect(await revealedValue(popup, 'prefs')).toBe('theme-light');
  });

  it('blocks a create the browser would refuse, with the reason; a valid one is created and listed', async () => {
    await createRefusedThenValid(popup, jar, { name: 'widget_consent', value: '%7B%22ads%22%3Afalse%7D', domain: 'site.test' });
  });

  it('says before Save that a __Host- cookie with a Domain would be refused; Cancel changes nothing', async () => {
    // A __Host- cookie must be host-only: the editor says so before Save.
    await click(popup, 'Edit cookie __Host-csrf');
    await popup.locator('dialog[open] .cookie-editor').waitFor();
    await popup.locator('.cookie-editor input[name="hostOnly"]').uncheck();
    await waitUntil('the refusal', async () => (await text(popup, '.cookie-editor .refusal')) || null);
    expect(await text(popup, '.cookie-editor .refusal')).toMatch(/__Host-/);
    expect(await popup.locator('.cookie-editor button[type="submit"]').isDisabled()).toBe(true);
    await click(popup, 'Cancel', '.cookie-editor');
    await waitUntil('the focus back on the row', async () => ((await focusedName(popup)) === 'Edit cookie __Host-csrf' ? true : null));
    expect((await jar('__Host-csrf'))[0]).toMatchObject({ hostOnly: true });
  });

  it('deletes the cookies a search lists, after confirmation, and only those', async () => {
    await deleteListed(popup, jar, 'pixel.test', ['uid']);
  });
});

describe('Chromium: editing a row of a windowed 300-cookie table', () => {
  let heavy: Page;

  beforeAll(async () => {
    const page = await context.newPage();
    const url = server.url(POPUP_BENCH.host(300));
    await page.goto(url, { waitUntil: 'load' });
    heavy = await demo.openPopup(await demo.tabIdOf(url));
    await heavy.locator('table[aria-rowcount]').first().waitFor();
  });

  it('edits a row scrolled to; after the page scrolled away, closing the editor brings the row back with the focus on it', async () => {
    await editWindowedRow(heavy, jar);
  });
});
