/**
 * Our isolated-world content script's part for consent (entrypoints/script-writes-relay.content.ts):
 * the page world hands over `{ consent: ConsentSignal[] }` on the recorder's port; this checks
 * and caps them again and sends them to the background as their own message, at most one every
 * SEND_INTERVAL_MS. Consent platforms speak rarely: a few messages per page.
 */
import { isRecord } from '../guards';
import { SEND_INTERVAL_MS } from '../scripts/writes';
import { MAX_SIGNALS_PER_HANDOVER, MAX_SIGNALS_PER_PAGE, readSignals, type ConsentSignal } from './signals';

export const CONSENT_MESSAGE = 'consentSignals';

export interface ConsentMessage {
  type: typeof CONSENT_MESSAGE;
  signals: ConsentSignal[];
  dropped: number;
}

/** A signal's time is the page's word: kept only within this much before it reached us. */
export const MAX_SIGNAL_AGE_MS = 5000;

export const isConsentHandOver = (data: unknown): boolean => isRecord(data) && Array.isArray(data.consent);

export const isConsentMessage = (raw: unknown): boolean => isRecord(raw) && raw.type === CONSENT_MESSAGE;

/** The message checked and capped again; null when it is not one. */
export function parseConsentMessage(raw: unknown): ConsentMessage | null {
  if (!isConsentMessage(raw)) return null;
  const read = readSignals({ consent: (raw as { signals?: unknown }).signals });
  if (read === null) return null;
  const dropped = (raw as { dropped?: unknown }).dropped;
  return { type: CONSENT_MESSAGE, signals: read.signals, dropped: read.dropped + (Number.isSafeInteger(dropped) && (dropped as number) > 0 ? (dropped as number) : 0) };
}

export class ConsentRelay {
  private pending: ConsentSignal[] = [];
  private dropped = 0;
  private relayed = 0;
  private scheduled = false;
  private lastSent = -Infinity;

  constructor(
    private readonly send: (message: ConsentMessage) => void,
    private readonly now: () => number,
    private readonly schedule: (run: () => void, ms: number) => void,
  ) {}

  /** One hand-over from the page world. */
  receive(data: unknown): void {
    const read = readSignals(data);
    if (read === null) {
      this.dropped++;
      return;
    }
    const now = this.now();
    this.dropped += read.dropped;
    for (const signal of read.signals) {
      if (this.relayed + this.pending.length >= MAX_SIGNALS_PER_PAGE) {
        this.dropped++;
        continue;
      }
      if (!(signal.time <= now && signal.time >= now - MAX_SIGNAL_AGE_MS)) signal.time = now;
      this.pending.push(signal);
    }
    this.plan();
  }

  flush(): void {
    if (this.pending.length === 0 && this.dropped === 0) return;
    const signals = this.pending.splice(0, MAX_SIGNALS_PER_HANDOVER);
    this.relayed += signals.length;
    this.send({ type: CONSENT_MESSAGE, signals, dropped: this.dropped });
    this.dropped = 0;
    this.lastSent = this.now();
    if (this.pending.length > 0) this.plan();
  }

  private plan(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(
      () => {
        this.scheduled = false;
        this.flush();
      },
      Math.max(0, this.lastSent + SEND_INTERVAL_MS - this.now()),
    );
  }
}
