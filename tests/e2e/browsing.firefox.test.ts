/**
 * Real browsing in Firefox ESR: a single-page app moving with pushState, an address cleaned with
 * replaceState on load, two containers open on the same site, and a private window. Each test
 * opens its own tabs.
 */
import type { Browser, Page } from 'puppeteer-core';
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
import { firefoxContainerTab, firefoxDemo, firefoxPrivate, gotoExtensionPage, openTabBeside, tabIdOfPage } from './support/browsers.mjs';
import { HOSTS, SHOP, startFixtureServer } from './support/server.mjs';

// The extension pages' `browser` global (webextension-polyfill types are not loaded in Node).
declare const browser: typeof chrome;

let server: Awaited<ReturnType<typeof startFixtureServer>>;

beforeAll(async () => {
  server = await startFixtureServer();
});

afterAll(async () => {
  await server?.close();
});

/** getReport, asked from an extension page. */
function reporter(extensionPage: () => Page) {
  return async (tabId: number, includeValues = false): Promise<BrowsingReport> => {
    const reply = await extensionPage().evaluate(
      (id, values) => browser.runtime.sendMessage({ type: 'getReport', tabId: id, includeValues: values }),
      tabId,
      includeValues,
    );
    if (!reply.ok) throw new Error(reply.error);
    return reply.result;
  };
}

/** The popup for a tab, opened as a page, on one of its views. */
async function openView(firefox: Browser, extensionOrigin: string, tabId: number, view: 'trackers' | 'timeline'): Promise<Page> {
  const popup = await firefox.newPage();
  await gotoExtensionPage(popup, `${extensionOrigin}/popup.html?tabId=${tabId}`);
  await waitUntil(`the ${view} view`, async () => popup.evaluate((v) => {
    const tab = document.getElementById(`tab-${v}`);
    tab?.click();
    return tab?.getAttribute('aria-selected') === 'true';
  }, view));
  return popup;
}

describe('Firefox: one site, many screens and containers', () => {
  let demo: Awaited<ReturnType<typeof firefoxDemo>>;
  const report = reporter(() => demo.popup);

  beforeAll(async () => {
    demo = await firefoxDemo(server);
  });

  afterAll(async () => {
    await demo?.browser.close();
  });

  it('keeps what the page did before and after its pushState moves, at the address on screen', async () => {
    const page = await demo.browser.newPage();
    const tabId = await tabIdOfPage(demo.popup, page, server);
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

    const trackers = await openView(demo.browser, demo.extensionOrigin, tabId, 'trackers');
    const cards = await waitUntil('tracker cards', async () => {
      const read = await trackers.evaluate(readTrackerCards);
      return read.length > 0 ? read : null;
    });
    expect(cards.filter((c) => c.tracking).map((c) => c.site).sort()).toEqual(SHOP.trackers);
    expect(cards.map((c) => c.site)).toContain(SHOP.checkoutOnly);

    const timeline = await openView(demo.browser, demo.extensionOrigin, tabId, 'timeline');
    const moves = await waitUntil('the moves in the Timeline view', async () => {
      const read = await timeline.evaluate(readRouteChanges);
      return read.length >= 2 ? read : null;
    });
    assertRouteChanges(moves);
  });

  it('takes a replaceState right after load as a new address, and nothing else', async () => {
    const page = await demo.browser.newPage();
    const tabId = await tabIdOfPage(demo.popup, page, server);
    const origin = server.url(HOSTS.shop, '');
    await page.goto(origin + SHOP.landing);
    await settled(page, '/');
    // The page itself removed its campaign parameters.
    expect(page.url()).toBe(`${origin}/`);
    const loadEventAt = await page.evaluate(loadEventTime);
    const cleaned = await waitUntil('the landing page, its tags and their cookie writes', async () => whenReady(await report(tabId), cleanedLandingSeen, cleanedLandingState));
    assertCleanedLanding(cleaned, origin, loadEventAt);
  });

  it('keeps two containers on the same site apart: each its own cookies and timeline', async () => {
    const containers = [await firefoxContainerTab(demo.browser, demo.popup, server), await firefoxContainerTab(demo.browser, demo.popup, server)];
    const [a, b] = containers;
    expect(a.cookieStoreId).toMatch(/^firefox-container-\d+$/);
    expect(b.cookieStoreId).toMatch(/^firefox-container-\d+$/);
    expect(a.cookieStoreId).not.toBe(b.cookieStoreId);

    const origin = server.url(HOSTS.shop, '');
    const visitorIds: string[] = [];
    for (const { page } of containers) {
      await page.goto(`${origin}/`);
      await settled(page, '/');
      // Meta's browser id, random for each container's first visit, set by script.
      visitorIds.push(await page.evaluate(() => document.cookie.match(/(?:^|; )_fbp=([^;]*)/)![1]));
    }
    expect(visitorIds[0]).not.toBe(visitorIds[1]);
    // Both pages' cookie changes have reached the background before either report is read.
    for (const { tabId } of containers) {
      await waitUntil('the container tab recorded', async () =>
        whenReady(await report(tabId), (r) => sawPageViews(r, ['/']) && ['_fbp', '__Host-session'].every((n) => r.activity!.timeline.some((e) => e.cookie.name === n))),
      );
    }

    const reports = await Promise.all(containers.map(({ tabId }) => report(tabId, true)));
    const one = (r: BrowsingReport, name: string) => {
      const found = r.cookies.filter((c) => c.name === name);
      expect(found, `${name} in ${r.tab.storeId}`).toHaveLength(1);
      return found[0];
    };
    containers.forEach(({ tabId, cookieStoreId }, i) => {
      const r = reports[i];
      const other = reports[1 - i];
      expect(r.tab).toMatchObject({ id: tabId, storeId: cookieStoreId, incognito: false });
      for (const cookie of r.cookies) expect(cookie.storeId, cookie.name).toBe(cookieStoreId);
      expect(one(r, '_fbp').value).toBe(visitorIds[i]);
      // The server's session cookie, set by HTTP in each container on its first visit.
      expect(one(r, '__Host-session').value).not.toBe(one(other, '__Host-session').value);

      const timeline = r.activity!.timeline;
      for (const entry of timeline) expect(entry.cookie.storeId, `${entry.cookie.name} in ${cookieStoreId}'s timeline`).toBe(cookieStoreId);
      expect(timeline.filter((e) => e.cookie.name === '_fbp')).toEqual([expect.objectContaining({ change: 'created', setBy: 'script' })]);
      expect(timeline.filter((e) => e.cookie.name === '__Host-session')).toEqual([expect.objectContaining({ change: 'created', setBy: 'http' })]);
    });

    // As the user sees it: one creation of _fbp in the first container's Timeline view.
    const view = await openView(demo.browser, demo.extensionOrigin, a.tabId, 'timeline');
    const rows = await waitUntil('timeline rows', async () => {
      const n = await view.evaluate(() => document.querySelectorAll('tr.timeline-entry').length);
      return n > 0 ? n : null;
    });
    expect(rows).toBe(reports[0].activity!.timeline.length);
    expect(await view.evaluate(() => document.querySelectorAll('tr.timeline-entry[data-name="_fbp"]').length)).toBe(1);
  });
});

