/**
 * The one message content scripts send the background: the cookie writes their page reported
 * (lib/scripts/writes.ts). It is separate from the extension pages' protocol (lib/messages.ts),
 * whose requests (reports, deletions) content scripts can never make: the background accepts
 * this message only from a content script of a tab, and only this message from one.
 */
import { isRecord, isSafeInteger, isString } from '../guards';
import { readBatch, MAX_WRITES_PER_BATCH, type ScriptWrite } from './writes';

export const SCRIPT_WRITES_MESSAGE = 'scriptWrites';

export interface ScriptWritesMessage {
  type: typeof SCRIPT_WRITES_MESSAGE;
  writes: ScriptWrite[];
  /** Writes the page world or the relay could not keep (caps), counted. */
  dropped: number;
}

export function isScriptWritesMessage(raw: unknown): boolean {
  return isRecord(raw) && raw.type === SCRIPT_WRITES_MESSAGE;
}

/** The message checked and capped again; null when it is not one. */
export function parseScriptWritesMessage(raw: unknown): ScriptWritesMessage | null {
  if (!isScriptWritesMessage(raw)) return null;
  const batch = readBatch(raw, MAX_WRITES_PER_BATCH);
  return batch && { type: SCRIPT_WRITES_MESSAGE, ...batch };
}

/** Who sent a claim, as the browser says (not the page): the tab, the frame and the frame's document. */
export interface ClaimSource {
  tabId: number;
  frameId: number;
  /** The frame's document address when it sent the message. */
  documentUrl: string;
  /** The frame's origin (about:blank and srcdoc frames have their creator's); null when not given. */
  origin: string | null;
}

/**
 * The sender of a claim, if it is one of our content scripts in a tab: our extension id, a tab,
 * a frame, and a document that is not one of our own pages (which are never content scripts).
 */
export function claimSourceOf(
  sender: { id?: string; url?: string; origin?: string; frameId?: number; tab?: { id?: number } },
  extensionId: string,
  extensionBase: string,
): ClaimSource | null {
  if (sender.id !== extensionId || !isString(sender.url) || sender.url.startsWith(extensionBase)) return null;
  const tabId = sender.tab?.id;
  if (!isSafeInteger(tabId) || tabId < 0 || !isSafeInteger(sender.frameId) || sender.frameId < 0) return null;
  const origin = isString(sender.origin) && sender.origin !== 'null' ? sender.origin : null;
  return { tabId, frameId: sender.frameId, documentUrl: sender.url, origin };
}
