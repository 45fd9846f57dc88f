/**
 * Editing and creating cookies from the popup in real Firefox ESR (the MV2 build): the same tasks
 * as in Chromium, through Firefox's cookies API, whose third-party cookies Total Cookie
 * Protection partitions.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRows, waitUntil } from './popup';
import { closeEditorTo, createRefusedThenValid, deleteListed, editValueAndFlag, editWindowedRow, revealedValue, type StoredCookie } from './popupedit';
import { firefoxDemo, gotoExtensionPage } from './support/browsers.mjs';
import { POPUP_BENCH, startFixtureServer } from './support/server.mjs';

// The extension pages' `browser` global (webextension-polyfill types are not loaded in Node).
declare const browser: typeof chrome;

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let firefox: Browser;
let popup: Page;
let extensionOrigin: string;

/** The browser's cookies of this name, partitioned ones included. */
function jar(name: string): Promise<StoredCookie[]> {
  return popup.evaluate(
    (n) => browser.cookies.getAll({ name: n, firstPartyDomain: null, partitionKey: {} } as chrome.cookies.GetAllDetails) as Promise<never>,
    name,
  );
}

beforeAll(async () => {
  server = await startFixtureServer();
  const demo = await firefoxDemo(server);
  ({ browser: firefox, popup, extensionOrigin } = demo);
  await waitUntil('the demo’s cookies in the popup', async () => (await readRows(popup)).some((r) => r.name === 'prefs'));
});

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

describe('Firefox: editing cookies from the popup', () => {
  it('edits a value and a flag; the browser stores them and the row shows them, its value masked until revealed', async () => {
    await editValueAndFlag(popup, jar, { name: 'prefs', oldValue: 'theme-dark', newValue: 'theme-light' });
    expect((await jar('prefs'))[0]).toMatchObject({ secure: true, sameSite: 'strict', hostOnly: true, domain: 'site.test' });
    await closeEditorTo(popup, 'prefs');
    expect(await revealedValue(popup, 'prefs')).toBe('theme-light');
  });

  it('blocks a create the browser would refuse, with the reason; a valid one is created and listed', async () => {
    await createRefusedThenValid(popup, jar, { name: 'widget_consent', value: '%7B%22ads%22%3Afalse%7D', domain: 'site.test' });
  });

  it('deletes the cookies a search lists, after confirmation, and only those', async () => {
    // pixel.test's uid, partitioned under site.test by Total Cookie Protection.
    await deleteListed(popup, jar, 'pixel.test', ['uid']);
  });
});

describe('Firefox: editing a row of a windowed 300-cookie table', () => {
  it('edits a row scrolled to; after the page scrolled away, closing the editor brings the row back with the focus on it', async () => {
    const page = await firefox.newPage();
    const url = server.url(POPUP_BENCH.host(300));
    await page.goto(url, { waitUntil: 'load' });
    const tab = await waitUntil('the heavy tab', () => popup.evaluate(async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id ?? null, url));
    const heavy = await firefox.newPage();
    await heavy.setViewport({ width: 800, height: 600 });
    await gotoExtensionPage(heavy, `${extensionOrigin}/popup.html?tabId=${tab}`);
    await editWindowedRow(heavy, jar);
  });
});