describe('Firefox: a private window', () => {
  let priv: Awaited<ReturnType<typeof firefoxPrivate>>;
  const report = reporter(() => priv.popup);

  beforeAll(async () => {
    priv = await firefoxPrivate(server);
  });

  afterAll(async () => {
    await priv?.browser.close();
  });

  it('audits the private tab: its own cookie store, its cookies and its trackers', async () => {
    const { privatePage: page, privateTabId: tabId, popup } = priv;
    const origin = server.url(HOSTS.shop, '');
    await page.goto(`${origin}/`);
    await settled(page, '/');
    const r = await waitUntil("the private tab's page views", async () => whenReady(await report(tabId), (x) => sawPageViews(x, ['/'])));
    expect(r.access.ok).toBe(true);
    expect(r.tab).toMatchObject({ id: tabId, url: `${origin}/`, incognito: true, storeId: 'firefox-private' });
    expect(r.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['__Host-session', '_ga', '_fbp']));
    for (const cookie of r.cookies) expect(cookie.storeId, cookie.name).toBe('firefox-private');
    // The normal window's store has none of them: the report read the private one.
    expect(await popup.evaluate(() => browser.cookies.getAll({ domain: 'shop.test', storeId: 'firefox-default' }))).toEqual([]);

    expect(r.activity!.thirdParties.filter((p) => p.tracking).map((p) => p.site).sort()).toEqual(SHOP.trackers);
  });

  it('learns nothing from private tabs and keeps nothing of them in storage.local', async () => {
    const { privatePage: page, privateTabId: tabId, popup } = priv;
    // pixel.test tracks on these three sites: in a normal window that makes it a learned
    // tracker (trackers.chromium.test.ts).
    const privateSites = [HOSTS.site, HOSTS.news, HOSTS.blog];
    for (const host of privateSites) {
      await page.goto(server.url(host), { waitUntil: 'load' });
      await waitUntil(`pixel.test tracking on ${host}`, async () => {
        const r = await report(tabId);
        if (r.tab.url !== server.url(host) || !r.activity?.thirdParties.some((p) => p.site === HOSTS.pixel && p.tracking)) {
          throw new Error(`${r.tab.url}: ${JSON.stringify(r.activity?.thirdParties.map((p) => p.site) ?? null)}`);
        }
        return true;
      });
    }
    const local = () => popup.evaluate(() => browser.storage.local.get(null));
    const learnedNow = (await local()).learnedTrackers as { trackers?: unknown[] } | undefined;
    expect(learnedNow === undefined || learnedNow.trackers?.length === 0, JSON.stringify(learnedNow)).toBe(true);

    // The control: trackers on a page of a normal window are recorded and saved. Once that save
    // is in storage.local, anything recorded from the private tabs before it would be there too.
    const { page: normal, tabId: normalTab } = await openTabBeside(popup, () => priv.browser.pages(), server);
    expect(await popup.evaluate(async (id) => (await browser.tabs.get(id)).incognito, normalTab)).toBe(false);
    await normal.goto(server.url(HOSTS.shop));
    await settled(normal, '/');
    const stored = await waitUntil("the normal window's trackers saved", async () => {
      const all = await local();
      return JSON.stringify(all).includes(`"${HOSTS.shop}"`) ? JSON.stringify(all) : null;
    });
    for (const host of [...privateSites, HOSTS.pixel]) expect(stored, `${host} in storage.local`).not.toContain(`"${host}"`);
    const learned = await popup.evaluate(() => browser.runtime.sendMessage({ type: 'getLearned' }));
    expect(learned.result.trackers).toEqual([]);
  });
});
