/**
 * Soak: what long, busy browsing does to the extension. Chromium with Cookie Audit
 * (.output/chrome-mv3) keeps N tabs busy for M minutes on the fixture shop (SHOP in
 * tests/e2e/support/server.mjs), made tracker-heavy with `?extra=` requests per screen to 30
 * third-party sites: each tab loads it (every other load through a campaign link, which the page
 * cleans with replaceState), moves to /products and /checkout with pushState, and every third
 * round is closed and replaced by a new tab. Meanwhile it samples:
 *
 * - the service worker's JS heap (DevTools protocol `Runtime.getHeapUsage` on the worker target);
 * - the bytes in storage.session (`chrome.storage.session.getBytesInUse()`, from an extension page);
 * - failed saves: the worker's console warnings containing "could not save", and at the end the
 *   sum of `activity.dropped.failedSaves` over the open tabs' reports; the larger is reported;
 * - the worker's script time: the DevTools CPU profiler on the worker target, every sample not
 *   idle (JavaScript, garbage collection and the engine's own work), per page load.
 *
 * The same run with one tab (`--baseline-minutes`, default the lesser of 1 and M) gives the
 * figure per load the N-tab run is compared with: the work per event must not grow with the
 * number of tabs.
 *
 * Run: npm run bench:soak [-- --tabs 50 --minutes 5 --extra 60 --baseline-minutes 1]
 * (builds the extension only when .output/chrome-mv3 is missing)
 * Last line:
 * soak: tabs=<n> loads=<n> failed_saves=<n> session_mb_max=<> worker_heap_mb_max=<> cpu_ms_per_load=<> cpu_ms_per_load_1tab=<>
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CHROME_BUILD, launchChromium, ROOT, warmUp } from '../tests/e2e/support/browsers.mjs';
import { SHOP, startFixtureServer } from '../tests/e2e/support/server.mjs';

const { values: options } = parseArgs({
  options: {
    tabs: { type: 'string', default: '16' },
    minutes: { type: 'string', default: '5' },
    extra: { type: 'string', default: '60' },
    'baseline-minutes': { type: 'string' },
  },
});
const TABS = Number(options.tabs);
const MINUTES = Number(options.minutes);
const EXTRA = Number(options.extra);
const BASELINE_MINUTES = Number(options['baseline-minutes'] ?? Math.min(1, MINUTES));
if (![TABS, MINUTES, EXTRA, BASELINE_MINUTES].every((n) => Number.isFinite(n) && n > 0)) {
  throw new Error('--tabs, --minutes, --extra and --baseline-minutes take positive numbers');
}
/** Every round a tab is closed and replaced by a new one. */
const CHURN_EVERY = 3;
const SAMPLE_MS = 5000;
/** The CPU profile is collected and restarted this often, so that it stays small. */
const PROFILE_MS = 30_000;
/** A screen that does not settle within this is given up, and the tab starts its next round. */
const STEP_TIMEOUT_MS = 90_000;

if (!existsSync(CHROME_BUILD)) execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(2);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * The extension's service worker through the DevTools protocol (Playwright has no session for
 * it; Puppeteer attaches to the same browser). Reattaches if the worker is restarted.
 */
