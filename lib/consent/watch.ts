/**
 * The page world's consent reader (run by entrypoints/script-writes.content.ts in the top frame
 * only): it asks the page's TCF and GPP APIs to call back on every change, and reads Consent
 * Mode commands from `dataLayer`, only when asked to check — at the load event, a little after
 * the visitor clicks, and a few times later — never while the page loads. Each check costs a
 * few property reads and a scan of the dataLayer entries added since the last one.
 *
 * The page is passed in as `env`, so this is tested without a browser. Anything the page
 * defines may throw or lie: every call into it is guarded, and what it says is the page's word.
 */
import {
  choiceOfConsentMode,
  consentModeCommand,
  gppSignal,
  MAX_SIGNALS_PER_PAGE,
  tcfSignal,
  type ConsentModeState,
  type ConsentSignal,
} from './signals';

export interface WatchEnv {
  now(): number;
  /** A global of the page (`__tcfapi`, `__gpp`, `dataLayer`), read when checking. */
  global(name: string): unknown;
  /** Hand signals to our isolated-world script. */
  post(signals: ConsentSignal[]): void;
}

/**
 * A platform's callback this soon after a click is that click's doing (a banner's button): its
 * choice is dated by the click, since the button's own handler may store the choice before it calls back.
 */
export const CLICK_CHOICE_MS = 1000;

/** dataLayer entries read per check at most: a page pushing thousands costs a bounded scan. */
export const MAX_DATALAYER_SCAN = 500;

export class ConsentWatcher {
  private tcf = false;
  private gpp = false;
  private gppBannerSeen = false;
  private dataLayer: unknown = null;
  private scanned = 0;
  private consentMode: ConsentModeState = {};
  private checks = 0;
  private sent = 0;
  private last = new Map<string, string>();
  private clickedAt: number | null = null;
  private lastClick = -Infinity;

  constructor(private readonly env: WatchEnv) {}

  /**
   * The visitor clicked (a banner's button, maybe): a Consent Mode update the next check finds
   * was made at or after the first click since the last check, whichever check finds it.
   */
  noteClick(time: number): void {
    if (this.clickedAt === null) this.clickedAt = time;
    this.lastClick = time;
  }

  /** When a platform's callback now says the visitor chose: the click just before, if any. */
  private choiceTime(): number {
    const now = this.env.now();
    return now - this.lastClick <= CLICK_CHOICE_MS && this.lastClick <= now ? this.lastClick : now;
  }

  /** Look at the page's consent APIs now. */
  check(): void {
    const first = this.checks++ === 0;
    const since = this.clickedAt;
    this.clickedAt = null;
    try {
      this.listenTcf();
    } catch {
      // A page's API that throws says nothing.
    }
    try {
      this.listenGpp();
    } catch {
      // As above.
    }
    try {
      this.scanDataLayer(first, since ?? this.env.now());
    } catch {
      // A dataLayer whose entries throw on reading.
    }
  }

  private emit(signal: ConsentSignal | null): void {
    if (signal === null || this.sent >= MAX_SIGNALS_PER_PAGE) return;
    // Platforms call back on every change of anything; only a change of what it means is news.
    const key = JSON.stringify([signal.kind, signal.earlier, signal.cmpId, signal.purposes, signal.consentMode, signal.command]);
    if (this.last.get(signal.source) === key) return;
    this.last.set(signal.source, key);
    this.sent++;
    this.env.post([signal]);
  }

  private listenTcf(): void {
    const api = this.env.global('__tcfapi');
    if (this.tcf || typeof api !== 'function') return;
    this.tcf = true;
    api('addEventListener', 2, (tcData: unknown, success: unknown) => {
      try {
        if (success !== false) this.emit(tcfSignal(tcData, this.choiceTime()));
      } catch {
        // Never throw into the page's platform.
      }
    });
  }

  private listenGpp(): void {
    const api = this.env.global('__gpp');
    if (this.gpp || typeof api !== 'function') return;
    this.gpp = true;
    api('addEventListener', (event: unknown, success: unknown) => {
      try {
        if (success === false) return;
        const signal = gppSignal(event, this.choiceTime(), this.gppBannerSeen);
        if (signal?.kind === 'none') this.gppBannerSeen = true;
        this.emit(signal);
      } catch {
        // As above.
      }
    });
  }

  private scanDataLayer(first: boolean, time: number): void {
    const layer = this.env.global('dataLayer');
    if (!Array.isArray(layer)) return;
    if (layer !== this.dataLayer) {
      this.dataLayer = layer;
      this.scanned = 0;
    }
    const end = Math.min(layer.length, this.scanned + MAX_DATALAYER_SCAN);
    for (; this.scanned < end; this.scanned++) {
      const command = consentModeCommand(layer[this.scanned]);
      if (command === null) continue;
      this.consentMode = { ...this.consentMode, ...command.values };
      this.emit({
        source: 'consent-mode',
        time,
        kind: choiceOfConsentMode(command.command, this.consentMode),
        // An update already there at the first check (the load event) restored a choice made on
        // an earlier visit: the platform reads its cookie while the page loads.
        earlier: first && command.command === 'update',
        consentMode: { ...this.consentMode },
        command: command.command,
      });
    }
  }
}
