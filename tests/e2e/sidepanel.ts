/**
 * The side panel as a user watches it, read through `page.evaluate`: Chromium's real panel (a
 * Puppeteer page over the DevTools protocol), Firefox's real sidebar (its document, reached from
 * another extension page). Shared by both browsers' specs; the pages are the demo sites of
 * support/server.mjs.
 */
import { expect } from 'vitest';
import { readRows, waitForStillRows, waitUntil, watchRows, type EvaluatingPage, type RenderedRow } from './popup';
import { HOSTS } from './support/server.mjs';

/** What the panel must list for each page the tests show in it (a few of each page's cookies). */
export const PAGES = {
  // The demo page: first-party cookies set by HTTP and script, pixel.test's identifier.
  site: { site: HOSTS.site, cookies: ['session_id', 'prefs', 'uid'] },
  // The single-page shop: its server's session, the Google tag's and Meta pixel's cookies.
  shop: { site: HOSTS.shop, cookies: ['__Host-session', '_ga', '_fbp'] },
  // Where a tab is sent in the navigation test: cookies of a site the tab did not show before.
  audit: { site: HOSTS.audit, cookies: ['__Host-sid', 'PHPSESSID'] },
  login: { site: HOSTS.login, cookies: ['session', 'access_token'] },
  // Its own `_ga`, written by its inline script once loaded.
  news: { site: HOSTS.news, cookies: ['_ga'] },
  // Every view full: cookies its tags and inline script wrote, trackers, a timeline, web storage.
  recipes: { site: HOSTS.recipes, cookies: ['_ga', '_fbp', 'recipe_units'] },
};

/** Stripe.js's cookies, written by its script when the shop's checkout is first shown. */
export const STRIPE_COOKIES = ['__stripe_mid', '__stripe_sid'];

/** The site in the panel's header. */
export async function shownSite(panel: EvaluatingPage): Promise<string | null> {
  return (await panel.evaluate(() => document.querySelector('.top .page')?.textContent ?? null)) as string | null;
}

/** Wait until the panel shows `page`'s site with its cookies in the Cookies view; returns the rows. */
export async function waitForPanel(panel: EvaluatingPage, page: { site: string; cookies: string[] }, timeoutMs?: number): Promise<RenderedRow[]> {
  return waitUntil(
    `the side panel to show ${page.site} with ${page.cookies.join(', ')}`,
    async () => {
      await panel.evaluate(() => document.getElementById('tab-cookies')?.click());
      const site = await shownSite(panel);
      if (site !== page.site) throw new Error(`it shows ${site}`);
      const rows = await readRows(panel);
      const missing = page.cookies.filter((name) => !rows.some((r) => r.name === name));
      if (missing.length > 0) throw new Error(`${missing.join(', ')} not listed; rows: ${rows.map((r) => r.name).join(' ')}`);
      return rows;
    },
    timeoutMs,
  );
}

/** Mark the panel's document, to tell later that it was not reloaded (a reload starts a new one). */
export async function markPanel(panel: EvaluatingPage): Promise<void> {
  await panel.evaluate(() => (document.documentElement.dataset.testMark = 'watching'));
}

export async function isMarked(panel: EvaluatingPage): Promise<boolean> {
  return (await panel.evaluate(() => document.documentElement.dataset.testMark === 'watching')) as boolean;
}

/**
 * After the shop's checkout was opened in the page: Stripe.js's cookies appear in the panel,
 * each named as written by Stripe's script, and the timeline shows the page's move to /checkout.
 */
export async function assertStripeShownLive(panel: EvaluatingPage): Promise<void> {
  await waitForPanel(panel, { site: HOSTS.shop, cookies: STRIPE_COOKIES });
  // The cookie's change and the page's report of the script that wrote it travel apart (the
  // report is batched in the page): the row first says "set by script", then names the script.
  const named = 'set by a script from stripe.com (reported by the page)';
  const rows = await waitUntil(`${STRIPE_COOKIES.join(', ')} named by Stripe's script`, async () => {
    const read = await readRows(panel);
    const unnamed = STRIPE_COOKIES.filter((name) => !read.find((r) => r.name === name)?.text.includes(named));
    if (unnamed.length > 0) throw new Error(`not yet named: ${unnamed.map((n) => read.find((r) => r.name === n)?.text).join(' | ')}`);
    return read;
  });
  for (const name of STRIPE_COOKIES) {
    const row = rows.find((r) => r.name === name)!;
    expect(row.section, name).toBe('first-party');
    expect(row.text, name).toContain(named);
  }
  const moves = await waitUntil('the move to /checkout in the timeline', async () => {
    await panel.evaluate(() => document.getElementById('tab-timeline')?.click());
    const texts = (await panel.evaluate(() => [...document.querySelectorAll('tr.route-change')].map((tr) => tr.textContent?.replace(/\s+/g, ' ') ?? ''))) as string[];
    return texts.some((t) => t.includes('/checkout')) ? texts : null;
  });
  expect(moves.join(' | ')).toContain('Moved to /checkout');
  await panel.evaluate(() => document.getElementById('tab-cookies')?.click());
}

