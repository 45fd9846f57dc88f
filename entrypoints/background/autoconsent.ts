/**
 * The background's side of `@duckduckgo/autoconsent` (docs/api.md in the package): it injects
 * our autoconsent content script (entrypoints/autoconsent.content.ts) into a tab's frames when
 * asked, applies what it finds (the platform, its banner, the visitor's click on its refuse or
 * accept control) as consent signals of the page, and answers the rules' `eval` requests by
 * running the package's own snippets (`evalSnippets`) in the frame's page world.
 */
import { evalSnippets } from '@duckduckgo/autoconsent';
import { browser, type Browser } from 'wxt/browser';
import { readCmpReport } from '@/lib/consent/cmp';
import type { ConsentSignal } from '@/lib/consent/signals';
import { claimSourceOf } from '@/lib/scripts/claims';
import type { MonitorStore } from './monitor';

/** A click's time is the page world's clock: kept only within this much of now. */
const MAX_CLICK_AGE_MS = 5000;

/**
 * Inject autoconsent into every frame of the tab that does not run it yet; false when the browser
 * refused (a page we may not script). The script with its rules is about 350 KB, which takes a
 * frame 35–110 ms to run (measured in Chromium 156 on a 2-core machine): each popup opening would
 * cost every frame of the page that again. A one-line question first tells which frames have it.
 */
export async function injectAutoconsent(tabId: number): Promise<boolean> {
  try {
    const probes = await browser.scripting.executeScript({
      target: { tabId, allFrames: true },
      // Set by the content script in its isolated world, where this runs too.
      func: () => (window as { cookieAuditAutoconsent?: boolean }).cookieAuditAutoconsent === true,
    });
    const missing = probes.filter((probe) => probe.result !== true).map((probe) => probe.frameId);
    if (missing.length > 0) {
      await browser.scripting.executeScript({ target: { tabId, frameIds: missing }, files: ['/content-scripts/autoconsent.js'] });
    }
    return true;
  } catch {
    return false;
  }
}

/** Run one of autoconsent's eval snippets in the frame's page world; false when it cannot. */
async function runSnippet(tabId: number, frameId: number, snippetId: unknown): Promise<unknown> {
  const snippet = typeof snippetId === 'string' && Object.hasOwn(evalSnippets, snippetId) ? evalSnippets[snippetId as keyof typeof evalSnippets] : null;
  if (snippet === null) return false;
  try {
    const [result] = await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, world: 'MAIN', func: snippet as () => unknown });
    return result?.result ?? false;
  } catch {
    return false;
  }
}

/** What autoconsent said in a tab's frame, for the consent test (consentTest.ts) to wait on. */
export interface AutoconsentEvent {
  tabId: number;
  frameId: number;
  type: 'cmpDetected' | 'popupFound' | 'optOutResult' | 'optInResult';
  cmp: string;
  /** optOutResult / optInResult: whether the platform's opt-out (opt-in) went through. */
  result?: boolean;
}

export function createAutoconsentListener(monitor: MonitorStore, observe: (event: AutoconsentEvent) => void = () => {}) {
  const extensionBase = browser.runtime.getURL('/');
  return (raw: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> | undefined => {
    const type = (raw as { type?: unknown } | null)?.type;
    if (type !== 'cookieAuditCmp' && type !== 'cookieAuditAutoconsent') return undefined;
    const source = claimSourceOf(sender, browser.runtime.id, extensionBase);
    if (source === null) return undefined;
    if (type === 'cookieAuditAutoconsent') {
      const message = (raw as { message?: { type?: unknown; id?: unknown; snippetId?: unknown; cmp?: unknown; result?: unknown } }).message;
      if ((message?.type === 'optOutResult' || message?.type === 'optInResult') && typeof message.cmp === 'string') {
        observe({ tabId: source.tabId, frameId: source.frameId, type: message.type, cmp: message.cmp.slice(0, 100), result: message.result === true });
        return undefined;
      }
      if (message?.type !== 'eval' || typeof message.id !== 'string') return undefined;
      return runSnippet(source.tabId, source.frameId, message.snippetId).then((result) => ({ type: 'evalResp', id: message.id, result }));
    }
    const report = readCmpReport(raw);
    if (report === null) return undefined;
    if (report.type !== 'cmpClicked') observe({ tabId: source.tabId, frameId: source.frameId, type: report.type, cmp: report.cmp });
    const now = Date.now();
    const signal: ConsentSignal =
      report.type === 'cmpClicked'
        ? { source: 'cmp', time: report.time <= now && report.time >= now - MAX_CLICK_AGE_MS ? report.time : now, kind: report.choice, earlier: false, cmp: report.cmp, popup: true }
        : { source: 'cmp', time: now, kind: 'none', earlier: false, cmp: report.cmp, popup: report.type === 'popupFound' };
    monitor.apply({ kind: 'consentSignals', ...source, signals: [signal], dropped: 0 });
    return undefined;
  };
}
