/**
 * Records the call stacks a MAIN-world content script sees when page scripts write cookies, in
 * real Chromium and Firefox ESR, for the stack parser's tests (lib/scripts/stack.ts,
 * tests/unit/scripts/stack.test.ts). The fixture page `stacks.test` (tests/e2e/support/server.mjs)
 * writes one cookie from each kind of script: a file, a library called by another file, inline,
 * an event-handler attribute, eval (nested, with a `sourceURL`), new Function, timers (a
 * function and a string), a promise, async functions, blob: and data: scripts, a module, a URL
 * with '@', an about:blank frame written by its parent, a srcdoc frame, and an inline script
 * added after the page rewrote its address.
 *
 * A throwaway extension is made for each browser: a MAIN-world content script at document_start
 * in every frame, declared as Cookie Audit declares its own, whose `document.cookie` setter and
 * `cookieStore.set`/`delete` call a capture function one level down, as Cookie Audit's do. The
 * port of the fixture server is replaced by 8443 so that the files do not change from run to run.
 *
 * Run: node scripts/record-stacks.mjs   (writes tests/fixtures/stacks-chrome.json and stacks-firefox.json)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, launchFirefox, ROOT } from '../tests/e2e/support/browsers.mjs';
import { HOSTS, startFixtureServer } from '../tests/e2e/support/server.mjs';

const EXPECTED = [
  'file', 'file_function', 'eval_in_file', 'function_in_file', 'nested_eval', 'source_url', 'async', 'async_timer',
  'timeout', 'timeout_string', 'promise', 'for_each', 'descriptor', 'reflect', 'helper', 'at_in_url', 'module',
  'inline', 'eval_in_inline', 'blob', 'data', 'handler', 'srcdoc', 'inline_after_move', 'about_blank',
  'async_nested', 'injected_by_file',
];

// Runs in the page's world: wraps the setters and keeps each write's stack on the frame's window.
const RECORDER = `(() => {
  const NativeError = Error;
  const capture = function capture() {
    return new NativeError().stack;
  };
  const writes = (window.__stacks = []);
  window.__initStack = capture();
  window.__initialUrl = location.href;
  const note = (api, name) => writes.push({ api, name, documentUrl: location.href, stack: capture() });
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    enumerable: cookie.enumerable,
    get: cookie.get,
    set: function (value) {
      cookie.set.call(this, value);
      note('document.cookie', String(value).split('=')[0]);
    },
  });
  if (typeof CookieStore === 'function') {
    for (const method of ['set', 'delete']) {
      const original = CookieStore.prototype[method];
      Object.defineProperty(CookieStore.prototype, method, {
        configurable: true,
        writable: true,
        value: function (...args) {
          note('cookieStore.' + method, typeof args[0] === 'string' ? args[0] : args[0] && args[0].name);
          return original.apply(this, args);
        },
      });
    }
  }
})();
`;

function recorderExtension(manifestVersion) {
  const dir = mkdtempSync(join(tmpdir(), 'stack-recorder-'));
  const contentScript = {
    matches: ['<all_urls>'],
    js: ['recorder.js'],
    run_at: 'document_start',
    all_frames: true,
    match_about_blank: true,
    match_origin_as_fallback: true,
    world: 'MAIN',
  };
  const manifest = {
    manifest_version: manifestVersion,
    name: 'Stack recorder',
    version: '1.0',
    content_scripts: [contentScript],
    ...(manifestVersion === 3
      ? { host_permissions: ['<all_urls>'], background: { service_worker: 'worker.js' } }
      : { permissions: ['<all_urls>'], browser_specific_settings: { gecko: { id: 'stack-recorder@cookie-audit.dev' } } }),
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'recorder.js'), RECORDER);
  writeFileSync(join(dir, 'worker.js'), '');
  return dir;
}

async function collect(frames) {
  const writes = [];
  let init = null;
  for (const frame of frames) {
    const got = await frame.evaluate(() => ({ writes: window.__stacks ?? [], initStack: window.__initStack ?? null, initialUrl: window.__initialUrl ?? null })).catch(() => null);
    if (!got) continue;
    if (got.initialUrl?.startsWith('https://stacks.test')) init ??= got;
    writes.push(...got.writes);
  }
  return { writes, init };
}

async function record(page, frames, server, browserVersion) {
  await page.goto(server.url(HOSTS.stacks), { waitUntil: 'load' });
  const deadline = Date.now() + 15_000;
  let result;
  do {
    await new Promise((r) => setTimeout(r, 200));
    result = await collect(frames());
  } while (Date.now() < deadline && !EXPECTED.every((name) => result.writes.some((w) => w.name === name)));
  const missing = EXPECTED.filter((name) => !result.writes.some((w) => w.name === name));
  const portless = (text) => text?.replaceAll(`:${server.port}`, ':8443');
  return {
    browser: browserVersion,
    recordedWith: 'scripts/record-stacks.mjs',
    initialUrl: portless(result.init?.initialUrl),
    initStack: portless(result.init?.initStack),
    missing,
    writes: result.writes.map((w) => ({ ...w, documentUrl: portless(w.documentUrl), stack: portless(w.stack) })),
  };
}

const server = await startFixtureServer();
try {
  {
    const { context } = await launchChromium({ extension: recorderExtension(3) });
    const page = await context.newPage();
    const version = context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent));
    const out = await record(page, () => page.frames(), server, `Chromium ${version}`);
    writeFileSync(join(ROOT, 'tests/fixtures/stacks-chrome.json'), JSON.stringify(out, null, 2) + '\n');
    console.log(`chrome: ${out.writes.length} writes; missing: ${out.missing.join(', ') || 'none'}`);
    await context.close();
  }
  {
    const { browser } = await launchFirefox({ extension: recorderExtension(2) });
    const page = await browser.newPage();
    const version = await browser.version();
    const out = await record(page, () => page.frames(), server, version);
    writeFileSync(join(ROOT, 'tests/fixtures/stacks-firefox.json'), JSON.stringify(out, null, 2) + '\n');
    console.log(`firefox: ${out.writes.length} writes; missing: ${out.missing.join(', ') || 'none'}`);
    await browser.close();
  }
} finally {
  await server.close();
}
