/**
 * "Test this site's consent" (`runConsentTest`), the browser glue; the steps, the quiet rule and
 * the results are lib/consent/test.ts. One test per tab at a time.
 *
 * The user's copy of the site's cookies (partitioned included) and web storage lives in this
 * function's memory only while the test runs: never in storage.session, never logged, whatever
 * the window (a private one included). Cookies are read, cleared and put back in the tab's own
 * cookie store only. IndexedDB is left alone: it cannot be copied back faithfully.
 */
import { english, msg, type Msg, type PhraseKey } from '@/lib/phrases';
import { browser, type Browser } from 'wxt/browser';
import type { Cookie } from '@/lib/cookies/cookie';
import { draftOf } from '@/lib/cookies/draft';
import { setDetailsOf } from '@/lib/cookies/edit';
import type { Message } from '@/lib/messages';
import type { Report } from '@/lib/report';
import {
  NO_ACCEPT_CONTROL,
  NO_BANNER_CONTROL,
  planSteps,
  QuietWatch,
  storageByOrigin,
  summariseRun,
  testReport,
  type ConsentTestProgress,
  type ConsentTestResult,
  type ConsentTestRun,
  type OriginStorage,
  type TestChoice,
} from '@/lib/consent/test';
import { originOf } from '@/lib/requests/url';
import { injectAutoconsent, type AutoconsentEvent } from './autoconsent';
import type { LearnedStore } from './learned';
import { accessOf, cookiesOfTab, getTab, monitoredTab, removeCookie, reportOf } from './tabs';
import type { MonitorStore } from './monitor';

const IS_FIREFOX = import.meta.env.BROWSER === 'firefox';
/** A reload that has not committed and loaded by then failed. */
const LOAD_CAP_MS = 30_000;
/** autoconsent looks for a platform for about this long (its detectRetries) before giving up. */
const BANNER_CAP_MS = 10_000;
/** A platform's opt-out may open its settings and save them (OneTrust's takes several seconds). */
const ANSWER_CAP_MS = 20_000;
const POLL_MS = 100;
/** How long the page's own consent API may take to report the banner's answer. */
const SIGNAL_CAP_MS = 5000;

class Cancelled extends Error {}

/** A refusal the popup shows as the background words it: in the browser's language. */
function inBrowserLanguage(key: PhraseKey): string {
  return browser.i18n.getMessage(key) || english(msg(key));
}

/** The test cannot go on; `reason` says why, in words the UI translates. */
class TestStopped extends Error {
  constructor(readonly reason: Msg) {
    super(english(reason));
  }
}

type RunMessage = Extract<Message, { type: 'runConsentTest' }>;

interface Running {
  abort: AbortController;
  events: AutoconsentEvent[];
  watch: QuietWatch | null;
}

export class ConsentTests {
  private running = new Map<number, Running>();

  constructor(
    private readonly monitor: MonitorStore,
    private readonly learned: LearnedStore,
  ) {}

  /** autoconsent's messages (autoconsent.ts), kept for the tab's running test. */
  observe(event: AutoconsentEvent): void {
    this.running.get(event.tabId)?.events.push(event);
  }

  cancel(tabId: number): { cancelled: boolean } {
    const running = this.running.get(tabId);
    running?.abort.abort();
    return { cancelled: running !== undefined };
  }

