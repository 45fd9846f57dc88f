/**
 * What Cookie Audit costs a page load. The fixture server's benchmark page (BENCH in
 * tests/e2e/support/server.mjs: 300 uncacheable third-party requests over 30 sites — pixels
 * setting cookies, images, scripts, beacons, iframes) is loaded in three Chromiums side by side:
 * without extension; with a control extension that registers Cookie Audit's listeners, with the
 * same filters and extraInfoSpec, and does nothing (tests/bench/control-extension/); and with
 * Cookie Audit (.output/chrome-mv3). The control is the floor: what Chrome charges any extension
 * that observes every request with its headers and cookies. Cookie Audit's own work is the rest.
 *
 * A load's time is measured by the page itself: from navigation start to the end of its load
 * event or of its last request, whichever is later (beacons may end after the load event). Each
 * round loads the page once in each browser, in reverse order every other round, so that none
 * always goes first; ratios are taken within a round, when the machine is in the same state.
 * Between loads the tab goes to about:blank and rests, so that neither the previous page's
 * unload nor an extension's deferred work (Cookie Audit writes its state to storage.session
 * 250 ms after a change) is counted in the next load, whichever browser makes it.
 *
 * Run: npm run bench:pageload (builds the extension only when .output/chrome-mv3 is missing)
 * Its last line: pageload: overhead_ratio=<median ours/none> floor_ratio=<median control/none>
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROME_BUILD, launchChromium, ROOT } from '../tests/e2e/support/browsers.mjs';
import { BENCH, startFixtureServer } from '../tests/e2e/support/server.mjs';

const ROUNDS = 15;
const WARM_UP_LOADS = 2;
const REST_MS = 500;

if (!existsSync(CHROME_BUILD)) execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const server = await startFixtureServer();
const configs = [
  { name: 'none', extension: null },
  { name: 'control', extension: join(ROOT, 'tests/bench/control-extension') },
  { name: 'ours', extension: CHROME_BUILD },
];

/** One load of the benchmark page in `tab`: its load time in milliseconds, as the page measured it. */
async function load(tab) {
  await tab.goto(server.url(BENCH.host), { waitUntil: 'load' });
  const ms = await (await tab.waitForFunction(() => window.__done)).jsonValue();
  await tab.goto('about:blank');
  await new Promise((resolve) => setTimeout(resolve, REST_MS));
  return ms;
}

try {
  // launchChromium returns once an extension's service worker is up; the warm-up loads then
  // give its listeners time to go live and every browser its connections and compiled code.
  for (const config of configs) {
    config.context = (await launchChromium({ extension: config.extension })).context;
    config.tab = await config.context.newPage();
    config.times = [];
    for (let i = 0; i < WARM_UP_LOADS; i++) await load(config.tab);
  }
  const started = Date.now();
  for (let round = 0; round < ROUNDS; round++) {
    for (const config of round % 2 ? [...configs].reverse() : configs) config.times.push(await load(config.tab));
  }
  const requests = Object.values(BENCH.mix).reduce((a, b) => a + b, 0);
  console.log(`${ROUNDS} rounds in ${((Date.now() - started) / 1000).toFixed(0)} s; page: ${requests} third-party requests over ${BENCH.thirdParties} sites (${JSON.stringify(BENCH.mix)})`);
  for (const { name, times } of configs) {
    console.log(`${name}: median ${median(times).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}`);
  }
  const [none, control, ours] = configs.map((c) => c.times);
  const perRound = (a, b) => median(a.map((t, round) => t / b[round]));
  const overhead = perRound(ours, none);
  const floor = perRound(control, none);
  console.log(`median per-round ratios: ours/none ${overhead.toFixed(3)}, control/none ${floor.toFixed(3)}, ours/control ${perRound(ours, control).toFixed(3)}`);
  console.log(`ours_over_control=${(overhead / floor).toFixed(3)} (target ≤ 1.05)`);
  console.log(`pageload: overhead_ratio=${overhead.toFixed(3)} floor_ratio=${floor.toFixed(3)}`);
} finally {
  for (const { context } of configs) await context?.close();
  await server.close();
}
