/**
 * Real browsing in Chromium: a single-page app moving with pushState, an address cleaned with
 * replaceState on load, and a private (incognito) window. Each test opens its own tab.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertCleanedLanding,
  assertRouteChanges,
  cleanedLandingSeen,
  cleanedLandingState,
  assertSpaReport,
  loadEventTime,
  readRouteChanges,
  sawPageViews,
  settled,
  whenReady,
  type BrowsingReport,
} from './browsing';
import { waitUntil } from './popup';
import { readTrackerCards } from './trackers';
import { chromiumDemo, chromiumPrivate, openTabBeside, ROOT, tabIdOfPage } from './support/browsers.mjs';
import { HOSTS, SHOP, startFixtureServer } from './support/server.mjs';

let server: Awaited<ReturnType<typeof startFixtureServer>>;

beforeAll(async () => {
  server = await startFixtureServer();
});

afterAll(async () => {
  await server?.close();
});

/** getReport, asked from an extension page. */
function reporter(extensionPage: () => Page) {
  return async (tabId: number): Promise<BrowsingReport> => {
    const reply = await extensionPage().evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId);
    if (!reply.ok) throw new Error(reply.error);
    return reply.result;
  };
}

describe('Chromium: a single-page app', () => {
  let demo: Awaited<ReturnType<typeof chromiumDemo>>;
  let extensionPage: Page;
  const report = reporter(() => extensionPage);

  beforeAll(async () => {
    demo = await chromiumDemo(server);
    extensionPage = await demo.openPopup(demo.tabId);
  });

  afterAll(async () => {
    await demo?.context.close().catch(() => {});
  });

  it('keeps what the page did before and after its pushState moves, at the address on screen', async () => {
    const page = await demo.context.newPage();
    const tabId = await tabIdOfPage(extensionPage, page, server);
    const origin = server.url(HOSTS.shop, '');
    await page.goto(`${origin}/`);
    await settled(page, '/');
    const before = await waitUntil('the landing page views', async () => whenReady(await report(tabId), (r) => sawPageViews(r, ['/'])));
    expect(before.activity!.thirdParties.map((p) => p.site).sort()).toEqual([...SHOP.trackers, ...SHOP.scripts].sort());

    for (const path of ['/products', '/checkout']) {
      await page.click(`nav a[href="${path}"]`);
      await settled(page, path);
    }
    expect(page.url()).toBe(`${origin}/checkout`);
    const after = await waitUntil('every screen in the report', async () =>
      whenReady(await report(tabId), (r) => sawPageViews(r, SHOP.routes) && r.activity!.thirdParties.some((p) => p.site === SHOP.checkoutOnly)),
    );
    assertSpaReport(after, origin);

    const popup = await demo.openPopup(tabId);
    await popup.getByRole('tab', { name: /Trackers/ }).click();
    const cards = await waitUntil('tracker cards', async () => {
      const read = await popup.evaluate(readTrackerCards);
      return read.length > 0 ? read : null;
    });
    expect(cards.filter((c) => c.tracking).map((c) => c.site).sort()).toEqual(SHOP.trackers);
    expect(cards.map((c) => c.site)).toContain(SHOP.checkoutOnly);

    await popup.getByRole('tab', { name: /Timeline/ }).click();
    const moves = await waitUntil('the moves in the Timeline view', async () => {
      const read = await popup.evaluate(readRouteChanges);
      return read.length >= 2 ? read : null;
    });
    assertRouteChanges(moves);
    await popup.screenshot({ path: join(ROOT, 'test-results/popup-chromium-spa-timeline.png'), fullPage: true });
  });

  it('takes a replaceState right after load as a new address, and nothing else', async () => {
    const page = await demo.context.newPage();
    const tabId = await tabIdOfPage(extensionPage, page, server);
    const origin = server.url(HOSTS.shop, '');
    await page.goto(origin + SHOP.landing);
    await settled(page, '/');
    // The page itself removed its campaign parameters.
    expect(page.url()).toBe(`${origin}/`);
    const loadEventAt = await page.evaluate(loadEventTime);
    const cleaned = await waitUntil('the landing page, its tags and their cookie writes', async () => whenReady(await report(tabId), cleanedLandingSeen, cleanedLandingState));
    assertCleanedLanding(cleaned, origin, loadEventAt);
  });

  it('an open popup follows its own tab: another tab’s changes do not reload it, its tab’s do', async () => {
    const popup = await demo.openPopup(demo.tabId);
    await waitUntil('the demo page’s rows', async () => (await popup.locator('tr.cookie-row').count()) > 0);
    // Count the popup's requests for the tab's view from here on.
    await popup.evaluate(() => {
      const w = window as unknown as { viewRequests: number };
      w.viewRequests = 0;
      // The popup sends through `browser` (the polyfill, or Chrome's own alias) or `chrome`.
      const runtimes = new Set([chrome.runtime, (globalThis as { browser?: typeof chrome }).browser?.runtime].filter((r) => r !== undefined));
      for (const runtime of runtimes) {
        const send = runtime.sendMessage.bind(runtime);
        runtime.sendMessage = ((message: { type?: string }, ...rest: unknown[]) => {
          if (message?.type === 'getView') w.viewRequests++;
          return (send as (...args: unknown[]) => unknown)(message, ...rest);
        }) as typeof chrome.runtime.sendMessage;
      }
    });
    const viewRequests = () => popup.evaluate(() => (window as unknown as { viewRequests: number }).viewRequests);

    // Another tab writes a cookie and talks to a tracker; once the background has saved that tab
    // (after notifying any followers), the popup must not have asked for its view again.
    const other = await demo.context.newPage();
    const otherTab = await tabIdOfPage(extensionPage, other, server);
    await other.goto(server.url(HOSTS.shop, '/'));
    await settled(other, '/');
    await other.evaluate(() => (document.cookie = 'elsewhere=1; Path=/'));
    await waitUntil('the other tab saved with its cookie change', async () => {
      const items = (await extensionPage.evaluate(() => chrome.storage.session.get(null))) as Record<string, string>;
      return items[`tab:${otherTab}`]?.includes('"elsewhere"') ?? false;
    });
    expect(await viewRequests()).toBe(0);

    // The popup's own tab writes a cookie: the popup reloads and shows it.
    await demo.site.evaluate(() => (document.cookie = 'followed=1; Path=/'));
    await waitUntil('the popup to show the new cookie', async () => (await popup.locator('tr.cookie-row .cookie-name', { hasText: 'followed' }).count()) === 1);
    expect(await viewRequests()).toBeGreaterThan(0);
    await popup.close();
    await other.close();
  });
});

