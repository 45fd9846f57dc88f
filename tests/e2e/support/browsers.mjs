// Real browsers with the built extension loaded, for the end-to-end tests and `npm start`.
// Flags and workarounds are the ones measured on these machines (see README, "Testing").
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
/**
 * `remoteDebugging`: also listen for DevTools clients on a free port (`devToolsEndpoint()`), for
 * tools that need a target Playwright does not expose, such as the extension's service worker.
 * `lang`: the browser's UI language (`--lang`; Debian needs `chromium-l10n` for any but English).
 * @param {{ headless?: boolean, extension?: string | null, netLog?: string | null, remoteDebugging?: boolean, lang?: string | null }} [options]
 */
export async function launchChromium(options = {}) {
  const { headless = true, extension = CHROME_BUILD, netLog = null, remoteDebugging = false, lang = null } = options;
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
  if (remoteDebugging) args.push('--remote-debugging-port=0');
  if (lang) args.push(`--lang=${lang}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    // On Linux Chromium also reads the UI language from the environment.
    ...(lang ? { env: { ...process.env, LANGUAGE: lang } } : {}),
    headless,
    ignoreHTTPSErrors: true,
    viewport: headless ? { width: 1200, height: 800 } : null,
    args,
  });
  // Chromium writes the port and path of its DevTools endpoint to this file once it listens.
  const devToolsEndpoint = () => {
    const [port, path] = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').split('\n');
    return `ws://127.0.0.1:${port}${path}`;
  };
  if (!extension) return { context, worker: null, extensionId: null, devToolsEndpoint };
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { context, worker, extensionId: new URL(worker.url()).host, devToolsEndpoint };
}

/**
 * Firefox ESR through WebDriver BiDi, with the extension installed as a temporary add-on. `prefs`
 * adds preferences, e.g. `intl.locale.requested` for another UI language (Debian's
 * `firefox-esr-l10n-<lang>` language pack must be installed).
 */
export async function launchFirefox({ headless = true, extension = FIREFOX_BUILD, prefs = {} } = {}) {
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
      ...prefs,
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
export async function warmUp(page, server, readSession) {
  const probeOrigin = server.url('probe.test', '');
  const recorded = async () => JSON.stringify((await readSession()) ?? {}).includes(probeOrigin);
  await poll('the background to see requests', async () => {
    await page.goto(server.url('probe.test', `/?${Date.now()}`));
    // A load the listeners missed never shows up: after a few seconds, load the probe again.
    return poll('the probe load saved', recorded, 3000).catch(() => false);
  });
}

/** Chromium with the extension, warmed up, with `site` showing the demo page. */
/** @param {{ headless?: boolean, netLog?: string | null, remoteDebugging?: boolean, lang?: string | null }} [options] */
export async function chromiumDemo(server, options = {}) {
  const { context, worker, extensionId, devToolsEndpoint } = await launchChromium({
    headless: options.headless ?? true,
    lang: options.lang ?? null,
    netLog: options.netLog ?? null,
    remoteDebugging: options.remoteDebugging ?? false,
  });
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
  return { context, worker, extensionId, devToolsEndpoint, site, tabId: await tabIdOf(server.url('site.test')), tabIdOf, openPopup };
}

/** Firefox with the extension, warmed up, with `site` showing the demo page; `popup` audits it. */
export async function firefoxDemo(server, { headless = true, prefs = {} } = {}) {
  const { browser: firefox, extensionOrigin } = await launchFirefox({ headless, prefs });
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

/**
 * Chromium: let the extension run in private (incognito) windows, as a user does on its card in
 * chrome://extensions ("Allow in Incognito"). Chromium reloads the extension to apply it, and
 * disables an unpacked one on reload unless Developer mode is on, so that is turned on first, as
 * a user loading it unpacked has it. The reloaded worker only starts on an event: an extension
 * page is opened to wake it. Returns that page and the new worker.
 */
export async function allowChromiumIncognito(context, extensionId) {
  const settings = await context.newPage();
  await settings.goto('chrome://extensions/');
  await settings.evaluate(() => chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }));
  await settings.evaluate((id) => chrome.developerPrivate.updateExtensionConfiguration({ extensionId: id, incognitoAccess: true }), extensionId);
  await poll('the extension to come back allowed in incognito', () =>
    settings.evaluate(
      (id) => new Promise((resolve) => chrome.developerPrivate.getExtensionInfo(id, (info) => resolve(info.state === 'ENABLED' && info.incognitoAccess.isActive))),
      extensionId,
    ),
  );
  await settings.close();
  // Not awaited when the worker is already listed: a rejection then must not go unhandled.
  const started = context.waitForEvent('serviceworker', { timeout: 30_000 }).catch(() => null);
  const page = await context.newPage();
  // The first attempts can come before the extension's pages are served again.
  await poll('an extension page', async () => {
    await page.goto(`chrome-extension://${extensionId}/popup.html?tabId=0`);
    return true;
  });
  const worker = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)) ?? (await started);
  if (!worker) throw new Error('the reloaded extension started no service worker');
  if (!(await worker.evaluate(() => chrome.extension.isAllowedIncognitoAccess()))) throw new Error('the extension is not allowed in incognito');
  return { page, worker };
}

/**
 * A new private window showing `url`, opened by the extension (an extension page or the worker
 * as `opener`, with `chrome` or `browser`). Playwright (Chromium) and Puppeteer (Firefox) both list
 * its page with the others: it is found there by its address. Returns the page and its tab id.
 */
