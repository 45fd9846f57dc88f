/**
 * "Test this site's consent" in real Chromium: refusing through a OneTrust banner on a site that
 * does not wait, both runs on one that does, a banner autoconsent does not know, and Cancel; the
 * user's own cookies and storage back each time.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { bothOnCompliantSite, cancelRestores, privateWindow, refuseOnViolatingSite, unknownBanner, type TestBrowser } from './consentTest';
import { chromiumDemo, chromiumPrivate } from './support/browsers.mjs';
import { startFixtureServer } from './support/server.mjs';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof chromiumDemo>>;
let popup: Page | null = null;
let browser: TestBrowser;

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await chromiumDemo(server);
  browser = {
    goto: async (url) => {
      await demo.site.goto(url, { waitUntil: 'load' });
    },
    inPage: (fn, arg) => demo.site.evaluate(fn as never, arg),
    popup: async () => {
      // A fresh popup each time, as the user opens it.
      await popup?.close();
      popup = await demo.openPopup(demo.tabId);
      return popup as never;
    },
    tabId: demo.tabId,
    url: server.url,
  };
});

afterAll(async () => {
  await demo?.context.close().catch(() => {});
  await server?.close();
});

describe('Chromium: test this site’s consent', () => {
  it('refuses through the banner: tracking before any choice and after refusal fails, and the user’s cookies come back', () => refuseOnViolatingSite(browser), 120_000);
  it('runs refusal and acceptance side by side on a site that honours a refusal', () => bothOnCompliantSite(browser), 120_000);
  it('says it could not find the reject control of a banner autoconsent does not know', () => unknownBanner(browser), 120_000);
  it('cancel stops and puts the user’s cookies and storage back', () => cancelRestores(browser), 120_000);
});

describe('Chromium: the consent test in a private window', () => {
  it('uses the window’s own cookie store and keeps nothing of the user’s copy', async () => {
    await demo?.context.close().catch(() => {});
    const priv = await chromiumPrivate(server);
    try {
      await privateWindow(priv.popup as never, priv.privatePage as never, priv.privateTabId, (host) => server.url(host));
    } finally {
      await priv.context.close().catch(() => {});
    }
  }, 180_000);
});