  async run(message: RunMessage): Promise<Report> {
    const { tabId, choices } = message;
    const tab = await getTab(tabId);
    if (!tab?.url || !(await accessOf(tab)).ok) throw new Error(inBrowserLanguage('audit_ctest_cannot_test'));
    if (this.running.has(tabId)) throw new Error(inBrowserLanguage('audit_ctest_running'));
    const running: Running = { abort: new AbortController(), events: [], watch: null };
    this.running.set(tabId, running);
    const onStart = (d: { requestId: string; tabId: number }): undefined => {
      if (d.tabId === tabId) running.watch?.started(d.requestId, Date.now());
    };
    const onEnd = (d: { requestId: string; tabId: number }): undefined => {
      if (d.tabId === tabId) running.watch?.ended(d.requestId, Date.now());
    };
    // Listeners of the test's tab only, for as long as it runs: the monitor's hot path is untouched.
    const filter = { urls: ['<all_urls>'], tabId };
    browser.webRequest.onBeforeRequest.addListener(onStart, filter);
    browser.webRequest.onCompleted.addListener(onEnd, filter);
    browser.webRequest.onErrorOccurred.addListener(onEnd, filter);
    try {
      return await new TestRun(this.monitor, this.learned, running, tabId, choices).execute();
    } finally {
      browser.webRequest.onBeforeRequest.removeListener(onStart);
      browser.webRequest.onCompleted.removeListener(onEnd);
      browser.webRequest.onErrorOccurred.removeListener(onEnd);
      this.running.delete(tabId);
    }
  }
}

class TestRun {
  private readonly steps;
  private stepIndex = -1;
  private readonly startedAt = Date.now();

  constructor(
    private readonly monitor: MonitorStore,
    private readonly learned: LearnedStore,
    private readonly running: Running,
    private readonly tabId: number,
    private readonly choices: TestChoice[],
  ) {
    this.steps = planSteps(choices);
  }

  /** Announce the next step of the plan (`consentTestProgress`, to whichever Cookie Audit page listens). */
  private progress(): void {
    this.stepIndex++;
    const planned = this.steps[this.stepIndex];
    if (!planned) return;
    const event: ConsentTestProgress = { type: 'consentTestProgress', tabId: this.tabId, index: this.stepIndex, step: planned.step, run: planned.run };
    // No page listening (the popup closed) is not an error: the test goes on and restores.
    browser.runtime.sendMessage(event).catch(() => {});
  }

  private checkCancelled(): void {
    if (this.running.abort.signal.aborted) throw new Cancelled();
  }