export async function openPrivateWindow(opener, listPages, url) {
  const tabId = await opener.evaluate(async (u) => {
    const api = globalThis.browser ?? globalThis.chrome;
    const win = await api.windows.create({ incognito: true, url: u });
    return win.tabs[0].id;
  }, url);
  const page = await poll(`the private window's page ${url}`, async () => (await listPages()).find((p) => p.url() === url) ?? null);
  return { page, tabId };
}

/**
 * A new tab in the window of `extensionPage` (a normal window), opened by the extension on a
 * probe address no other tab has: Firefox opens a page the automation asks for in the window
 * last focused, which may be a private one. Returns the page and its tab id.
 */
export async function openTabBeside(extensionPage, listPages, server) {
  const url = server.url('probe.test', `/?beside-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const tabId = await extensionPage.evaluate(async (u) => {
    const api = globalThis.browser ?? globalThis.chrome;
    const { id: windowId } = await api.windows.getCurrent();
    return (await api.tabs.create({ url: u, windowId })).id;
  }, url);
  const page = await poll(`the page ${url}`, async () => (await listPages()).find((p) => p.url() === url) ?? null);
  return { page, tabId };
}

/**
 * Chromium with the extension allowed in incognito, warmed up in a private window. `popup` is an
 * extension page in the normal window (for messages and storage); `openPopup(tabId)` opens the
 * popup for a tab, as a page in the normal window.
 */
export async function chromiumPrivate(server) {
  const { context, extensionId } = await launchChromium();
  const { page: popup, worker } = await allowChromiumIncognito(context, extensionId);
  const { page, tabId } = await openPrivateWindow(worker, async () => context.pages(), server.url('probe.test', `/?private-${Date.now()}`));
  await warmUp(page, server, () => popup.evaluate(async () => (await chrome.storage.session.get(null))));
  const openPopup = async (id) => {
    const p = await context.newPage();
    await p.goto(`chrome-extension://${extensionId}/popup.html?tabId=${id}`);
    return p;
  };
  return { context, worker, extensionId, popup, privatePage: page, privateTabId: tabId, openPopup };
}

/**
 * Firefox: let the temporary add-on run in private windows, as about:addons' "Run in Private
 * Windows" does: grant it the internal private-browsing permission, then reload it. Puppeteer runs
 * Firefox with --remote-allow-system-access, so about:addons' own privileged scope is reachable.
 */
export async function allowFirefoxPrivate(firefox) {
  const addons = await firefox.newPage();
  addons.goto('about:addons').catch(() => {});
  await poll('about:addons', () => addons.evaluate(() => location.href === 'about:addons' && document.readyState === 'complete'));
  await addons.evaluate(async (id) => {
    const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
    const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
    await ExtensionPermissions.add(id, { permissions: ['internal:privateBrowsingAllowed'], origins: [] });
    await (await AddonManager.getAddonByID(id)).reload();
  }, GECKO_ID);
  await addons.close();
}

/**
 * Firefox with the extension allowed in private windows, warmed up in one. `popup` is an extension
 * page in the normal window; point it at a tab with `gotoExtensionPage`.
 */
export async function firefoxPrivate(server) {
  const { browser: firefox, extensionOrigin } = await launchFirefox();
  await allowFirefoxPrivate(firefox);
  const popup = await firefox.newPage();
  await gotoExtensionPage(popup, `${extensionOrigin}/popup.html?tabId=0`);
  if (!(await popup.evaluate(() => browser.extension.isAllowedIncognitoAccess()))) throw new Error('the add-on is not allowed in private windows');
  const { page, tabId } = await openPrivateWindow(popup, () => firefox.pages(), server.url('probe.test', `/?private-${Date.now()}`));
  await warmUp(page, server, () => popup.evaluate(async () => (await browser.storage.session.get(null))));
  return { browser: firefox, extensionOrigin, popup, privatePage: page, privateTabId: tabId };
}

/**
 * The tab id of a Playwright or Puppeteer page, asked from an extension page: the page is sent to
 * a probe address no other tab has. For tabs whose address is not unique (the same page in two
 * tabs, or an address a page rewrites).
 */
export async function tabIdOfPage(extensionPage, page, server) {
  const probe = server.url('probe.test', `/?tab-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  await page.goto(probe);
  return poll('the tab of a page', () =>
    extensionPage.evaluate(async (u) => {
      const api = globalThis.browser ?? globalThis.chrome;
      return (await api.tabs.query({})).find((t) => t.url === u)?.id ?? null;
    }, probe),
  );
}

/**
 * Firefox: a tab in a container of its own. Puppeteer's browser contexts are WebDriver BiDi user
 * contexts, which Firefox implements as contextual identities: the tab's cookie store is
 * `firefox-container-<n>`, as for a container the user made (no pref or permission needed).
 * `popup` is an extension page. Returns the page, its tab id and its cookie store.
 */
export async function firefoxContainerTab(firefox, popup, server) {
  const context = await firefox.createBrowserContext();
  const page = await context.newPage();
  const tabId = await tabIdOfPage(popup, page, server);
  const cookieStoreId = await popup.evaluate(async (id) => (await browser.tabs.get(id)).cookieStoreId, tabId);
  return { context, page, tabId, cookieStoreId };
}
