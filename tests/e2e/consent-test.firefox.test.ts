/**
 * "Test this site's consent" in real Firefox ESR (MV2 build): the same OneTrust sites and
 * checks as in Chromium, Total Cookie Protection's partitioned cookies included.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { bothOnCompliantSite, cancelRestores, privateWindow, refuseOnViolatingSite, unknownBanner, type TestBrowser } from './consentTest';
import { firefoxDemo, firefoxPrivate, gotoExtensionPage } from './support/browsers.mjs';
import { startFixtureServer } from './support/server.mjs';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof firefoxDemo>>;
let firefox: Browser;
let popup: Page;
let browser: TestBrowser;

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await firefoxDemo(server);
  ({ browser: firefox, popup } = demo);
  browser = {
    goto: async (url) => {
      await demo.site.goto(url, { waitUntil: 'load' });
    },
    inPage: (fn, arg) => demo.site.evaluate(fn as never, arg),
    popup: async () => {
      // A fresh popup each time, as the user opens it.
      await gotoExtensionPage(popup, `${demo.extensionOrigin}/popup.html?tabId=${demo.tabId}&at=${Date.now()}`);
      return popup as never;
    },
    tabId: demo.tabId,
    url: server.url,
  };
});

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

describe('Firefox: test this site’s consent', () => {
  it('refuses through the banner: tracking before any choice and after refusal fails, and the user’s cookies come back', () => refuseOnViolatingSite(browser), 120_000);
  it('runs refusal and acceptance side by side on a site that honours a refusal', () => bothOnCompliantSite(browser), 120_000);
  it('says it could not find the reject control of a banner autoconsent does not know', () => unknownBanner(browser), 120_000);
  it('cancel stops and puts the user’s cookies and storage back', () => cancelRestores(browser), 120_000);
});

describe('Firefox: the consent test in a private window', () => {
  it('uses the window’s own cookie store and keeps nothing of the user’s copy', async () => {
    await firefox?.close();
    const priv = await firefoxPrivate(server);
    try {
      await privateWindow(priv.popup as never, priv.privatePage as never, priv.privateTabId, (host) => server.url(host));
    } finally {
      await priv.browser.close().catch(() => {});
    }
  }, 180_000);
});