  /** Poll `ready` until it answers, the cap passes (null) or the user cancels. */
  private async until<T>(capMs: number, ready: () => Promise<T | null> | T | null): Promise<T | null> {
    const deadline = Date.now() + capMs;
    for (;;) {
      this.checkCancelled();
      const value = await ready();
      if (value !== null) return value;
      if (Date.now() >= deadline) return null;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  async execute(): Promise<Report> {
    const tab = await getTab(this.tabId);
    if (!tab) throw new TestStopped(msg('audit_ctest_tab_closed'));
    this.progress(); // snapshot
    const { cookies: savedCookies, storeId } = await cookiesOfTab(await monitoredTab(this.monitor, tab), tab);
    const savedStorage = await this.readStorage();
    const runs: ConsentTestRun[] = [];
    let first: Report | null = null;
    let outcome: ConsentTestResult['outcome'] = 'done';
    let message: Msg | null = null;
    try {
      for (const choice of this.choices) {
        const run = await this.runOnce(choice);
        runs.push(run.summary);
        first ??= run.report;
        if (!run.summary.answered) {
          outcome = 'no-banner-control';
          message = choice === 'refuse' ? NO_BANNER_CONTROL : NO_ACCEPT_CONTROL;
          break;
        }
      }
    } catch (error) {
      if (error instanceof Cancelled) {
        outcome = 'cancelled';
        message = msg('audit_ctest_cancelled');
      } else {
        outcome = 'failed';
        // The browser's own errors (a refused API call) are in English, as the browser wrote them.
        message = msg('audit_ctest_stopped', error instanceof TestStopped ? error.reason : error instanceof Error ? error.message : String(error));
      }
    }
    // Whatever happened, the user's own cookies and storage go back.
    this.stepIndex = this.steps.length - 2;
    this.progress(); // restore
    const restored = await this.restore(savedCookies, savedStorage, storeId);
    const report = first ?? (await reportOf(this.monitor, this.learned, this.tabId, false));
    const result: ConsentTestResult = {
      choices: this.choices,
      outcome,
      message: message && english(message),
      ...(message ? { messageMsg: message } : {}),
      runs,
      restored,
      startedAt: this.startedAt,
      finishedAt: Date.now(),
    };
    return testReport(report, result);
  }

  private async runOnce(choice: TestChoice): Promise<{ summary: ConsentTestRun; report: Report }> {
    this.progress(); // clear
    await this.clearSite();
    this.progress(); // reload
    await this.reload();
    this.monitor.apply({ kind: 'consentStatement', tabId: this.tabId, choice: 'none', timeStamp: Date.now(), source: 'test' });
    const injectedAt = Date.now();
    this.running.events = [];
    await injectAutoconsent(this.tabId);
    this.progress(); // before-choice
    await this.waitQuiet();
    this.progress(); // banner
    const banner = await this.until(Math.max(0, BANNER_CAP_MS - (Date.now() - injectedAt)), () => this.running.events.find((e) => e.type === 'popupFound') ?? null);
    this.progress(); // choose
    let answered = false;
    const answeredAt = Date.now();
    if (banner) {
      const type = choice === 'refuse' ? 'optOut' : 'optIn';
      const resultType = choice === 'refuse' ? 'optOutResult' : 'optInResult';
      this.running.events = this.running.events.filter((e) => e.type !== resultType);
      await browser.tabs
        .sendMessage(this.tabId, { type: 'cookieAuditAutoconsentCommand', command: { type } }, { frameId: banner.frameId })
        .catch(() => undefined);
      const result = await this.until(ANSWER_CAP_MS, () => this.running.events.find((e) => e.type === resultType && e.frameId === banner.frameId) ?? null);
      answered = result?.result === true;
      // Dated from the moment the banner was asked: what the answer set off is after the choice.
      if (answered) this.monitor.apply({ kind: 'consentStatement', tabId: this.tabId, choice: choice === 'refuse' ? 'refused' : 'accepted', timeStamp: answeredAt, source: 'test' });
    }
    this.progress(); // after-choice
    if (answered) {
      await this.waitQuiet();
      await this.scroll();
      await this.waitQuiet();
      await this.pageSignalSince(answeredAt);
    }
    const report = await reportOf(this.monitor, this.learned, this.tabId, false);
    return { summary: summariseRun(report, choice, banner?.cmp ?? null, answered), report };
  }

  /**
   * A page that reports its consent state (TCF, GPP, Consent Mode) tells the answer a moment
   * later (its script reads it shortly after a click, then relays it): without it, a tag's
   * cookie after "Accept" would be judged against the defaults. Waited for only on such pages.
   */
  private async pageSignalSince(time: number): Promise<void> {
    const fromPage = (s: { source: string }) => s.source === 'tcf' || s.source === 'gpp' || s.source === 'consent-mode';
    const record = await this.monitor.tab(this.tabId);
    if (!record?.page.consent.some(fromPage)) return;
    await this.until(SIGNAL_CAP_MS, async () => ((await this.monitor.tab(this.tabId))?.page.consent.some((s) => fromPage(s) && s.time >= time) ? true : null));
  }

  private async waitQuiet(): Promise<void> {
    const since = Date.now();
    const watch = this.running.watch;
    if (!watch) return;
    await this.until(Number.MAX_SAFE_INTEGER, () => (watch.state(Date.now(), since) === 'busy' ? null : true));
  }

  private async reload(): Promise<void> {
    const before = Date.now();
    this.running.watch = new QuietWatch(before);
    // Past the cache: a first visit fetches everything, so every tracker request is seen.
    await browser.tabs.reload(this.tabId, { bypassCache: true });
    const loaded = await this.until(LOAD_CAP_MS, async () => {
      const tab = await getTab(this.tabId);
      if (!tab) throw new TestStopped(msg('audit_ctest_tab_closed'));
      const record = await this.monitor.tab(this.tabId);
      return tab.status === 'complete' && record && record.page.startedAt >= before && (await monitoredTab(this.monitor, tab)) ? true : null;
    });
    if (!loaded) throw new TestStopped(msg('audit_ctest_not_loaded'));
  }

  private async scroll(): Promise<void> {
    await browser.scripting
      .executeScript({ target: { tabId: this.tabId, frameIds: [0] }, func: () => window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }) })
      .catch(() => undefined);
  }

