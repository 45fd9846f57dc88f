/**
 * The driver: real Chromium with the built extension loaded, one browser per worker. Each page
 * is opened in a tab the extension created (so its tab id is known), loaded, left until its
 * network goes quiet, and its report read through the extension's `getReport` from one of the
 * extension's own pages: the popup's audit, never a second one. Flags are the ones measured in
 * tests/e2e/support/browsers.mjs.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import type { ConsentMode } from './args';
import { closeSurely } from './close';
import { classifyNavigationError, httpError } from './errors';
import { activityFingerprint, loadAgain, missingHosts, Settling, thirdPartyHosts } from './settle';
import type { AuditOutcome, PageWorker } from './pool';
import type { Report } from './types';
import { isGzip } from './urls';

/** Where Debian, Ubuntu, Fedora, Arch, Alpine and macOS put Chromium or Chrome. */
const CHROMIUM_PATHS = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib64/chromium-browser/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Playwright's own Chromium (`npx playwright-core install chromium`), newest build first. */
function playwrightChromium(env: NodeJS.ProcessEnv): string[] {
  const cache = env.PLAYWRIGHT_BROWSERS_PATH ?? join(homedir(), '.cache/ms-playwright');
  if (!existsSync(cache)) return [];
  return readdirSync(cache)
    .filter((name) => /^chromium-\d+$/.test(name))
    .sort((a, b) => Number(b.slice(9)) - Number(a.slice(9)))
    .flatMap((name) => ['chrome-linux64/chrome', 'chrome-linux/chrome', 'chrome-mac/Chromium.app/Contents/MacOS/Chromium'].map((p) => join(cache, name, p)));
}

export function findChromium(explicit: string | null, env = process.env): string | null {
  if (explicit) return existsSync(explicit) ? explicit : null;
  const fromEnv = env.CHROMIUM_PATH ?? env.CHROME_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return [...CHROMIUM_PATHS, ...playwrightChromium(env)].find((p) => existsSync(p)) ?? null;
}

/** The consent test's message (issue #10): the built extension has it when its background knows the type. */
export function extensionHasConsentTest(extensionDir: string): boolean {
  const background = join(extensionDir, 'background.js');
  return existsSync(background) && readFileSync(background, 'utf8').includes('runConsentTest');
}

export const CONSENT_CHOICES: Record<Exclude<ConsentMode, 'none'>, string[]> = {
  refuse: ['refuse'],
  accept: ['accept'],
  both: ['refuse', 'accept'],
};

export interface DriverOptions {
  executablePath: string;
  extensionDir: string;
  browserArgs: string[];
  insecure: boolean;
  session: boolean;
  loginScript: string | null;
  timeoutMs: number;
  consent: ConsentMode;
  /** A blank page on loopback (probe.ts), loaded until the extension is seen recording it. */
  probeUrl: string;
}

/** After the load event, how long the page's network may keep busy before the report is read anyway. */
const SETTLE_MS = 5000;

type Reply<T> = { ok: true; result: T } | { ok: false; error: string };

export class ChromiumWorker implements PageWorker {
  private constructor(
    private readonly context: BrowserContext,
    private readonly control: Page,
    private readonly userDataDir: string,
    private readonly options: DriverOptions,
  ) {}

