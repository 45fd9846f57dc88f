/**
 * The consent audit in real Chromium: a compliant site, a violating one and a TCF site, each
 * refused through its banner as a visitor would; and the user's own word on a page that says
 * nothing about consent.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { compliantSite, tcfSite, usersWord, violatingSite, type ConsentBrowser } from './consent';
import { chromiumDemo } from './support/browsers.mjs';
import { HOSTS, startFixtureServer } from './support/server.mjs';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof chromiumDemo>>;
let popup: Page | null = null;
let browser: ConsentBrowser;

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await chromiumDemo(server);
  const extensionPage = await demo.openPopup(demo.tabId);
  browser = {
    goto: async (url) => {
      await demo.site.goto(url, { waitUntil: 'load' });
    },
    click: (selector) => demo.site.click(selector),
    report: async () => {
      const reply = await extensionPage.evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), demo.tabId);
      if (!reply.ok) throw new Error(reply.error);
      return reply.result;
    },
    popup: async () => {
      await popup?.close();
      popup = await demo.openPopup(demo.tabId);
      return popup;
    },
    url: server.url,
  };
});

afterAll(async () => {
  await demo?.context.close().catch(() => {});
  await server?.close();
});

describe('Chromium: consent', () => {
  it('passes a site that waits for consent and honours a refusal', () => compliantSite(browser));
  it('fails a site that stores and tracks before the choice and tracks after refusal, with the evidence', () => violatingSite(browser));
  it('reads a TCF consent platform: a click on its banner completes the choice', () => tcfSite(browser));
  it('takes the user’s word on a page that says nothing about consent', () => usersWord(browser, HOSTS.recipes, '_ga'));
});