describe('Chromium: a private window', () => {
  let priv: Awaited<ReturnType<typeof chromiumPrivate>>;
  /** An extension page in the normal window. */
  let popup: Page;
  const report = reporter(() => popup);

  beforeAll(async () => {
    priv = await chromiumPrivate(server);
    popup = priv.popup;
  });

  afterAll(async () => {
    await priv?.context.close().catch(() => {});
  });

  it('audits the private tab: its own cookie store, its cookies and its trackers', async () => {
    const { privatePage: page, privateTabId: tabId } = priv;
    const origin = server.url(HOSTS.shop, '');
    await page.goto(`${origin}/`);
    await settled(page, '/');
    const r = await waitUntil("the private tab's page views", async () => whenReady(await report(tabId), (x) => sawPageViews(x, ['/'])));
    expect(r.access.ok).toBe(true);
    expect(r.tab).toMatchObject({ id: tabId, url: `${origin}/`, incognito: true });

    const stores = await popup.evaluate(() => chrome.cookies.getAllCookieStores());
    const privateStore = stores.find((s) => s.tabIds.includes(tabId))!.id;
    expect(r.tab.storeId).toBe(privateStore);
    expect(r.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['__Host-session', '_ga', '_fbp']));
    for (const cookie of r.cookies) expect(cookie.storeId, cookie.name).toBe(privateStore);
    // The normal window's store has none of them: the report read the private one.
    const normalStore = stores.find((s) => s.id !== privateStore)!.id;
    expect(await popup.evaluate((storeId) => chrome.cookies.getAll({ domain: 'shop.test', storeId }), normalStore)).toEqual([]);

    expect(r.activity!.thirdParties.filter((p) => p.tracking).map((p) => p.site).sort()).toEqual(SHOP.trackers);
  });

  it('learns nothing from private tabs and keeps nothing of them in storage.local', async () => {
    const { privatePage: page, privateTabId: tabId } = priv;
    // pixel.test tracks on these three sites: in a normal window that makes it a learned
    // tracker (trackers.chromium.test.ts).
    const privateSites = [HOSTS.site, HOSTS.news, HOSTS.blog];
    for (const host of privateSites) {
      await page.goto(server.url(host), { waitUntil: 'load' });
      let loadedAt = Date.now();
      await waitUntil(`pixel.test tracking on ${host}`, async () => {
        // The listeners of a worker just restarted for the private window can miss a load (as in
        // warmUp): a load not seen within a few seconds is loaded again.
        if (Date.now() - loadedAt > 8000) {
          loadedAt = Date.now();
          await page.goto(server.url(host), { waitUntil: 'load' });
        }
        const r = await report(tabId);
        if (r.tab.url !== server.url(host) || !r.activity?.thirdParties.some((p) => p.site === HOSTS.pixel && p.tracking)) {
          throw new Error(`${r.tab.url}: ${JSON.stringify(r.activity?.thirdParties.map((p) => p.site) ?? null)}`);
        }
        return true;
        // news.test reaches pixel.test last, through a redirect chain: slow on a loaded machine.
      }, 45_000);
    }
    const local = () => popup.evaluate(() => chrome.storage.local.get(null));
    const learnedNow = (await local()).learnedTrackers as { trackers?: unknown[] } | undefined;
    expect(learnedNow === undefined || learnedNow.trackers?.length === 0, JSON.stringify(learnedNow)).toBe(true);

    // The control: trackers on a page of a normal window are recorded and saved. Once that save
    // is in storage.local, anything recorded from the private tabs before it would be there too.
    const { page: normal, tabId: normalTab } = await openTabBeside(popup, async () => priv.context.pages(), server);
    expect(await popup.evaluate(async (id) => (await chrome.tabs.get(id)).incognito, normalTab)).toBe(false);
    await normal.goto(server.url(HOSTS.shop));
    await settled(normal, '/');
    const stored = await waitUntil(
      "the normal window's trackers saved",
      async () => {
        const all = await local();
        return JSON.stringify(all).includes(`"${HOSTS.shop}"`) ? JSON.stringify(all) : null;
      },
      45_000,
    );
    for (const host of [...privateSites, HOSTS.pixel]) expect(stored, `${host} in storage.local`).not.toContain(`"${host}"`);
    const learned = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'getLearned' }));
    expect(learned.result.trackers).toEqual([]);
    // Four page loads, each waited for: minutes on a loaded machine.
  }, 180_000);
});
