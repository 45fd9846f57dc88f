/**
 * What Cookie Audit's page-world recorder costs a page's own writes. In real Chromium, a script
 * file of the fixture page stacks.test/writes (tests/e2e/support/server.mjs) times 10,000
 * `document.cookie` writes (20 names, as a tag rewriting its cookies) and 10,000
 * `localStorage.setItem` calls, in a browser without extension and in one with Cookie Audit
 * (.output/chrome-mv3), whose MAIN-world content script wraps the cookie setter: every write
 * calls the browser's setter, captures a stack and reads the first frame that is not ours.
 *
 * Each round times both browsers once, in reverse order every other round; a fresh page each
 * time. Ratios are taken per round (the machine in the same state), then their median.
 *
 * Run: npm run bench:scripts (builds the extension only when .output/chrome-mv3 is missing)
 * Its last line: script_write_ratio=<median (cookie + storage time) with / without>, target ≤ 2.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROME_BUILD, launchChromium, ROOT } from '../tests/e2e/support/browsers.mjs';
import { HOSTS, startFixtureServer } from '../tests/e2e/support/server.mjs';

const WRITES = 10_000;
const ROUNDS = 15;
const WARM_UP = 2;

if (!existsSync(CHROME_BUILD)) execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const server = await startFixtureServer();
const configs = [
  { name: 'none', extension: null },
  { name: 'ours', extension: CHROME_BUILD },
];

async function run(config) {
  await config.tab.goto(server.url(HOSTS.stacks, '/writes'), { waitUntil: 'load' });
  return config.tab.evaluate((n) => window.benchWrites(n), WRITES);
}

try {
  for (const config of configs) {
    config.context = (await launchChromium({ extension: config.extension })).context;
    config.tab = await config.context.newPage();
    config.times = [];
    for (let i = 0; i < WARM_UP; i++) await run(config);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const config of round % 2 ? [...configs].reverse() : configs) config.times.push(await run(config));
  }
  const [none, ours] = configs.map((c) => c.times);
  const perRound = (pick) => median(ours.map((t, round) => pick(t) / pick(none[round])));
  for (const { name, times } of configs) {
    console.log(`${name}: ${WRITES} document.cookie writes median ${median(times.map((t) => t.cookieMs)).toFixed(1)} ms, ${WRITES} localStorage.setItem median ${median(times.map((t) => t.storageMs)).toFixed(1)} ms`);
  }
  const cookie = perRound((t) => t.cookieMs);
  const storage = perRound((t) => t.storageMs);
  const both = perRound((t) => t.cookieMs + t.storageMs);
  const perWriteUs = (median(ours.map((t) => t.cookieMs)) - median(none.map((t) => t.cookieMs))) * 1000 / WRITES;
  console.log(`median per-round ratios: cookie ${cookie.toFixed(3)}, storage ${storage.toFixed(3)}; recorder cost ${perWriteUs.toFixed(2)} µs per cookie write`);
  console.log(`script_write_ratio=${both.toFixed(3)} (target ≤ 2)`);
} finally {
  for (const { context } of configs) await context?.close();
  await server.close();
}
