/**
 * Script attribution in real Firefox ESR (MV2 build, `world: "MAIN"` content script): the same
 * recipe site and the same scripts named as in Chromium. Vimeo's `vuid` comes back partitioned
 * under recipes.test (Total Cookie Protection), still put down to the player's script.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './popup';
import { assertScriptsReport, assertScriptsShown, assertStorageWrites, expectedScripts, expectedStackScripts, stackScriptsOf, whenNamed, type ScriptsReport } from './scripts';
import { firefoxDemo, gotoExtensionPage } from './support/browsers.mjs';
import { HOSTS, startFixtureServer } from './support/server.mjs';

// The extension pages' `browser` global (webextension-polyfill types are not loaded in Node).
declare const browser: typeof chrome;

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof firefoxDemo>>;
let firefox: Browser;
let popup: Page;
let tabId: number;

async function report(): Promise<ScriptsReport> {
  const reply = await popup.evaluate((id) => browser.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId);
  expect(reply.ok).toBe(true);
  return reply.result;
}

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

describe('Firefox: the script behind each cookie', () => {
  it('is named in getReport, under the page’s Content-Security-Policy', async () => {
    const expected = expectedScripts(server.url);
    const named = await waitUntil('every script-written cookie named', async () => whenNamed(await report(), expected));
    assertScriptsReport(named, expected);
    assertStorageWrites(named, server.url);
    expect(named.cookies.find((c) => c.name === 'vuid')?.partitionKey).toMatchObject({ topLevelSite: expect.stringContaining(HOSTS.recipes) });
  });

  it('is named in the popup’s cookie rows, timeline and trackers', async () => {
    await waitUntil('every script-written cookie named', async () => whenNamed(await report(), expectedScripts(server.url)));
    await gotoExtensionPage(popup, `${demo.extensionOrigin}/popup.html?tabId=${tabId}`);
    await assertScriptsShown(popup);
  });

  it('is named for every kind of script: files, inline, eval, timers, blob:, data:, frames', async () => {
    await demo.site.goto(server.url(HOSTS.stacks), { waitUntil: 'load' });
    const expected = expectedStackScripts(server.url, 'firefox');
    const found = await waitUntil('every write of stacks.test named', async () => stackScriptsOf(await report(), Object.keys(expected)));
    expect(found).toEqual(expected);
    const blob = (await report()).cookies.find((c) => c.name === 'blob');
    expect(blob).toMatchObject({ scriptKind: 'file', script: expect.stringMatching(/^blob:https:\/\/stacks\.test:\d+\/[0-9a-f-]{36}$/) });
  });
});
