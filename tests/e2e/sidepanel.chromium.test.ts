/**
 * The side panel in real Chromium, opened as a user opens it: the popup (`action.openPopup()`),
 * then its "Open side panel" button (`sidePanel.open` needs the click's user gesture). The panel
 * is a real side panel document, reached over the DevTools protocol (Puppeteer): it shows the
 * active tab of its window, follows tab switches and navigations, and updates live as the page
 * writes cookies, also after Chrome stopped the background worker. Its layout is checked at side
 * panel widths on the same page opened in a window of its own (a headless side panel is not
 * drawn: it has no width).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Browser as PuppeteerBrowser, Page as PuppeteerPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './popup';
import { assertStillForOtherTabs, assertStripeShownLive, clippedNames, isMarked, markPanel, overflowingViews, PAGES, STRIPE_COOKIES, waitForPanel } from './sidepanel';
import { CHROME_BUILD, chromiumDemo } from './support/browsers.mjs';
import { HOSTS, startFixtureServer } from './support/server.mjs';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof chromiumDemo>>;
let devtools: PuppeteerBrowser;
/** The side panel, as Puppeteer sees it. */
let panel: PuppeteerPage;
/** An extension page in a tab, for asking the browser (the worker may be stopped by a test). */
let helper: Page;
let shop: Page;

/** The extension's contexts as Chrome lists them (`runtime.getContexts`): the side panel is one. */
async function contextTypes(): Promise<string[]> {
  return helper.evaluate(async () => (await chrome.runtime.getContexts({})).map((c) => c.contextType as string));
}

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await chromiumDemo(server, { remoteDebugging: true });
  const puppeteer = (await import('puppeteer-core')).default;
  devtools = await puppeteer.connect({ browserWSEndpoint: demo.devToolsEndpoint(), defaultViewport: null });
  helper = await demo.context.newPage();
  await helper.goto(`chrome-extension://${demo.extensionId}/popup.html?tabId=${demo.tabId}`);
  shop = await demo.context.newPage();
  await shop.goto(server.url(HOSTS.shop), { waitUntil: 'load' });

  // The user is on the demo page and opens the popup, then the side panel from it.
  await demo.site.bringToFront();
  const base = `chrome-extension://${demo.extensionId}`;
  const popupTarget = devtools.waitForTarget((t) => t.url() === `${base}/popup.html`, { timeout: 30_000 });
  await demo.worker!.evaluate(() => chrome.action.openPopup());
  const popup = await (await popupTarget).asPage();
  const button = await popup.waitForSelector('button.side-panel-button:not([disabled])');
  expect(await button!.evaluate((b) => b.textContent?.trim())).toBe('Open side panel');
  const panelTarget = devtools.waitForTarget((t) => t.url() === `${base}/sidepanel.html`, { timeout: 30_000 });
  // A click through the DevTools protocol's input events: a user gesture, as sidePanel.open requires.
  await button!.click();
  panel = await (await panelTarget).asPage();
}, 180_000);

afterAll(async () => {
  await devtools?.disconnect().catch(() => {});
  await demo?.context.close().catch(() => {});
  await server?.close();
});

