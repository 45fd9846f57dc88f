/**
 * What both browsers must report about real browsing on the fixture shop (SHOP in
 * support/server.mjs): a single-page app whose Google tag, Meta pixel and LinkedIn Insight Tag
 * send a page view for every screen, moving with history.pushState, and cleaning campaign
 * parameters from its landing address with history.replaceState.
 */
import { expect } from 'vitest';
import { waitUntil, type EvaluatingPage } from './popup';
import { SHOP } from './support/server.mjs';

export interface Finding {
  url: string;
  reasons: string[];
}

export interface BrowsingReport {
  tab: { id: number; url: string; site: string | null; incognito: boolean; storeId: string | null };
  access: { ok: boolean };
  cookies: { name: string; domain: string; storeId: string; firstParty: boolean; value?: string }[];
  activity: {
    pageStartedAt: number;
    thirdParties: { site: string; tracking: boolean; pixels: Finding[]; beacons: Finding[] }[];
    tracking: number;
    timeline: { time: number; change: string; cookie: { name: string; storeId: string }; setBy?: string }[];
    routes: { time: number; url: string }[];
    dropped: { failedSaves: number } & Record<string, number>;
  } | null;
}

/** Asks the background for a tab's report, from an extension page. */
export type ReportOf = (tabId: number, includeValues?: boolean) => Promise<BrowsingReport>;

/**
 * The report, once its activity is `ready`; else an error saying what it holds (`explain`, the
 * page views by default), so that a `waitUntil` timing out says why.
 */
export function whenReady(
  report: BrowsingReport,
  ready: (report: BrowsingReport) => boolean,
  explain: (report: BrowsingReport) => unknown = (r) => ({ pageViews: pageViewsSeen(r) }),
): BrowsingReport {
  if (report.activity === null) throw new Error(`activity: null for ${report.tab.url}`);
  if (!ready(report)) throw new Error(`so far: ${JSON.stringify(explain(report))}`);
  return report;
}

const siteOf = (report: BrowsingReport, site: string) => report.activity!.thirdParties.find((p) => p.site === site);

/** The path of the page address each tag's request carries: GA4's and Meta's `dl`, LinkedIn's `url`. */
export function pagePaths(findings: Finding[], param: 'dl' | 'url'): string[] {
  return findings.map((f) => new URL(new URL(f.url).searchParams.get(param)!).pathname);
}

/** The screens whose page views each tag's requests have reached the report. */
export function pageViewsSeen(report: BrowsingReport): Record<string, string[]> {
  return {
    'google-analytics.com': pagePaths(siteOf(report, 'google-analytics.com')?.beacons ?? [], 'dl'),
    'facebook.com': pagePaths(siteOf(report, 'facebook.com')?.pixels ?? [], 'dl'),
    'linkedin.com': pagePaths(siteOf(report, 'linkedin.com')?.pixels ?? [], 'url'),
  };
}

/** Every tag has sent its page view of each screen in `paths`. */
export function sawPageViews(report: BrowsingReport, paths: string[]): boolean {
  return Object.values(pageViewsSeen(report)).every((seen) => paths.every((p) => seen.includes(p)));
}

/**
 * The shop after its visitor moved from `/` to `/products` and `/checkout`: one page, holding
 * what it did before the moves and after them, at the address on screen.
 */
export function assertSpaReport(report: BrowsingReport, origin: string): void {
  expect(report.tab.url).toBe(`${origin}/checkout`);
  const activity = report.activity!;
  const sites = activity.thirdParties.map((p) => p.site).sort();
  expect(sites).toEqual([...SHOP.trackers, ...SHOP.scripts, SHOP.checkoutOnly].sort());
  expect(activity.thirdParties.filter((p) => p.tracking).map((p) => p.site).sort()).toEqual(SHOP.trackers);
  expect(activity.tracking).toBe(SHOP.trackers.length);

  // Each tag's page view of every screen: the first one sent before the moves, the others after.
  for (const [site, paths] of Object.entries(pageViewsSeen(report))) {
    expect([...new Set(paths)].sort(), `${site}'s page views`).toEqual(['/', '/checkout', '/products']);
  }
  // The checkout's own events, sent only after the second move.
  const meta = siteOf(report, 'facebook.com')!.pixels;
  const checkout = meta.filter((p) => new URL(p.url).searchParams.get('ev') === 'InitiateCheckout');
  expect(pagePaths(checkout, 'dl')).toEqual(['/checkout']);
  const conversions = siteOf(report, 'linkedin.com')!.pixels.filter((p) => new URL(p.url).searchParams.has('conversionId'));
  expect(pagePaths(conversions, 'url')).toEqual(['/checkout']);

  // The moves, oldest first, during this page's life.
  expect(activity.routes.map((r) => new URL(r.url).pathname)).toEqual(['/products', '/checkout']);
  const [products, checkoutMove] = activity.routes;
  expect(products.time).toBeGreaterThanOrEqual(activity.pageStartedAt);
  expect(checkoutMove.time).toBeGreaterThanOrEqual(products.time);

  // Cookies written by the tags on load, and by Stripe.js once on the checkout, in one timeline.
  const entry = (name: string) => activity.timeline.find((e) => e.cookie.name === name);
  for (const name of ['_ga', '_fbp', '__stripe_mid']) expect(entry(name), `${name} in the timeline`).toMatchObject({ setBy: 'script' });
  expect(entry('__stripe_mid')!.time).toBeGreaterThanOrEqual(checkoutMove.time);
  const names = report.cookies.map((c) => c.name);
  expect(names).toEqual(expect.arrayContaining(['__Host-session', '_ga', '_fbp', '__stripe_mid', 'bcookie']));
  expect(report.cookies.find((c) => c.name === 'bcookie')).toMatchObject({ domain: 'linkedin.com', firstParty: false });

  expect(activity.dropped.failedSaves).toBe(0);
}

