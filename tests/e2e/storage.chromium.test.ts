/**
 * Web storage beside cookies in real Chromium: on the recipe site, under its CSP, Cookie Audit's
 * content script in each frame reads the page's storage and the Vimeo player frame's own
 * (partitioned) storage; getReport and the Storage view list each key under its origin with the
 * script that wrote it, identifier-like values flagged and values masked; deleting a key and an
 * origin's storage from the view deletes them in the page, as the page itself then reads.
 */
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './popup';
import { assertReportStorage, assertStorageView, clickLabelled, readOwnStorage, readStorageView, whenStored, type StorageReportPart } from './storage';
import { chromiumDemo, ROOT } from './support/browsers.mjs';
import { HOSTS, startFixtureServer } from './support/server.mjs';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof chromiumDemo>>;
let popup: Page;
let tabId: number;

async function report(includeValues = false): Promise<StorageReportPart & { storage: { value?: string }[] }> {
  const reply = await popup.evaluate(([id, values]) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id, includeValues: values }), [tabId, includeValues] as const);
  expect(reply.ok).toBe(true);
  return reply.result;
}

const playerFrame = (): Frame => demo.site.frames().find((f) => f.url().startsWith(server.url(HOSTS.vimeoPlayer, '/')))!;
const pageStorage = () => demo.site.evaluate(readOwnStorage);
const playerStorage = () => playerFrame().evaluate(readOwnStorage);

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await chromiumDemo(server);
  await demo.site.goto(server.url(HOSTS.recipes), { waitUntil: 'load' });
  tabId = await demo.tabIdOf(server.url(HOSTS.recipes));
  popup = await demo.openPopup(tabId);
});

afterAll(async () => {
  await demo?.context.close().catch(() => {});
  await server?.close();
});

describe('Chromium: web storage beside cookies', () => {
  it('is in getReport: each key under its origin, with its writer, identifiers flagged, values only when asked for', async () => {
    const read = await waitUntil('every key listed with its writer', async () => whenStored(await report()));
    assertReportStorage(read, server.url);
    expect(read.storage.some((i) => 'value' in i)).toBe(false);
    const withValues = await report(true);
    const own = await pageStorage();
    expect(withValues.storage.find((i) => 'key' in i && (i as { key: string }).key === 'ajs_anonymous_id')?.value).toBe(own.local.ajs_anonymous_id);
  });

  it('is listed in the Storage view per origin, values masked until revealed', async () => {
    await waitUntil('every key listed with its writer', async () => whenStored(await report()));
    await popup.reload();
    await assertStorageView(popup, server.url, (await pageStorage()).local.ajs_anonymous_id);
    await popup.screenshot({ path: join(ROOT, 'test-results/popup-chromium-storage.png'), fullPage: true });
  });

  it('deletes one key from the view, in the page and nowhere else', async () => {
    await waitUntil('the key in the view', async () => (await readStorageView(popup)).some((r) => r.key === 'ajs_user_traits'));
    const [pageBefore, playerBefore] = [await pageStorage(), await playerStorage()];
    await clickLabelled(popup, `Delete ajs_user_traits from the localStorage of ${server.url(HOSTS.recipes, '')}`);
    await waitUntil('the key gone from the view', async () => !(await readStorageView(popup)).some((r) => r.key === 'ajs_user_traits'));
    const { ajs_user_traits: _gone, ...kept } = pageBefore.local;
    expect((await pageStorage()).local).toEqual(kept);
    expect(await playerStorage()).toEqual(playerBefore);
  });

  it('deletes an origin’s storage after confirming: the player frame’s, then the page’s with its IndexedDB', async () => {
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