async function workerProbe(devToolsEndpoint, workerUrl) {
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.connect({ browserWSEndpoint: devToolsEndpoint, defaultViewport: null });
  let session = null;
  let busyUs = 0;
  let restarts = -1;
  /** Self time per function (name and place), for `--top`: where the worker's time goes. */
  const selfUs = new Map();
  const attach = async () => {
    const target = await browser.waitForTarget((t) => t.url() === workerUrl, { timeout: 60_000 });
    session = await target.createCDPSession();
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 1000 });
    await session.send('Profiler.start');
    restarts++;
  };
  /** Busy time of a profile: every sample but the idle ones. */
  const collect = async () => {
    const { profile } = await session.send('Profiler.stop');
    const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      if (idle.has(id)) return;
      busyUs += profile.timeDeltas[i];
      const { functionName, url, lineNumber, columnNumber } = nodes.get(id).callFrame;
      const where = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}:${columnNumber + 1}`;
      selfUs.set(where, (selfUs.get(where) ?? 0) + profile.timeDeltas[i]);
    });
  };
  await attach();
  return {
    async heapBytes() {
      try {
        return (await session.send('Runtime.getHeapUsage')).usedSize;
      } catch {
        // The worker was stopped: its profile is lost with it; follow the new one.
        await attach();
        return (await session.send('Runtime.getHeapUsage')).usedSize;
      }
    },
    async lap() {
      try {
        await collect();
        await session.send('Profiler.start');
      } catch {
        await attach();
      }
    },
    async finish() {
      await collect().catch(() => {});
      browser.disconnect();
      const top = [...selfUs].sort((x, y) => y[1] - x[1]).slice(0, 15).map(([where, us]) => ({ where, ms: us / 1000 }));
      return { busyMs: busyUs / 1000, restarts, top };
    },
  };
}

/** One soak run: `tabs` tabs for `minutes` minutes in a fresh browser. */
async function soak(server, { tabs, minutes, label }) {
  const { context, worker, extensionId, devToolsEndpoint } = await launchChromium({ remoteDebugging: true });
  try {
    const extensionPage = await context.newPage();
    await extensionPage.goto(`chrome-extension://${extensionId}/popup.html?tabId=0`);
    await warmUp(await context.newPage(), server, () => extensionPage.evaluate(() => chrome.storage.session.get(null)));
    let warnings = 0;
    context.on('console', (message) => {
      if (message.text().includes('could not save')) warnings++;
    });
    const probe = await workerProbe(devToolsEndpoint(), worker.url());

    let loads = 0;
    let stalled = 0;
    let heapMax = 0;
    let sessionMax = 0;
    const started = Date.now();
    const deadline = started + minutes * 60_000;
    const shop = server.url(SHOP.host, '');

    /** One tab's life: rounds of load and moves, replaced by a new tab every few rounds. */
    async function browse(index) {
      let page = await context.newPage();
      for (let round = 0; Date.now() < deadline; round++) {
        try {
          const landing = round % 2 ? `/?extra=${EXTRA}` : `${SHOP.landing}&extra=${EXTRA}`;
          await page.goto(shop + landing, { waitUntil: 'commit', timeout: STEP_TIMEOUT_MS });
          loads++;
          await page.waitForFunction(() => document.documentElement.dataset.settled === '/', null, { timeout: STEP_TIMEOUT_MS, polling: 250 });
          for (const path of ['/products', '/checkout']) {
            if (Date.now() >= deadline) break;
            await page.click(`nav a[href="${path}"]`, { timeout: STEP_TIMEOUT_MS });
            await page.waitForFunction((p) => document.documentElement.dataset.settled === p, path, { timeout: STEP_TIMEOUT_MS, polling: 250 });
          }
        } catch (error) {
          if (Date.now() < deadline) {
            stalled++;
            console.log(`${label} tab ${index}: ${String(error).split('\n')[0]}`);
          }
        }
        if (round % CHURN_EVERY === CHURN_EVERY - 1 && Date.now() < deadline) {
          await page.close();
          page = await context.newPage();
        }
      }
    }

    const sample = async () => {
      const heap = await probe.heapBytes();
      const session = await extensionPage.evaluate(() => chrome.storage.session.getBytesInUse(null));
      heapMax = Math.max(heapMax, heap);
      sessionMax = Math.max(sessionMax, session);
      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(`${label} t=${seconds}s loads=${loads} session_mb=${mb(session)} worker_heap_mb=${mb(heap)} save_warnings=${warnings}`);
    };
    let sampling = true;
    const sampler = (async () => {
      let lastLap = Date.now();
      while (sampling) {
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
        await sample().catch((error) => console.log(`${label} sample failed: ${error}`));
        if (Date.now() - lastLap >= PROFILE_MS) {
          await probe.lap();
          lastLap = Date.now();
        }
      }
    })();

    await Promise.all(Array.from({ length: tabs }, (_, i) => browse(i)));
    sampling = false;
    await sampler;
    await sample();
    const { busyMs, restarts, top } = await probe.finish();

    // Failed saves as the reports count them, over the tabs still open.
    const tabIds = await extensionPage.evaluate((host) => chrome.tabs.query({}).then((all) => all.filter((t) => t.url?.includes(host)).map((t) => t.id)), SHOP.host);
    const reportMs = [];
    let reportedFailures = 0;
    for (const tabId of tabIds) {
      const t0 = Date.now();
      const reply = await extensionPage.evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId);
      reportMs.push(Date.now() - t0);
      reportedFailures += reply.result?.activity?.dropped?.failedSaves ?? 0;
    }
    const result = {
      loads,
      failedSaves: Math.max(warnings, reportedFailures),
      sessionMbMax: mb(sessionMax),
      heapMbMax: mb(heapMax),
      cpuMsPerLoad: loads ? (busyMs / loads).toFixed(1) : 'NaN',
    };
    console.log(
      `${label}: ${tabs} tabs, ${minutes} min: ${loads} loads (${stalled} rounds given up), worker busy ${(busyMs / 1000).toFixed(1)} s` +
        ` (${restarts} worker restarts), save warnings ${warnings}, failedSaves in reports ${reportedFailures},` +
        ` getReport median ${median(reportMs).toFixed(0)} ms over ${reportMs.length} tabs`,
    );
    // Where the worker's time went, by self time: the first place to look when a figure grows.
    console.log(`${label}: worker self time, top functions:`);
    for (const { where, ms } of top) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${where}`);
    return result;
  } finally {
    await context.close();
  }
}

const server = await startFixtureServer();
try {
  const baseline = await soak(server, { tabs: 1, minutes: BASELINE_MINUTES, label: '1-tab' });
  const run = await soak(server, { tabs: TABS, minutes: MINUTES, label: `${TABS}-tab` });
  console.log(
    `soak: tabs=${TABS} loads=${run.loads} failed_saves=${run.failedSaves} session_mb_max=${run.sessionMbMax}` +
      ` worker_heap_mb_max=${run.heapMbMax} cpu_ms_per_load=${run.cpuMsPerLoad} cpu_ms_per_load_1tab=${baseline.cpuMsPerLoad}`,
  );
} finally {
  await server.close();
}