/**
 * The shop reached through a campaign link: the page cleaned its address with replaceState once
 * loaded, after its tags had sent the campaign address. Nothing but the address changed.
 */
/**
 * Everything assertCleanedLanding reads has reached the report: the page views, every third
 * party, and the tags' cookie writes joined with the page's report of the scripts that made them
 * (that report travels apart from the cookie change and the requests, batched).
 */
export function cleanedLandingSeen(report: BrowsingReport): boolean {
  const activity = report.activity!;
  const scripted = new Set(activity.timeline.filter((e) => e.setBy === 'script').map((e) => e.cookie.name));
  return (
    sawPageViews(report, ['/']) &&
    activity.thirdParties.length >= SHOP.trackers.length + SHOP.scripts.length &&
    ['_fbp', `_ga_${SHOP.measurementId.slice(2)}`].every((name) => scripted.has(name)) &&
    (siteOf(report, 'linkedin.com')?.pixels.length ?? 0) > 0
  );
}

/**
 * Everything cleanedLandingSeen reads, for a timeout's message: this wait has timed out in CI
 * now and then (page views in, something else not), and the message must say what was missing.
 */
export function cleanedLandingState(report: BrowsingReport): unknown {
  const activity = report.activity!;
  return {
    url: report.tab.url,
    pageViews: pageViewsSeen(report),
    thirdParties: activity.thirdParties.map((p) => p.site).sort(),
    timeline: activity.timeline.map((e) => `${e.change} ${e.cookie.name} ${e.setBy ?? '-'}`),
    dropped: activity.dropped,
  };
}

export function assertCleanedLanding(report: BrowsingReport, origin: string, loadEventAt: number): void {
  expect(report.tab.url).toBe(`${origin}/`);
  const activity = report.activity!;
  // The document's own record, started by its load, not by the replaceState after it.
  expect(activity.pageStartedAt).toBeLessThan(loadEventAt);
  expect(activity.thirdParties.map((p) => p.site).sort()).toEqual([...SHOP.trackers, ...SHOP.scripts].sort());
  expect(activity.tracking).toBe(SHOP.trackers.length);
  // What the tags sent before the address changed is kept: the campaign address.
  const hits = [...siteOf(report, 'google-analytics.com')!.beacons, ...siteOf(report, 'facebook.com')!.pixels];
  expect(hits.length).toBeGreaterThanOrEqual(2);
  for (const hit of hits) expect(new URL(hit.url).searchParams.get('dl')).toContain('utm_source=newsletter');
  const landed = siteOf(report, 'linkedin.com')!.pixels.map((p) => new URL(p.url).searchParams.get('url'));
  expect(landed).toEqual([expect.stringContaining('utm_source=newsletter')]);
  // The tags' cookie writes of this load are in its timeline.
  const scripted = activity.timeline.filter((e) => e.setBy === 'script').map((e) => e.cookie.name);
  expect(scripted).toEqual(expect.arrayContaining(['_fbp', `_ga_${SHOP.measurementId.slice(2)}`]));
}

/** The popup's Timeline view: each move of the page's address, as shown (run in the popup). */
export function readRouteChanges(): string[] {
  return [...document.querySelectorAll('.route-change')].map((row) => row.textContent?.replace(/\s+/g, ' ').trim() ?? '');
}

/** Route changes shown in order, each naming the path it moved to. */
export function assertRouteChanges(shown: string[]): void {
  expect(shown).toHaveLength(2);
  expect(shown[0]).toContain('Moved to');
  expect(shown[0]).toContain('/products');
  expect(shown[1]).toContain('Moved to');
  expect(shown[1]).toContain('/checkout');
}

/** The page's time of its load event, epoch milliseconds (run in the page). */
export function loadEventTime(): number {
  const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  return performance.timeOrigin + navigation.loadEventStart;
}

/** Waits until the shop shows `path` and every request of that screen has completed. */
export async function settled(page: EvaluatingPage, path: string): Promise<void> {
  await waitUntil(`the shop's ${path} to settle`, async () => (await page.evaluate(() => document.documentElement.dataset.settled ?? null)) === path);
}
