// Real browsers with the built extension loaded, for the end-to-end tests and `npm start`.
// Flags and workarounds are the ones measured on these machines (see README, "Testing").
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ALL_HOSTS } from './server.mjs';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const CHROME_BUILD = join(ROOT, '.output/chrome-mv3');
export const FIREFOX_BUILD = join(ROOT, '.output/firefox-mv2');
export const GECKO_ID = 'cookie-audit@cookie-audit.dev';
/** A fixed moz-extension:// host, so tests know the popup's URL in Firefox. */
export const FIREFOX_UUID = '6c1f0a8e-5d2b-4c3a-9e7f-0b1a2c3d4e5f';

function firstExisting(paths) {
  return paths.find((p) => existsSync(p));
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? firstExisting(['/usr/lib/chromium/chromium', '/usr/bin/chromium']);
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? firstExisting(['/usr/bin/firefox-esr', '/usr/bin/firefox']);

/**
 * Chromium with the extension. Debian's Chromium blocks all third-party cookies by default;
 * the profile is set to Chrome's default (allow) so third-party cookies behave as most users
 * have them.
 */
/** @param {{ headless?: boolean, extension?: string | null, netLog?: string | null }} [options] */
export async function launchChromium(options = {}) {
  const { headless = true, extension = CHROME_BUILD, netLog = null } = options;
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'cookie-audit-chromium-'));
  mkdirSync(join(userDataDir, 'Default'), { recursive: true });
  writeFileSync(join(userDataDir, 'Default/Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  const args = [
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--ignore-certificate-errors',
    // Every fixture name on loopback, the tracker host that is not under .test included.
    `--host-resolver-rules=${['*.test', ...ALL_HOSTS.filter((h) => !h.endsWith('.test'))].map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`,
  ];
  if (extension) args.push(`--disable-extensions-except=${extension}`, `--load-extension=${extension}`);
  // Every request the browser makes, with its initiator, written out when the browser closes.
  if (netLog) args.push(`--log-net-log=${netLog}`, '--net-log-capture-mode=Default');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless,
    ignoreHTTPSErrors: true,
    viewport: headless ? { width: 1200, height: 800 } : null,
    args,
  });
  if (!extension) return { context, worker: null, extensionId: null };
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { context, worker, extensionId: new URL(worker.url()).host };
}

/** Firefox ESR through WebDriver BiDi, with the extension installed as a temporary add-on. */
export async function launchFirefox({ headless = true, extension = FIREFOX_BUILD } = {}) {
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless,
    acceptInsecureCerts: true,
    // Without it, navigating to moz-extension:// pages is refused under automation.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.dns.localDomains': ALL_HOSTS.join(','),
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      'dom.security.https_first': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.reportingpolicy.firstRun': false,
    },
  });
  if (extension) await browser.installExtension(extension);
  return { browser, extensionOrigin: `moz-extension://${FIREFOX_UUID}` };
}

/**
 * Firefox: `page.goto('moz-extension://…')` loads the page but never resolves; start the
 * navigation without waiting and poll until the document is ready.
 */
export async function gotoExtensionPage(page, url, timeoutMs = 15000) {
  page.goto(url).catch(() => {});
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const ready = await page.evaluate((u) => location.href === u && document.readyState === 'complete', url);
      if (ready) return;
    } catch {
      // The document is being replaced; try again.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out opening ${url}`);
}

async function poll(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => null);
    if (value) return value;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/**
 * A freshly started extension's webRequest listeners are not live at once, so its first page
 * load can be missed: load a probe page until the background has recorded one of its requests
 * (it mirrors what it saw to storage.session within a second or so). `readSession` runs in an
 * extension context and returns everything in storage.session.
 */
async function warmUp(page, server, readSession) {
  const probeOrigin = server.url('probe.test', '');
  const recorded = async () => JSON.stringify((await readSession()) ?? {}).includes(probeOrigin);
  await poll('the background to see requests', async () => {
    await page.goto(server.url('probe.test', `/?${Date.now()}`));
    // A load the listeners missed never shows up: after a few seconds, load the probe again.
    return poll('the probe load saved', recorded, 3000).catch(() => false);
  });
}

/** Chromium with the extension, warmed up, with `site` showing the demo page. */
/** @param {{ headless?: boolean, netLog?: string | null }} [options] */
export async function chromiumDemo(server, options = {}) {
  const { context, worker, extensionId } = await launchChromium({ headless: options.headless ?? true, netLog: options.netLog ?? null });
  const site = await context.newPage();
  await warmUp(site, server, () => worker.evaluate(() => chrome.storage.session.get(null)));
  await site.goto(server.url('site.test'), { waitUntil: 'load' });
  const tabIdOf = (url) =>
    poll(`tab ${url}`, () => worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, url));
  const openPopup = async (tabId) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
    return page;
  };
  return { context, worker, extensionId, site, tabId: await tabIdOf(server.url('site.test')), tabIdOf, openPopup };
}

/** Firefox with the extension, warmed up, with `site` showing the demo page; `popup` audits it. */
export async function firefoxDemo(server, { headless = true } = {}) {
  const { browser: firefox, extensionOrigin } = await launchFirefox({ headless });
  const site = await firefox.newPage();
  const popup = await firefox.newPage();
  // The popup page is opened first for its `browser` global (the evaluated functions run in
  // the page, not here), then pointed at the site's tab.
  await gotoExtensionPage(popup, `${extensionOrigin}/popup.html?tabId=0`);
  await warmUp(site, server, () => popup.evaluate(() => browser.storage.session.get(null)));
  await site.goto(server.url('site.test'), { waitUntil: 'load' });
  const tabId = await poll('the demo tab', () =>
      popup.evaluate(async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id ?? null, server.url('site.test')),
  );
  await gotoExtensionPage(popup, `${extensionOrigin}/popup.html?tabId=${tabId}`);
  return { browser: firefox, extensionOrigin, site, popup, tabId };
}
