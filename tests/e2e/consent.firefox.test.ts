/**
 * The consent audit in real Firefox ESR (MV2 build, page-world script through `world: "MAIN"`):
 * the same sites and the same verdicts as in Chromium.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { compliantSite, tcfSite, usersWord, violatingSite, type ConsentBrowser } from './consent';
import { firefoxDemo, gotoExtensionPage } from './support/browsers.mjs';
import { HOSTS, startFixtureServer } from './support/server.mjs';

// The extension pages' `browser` global (webextension-polyfill types are not loaded in Node).
declare const browser: typeof chrome;

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof firefoxDemo>>;
let firefox: Browser;
let popup: Page;
let consent: ConsentBrowser;

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await firefoxDemo(server);
  ({ browser: firefox, popup } = demo);
  consent = {
    goto: async (url) => {
      await demo.site.goto(url, { waitUntil: 'load' });
    },
    click: (selector) => demo.site.click(selector),
    report: async () => {
      const reply = await popup.evaluate((id) => browser.runtime.sendMessage({ type: 'getReport', tabId: id }), demo.tabId);
      if (!reply.ok) throw new Error(reply.error);
      return reply.result;
    },
    popup: async () => {
      await gotoExtensionPage(popup, `${demo.extensionOrigin}/popup.html?tabId=${demo.tabId}&at=${Date.now()}`);
      return popup;
    },
    url: server.url,
  };
});

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

describe('Firefox: consent', () => {
  it('passes a site that waits for consent and honours a refusal', () => compliantSite(consent));
  it('fails a site that stores and tracks before the choice and tracks after refusal, with the evidence', () => violatingSite(consent));
  it('reads a TCF consent platform: a click on its banner completes the choice', () => tcfSite(consent));
  it('takes the user’s word on a page that says nothing about consent', () => usersWord(consent, HOSTS.recipes, '_ga'));
});
