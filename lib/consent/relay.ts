/**
 * Our isolated-world content script's part for consent (entrypoints/script-writes-relay.content.ts):
 * the page world hands over `{ consent: ConsentSignal[] }` on the recorder's port; this checks
 * and caps them again and sends them to the background as their own message (lib/pageRelay.ts).
 * Consent platforms speak rarely: a few messages per page, and a cap over the page's life.
 */
import { isRecord } from '../guards';
import { PageRelay, type RelayKind } from '../pageRelay';
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

const SIGNALS: RelayKind<ConsentSignal> = {
  read(data) {
    const read = readSignals(data);
    return read && { items: read.signals, dropped: read.dropped };
  },
  limit: MAX_SIGNALS_PER_PAGE,
  over: 'page',
  perMessage: MAX_SIGNALS_PER_HANDOVER,
  maxAgeMs: MAX_SIGNAL_AGE_MS,
};

export class ConsentRelay extends PageRelay<ConsentSignal> {
  constructor(send: (message: ConsentMessage) => void, now: () => number, schedule: (run: () => void, ms: number) => void) {
    super(SIGNALS, (signals, dropped) => send({ type: CONSENT_MESSAGE, signals, dropped }), now, schedule);
  }
}