  /** Every cookie the page involves now (the test's own included) and its frames' web storage. */
  private async clearSite(): Promise<void> {
    const tab = await getTab(this.tabId);
    if (!tab) throw new TestStopped(msg('audit_ctest_tab_closed'));
    const { cookies } = await cookiesOfTab(await monitoredTab(this.monitor, tab), tab);
    await Promise.all(cookies.map(removeCookie));
    await browser.scripting
      .executeScript({
        target: { tabId: this.tabId, allFrames: true },
        func: () => {
          for (const area of ['localStorage', 'sessionStorage'] as const) {
            try {
              window[area].clear();
            } catch {
              // A sandboxed frame has no storage.
            }
          }
        },
      })
      .catch(() => undefined);
  }

  private async readStorage(): Promise<OriginStorage[]> {
    const results = await browser.scripting
      .executeScript({
        target: { tabId: this.tabId, allFrames: true },
        func: () => {
          const entries = (area: 'localStorage' | 'sessionStorage'): [string, string][] => {
            try {
              const store = window[area];
              const out: [string, string][] = [];
              for (let i = 0; i < store.length; i++) {
                const key = store.key(i);
                if (key !== null) out.push([key, store.getItem(key) ?? '']);
              }
              return out;
            } catch {
              return [];
            }
          };
          return { origin: location.origin, local: entries('localStorage'), session: entries('sessionStorage') };
        },
      })
      .catch(() => []);
    return storageByOrigin(results.map((r) => r.result as OriginStorage | undefined));
  }

  private async restore(saved: Cookie[], storage: OriginStorage[], storeId: string | null): Promise<ConsentTestResult['restored']> {
    const restored = { cookies: 0, cookiesFailed: 0, storageOrigins: 0, storageOriginsMissed: 0 };
    try {
      await this.clearSite();
    } catch {
      // The tab is gone: its cookies still go back below.
    }
    for (const cookie of saved) {
      const partitionKey = cookie.partitionKey;
      const details = setDetailsOf(draftOf(cookie), {
        storeId: cookie.storeId ?? storeId,
        partitionKey,
        ...(IS_FIREFOX ? { firstPartyDomain: cookie.firstPartyDomain } : {}),
      });
      const ok = await browser.cookies.set(details as Browser.cookies.SetDetails).then(
        (c) => c != null,
        () => false,
      );
      if (ok) restored.cookies++;
      else restored.cookiesFailed++;
    }
    const frames = await browser.webNavigation.getAllFrames({ tabId: this.tabId }).catch(() => null);
    for (const copy of storage) {
      // Each origin's copy goes to a frame of that origin only, never to another site's frame.
      const frame = (frames ?? []).find((f) => originOf(f.url) === copy.origin);
      const done = frame
        ? await browser.scripting
            .executeScript({
              target: { tabId: this.tabId, frameIds: [frame.frameId] },
              func: (origin: string, local: [string, string][], session: [string, string][]) => {
                if (location.origin !== origin) return false;
                try {
                  for (const [k, v] of local) localStorage.setItem(k, v);
                  for (const [k, v] of session) sessionStorage.setItem(k, v);
                  return true;
                } catch {
                  return false;
                }
              },
              args: [copy.origin, copy.local, copy.session],
            })
            .then((r) => r[0]?.result === true, () => false)
        : false;
      if (done) restored.storageOrigins++;
      else restored.storageOriginsMissed++;
    }
    // The page saw the test's state: loaded again, it runs with the user's own cookies.
    await browser.tabs.reload(this.tabId).catch(() => undefined);
    return restored;
  }
}
