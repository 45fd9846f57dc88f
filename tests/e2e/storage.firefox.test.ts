/**
 * Web storage beside cookies in real Firefox ESR (MV2 build): the same recipe site, read through
 * the same content script in each frame. Firefox partitions the Vimeo player frame's storage
 * under recipes.test (Total Cookie Protection), and the view says so; deleting from the view
 * deletes in the page and the frame, as they then read themselves.
 */
import type { Browser, Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './popup';
import { assertReportStorage, assertStorageView, clickLabelled, readOwnStorage, readStorageView, whenStored, type StorageReportPart } from './storage';
import { firefoxDemo, gotoExtensionPage } from './support/browsers.mjs';
import { HOSTS, startFixtureServer } from './support/server.mjs';

// The extension pages' `browser` global (webextension-polyfill types are not loaded in Node).
declare const browser: typeof chrome;

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof firefoxDemo>>;
let firefox: Browser;
let popup: Page;
let tabId: number;

async function report(includeValues = false): Promise<StorageReportPart & { storage: { key: string; value?: string }[] }> {
  const reply = await popup.evaluate((id, values) => browser.runtime.sendMessage({ type: 'getReport', tabId: id, includeValues: values }), tabId, includeValues);
  expect(reply.ok).toBe(true);
  return reply.result;
}

const playerFrame = (): Frame => demo.site.frames().find((f) => f.url().startsWith(server.url(HOSTS.vimeoPlayer, '/')))!;
const pageStorage = () => demo.site.evaluate(readOwnStorage);
const playerStorage = () => playerFrame().evaluate(readOwnStorage);
// A new address each time: gotoExtensionPage waits for the address, and the same one would be the old document's.
let loads = 0;
const showPopup = () => gotoExtensionPage(popup, `${demo.extensionOrigin}/popup.html?tabId=${tabId}&load=${++loads}`);

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await firefoxDemo(server);
  ({ browser: firefox, popup, tabId } = demo);
  await demo.site.goto(server.url(HOSTS.recipes), { waitUntil: 'load' });
});

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

describe('Firefox: web storage beside cookies', () => {
  it('is in getReport: each key under its origin, with its writer, identifiers flagged, values only when asked for', async () => {
    const read = await waitUntil('every key listed with its writer', async () => whenStored(await report()));
    assertReportStorage(read, server.url);
    expect(read.storage.some((i) => 'value' in i)).toBe(false);
    const own = await pageStorage();
    expect((await report(true)).storage.find((i) => i.key === 'ajs_anonymous_id')?.value).toBe(own.local.ajs_anonymous_id);
  });

  it('is listed in the Storage view per origin, values masked until revealed', async () => {
    await waitUntil('every key listed with its writer', async () => whenStored(await report()));
    await showPopup();
    await assertStorageView(popup, server.url, (await pageStorage()).local.ajs_anonymous_id);
  });

  it('deletes one key from the view, in the page and nowhere else', async () => {
    await showPopup();
    await waitUntil('the key in the view', async () => (await readStorageView(popup)).some((r) => r.key === 'ajs_user_traits'));
    const [pageBefore, playerBefore] = [await pageStorage(), await playerStorage()];
    await clickLabelled(popup, `Delete ajs_user_traits from the localStorage of ${server.url(HOSTS.recipes, '')}`);
    await waitUntil('the key gone from the view', async () => !(await readStorageView(popup)).some((r) => r.key === 'ajs_user_traits'));
    const { ajs_user_traits: _gone, ...kept } = pageBefore.local;
    expect((await pageStorage()).local).toEqual(kept);
    expect(await playerStorage()).toEqual(playerBefore);
  });

  it('deletes an origin’s storage after confirming: the player frame’s, then the page’s with its IndexedDB', async () => {
    await showPopup();
    await waitUntil('the player’s key in the view', async () => (await readStorageView(popup)).some((r) => r.key === 'sync_volume'));
    const pageBefore = await pageStorage();
    expect(pageBefore.databases).toContain('keyval-store');
    await clickLabelled(popup, `Delete all storage of ${server.url(HOSTS.vimeoPlayer, '')}`);
    await clickLabelled(popup, 'Delete');
    await waitUntil('the player gone from the view', async () => !(await readStorageView(popup)).some((r) => r.key === 'sync_volume'));
    expect(await playerStorage()).toEqual({ local: {}, session: {}, databases: [] });
    expect(await pageStorage()).toEqual(pageBefore);

    await clickLabelled(popup, `Delete all storage of ${server.url(HOSTS.recipes, '')}`);
    await clickLabelled(popup, 'Delete');
    await waitUntil('the page’s keys gone from the view', async () => (await readStorageView(popup)).length === 0);
    expect(await waitUntil('the page’s storage empty', async () => {
      const after = await pageStorage();
      return after.databases.length === 0 ? after : null;
    })).toEqual({ local: {}, session: {}, databases: [] });
  });
});
