/**
 * How fast the popup shows a cookie-heavy tab. Chromium with Cookie Audit (.output/chrome-mv3)
 * has three tabs open on the fixture server's heavy pages (POPUP_BENCH in
 * tests/e2e/support/server.mjs): 50, 300 and 1,000 cookies, the larger ones through third-party
 * ad-exchange frames (Chromium keeps at most 180 cookies per site). Each round opens the popup on
 * each tab as a user does — the tab active in its window, `chrome.action.openPopup()` — in
 * reverse order every other round, and measures in the popup page:
 *
 * - rows_ms: from the popup's navigation start until its rows are in the DOM: every row, or, for
 *   a windowed table, the rows filling the popup's first screen together with every table's count
 *   of all its rows (the summary's total). A MutationObserver installed before the page's own
 *   scripts notes the moment;
 * - longest_task_ms: the longest task (PerformanceObserver `longtask`, over 50 ms) from navigation
 *   start until a second after the rows were in; 0 when there was none;
 * - heap_mb: the page's JS heap after a garbage collection (DevTools protocol);
 * - search_key_ms (1,000 cookies): a query typed key by key into the search box; per key, from the
 *   key's event time until the filtered rows are in the DOM and laid out (the listener that reads
 *   the time runs after the popup's own and forces layout; the following paint is not counted).
 *   The figure of a round is its slowest key; each key's result is checked against the cookies.
 *
 * Then the DevTools panel, as many rounds (`--panel N`, 0 for none): its page (`devtools-panel.html?tabId=`, what DevTools
 * shows in its panel) on each tab, in a 1200×500 tab; rows and longest task as for the popup, and
 * the same query typed into its filter box (filter_key_ms, checked against the cookies). Each
 * round also opens an empty extension page the same way and notes when its one module script ran:
 * the floor under the panel's figures, which the panel's code cannot go below. It prints
 * `panel: n50_ms=<> n300_ms=<> n1000_ms=<> longest_task_ms=<> filter_key_ms=<>` before the
 * popup's line.
 *
 * Then the side panel, as many rounds (`--sidepanel N`, as many as the panel's by default, 0 for
 * none): its page (`sidepanel.html?windowId=`, what Chrome shows in its side panel, following the
 * active tab of the window given) 400×800, in a tab of a window of its own, as the panel
 * sits beside the page; rows, longest task and the search typed key by key as for the popup. It
 * prints `sidepanel: n50_ms=<> n300_ms=<> n1000_ms=<> longest_task_ms=<> search_key_ms=<>`.
 *
 * Then `--cold` rounds (3) stop the extension's service worker before each popup, as Chrome does
 * after 30 s without events: the popup wakes it, and the view is built from the cookie store then
 * (rows and long tasks only). The summary says the machine's load average at the start and end.
 *
 * Run: npm run bench:popup [-- --rounds 10] [-- --cold 3] [-- --panel 10] [-- --sidepanel 10] [-- --build DIR] (measures .output/chrome-mv3, built
 * only when missing, or the build in DIR). Last line, medians over the rounds:
 * popup: n50_ms=<> n300_ms=<> n1000_ms=<> longest_task_ms=<> heap_mb_1000=<> search_key_ms=<>
 * (longest_task_ms: the median of each round's longest task over the three sizes.)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROME_BUILD, launchChromium, ROOT, warmUp } from '../tests/e2e/support/browsers.mjs';
import { POPUP_BENCH, startFixtureServer } from '../tests/e2e/support/server.mjs';

const { values: options } = parseArgs({ options: { rounds: { type: 'string', default: '10' }, cold: { type: 'string', default: '3' }, panel: { type: 'string' }, sidepanel: { type: 'string' }, build: { type: 'string' } } });
const ROUNDS = Number(options.rounds);
if (!(ROUNDS > 0)) throw new Error('--rounds takes a positive number');
/** Rounds with the service worker stopped before each popup (`--cold`, 0 for none). */
const COLD_ROUNDS = Number(options.cold);
if (!(COLD_ROUNDS >= 0)) throw new Error('--cold takes a number');
/** Rounds of the DevTools panel (`--panel`, as many as the popup's by default, 0 for none). */
const PANEL_ROUNDS = Number(options.panel ?? ROUNDS);
if (!(PANEL_ROUNDS >= 0)) throw new Error('--panel takes a number');
/** Rounds of the side panel (`--sidepanel`, as many as the DevTools panel's by default, 0 for none). */
const SIDE_ROUNDS = Number(options.sidepanel ?? PANEL_ROUNDS);
if (!(SIDE_ROUNDS >= 0)) throw new Error('--sidepanel takes a number');
/** Long tasks are collected until this long after the rows are in. */
const SETTLE_MS = 1000;
const QUERY = 'krtbcookie_12';