describe('Chromium: the side panel', () => {
  it('is declared in the manifest and opens from the popup’s button, which then closes', async () => {
    const manifest = JSON.parse(readFileSync(join(CHROME_BUILD, 'manifest.json'), 'utf8'));
    expect(manifest.permissions).toContain('sidePanel');
    expect(manifest.side_panel.default_path).toBe('sidepanel.html');
    expect(existsSync(join(CHROME_BUILD, manifest.side_panel.default_path))).toBe(true);
    // The browser's own view of it: the global panel, on every tab.
    expect(await helper.evaluate(() => chrome.sidePanel.getOptions({}))).toMatchObject({ enabled: true, path: 'sidepanel.html' });
    await waitUntil('the panel open and the popup closed', async () => {
      const types = await contextTypes();
      return types.includes('SIDE_PANEL') && !types.includes('POPUP');
    });
  });

  it('shows the active tab’s cookies, and switches with the active tab', async () => {
    await demo.site.bringToFront();
    await waitForPanel(panel, PAGES.site);
    await markPanel(panel);
    await shop.bringToFront();
    await waitForPanel(panel, PAGES.shop);
    await demo.site.bringToFront();
    await waitForPanel(panel, PAGES.site);
    expect(await isMarked(panel), 'the same panel document throughout').toBe(true);
  });

  it('follows a navigation in the active tab', async () => {
    const tab = await demo.context.newPage();
    await tab.goto(server.url(HOSTS.login), { waitUntil: 'load' });
    await tab.bringToFront();
    await waitForPanel(panel, PAGES.login);
    await markPanel(panel);
    await tab.goto(server.url(HOSTS.audit), { waitUntil: 'load' });
    const rows = await waitForPanel(panel, PAGES.audit);
    expect(rows.map((r) => r.name)).not.toContain('access_token');
    expect(await isMarked(panel)).toBe(true);
    await tab.close();
  });

  it('shows a cookie a page script writes while the user uses the page, named by its script, without reloading', async () => {
    await shop.goto(server.url(HOSTS.shop), { waitUntil: 'load' });
    await shop.bringToFront();
    const before = await waitForPanel(panel, PAGES.shop);
    for (const name of STRIPE_COOKIES) expect(before.map((r) => r.name), 'before the checkout').not.toContain(name);
    await markPanel(panel);
    // The shop's checkout loads Stripe.js, which writes its fraud-prevention cookies.
    await shop.click('nav a[href="/checkout"]');
    await assertStripeShownLive(panel);
    expect(await isMarked(panel), 'the panel was not reloaded').toBe(true);
  });

  it('stays still while another tab writes cookies, and redraws only the row of a cookie its own tab changes', async () => {
    await demo.site.bringToFront();
    const shopTab = await helper.evaluate(async (origin) => (await chrome.tabs.query({})).find((t) => t.url?.startsWith(origin))?.id, server.url(HOSTS.shop));
    expect(shopTab, 'the shop’s tab').toBeDefined();
    await assertStillForOtherTabs(panel, {
      site: demo.site,
      shop,
      shopTab: shopTab!,
      sessionItems: async () => (await helper.evaluate(() => chrome.storage.session.get(null))) as Record<string, string>,
    });
  });

  it('keeps following after Chrome stops the background worker', { timeout: 120_000 }, async () => {
    const tab = await demo.context.newPage();
    await tab.goto(server.url(HOSTS.login), { waitUntil: 'load' });
    await tab.bringToFront();
    await waitForPanel(panel, PAGES.login);
    await markPanel(panel);
    const cdp = await demo.context.newCDPSession(helper);
    // The worker's running status, each change in turn.
    const statuses: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) if (v.scriptURL.startsWith(`chrome-extension://${demo.extensionId}/`)) statuses.push(v.runningStatus);
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    // The panel's port went with the worker: it connects again, which starts a new worker (whose
    // listeners then see the whole next page load).
    await waitUntil('the worker stopped, then started again', async () => {
      const stop = statuses.indexOf('stopped');
      return stop >= 0 && statuses.at(-1) === 'running' && statuses.lastIndexOf('running') > stop;
    });
    await tab.goto(server.url(HOSTS.news), { waitUntil: 'load' });
    await waitForPanel(panel, PAGES.news, 30_000);
    expect(await isMarked(panel)).toBe(true);
    await cdp.detach();
    await tab.close();
  });
});

describe('Chromium: the side panel’s layout', () => {
  let recipes: Page;
  beforeAll(async () => {
    recipes = await demo.context.newPage();
    await recipes.goto(server.url(HOSTS.recipes), { waitUntil: 'load' });
  });
  afterAll(() => recipes?.close());

  it.each([250, 320, 400, 500])('fits %i px: every view in one column, nothing to scroll sideways, names in full, still tables', async (width) => {
    // The panel's page in a window of its own, following the recipe site's window.
    await recipes.bringToFront();
    const windowId = await helper.evaluate(async () => (await chrome.windows.getCurrent()).id!);
    const opened = demo.context.waitForEvent('page');
    await helper.evaluate((url) => chrome.windows.create({ url }), `chrome-extension://${demo.extensionId}/sidepanel.html?windowId=${windowId}`);
    const page = await opened;
    await page.setViewportSize({ width, height: 900 });
    await waitForPanel(page, PAGES.recipes);
    expect(await overflowingViews(page)).toEqual([]);
    expect(await clippedNames(page)).toEqual([]);
    // The browser's accessibility tree keeps the cookie tables' rows, cells and column headers.
    const cdp = await demo.context.newCDPSession(page);
    const roles = async () => {
      const { nodes } = await cdp.send('Accessibility.getFullAXTree');
      return nodes.map((n) => n.role?.value).filter((r) => ['table', 'row', 'columnheader', 'rowheader', 'cell'].includes(r as string)).sort();
    };
    const narrow = await roles();
    await page.setViewportSize({ width: 800, height: 900 });
    await waitUntil('the wide layout', async () => (await page.evaluate(() => matchMedia('(max-width: 560px)').matches)) === false);
    expect(narrow).toEqual(await roles());
    expect(narrow.filter((r) => r === 'columnheader').length).toBeGreaterThanOrEqual(7);
    await cdp.detach();
    await page.close();
  });
});
