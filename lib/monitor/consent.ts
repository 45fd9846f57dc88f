/**
 * Consent signals in the per-tab reducer: what the page's consent platform said (the page's
 * claim, from its top frame only) and what the user told Cookie Audit, kept on the page they are
 * about, in arrival order, at most MAX_SIGNALS_PER_PAGE (lib/consent/ reads them into phases).
 */
import { MAX_SIGNALS_PER_PAGE, type ConsentSignal } from '../consent/signals';
import { originOf } from '../requests/url';
import type { ConsentSignalsEvent, ConsentStatementEvent } from './events';
import type { MonitorState, PageRecord } from './state';

function add(page: PageRecord, signal: ConsentSignal): void {
  if (page.consent.length < MAX_SIGNALS_PER_PAGE) page.consent.push(signal);
  else page.dropped.consentSignals++;
}

/**
 * A batch from the top frame's page world. It must be about the page on screen: a batch sent
 * while the previous document unloaded arrives from another origin, or before the new page.
 */
export function recordConsentSignals(state: MonitorState, event: ConsentSignalsEvent): boolean {
  const tab = state.tabs.get(event.tabId);
  if (tab === undefined) return false;
  const { page } = tab;
  if (page.url === '') return false;
  // The page's own APIs are read in its top document. A consent platform autoconsent finds may
  // live in a frame (Sourcepoint's): only its signals come from frames.
  if (event.frameId === 0 ? originOf(page.url) !== originOf(event.documentUrl) : event.signals.some((s) => s.source !== 'cmp')) return false;
  page.dropped.consentSignals += event.dropped;
  for (const signal of event.signals) {
    // A signal dated before the page began is the previous document's, or a lie.
    if (signal.time < page.startedAt) page.dropped.consentSignals++;
    else add(page, signal);
  }
  state.dirty.add(event.tabId);
  return true;
}

/** The user's own word, from the popup: it holds from the moment they said it (lib/consent/phases.ts). */
export function recordConsentStatement(state: MonitorState, event: ConsentStatementEvent): boolean {
  const tab = state.tabs.get(event.tabId);
  if (tab === undefined || tab.page.url === '') return false;
  add(tab.page, { source: event.source ?? 'user', time: event.timeStamp, kind: event.choice, earlier: false });
  state.dirty.add(event.tabId);
  return true;
}