/** Another build to measure (`--build DIR`), e.g. one kept from before a change. */
const BUILD = options.build ?? CHROME_BUILD;
if (!options.build && !existsSync(CHROME_BUILD)) execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function poll(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}

/**
 * Runs in the popup before its own scripts and notes when the rows are in. Kept cheap:
 * it counts elements on each batch of DOM changes, and measures one row only once the counts agree.
 */
function instrumentPopup() {
  const bench = (window.__bench = { ready: null, rows: 0, total: 0, tasks: [], keys: [] });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.tasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  // Where the time goes: when each message to the background left and its answer came back.
  const send = chrome.runtime.sendMessage.bind(chrome.runtime);
  bench.messages = [];
  chrome.runtime.sendMessage = (message, ...rest) => {
    const entry = { type: message?.type, sent: performance.now(), answered: null };
    bench.messages.push(entry);
    const answered = () => (entry.answered = performance.now());
    // With a callback (as webextension-polyfill calls it) or as a promise.
    if (typeof rest.at(-1) === 'function') {
      const callback = rest.pop();
      return send(message, ...rest, (...args) => {
        answered();
        return callback(...args);
      });
    }
    const reply = send(message, ...rest);
    reply.then(answered, () => {});
    return reply;
  };
  addEventListener('DOMContentLoaded', () => (bench.dcl = performance.now()));
  const observer = new MutationObserver(() => {
    const total = Number(document.querySelector('.summary strong')?.textContent ?? NaN);
    if (!(total > 0)) return;
    const counted = [...document.querySelectorAll('section.group h2 .count')].reduce((sum, e) => sum + Number(e.textContent), 0);
    if (counted !== total) return;
    const rows = document.querySelectorAll('tr.cookie-row');
    if (rows.length === 0) return;
    if (rows.length !== total && rows[rows.length - 1].getBoundingClientRect().bottom < innerHeight) return;
    bench.ready = performance.now();
    bench.rows = rows.length;
    bench.total = total;
    observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

/**
 * Runs in the DevTools panel page before its own scripts, as `instrumentPopup` does in the popup:
 * notes when the table's rows are in (every row, or for a windowed table the rows filling the
 * first screen and the table's count of all its rows), the long tasks, and each filter key.
 */
function instrumentPanel() {
  const bench = (window.__bench = { ready: null, rows: 0, total: 0, tasks: [], keys: [] });
  addEventListener('DOMContentLoaded', () => (bench.dcl = performance.now()));
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.tasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  /** The rows the table lists: all of them when it renders every row. */
  bench.listed = () => {
    const table = document.querySelector('table.dev-table');
    const count = table?.getAttribute('aria-rowcount');
    return count ? Number(count) - 1 : document.querySelectorAll('tr.dev-row').length;
  };
  const observer = new MutationObserver(() => {
    const rows = document.querySelectorAll('tr.dev-row');
    if (rows.length === 0) return;
    const total = bench.listed();
    if (rows.length !== total && rows[rows.length - 1].getBoundingClientRect().bottom < innerHeight) return;
    bench.ready = performance.now();
    bench.rows = rows.length;
    bench.total = total;
    observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
  let down = null;
  addEventListener('keydown', (event) => (down = event.timeStamp), true);
  addEventListener('input', () => {
    if (down === null) return;
    document.body.offsetHeight; // layout
    bench.keys.push({ ms: performance.now() - down, query: document.querySelector('input[type="search"]').value, shown: bench.listed() });
    down = null;
  });
}

/**
 * A copy of the build whose popup runs `instrumentPopup` first, from a classic script ahead of
 * its own: nothing of the popup's work is missed, and the popup is otherwise the one users get.
 */
function instrumentedBuild() {
  const dir = join(mkdtempSync(join(tmpdir(), 'cookie-audit-bench-popup-')), 'chrome-mv3');
  cpSync(BUILD, dir, { recursive: true });
  writeFileSync(join(dir, 'bench-instrument.js'), `(${instrumentPopup})();\n`);
  writeFileSync(join(dir, 'bench-instrument-panel.js'), `(${instrumentPanel})();\n`);
  // An empty extension page with one module script, as the pages have: the floor under their figures.
  writeFileSync(join(dir, 'bench-empty.html'), '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/bench-empty.js"></script></head><body></body></html>\n');
  writeFileSync(join(dir, 'bench-empty.js'), 'window.__ran = performance.now();\n');
  for (const [page, script] of [['popup.html', 'bench-instrument.js'], ['sidepanel.html', 'bench-instrument.js'], ['devtools-panel.html', 'bench-instrument-panel.js']]) {
    const html = readFileSync(join(dir, page), 'utf8');
    if (!html.includes('<head>')) throw new Error(`${page} has no <head>`);
    writeFileSync(join(dir, page), html.replace('<head>', `<head><script src="/${script}"></script>`));
  }
  return dir;
}

/** In the popup: time each key typed into the search box (see the header). */
function instrumentSearch() {
  const bench = window.__bench;
  let down = null;
  addEventListener('keydown', (event) => (down = event.timeStamp), true);
  // Registered on the window after the popup's own listener on the input: that one has run, and
  // its microtasks (the popup's update) with it, when this one runs.
  addEventListener('input', () => {
    if (down === null) return;
    document.body.offsetHeight; // layout
    const shown = [...document.querySelectorAll('section.group h2 .count')].reduce((sum, e) => sum + Number(e.textContent), 0);
    bench.keys.push({ ms: performance.now() - down, query: document.querySelector('input[type="search"]').value, shown });
    down = null;
  });
}

/**
 * Types QUERY key by key into `page`'s search box (a Playwright or Puppeteer page, instrumented)
 * and returns each key's time. Each key's rows are checked: `matching(query)` cookies match it.
 */
async function typeQuery(page, what, matching) {
  await page.focus('input[type="search"]');
  for (const key of QUERY) {
    const before = await page.evaluate(() => window.__bench.keys.length);
    await page.keyboard.type(key);
    await poll('the key timed', () => page.evaluate((n) => window.__bench.keys.length > n, before), 30_000);
  }
  const keys = await page.evaluate(() => window.__bench.keys);
  for (const { query, shown } of keys) {
    const expected = matching(query);
    if (shown !== expected) throw new Error(`search "${query}": ${what} lists ${shown} rows, ${expected} cookies match`);
  }
  return keys.map((k) => k.ms);
}

const LARGEST = Math.max(...POPUP_BENCH.sizes);
/** The machine's 1-minute load average: the figures mean little on a busy machine, so they say how busy it was. */
const load = () => loadavg()[0].toFixed(2);
const loadAtStart = load();
const server = await startFixtureServer();
const { context, worker, extensionId, devToolsEndpoint } = await launchChromium({ extension: instrumentedBuild(), remoteDebugging: true });
// Playwright does not attach to extension popups; Puppeteer, connected to the same browser, does.
const puppeteer = (await import('puppeteer-core')).default;
const puppeteerBrowser = await puppeteer.connect({ browserWSEndpoint: devToolsEndpoint(), defaultViewport: null });
const popupUrl = `chrome-extension://${extensionId}/popup.html`;
try {
  const probe = await context.newPage();
  await warmUp(probe, server, () => worker.evaluate(() => chrome.storage.session.get(null)));
  await probe.close();

  // The heavy tabs, each loaded once; the cookies stay for every round.
  const tabs = [];
  for (const n of POPUP_BENCH.sizes) {
    const page = await context.newPage();
    const url = server.url(POPUP_BENCH.host(n));
    await page.goto(url, { waitUntil: 'load' });
    const sites = [POPUP_BENCH.host(n), ...POPUP_BENCH.frames(n).map((f) => f.host)];
    await poll(`${n} cookies in the browser`, () =>
      worker.evaluate(async (domains) => (await Promise.all(domains.map((domain) => chrome.cookies.getAll({ domain })))).flat().length, sites).then((count) => count === n),
    );
    const tabId = await poll(`the tab of ${url}`, () => worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url));
    tabs.push({ n, page, tabId, rows: [], tasks: [], heap: [], keys: [], keysAll: [], parts: [], cold: [], coldTasks: [], panel: { rows: [], dcl: [], tasks: [], keys: [], keysAll: [] }, side: { rows: [], tasks: [], keys: [], keysAll: [] } });
  }

  // The report agrees: each tab involves exactly its N cookies. Their names and domains give the
  // search's expected results.
  const reader = await context.newPage();
  await reader.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabs[0].tabId}`);
  for (const tab of tabs) {
    const report = await poll(`the report of the ${tab.n}-cookie tab`, async () => {
      const reply = await reader.evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), tab.tabId);
      return reply.ok && reply.result.summary.total === tab.n ? reply.result : null;
    });
    tab.cookies = report.cookies.map((c) => ({ name: c.name.toLowerCase(), domain: c.domain.toLowerCase(), category: c.purpose?.category.toLowerCase() ?? '' }));
    tab.windowId = await reader.evaluate(async (id) => (await chrome.tabs.get(id)).windowId, tab.tabId);
  }
  // Extension pages share the popup's process and heap: none stays open while the popup is measured.
  await reader.close();
  /** An extension page to open the popup from while the worker is stopped (cold rounds). */
  let opener = null;

  /**
   * Stop the extension's service worker, as Chrome does after 30 s without events: the next popup
   * wakes it, and it has no view kept. (Playwright's handle on the worker is dead afterwards.)
   */
  async function stopWorker() {
    const cdp = await puppeteerBrowser.target().createCDPSession();
    const ours = async () => (await cdp.send('Target.getTargets')).targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
    const running = await ours();
    if (running) await cdp.send('Target.closeTarget', { targetId: running.targetId });
    await poll('the service worker stopped', async () => !(await ours()));
    await cdp.detach();
  }

  /** The popup opened by `openPopup` on `tab`, as a Puppeteer page; `cold`: asked from an extension page, the worker being stopped. */
  async function openPopupPage(tab, cold = false) {
    await tab.page.bringToFront();
    const opened = puppeteerBrowser.waitForTarget((t) => t.type() === 'page' && t.url() === popupUrl, { timeout: 30_000 });
    if (cold) await opener.evaluate((windowId) => chrome.action.openPopup({ windowId }), tab.windowId);
    else await worker.evaluate(() => chrome.action.openPopup());
    const target = await opened;
    // Created as a target of type "other" and only then made a page: Puppeteer has not attached it as one.
    const page = await target.asPage();
    return { page, session: await target.createCDPSession() };
  }

  /** One popup on `tab`: opened as a user opens it, measured, closed. `cold`: with the worker stopped first, rows and long tasks only. */
  async function measure(tab, round, cold = false) {
    if (cold) await stopWorker();
    const { page: popup, session } = await openPopupPage(tab, cold);
    try {
      const ready = await poll('the popup rows', () => popup.evaluate(() => window.__bench.ready), 60_000);
      const { total, rows } = await popup.evaluate(() => window.__bench);
      if (total !== tab.n) throw new Error(`the popup shows ${total} cookies, the tab has ${tab.n}`);
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      // The popup has grown to its size by now: its screen must still be full of rows.
      const filled = await popup.evaluate(() => {
        const rows = document.querySelectorAll('tr.cookie-row');
        return rows.length === window.__bench.total || rows[rows.length - 1].getBoundingClientRect().bottom >= innerHeight;
      });
      if (!filled) throw new Error(`the ${tab.n}-cookie popup shows a gap below its rows`);
      const tasks = await popup.evaluate((until) => window.__bench.tasks.filter(([start]) => start <= until).map(([, d]) => d), ready + SETTLE_MS);
      if (cold) {
        tab.cold.push(ready);
        tab.coldTasks.push(Math.max(0, ...tasks));
        console.log(`cold ${round} n=${tab.n}: rows ${ready.toFixed(0)} ms (${rows} rows in the DOM), longest task ${tab.coldTasks.at(-1).toFixed(0)} ms`);
        return;
      }
      await session.send('HeapProfiler.collectGarbage');
      const { usedSize } = await session.send('Runtime.getHeapUsage');
      const heap = usedSize / 1024 / 1024;
      const longest = Math.max(0, ...tasks);
      let keyNote = '';
      let keyTimes = null;
      if (tab.n === LARGEST) {
        await popup.evaluate(instrumentSearch);
        keyTimes = await typeQuery(popup, 'the popup', (query) => tab.cookies.filter((c) => c.name.includes(query) || c.domain.includes(query)).length);
        keyNote = `, slowest key ${Math.max(...keyTimes).toFixed(1)} ms`;
      }
      const { dcl, messages } = await popup.evaluate(() => ({ dcl: window.__bench.dcl, messages: window.__bench.messages }));
      const first = messages.find((m) => m.answered !== null);
      // Recorded only once the whole measurement went through: a retried one counts once.
      tab.rows.push(ready);
      if (first) tab.parts.push([dcl, first.sent, first.answered]);
      tab.tasks.push(longest);
      tab.heap.push(heap);
      if (keyTimes) {
        tab.keys.push(Math.max(...keyTimes));
        tab.keysAll.push(...keyTimes);
      }

      const timing = first ? `; DOMContentLoaded ${dcl.toFixed(0)} ms, ${first.type} asked at ${first.sent.toFixed(0)} ms, answered at ${first.answered.toFixed(0)} ms` : '';
      console.log(
        `round ${round} n=${tab.n}: rows ${ready.toFixed(0)} ms (${rows} rows in the DOM), longest task ${tab.tasks.at(-1).toFixed(0)} ms, heap ${tab.heap.at(-1).toFixed(2)} MB${keyNote}${timing}`,
      );
    } finally {
      await session.detach().catch(() => {});
      await popup.close();
    }
  }

  /**
   * The DevTools panel on `tab`: its page (`devtools-panel.html?tabId=`, what DevTools shows in
   * its panel; Playwright cannot open DevTools itself) in a 1200×500 tab, as a docked DevTools
   * is; rows and long tasks as for the popup, then the same query typed into its filter box.
   */
  async function measurePanel(tab, round) {
    const panel = await context.newPage();
    try {
      await panel.setViewportSize({ width: 1200, height: 500 });
      await panel.goto(`chrome-extension://${extensionId}/devtools-panel.html?tabId=${tab.tabId}`);
      const ready = await poll('the panel rows', () => panel.evaluate(() => window.__bench.ready), 60_000);
      const { total, rows, dcl } = await panel.evaluate(() => window.__bench);
      if (total !== tab.n) throw new Error(`the panel lists ${total} cookies, the tab has ${tab.n}`);
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const tasks = await panel.evaluate((until) => window.__bench.tasks.filter(([start]) => start <= until).map(([, d]) => d), ready + SETTLE_MS);
      const longest = Math.max(0, ...tasks);
      let keyTimes = [];
      if (tab.n === LARGEST) {
        keyTimes = await typeQuery(panel, 'the panel', (query) => tab.cookies.filter((c) => c.name.includes(query) || c.domain.includes(query) || c.category.includes(query)).length);
      }
      tab.panel.rows.push(ready);
      tab.panel.dcl.push(dcl);
      tab.panel.tasks.push(longest);
      if (keyTimes.length) {
        tab.panel.keys.push(Math.max(...keyTimes));
        tab.panel.keysAll.push(...keyTimes);
      }
      const keyNote = keyTimes.length ? `, slowest filter key ${Math.max(...keyTimes).toFixed(1)} ms` : '';
      console.log(`panel ${round} n=${tab.n}: rows ${ready.toFixed(0)} ms (${rows} rows in the DOM), longest task ${longest.toFixed(0)} ms${keyNote}`);
    } finally {
      await panel.close();
    }
  }

  /** The window the side panel's pages open in, beside the tabs' windows, created once. */
  let sideWindow = null;

  /**
   * The side panel on `tab`: its page following the tab's window (`sidepanel.html?windowId=`) in a
   * tab of a window of its own (Playwright cannot open the browser's side panel); rows and long
   * tasks as for the popup, then the same query typed into its search box.
   */
  async function measureSidePanel(tab, round) {
    // The panel shows its window's active tab.
    await tab.page.bringToFront();
    sideWindow ??= await worker.evaluate(async () => (await chrome.windows.create({ url: 'about:blank' })).id);
    const opened = context.waitForEvent('page');
    await worker.evaluate((windowId) => chrome.tabs.create({ windowId, url: 'about:blank' }), sideWindow);
    const side = await opened;
    try {
      // As wide as Chrome's side panel opens (320 px and up): the narrow layout (sidepanel.css).
      await side.setViewportSize({ width: 400, height: 800 });
      await side.goto(`chrome-extension://${extensionId}/sidepanel.html?windowId=${tab.windowId}`);
      const ready = await poll('the side panel rows', () => side.evaluate(() => window.__bench?.ready), 60_000);
      const { total, rows } = await side.evaluate(() => window.__bench);
      if (total !== tab.n) throw new Error(`the side panel shows ${total} cookies, the tab has ${tab.n}`);
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const filled = await side.evaluate(() => {
        const rows = document.querySelectorAll('tr.cookie-row');
        return rows.length === window.__bench.total || rows[rows.length - 1].getBoundingClientRect().bottom >= innerHeight;
      });
      if (!filled) throw new Error(`the ${tab.n}-cookie side panel shows a gap below its rows`);
      const tasks = await side.evaluate((until) => window.__bench.tasks.filter(([start]) => start <= until).map(([, d]) => d), ready + SETTLE_MS);
      const longest = Math.max(0, ...tasks);
      let keyTimes = [];
      if (tab.n === LARGEST) {
        await side.evaluate(instrumentSearch);
        keyTimes = await typeQuery(side, 'the side panel', (query) => tab.cookies.filter((c) => c.name.includes(query) || c.domain.includes(query)).length);
      }
      tab.side.rows.push(ready);
      tab.side.tasks.push(longest);
      if (keyTimes.length) {
        tab.side.keys.push(Math.max(...keyTimes));
        tab.side.keysAll.push(...keyTimes);
      }
      const keyNote = keyTimes.length ? `, slowest key ${Math.max(...keyTimes).toFixed(1)} ms` : '';
      console.log(`side panel ${round} n=${tab.n}: rows ${ready.toFixed(0)} ms (${rows} rows in the DOM), longest task ${longest.toFixed(0)} ms${keyNote}`);
    } finally {
      await side.close();
    }
  }

  /** When an empty extension page's module script runs, the page opened as the panel's is. */
  const emptyPage = [];
  async function measureEmptyPage() {
    const page = await context.newPage();
    try {
      await page.setViewportSize({ width: 1200, height: 500 });
      await page.goto(`chrome-extension://${extensionId}/bench-empty.html`);
      emptyPage.push(await poll('the empty page\'s script', () => page.evaluate(() => window.__ran)));
    } finally {
      await page.close();
    }
  }

  /** A page that fails to open or answer (the machine may be very busy) is tried once more; `label` names it in the log. */
  async function tryTwice(label, run) {
    try {
      await run();
    } catch (error) {
      console.log(`${label}: ${error.message}; again`);
      await run();
    }
  }
  const measureOrRetry = (tab, round, cold = false) => tryTwice(`${cold ? 'cold' : 'round'} ${round} n=${tab.n}`, () => measure(tab, round, cold));
  const measurePanelOrRetry = (tab, round) => tryTwice(`panel ${round} n=${tab.n}`, () => measurePanel(tab, round));
  const measureSidePanelOrRetry = (tab, round) => tryTwice(`side panel ${round} n=${tab.n}`, () => measureSidePanel(tab, round));

  // One unmeasured round: the browser's caches and the extension's code are warm afterwards.
  for (const tab of tabs) {
    await measureOrRetry(tab, 'warm-up');
    Object.assign(tab, { rows: [], tasks: [], heap: [], keys: [], keysAll: [], parts: [] });
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const tab of round % 2 ? tabs : [...tabs].reverse()) await measureOrRetry(tab, round);
  }
  // The DevTools panel: one unmeasured round, then PANEL_ROUNDS.
  if (PANEL_ROUNDS > 0) for (const tab of tabs) await measurePanelOrRetry(tab, 'warm-up');
  for (const tab of tabs) Object.assign(tab.panel, { rows: [], dcl: [], tasks: [], keys: [], keysAll: [] });
  for (let round = 1; round <= PANEL_ROUNDS; round++) {
    for (const tab of round % 2 ? tabs : [...tabs].reverse()) await measurePanelOrRetry(tab, round);
    await measureEmptyPage();
  }
  // The side panel: one unmeasured round, then SIDE_ROUNDS.
  if (SIDE_ROUNDS > 0) for (const tab of tabs) await measureSidePanelOrRetry(tab, 'warm-up');
  for (const tab of tabs) Object.assign(tab.side, { rows: [], tasks: [], keys: [], keysAll: [] });
  for (let round = 1; round <= SIDE_ROUNDS; round++) {
    for (const tab of round % 2 ? tabs : [...tabs].reverse()) await measureSidePanelOrRetry(tab, round);
  }
  // Last: with the worker stopped before each popup, as after half a minute without events.
  if (COLD_ROUNDS > 0) {
    opener = await context.newPage();
    await opener.goto(`chrome-extension://${extensionId}/notices.html`);
  }
  for (let round = 1; round <= COLD_ROUNDS; round++) {
    for (const tab of round % 2 ? tabs : [...tabs].reverse()) await measureOrRetry(tab, round, true);
  }

  console.log(`\n${ROUNDS} rounds, load average ${loadAtStart} at the start and ${load()} at the end; medians (min–max):`);
  const range = (values, digits = 0) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  for (const tab of tabs) {
    const at = (i) => median(tab.parts.map((p) => p[i])).toFixed(0);
    console.log(
      `n=${tab.n}: rows ${range(tab.rows)} ms, longest task ${range(tab.tasks)} ms, heap ${range(tab.heap, 2)} MB; DOMContentLoaded ${at(0)} ms, view asked at ${at(1)} ms, answered at ${at(2)} ms`,
    );
  }
  if (COLD_ROUNDS > 0) {
    console.log(`the service worker stopped before each popup, ${COLD_ROUNDS} rounds: ${tabs.map((t) => `n=${t.n} rows ${range(t.cold)} ms, longest task ${range(t.coldTasks)} ms`).join('; ')}`);
  }
  const largest = tabs.at(-1);
  const keys = [...largest.keysAll].sort((a, b) => a - b);
  console.log(`search at ${largest.n} cookies, "${QUERY}" key by key: slowest key per round ${range(largest.keys, 1)} ms; every key: median ${median(keys).toFixed(1)}, p95 ${keys[Math.floor(keys.length * 0.95)].toFixed(1)} ms`);
  if (PANEL_ROUNDS > 0) {
    const panelKeys = [...largest.panel.keysAll].sort((a, b) => a - b);
    console.log(`DevTools panel, ${PANEL_ROUNDS} rounds: ${tabs.map((t) => `n=${t.n} rows ${range(t.panel.rows)} ms, longest task ${range(t.panel.tasks)} ms, DOMContentLoaded ${median(t.panel.dcl).toFixed(0)} ms`).join('; ')}`);
    console.log(`an empty extension page opened as the panel is: its module script ran at ${range(emptyPage)} ms (the floor under the panel's figures)`);
    console.log(`panel filter at ${largest.n} cookies, key by key: slowest key per round ${range(largest.panel.keys, 1)} ms; every key: median ${median(panelKeys).toFixed(1)}, p95 ${panelKeys[Math.floor(panelKeys.length * 0.95)].toFixed(1)} ms`);
    const panelLongest = Array.from({ length: PANEL_ROUNDS }, (_, i) => Math.max(...tabs.map((t) => t.panel.tasks[i])));
    const panelByN = Object.fromEntries(tabs.map((t) => [t.n, median(t.panel.rows)]));
    console.log(
      `panel: n50_ms=${panelByN[50].toFixed(0)} n300_ms=${panelByN[300].toFixed(0)} n1000_ms=${panelByN[1000].toFixed(0)} longest_task_ms=${median(panelLongest).toFixed(0)} filter_key_ms=${median(largest.panel.keys).toFixed(1)}`,
    );
  }
  if (SIDE_ROUNDS > 0) {
    const sideKeys = [...largest.side.keysAll].sort((a, b) => a - b);
    console.log(`side panel, ${SIDE_ROUNDS} rounds: ${tabs.map((t) => `n=${t.n} rows ${range(t.side.rows)} ms, longest task ${range(t.side.tasks)} ms`).join('; ')}`);
    console.log(`side panel search at ${largest.n} cookies, key by key: slowest key per round ${range(largest.side.keys, 1)} ms; every key: median ${median(sideKeys).toFixed(1)}, p95 ${sideKeys[Math.floor(sideKeys.length * 0.95)].toFixed(1)} ms`);
    const sideLongest = Array.from({ length: SIDE_ROUNDS }, (_, i) => Math.max(...tabs.map((t) => t.side.tasks[i])));
    const sideByN = Object.fromEntries(tabs.map((t) => [t.n, median(t.side.rows)]));
    console.log(
      `sidepanel: n50_ms=${sideByN[50].toFixed(0)} n300_ms=${sideByN[300].toFixed(0)} n1000_ms=${sideByN[1000].toFixed(0)} longest_task_ms=${median(sideLongest).toFixed(0)} search_key_ms=${median(largest.side.keys).toFixed(1)}`,
    );
  }
  const longest = Array.from({ length: ROUNDS }, (_, i) => Math.max(...tabs.map((t) => t.tasks[i])));
  const byN = Object.fromEntries(tabs.map((t) => [t.n, median(t.rows)]));
  console.log(
    `popup: n50_ms=${byN[50].toFixed(0)} n300_ms=${byN[300].toFixed(0)} n1000_ms=${byN[1000].toFixed(0)} longest_task_ms=${median(longest).toFixed(0)} heap_mb_1000=${median(largest.heap).toFixed(2)} search_key_ms=${median(largest.keys).toFixed(1)}`,
  );
} finally {
  await puppeteerBrowser.disconnect();
  await context.close();
  await server.close();
}