  static async start(options: DriverOptions): Promise<ChromiumWorker> {
    const { chromium } = await import('playwright-core');
    const userDataDir = mkdtempSync(join(tmpdir(), 'cookie-audit-scan-'));
    // Debian's Chromium blocks all third-party cookies; audit as Chrome's default user browses.
    mkdirSync(join(userDataDir, 'Default'), { recursive: true });
    writeFileSync(join(userDataDir, 'Default/Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
    const args = [
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${options.extensionDir}`,
      `--load-extension=${options.extensionDir}`,
      ...(options.insecure ? ['--ignore-certificate-errors'] : []),
      ...options.browserArgs,
    ];
    let context: BrowserContext;
    try {
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: options.executablePath,
        headless: true,
        ignoreHTTPSErrors: options.insecure,
        args,
      });
    } catch (error) {
      rmSync(userDataDir, { recursive: true, force: true });
      throw error;
    }
    try {
      const worker =
        context.serviceWorkers()[0] ??
        (await context.waitForEvent('serviceworker', { timeout: 30_000 }).catch(() => {
          // Google Chrome 137 and later ignore --load-extension; Chromium does not.
          throw new Error(`the extension did not load in ${options.executablePath} (Google Chrome ignores --load-extension: use Chromium)`);
        }));
      const extensionId = new URL(worker.url()).host;
      // An extension page of its own, to send the extension messages from (the background answers only those).
      const control = context.pages()[0] ?? (await context.newPage());
      await control.goto(`chrome-extension://${extensionId}/notices.html`);
      const driver = new ChromiumWorker(context, control, userDataDir, options);
      await driver.warmUp();
      if (options.loginScript) await driver.runLoginScript(options.loginScript);
      return driver;
    } catch (error) {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
      throw error;
    }
  }

  private async send<T>(message: Record<string, unknown>): Promise<T> {
    const reply = (await this.control.evaluate((m) => chrome.runtime.sendMessage(m), message)) as Reply<T>;
    if (!reply?.ok) throw new Error(`the extension answered ${reply ? reply.error : 'nothing'}`);
    return reply.result;
  }

  /**
   * A freshly started extension's webRequest listeners are not live at once, so its first page
   * loads can be missed: load the probe page until the background has recorded its request (it
   * mirrors what it saw to storage.session once the tab is quiet, within a few seconds).
   */
  private async warmUp(): Promise<void> {
    const origin = new URL(this.options.probeUrl).origin;
    const page = await this.context.newPage();
    const deadline = Date.now() + 60_000;
    try {
      while (Date.now() < deadline) {
        await page.goto(`${this.options.probeUrl}?${Date.now()}`);
        const until = Date.now() + 4000;
        while (Date.now() < until) {
          const seen = await this.control.evaluate(async (o) => JSON.stringify(await chrome.storage.session.get(null)).includes(o), origin);
          if (seen) return;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      throw new Error('the extension did not start recording pages within 60 s');
    } finally {
      await page.close().catch(() => {});
    }
  }

  private async runLoginScript(file: string): Promise<void> {
    const module = (await import(pathToFileURL(file).href)) as { default?: (args: { page: Page; context: BrowserContext }) => Promise<void> };
    if (typeof module.default !== 'function') throw new Error(`${file}: its default export must be a function ({ page, context })`);
    const page = await this.context.newPage();
    try {
      await module.default({ page, context: this.context });
    } finally {
      await page.close();
    }
  }

  /** A tab the extension made, and its Playwright page: the tab id is what getReport takes. */
  private async newTab(): Promise<{ page: Page; tabId: number }> {
    const [page, tabId] = await Promise.all([
      this.context.waitForEvent('page', { timeout: 10_000 }),
      this.control.evaluate(async () => (await chrome.tabs.create({ url: 'about:blank', active: true })).id!),
    ]);
    return { page, tabId };
  }

  async audit(url: string): Promise<AuditOutcome> {
    const { page, tabId } = await this.newTab();
    let outcome: AuditOutcome | null = null;
    try {
      outcome = await this.auditIn(page, tabId, url);
      return outcome;
    } finally {
      await this.closeTab(page, tabId);
      // A page that failed (a 500 page, a timeout) may have set cookies too.
      if (!this.options.session) await this.forget(url, outcome?.report ?? null);
    }
  }

  /**
   * The audited tab, closed even while it navigates (the consent test's restore reloads it as it
   * answers; a page may refresh itself): a close that races a navigation's commit can be dropped
   * by Chromium, so the extension is asked to remove the tab again (close.ts). A tab that still
   * stays is left open: the page's result stands and the scan goes on.
   */
  private async closeTab(page: Page, tabId: number): Promise<void> {
    await closeSurely(page.close(), () => this.control.evaluate((id) => chrome.tabs.remove(id), tabId));
  }

  private async auditIn(page: Page, tabId: number, url: string): Promise<AuditOutcome> {
    let report: Report | null = null;
    let status: number | undefined;
    // What the page fetched, as Playwright saw it: the report is complete once it holds these.
    const fetched: string[] = [];
    const onRequest = (request: { url(): string }) => void fetched.push(request.url());
    page.on('request', onRequest);
    // A load the extension missed, wholly or in part, is done again, twice at most (settle.ts).
    let missing: string[] = [];
    for (let load = 0; load < 3 && (report === null || loadAgain(report, missing)); load++) {
      // Each load is judged by its own requests.
      fetched.length = 0;
      let response;
      try {
        response = await page.goto(url, { waitUntil: 'load', timeout: this.options.timeoutMs });
      } catch (error) {
        return { error: classifyNavigationError((error as Error).message) };
      }
      status = response?.status();
      if (response && status !== undefined && status >= 400) return { finalUrl: page.url(), status, error: httpError(status, response.statusText()) };
      await page.waitForLoadState('networkidle', { timeout: SETTLE_MS }).catch(() => {});
      ({ report, missing } = await this.settledReport(tabId, fetched));
      if (this.options.consent !== 'none') {
        report = await this.send<Report>({ type: 'runConsentTest', tabId, choices: CONSENT_CHOICES[this.options.consent], confirmed: true });
      }
      if (!report.access.ok) return { finalUrl: page.url(), status, error: { kind: 'access', message: `the extension cannot inspect this page (${report.access.reason})` } };
    }
    page.off('request', onRequest);
    return { finalUrl: page.url(), status, report: report! };
  }

  /**
   * The tab's report once the extension has caught up with the page (cli/settle.ts): every
   * third-party host the page fetched is in it and its readings have agreed for a second, or
   * SETTLE_MS has passed; with the fetched hosts the report still lacks.
   */
  private async settledReport(tabId: number, fetched: readonly string[]): Promise<{ report: Report; missing: string[] }> {
    const deadline = Date.now() + SETTLE_MS;
    const settling = new Settling();
    for (;;) {
      const report = await this.send<Report>({ type: 'getReport', tabId, includeValues: false });
      const missing = report.activity === null ? [] : missingHosts(report, thirdPartyHosts(fetched, report.tab.site));
      const complete = report.activity !== null && missing.length === 0;
      if (settling.settled(complete ? activityFingerprint(report) : null, Date.now()) || Date.now() >= deadline || !report.access.ok) return { report, missing };
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /**
   * Fresh cookies and storage for the next page: every cookie, the storage of every origin this
   * page touched, and what the extension learned of trackers (learning needs several sites, so
   * it would make a page's report depend on the pages before it).
   */
  private async forget(url: string, report: Report | null): Promise<void> {
    await this.context.clearCookies();
    const hosts = new Set<string>();
    const add = (u: string) => {
      try {
        hosts.add(new URL(u).host);
      } catch {
        // Not a URL: nothing stored under it.
      }
    };
    add(url);
    if (report) {
      add(report.tab.url);
      for (const party of report.activity?.thirdParties ?? []) for (const host of party.hosts) hosts.add(host);
      for (const cookie of report.cookies) hosts.add(cookie.domain);
    }
    const cdp = await this.context.newCDPSession(this.control);
    try {
      for (const host of hosts) {
        for (const scheme of ['https', 'http']) {
          await cdp.send('Storage.clearDataForOrigin', { origin: `${scheme}://${host}`, storageTypes: 'all' }).catch(() => {});
        }
      }
    } finally {
      await cdp.detach().catch(() => {});
    }
    await this.send({ type: 'clearLearned' });
  }

  /**
   * A sitemap's bytes, fetched by the browser (so --browser-arg host mappings and --insecure
   * apply): from a document of the sitemap's own origin, where the fetch is same-origin.
   */
  async fetchBytes(url: string): Promise<Uint8Array> {
    const page = await this.context.newPage();
    try {
      const origin = new URL(url).origin;
      try {
        await page.goto(`${origin}/robots.txt`, { timeout: this.options.timeoutMs });
      } catch (error) {
        throw new Error(`${url}: ${classifyNavigationError((error as Error).message).message}`);
      }
      const reply = await page.evaluate(async (u) => {
        const response = await fetch(u, { credentials: 'omit' });
        const bytes = new Uint8Array(await response.arrayBuffer());
        let binary = '';
        for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return { status: response.status, base64: btoa(binary) };
      }, url);
      if (reply.status >= 400) throw new Error(`${url}: HTTP ${reply.status}`);
      const bytes = Buffer.from(reply.base64, 'base64');
      return isGzip(bytes) ? gunzipSync(bytes) : bytes;
    } finally {
      await page.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
    rmSync(this.userDataDir, { recursive: true, force: true });
  }
}