/**
 * With the panel on the demo page: a cookie the shop writes in a tab behind (`shopTab`) touches no
 * row of the panel once the background has saved that tab (`sessionItems`: the extension's
 * `storage.session`, read from an extension page); the demo page's own rewrite of `prefs` (to two
 * hours) touches that row only, and replaces no row element.
 */
export async function assertStillForOtherTabs(
  panel: EvaluatingPage,
  { site, shop, shopTab, sessionItems }: { site: EvaluatingPage; shop: EvaluatingPage; shopTab: number; sessionItems: () => Promise<Record<string, string>> },
): Promise<void> {
  await waitForPanel(panel, PAGES.site);
  await waitForStillRows(panel);
  const read = await watchRows(panel);

  await shop.evaluate(() => (document.cookie = 'recently_viewed=sku-1042; path=/; max-age=600; secure; samesite=lax'));
  await waitUntil('the shop tab saved with its cookie change', async () => (await sessionItems())[`tab:${shopTab}`]?.includes('"recently_viewed"') ?? false);
  expect(await read()).toEqual({ replaced: [], touched: [], changes: [] });

  await site.evaluate(() => (document.cookie = 'prefs=theme-dark; path=/; max-age=7200; secure; samesite=strict'));
  await waitUntil('the prefs row saying 2 hours', async () => {
    const expires = await panel.evaluate(() => document.querySelector('tr.cookie-row[data-name="prefs"] td.expires')?.textContent ?? null);
    if (expires !== 'in 2 hours') throw new Error(`it says ${expires}`);
    return true;
  });
  const after = await read();
  expect(after.replaced, 'every row is the element it was').toEqual([]);
  expect(after.touched, after.changes.join('\n')).toEqual(['prefs']);
}

/**
 * Each view of the panel with its content, and whether it fits the panel's width: the views that
 * would scroll sideways, with their widths. Runs in the panel's own window (Firefox reads the
 * sidebar from a background tab, whose animation frames do not run).
 */
export async function overflowingViews(panel: EvaluatingPage): Promise<string[]> {
  return (await panel.evaluate(async () => {
    const win = document.defaultView!;
    const frame = () => new Promise((resolve) => win.requestAnimationFrame(() => win.requestAnimationFrame(resolve)));
    const content = { cookies: 'tr.cookie-row', trackers: 'li.third-party', timeline: 'tr.timeline-entry', storage: 'tr.storage-row' };
    const overflowing: string[] = [];
    for (const [view, selector] of Object.entries(content)) {
      document.getElementById(`tab-${view}`)!.click();
      for (let i = 0; i < 100 && !document.querySelector(selector); i++) await frame();
      await frame();
      if (!document.querySelector(selector)) overflowing.push(`${view}: never shown`);
      const root = document.documentElement;
      if (root.scrollWidth > root.clientWidth) {
        // The innermost elements that stick out, to say what to fix.
        const out = [...document.querySelectorAll<HTMLElement>('body *')].filter(
          (e) => e.getBoundingClientRect().right > root.clientWidth + 0.5 && ![...e.children].some((c) => c.getBoundingClientRect().right > root.clientWidth + 0.5),
        );
        const names = out
          .slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).trim().replace(/\s+/g, '.')}` : ''} “${e.textContent?.trim().slice(0, 30)}”`);
        overflowing.push(`${view}: ${root.scrollWidth} px of content in ${root.clientWidth} px (${names.join(', ')})`);
      }
    }
    document.getElementById('tab-cookies')!.click();
    return overflowing;
  })) as string[];
}

/** Cookie names the Cookies view shows cut short (an ellipsis): at a panel's width, none should be. */
export async function clippedNames(panel: EvaluatingPage): Promise<string[]> {
  return (await panel.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('tr.cookie-row .cookie-name')].filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent ?? ''),
  )) as string[];
}
