/**
 * Script attribution in real Chromium: on the recipe site, under a CSP that would block any
 * script Cookie Audit inserted, getReport and the popup name the script behind each cookie
 * written from script: Google's tag and Meta's pixel writing first-party cookies, the page's
 * inline script, and Vimeo's player script in its own third-party frame.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './popup';
import { assertScriptsReport, assertScriptsShown, assertStorageWrites, expectedScripts, expectedStackScripts, stackScriptsOf, whenNamed, type ScriptsReport } from './scripts';
import { chromiumDemo } from './support/browsers.mjs';
import { HOSTS, startFixtureServer } from './support/server.mjs';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof chromiumDemo>>;
let popup: Page;
let tabId: number;

async function report(): Promise<ScriptsReport> {
  const reply = await popup.evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId);
  expect(reply.ok).toBe(true);
  return reply.result;
}

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

describe('Chromium: the script behind each cookie', () => {
  it('is named in getReport, under the page’s Content-Security-Policy', async () => {
    const expected = expectedScripts(server.url);
    const named = await waitUntil('every script-written cookie named', async () => whenNamed(await report(), expected));
    assertScriptsReport(named, expected);
    assertStorageWrites(named, server.url);
  });

  it('is named in the popup’s cookie rows, timeline and trackers', async () => {
    await waitUntil('every script-written cookie named', async () => whenNamed(await report(), expectedScripts(server.url)));
    await popup.reload();
    await assertScriptsShown(popup);
  });

  it('is named for every kind of script: files, inline, eval, timers, blob:, data:, frames', async () => {
    await demo.site.goto(server.url(HOSTS.stacks), { waitUntil: 'load' });
    const stacksTab = await demo.tabIdOf(server.url(HOSTS.stacks, '/moved?step=2'));
    const expected = expectedStackScripts(server.url, 'chrome');
    const found = await waitUntil('every write of stacks.test named', async () => {
      const reply = await popup.evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), stacksTab);
      return stackScriptsOf(reply.result, Object.keys(expected));
    });
    expect(found).toEqual(expected);
    const blob = (await popup.evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), stacksTab)).result.cookies.find((c: { name: string }) => c.name === 'blob');
    expect(blob).toMatchObject({ scriptKind: 'file', script: expect.stringMatching(/^blob:https:\/\/stacks\.test:\d+\/[0-9a-f-]{36}$/) });
  });
});
