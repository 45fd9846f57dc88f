/**
 * Background monitoring in real Chromium: third parties, the pixel and the beacon with their
 * evidence, the badge, the cookie timeline, state surviving a stopped service worker, and no
 * network request made by the extension itself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './popup';
import { chromiumDemo, ROOT } from './support/browsers.mjs';
import { requestsInNetLog } from './support/netlog.mjs';
import { ALL_HOSTS, HOSTS, startFixtureServer } from './support/server.mjs';
import { assertNewsReport, assertThirdParties, readTrackerCards } from './trackers';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof chromiumDemo>>;
let context: BrowserContext;
let worker: Worker;
let popup: Page;
const netLog = join(mkdtempSync(join(tmpdir(), 'cookie-audit-netlog-')), 'net.json');

// The parts of the report these tests read.
type Report = { activity: { tracking: number; thirdParties: { site: string }[]; timeline: { cookie: { name: string }; setBy?: string; response?: string }[] } | null; cookies: { name: string; setBy?: string }[] };

async function report(): Promise<Report> {
  const reply = await popup.evaluate((tabId) => chrome.runtime.sendMessage({ type: 'getReport', tabId }), demo.tabId);
  expect(reply.ok).toBe(true);
  return reply.result;
}

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await chromiumDemo(server, { netLog });
  context = demo.context;
  worker = demo.worker!;
  popup = await demo.openPopup(demo.tabId);
  // The beacon and the pixel may land after the load event.
  await waitUntil('both trackers recorded', async () => {
    const { activity } = await report();
    if (activity?.tracking !== 2) throw new Error(`tracking: ${JSON.stringify(activity?.thirdParties.map((p) => p.site) ?? null)}`);
    return true;
  });
});

afterAll(async () => {
  await context?.close().catch(() => {});
  await server?.close();
});

describe('Chromium: the background watches the tab', () => {
  it('reports third parties with the pixel and beacon evidence', async () => {
    const { activity } = await report();
    assertThirdParties(activity!.thirdParties as Parameters<typeof assertThirdParties>[0]);
  });

  it('shows them in the Trackers view and counts them on the badge', async () => {
    await popup.getByRole('tab', { name: /Trackers/ }).click();
    // What the page did is asked for when the view is opened.
    const cards = await waitUntil('tracker cards', async () => {
      const read = await popup.evaluate(readTrackerCards);
      return read.length > 0 ? read : null;
    });
    const tracking = cards.filter((c) => c.tracking).map((c) => c.site).sort();
    expect(tracking).toEqual(['beacon.test', 'pixel.test']);
    const pixelCard = cards.find((c) => c.site === 'pixel.test')!;
    expect(pixelCard.text).toContain('Tracking pixel');
    expect(pixelCard.text).toContain('sets cookie uid');
    expect(cards.find((c) => c.site === 'cdn.test')!.text).not.toContain('Tracking');
    expect(await popup.getByRole('tab', { name: /Trackers/ }).textContent()).toContain('2');
    // The full URL is shown on demand, parameter by parameter, as text.
    await popup.locator('li.third-party[data-site="pixel.test"]').getByRole('button', { name: /Show full URL/ }).click();
    await expect.poll(() => popup.locator('li.third-party[data-site="pixel.test"] dl.params').textContent()).toContain('0f9e8d7c6b5a4f3e2d1c');

    const badge = await worker.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), demo.tabId);
    expect(badge).toBe('2');
  });

  it('attributes each cookie to the response that set it, or to script', async () => {
    const { activity, cookies } = await waitUntil('the cookie changes recorded', async () => {
      const r = await report();
      const names = r.activity?.timeline.map((e) => e.cookie.name) ?? [];
      return ['uid', 'session_id', 'js_visit'].every((n) => names.includes(n)) ? r : null;
    });
    const entry = (name: string) => activity!.timeline.find((e) => e.cookie.name === name);
    expect(entry('uid')).toMatchObject({ setBy: 'http' });
    expect(entry('uid')!.response).toContain('pixel.test');
    expect(entry('session_id')).toMatchObject({ setBy: 'http' });
    expect(entry('js_visit')).toMatchObject({ setBy: 'script' });
    expect(cookies.find((c) => c.name === 'js_visit')?.setBy).toBe('script');
    expect(cookies.find((c) => c.name === 'session_id')?.setBy).toBe('http');

    await popup.getByRole('tab', { name: /Timeline/ }).click();
    const row = popup.locator('tr.timeline-entry[data-name="js_visit"]');
    // The page's inline script, as its call stack named it.
    await expect.poll(() => row.textContent()).toContain('An inline script of site.test (reported by the page)');
  });

  it('keeps what it saw when the service worker is stopped, and records after the restart', async () => {
    await worker.evaluate(() => ((globalThis as { __beforeStop?: boolean }).__beforeStop = true));
    // The background writes what it saw to storage.session shortly after (debounced): wait until
    // what this test checks after the restart is saved, then stop the worker as Chrome may.
    await waitUntil('the demo page saved to storage.session', async () => {
      // One JSON string per tab (lib/monitor/persist.ts).
      const saved = Object.values(await popup.evaluate(() => chrome.storage.session.get(null))).join('\n');
      return ['"pixel.test"', '"beacon.test"', '"cdn.test"', '"embed.test"', '"session_id"', '"uid"'].every((s) => saved.includes(s));
    });
    const cdp = await context.newCDPSession(popup);
    // The DevTools protocol reports each worker version's running status as it changes.
    let stopped = false;
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      if (versions.some((v) => v.scriptURL.startsWith(`chrome-extension://${demo.extensionId}/`) && v.runningStatus === 'stopped')) stopped = true;
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await waitUntil('the worker to stop', async () => stopped);

    // A new third-party request wakes the worker; it must be recorded on top of the old state.
    await demo.site.evaluate((url) => {
      const img = new Image();
      img.src = url;
      document.body.append(img);
    }, server.url(HOSTS.late, '/p.gif?cid=9a8b7c6d5e4f3a2b1c0d'));

    const after = await waitUntil('the late pixel and its cookie recorded', async () => {
      const r = await report();
      const seen = r.activity?.thirdParties.some((p) => p.site === 'late.test') && r.activity.timeline.some((e) => e.cookie.name === 'late_uid');
      return seen ? r : null;
    });
    expect(after.activity!.tracking).toBe(3);
    expect(after.activity!.thirdParties.map((p) => p.site)).toEqual(expect.arrayContaining(['pixel.test', 'beacon.test', 'cdn.test', 'embed.test', 'late.test']));
    expect(after.activity!.timeline.map((e) => e.cookie.name)).toEqual(expect.arrayContaining(['session_id', 'uid', 'late_uid']));

    // It really was a new worker: the old one's global is gone.
    const restarted = context.serviceWorkers().at(-1)!;
    expect(await restarted.evaluate(() => (globalThis as { __beforeStop?: boolean }).__beforeStop ?? false)).toBe(false);
    worker = restarted;
  });

  it('names known trackers and catches identifiers handed between parties', async () => {
    await demo.site.goto(server.url(HOSTS.news), { waitUntil: 'load' });
    const newsTab = await demo.tabIdOf(server.url(HOSTS.news));
    const news = await waitUntil('the syncs recorded', async () => {
      const reply = await popup.evaluate((tabId) => chrome.runtime.sendMessage({ type: 'getReport', tabId }), newsTab);
      return (reply.result.activity?.syncs.length ?? 0) >= 2 ? reply.result : null;
    });
    assertNewsReport(news);
    const newsPopup = await demo.openPopup(newsTab);
    await newsPopup.getByRole('tab', { name: /Trackers/ }).click();
    const syncText = (await newsPopup.locator('section.syncs').textContent())?.replace(/\s+/g, ' ');
    expect(syncText).toContain('pixel.test passed its cookie uid to sync.test (parameter puid)');
    expect(syncText).toContain('This site passed its own cookie _ga to analytics.test (parameter cid)');
    expect(await newsPopup.locator('li.third-party[data-site="doubleclick.net"]').textContent()).toContain('Google');
    await newsPopup.screenshot({ path: join(ROOT, 'test-results/popup-chromium-trackers.png'), fullPage: true });
  });

  it('learns a tracker seen on three sites, shows the sites, and forgets on request', async () => {
    // pixel.test tracks on site.test (loaded first), news.test (kept open in its own tab while
    // the third loads) and blog.test.
    const news = await context.newPage();
    await news.goto(server.url(HOSTS.news), { waitUntil: 'load' });
    await demo.site.goto(server.url(HOSTS.blog), { waitUntil: 'load' });
    const blogTab = await demo.tabIdOf(server.url(HOSTS.blog));
    const learned = await waitUntil('pixel.test learned', async () => {
      const reply = await popup.evaluate((tabId) => chrome.runtime.sendMessage({ type: 'getReport', tabId }), blogTab);
      const found = reply.result.activity?.thirdParties.find((p: { site: string }) => p.site === 'pixel.test')?.learned;
      if (found) return found;
      const all = await popup.evaluate(() => chrome.storage.local.get(null));
      throw new Error(`not learned yet; stored: ${JSON.stringify(all)}`);
    });
    expect(learned).toMatchObject({ sites: 3, how: expect.arrayContaining(['pixel', 'cookie']) });
    expect([...learned.firstParties].sort()).toEqual(['blog.test', 'news.test', 'site.test']);

    const blogPopup = await demo.openPopup(blogTab);
    await blogPopup.getByRole('tab', { name: /Trackers/ }).click();
    await expect.poll(async () => blogPopup.locator('li.third-party[data-site="pixel.test"] .seen-by-you').textContent()).toContain(
      'Seen by you tracking on 3 sites',
    );
    await expect.poll(() => blogPopup.locator('li.learned-tracker[data-site="pixel.test"]').count()).toBe(1);
    await blogPopup.getByRole('button', { name: 'Forget what was learned' }).click();
    await blogPopup.getByRole('group', { name: 'Confirm forgetting learned trackers' }).getByRole('button', { name: 'Forget' }).click();
    await expect.poll(() => blogPopup.locator('li.learned-tracker').count()).toBe(0);
    const after = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'getLearned' }));
    expect(after.result.trackers).toEqual([]);
    await news.close();
  });

  it('made no network request of its own', async () => {
    await context.close();
    const requests = requestsInNetLog(netLog);
    expect(requests.length).toBeGreaterThan(5);
    const fromExtension = requests.filter((r) => r.initiator?.startsWith('chrome-extension://') && !r.url.startsWith('chrome-extension://'));
    expect(fromExtension).toEqual([]);
    // Everything else was the fixture pages' own requests, or the browser's (no initiator).
    const fixtures = new Set(ALL_HOSTS);
    const unexplained = requests.filter(
      (r) => !r.url.startsWith('chrome-extension://') && !fixtures.has(new URL(r.url).hostname) && r.initiator !== 'not an origin',
    );
    expect(unexplained).toEqual([]);
  });
});
