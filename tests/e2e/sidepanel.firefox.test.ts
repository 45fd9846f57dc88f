/**
 * The sidebar in real Firefox ESR (MV2 `sidebar_action`), opened as a user opens it: the popup's
 * "Open side panel" button (`sidebarAction.open` needs the click's user input). WebDriver BiDi
 * does not reach the browser's own sidebar, so its document is read from another extension page
 * (`extension.getViews({ type: 'sidebar' })`): it is the real sidebar, at the width Firefox gives
 * it, showing the active tab of its window, following tab switches and navigations, updating live
 * as the page writes cookies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil, type EvaluatingPage } from './popup';
import { assertStillForOtherTabs, assertStripeShownLive, clippedNames, isMarked, markPanel, overflowingViews, PAGES, STRIPE_COOKIES, waitForPanel } from './sidepanel';
import { FIREFOX_BUILD, firefoxDemo, gotoExtensionPage } from './support/browsers.mjs';
import { HOSTS, startFixtureServer } from './support/server.mjs';

// The extension pages' `browser` global (webextension-polyfill types are not loaded in Node).
declare const browser: typeof chrome & { sidebarAction: { isOpen(details: { windowId?: number }): Promise<boolean> } };

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof firefoxDemo>>;
let firefox: Browser;
/** An extension page in a tab (the popup opened as a page), from which the sidebar is read. */
let helper: Page;
let shop: Page;
let windowId: number;
let sidebar: EvaluatingPage;

/**
 * The sidebar of `windowId` as an evaluating page: the function's source runs in the helper page
 * with `window`, `document` and the globals the helpers use bound to the sidebar's (its frames,
 * its DOM's classes: a node of one window is no `Element` of another).
 */
function sidebarOf(page: Page, window: number): EvaluatingPage {
  return {
    evaluate: (fn) =>
      page.evaluate(`(() => {
        const [view] = browser.extension.getViews({ type: 'sidebar', windowId: ${window} });
        if (!view) throw new Error('no sidebar open in window ${window}');
        const window = view;
        const document = view.document;
        const { Element, MutationObserver } = view;
        const requestAnimationFrame = view.requestAnimationFrame.bind(view);
        return (${fn.toString()})();
      })()`),
  };
}

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await firefoxDemo(server);
  ({ browser: firefox, popup: helper } = demo);
  windowId = await helper.evaluate(async (id) => (await browser.tabs.get(id)).windowId, demo.tabId);
  shop = await firefox.newPage();
  await shop.goto(server.url(HOSTS.shop), { waitUntil: 'load' });

  // The popup (as a page: Firefox's toolbar popup is out of WebDriver's reach), and its button.
  const popup = await firefox.newPage();
  await gotoExtensionPage(popup, `${demo.extensionOrigin}/popup.html`);
  expect(await helper.evaluate((id) => browser.sidebarAction.isOpen({ windowId: id }), windowId)).toBe(false);
  const button = await popup.waitForSelector('button.side-panel-button:not([disabled])');
  expect(await button!.evaluate((b) => b.textContent?.trim())).toBe('Open side panel');
  // A click as WebDriver's input actions make it: user input, as sidebarAction.open requires.
  await button!.click();
  await waitUntil('the sidebar open', () => helper.evaluate((id) => browser.sidebarAction.isOpen({ windowId: id }), windowId));
  sidebar = sidebarOf(helper, windowId);
}, 180_000);

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

describe('Firefox: the sidebar', () => {
  it('is declared in the manifest, not opened at install, and shows Cookie Audit’s panel', async () => {
    const manifest = JSON.parse(readFileSync(join(FIREFOX_BUILD, 'manifest.json'), 'utf8'));
    expect(manifest.sidebar_action).toMatchObject({ default_panel: 'sidepanel.html', open_at_install: false });
    expect(existsSync(join(FIREFOX_BUILD, manifest.sidebar_action.default_panel))).toBe(true);
    const urls = await waitUntil('the sidebar’s document', async () => {
      const views = await helper.evaluate((id) => browser.extension.getViews({ type: 'sidebar', windowId: id } as never).map((v) => v.location.href), windowId);
      return views.length > 0 ? views : null;
    });
    expect(urls).toEqual([`${demo.extensionOrigin}/sidepanel.html`]);
  });

  it('shows the active tab’s cookies, and switches with the active tab', async () => {
    await demo.site.bringToFront();
    await waitForPanel(sidebar, PAGES.site);
    await markPanel(sidebar);
    await shop.bringToFront();
    await waitForPanel(sidebar, PAGES.shop);
    await demo.site.bringToFront();
    await waitForPanel(sidebar, PAGES.site);
    expect(await isMarked(sidebar), 'the same sidebar document throughout').toBe(true);
  });

  it('follows a navigation in the active tab', async () => {
    const tab = await firefox.newPage();
    await tab.goto(server.url(HOSTS.login), { waitUntil: 'load' });
    await tab.bringToFront();
    await waitForPanel(sidebar, PAGES.login);
    await markPanel(sidebar);
    await tab.goto(server.url(HOSTS.audit), { waitUntil: 'load' });
    const rows = await waitForPanel(sidebar, PAGES.audit);
    expect(rows.map((r) => r.name)).not.toContain('access_token');
    expect(await isMarked(sidebar)).toBe(true);
    await tab.close();
  });

  it('shows a cookie a page script writes while the user uses the page, named by its script, without reloading', async () => {
    await shop.goto(server.url(HOSTS.shop), { waitUntil: 'load' });
    await shop.bringToFront();
    const before = await waitForPanel(sidebar, PAGES.shop);
    for (const name of STRIPE_COOKIES) expect(before.map((r) => r.name), 'before the checkout').not.toContain(name);
    await markPanel(sidebar);
    // The shop's checkout loads Stripe.js, which writes its fraud-prevention cookies.
    await shop.click('nav a[href="/checkout"]');
    await assertStripeShownLive(sidebar);
    expect(await isMarked(sidebar), 'the sidebar was not reloaded').toBe(true);
  });

  it('stays still while another tab writes cookies, and redraws only the row of a cookie its own tab changes', async () => {
    await demo.site.bringToFront();
    const shopTab = await helper.evaluate(async (origin) => (await browser.tabs.query({})).find((t) => t.url?.startsWith(origin))?.id, server.url(HOSTS.shop));
    expect(shopTab, 'the shop’s tab').toBeDefined();
    await assertStillForOtherTabs(sidebar, {
      site: demo.site,
      shop,
      shopTab: shopTab!,
      sessionItems: async () => (await helper.evaluate(() => browser.storage.session.get(null))) as Record<string, string>,
    });
  });

  it('fits the width Firefox gives it: every view in one column, nothing to scroll sideways, names in full', async () => {
    const recipes = await firefox.newPage();
    await recipes.goto(server.url(HOSTS.recipes), { waitUntil: 'load' });
    await recipes.bringToFront();
    await waitForPanel(sidebar, PAGES.recipes);
    const width = (await sidebar.evaluate(() => document.documentElement.clientWidth)) as number;
    // Firefox opens a sidebar narrower than any popup: the panel's own layout is the one in use.
    expect(width).toBeLessThan(560);
    expect(await overflowingViews(sidebar)).toEqual([]);
    expect(await clippedNames(sidebar)).toEqual([]);
    await recipes.close();
  });

  it('opens the cookie editor within its width, the fields in one column, and gives the focus back to the row', async () => {
    const recipes = await firefox.newPage();
    await recipes.goto(server.url(HOSTS.recipes), { waitUntil: 'load' });
    await recipes.bringToFront();
    await waitForPanel(sidebar, PAGES.recipes);
    const name = (await sidebar.evaluate(() => {
      const button = document.querySelector<HTMLButtonElement>('tr.cookie-row button.edit');
      button?.focus();
      button?.click();
      return button?.getAttribute('aria-label') ?? null;
    })) as string | null;
    expect(name).toMatch(/^Edit cookie /);
    const layout = await waitUntil('the editor in the sidebar', () =>
      sidebar.evaluate(() => {
        const dialog = document.querySelector('dialog.cookie-edit-modal[open]');
        const fields = [...document.querySelectorAll<HTMLElement>('dialog[open] .editor-grid > *')];
        if (!dialog || fields.length === 0) return null;
        const box = dialog.getBoundingClientRect();
        return {
          inside: box.left >= 0 && box.right <= document.documentElement.clientWidth,
          sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
          columns: new Set(fields.map((f) => Math.round(f.getBoundingClientRect().left))).size,
        };
      }) as Promise<{ inside: boolean; sideways: boolean; columns: number } | null>,
    );
    expect(layout).toEqual({ inside: true, sideways: false, columns: 1 });
    await sidebar.evaluate(() => document.querySelector<HTMLButtonElement>('dialog[open] button[aria-label="Close editor"]')!.click());
    await waitUntil('the focus back on the row', async () => (await sidebar.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null)) === name);
    await recipes.close();
  });
});
