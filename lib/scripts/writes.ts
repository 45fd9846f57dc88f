/**
 * Cookie and web storage writes as the page's scripts make them, recorded by our MAIN-world content script
 * (entrypoints/script-writes.content.ts), handed to our isolated-world content script
 * (entrypoints/script-writes-relay.content.ts) and from there to the background.
 *
 * Everything here crosses from the page: a page can forge any of it. So each write carries the
 * cookie's name and the attributes written, never its value; every string is capped, every
 * list bounded, and whatever does not fit is counted as dropped. The background only ever shows
 * it, as "reported by the page".
 *
 * The recording side runs on every `document.cookie` write of every page: it is synchronous,
 * does one pass over the strings it needs, and keeps one entry per distinct write until the
 * next hand-over, so a page writing in a loop costs a counter, not memory.
 */
import { isScriptKind, MAX_SCRIPT_URL_LENGTH, type ScriptKind, type ScriptRef } from './stack';

/**
 * `document.cookie`, the Cookie Store API (`cookieStore.set` / `delete`), or web storage
 * (`localStorage` / `sessionStorage`: `setItem`, `removeItem`, `clear`).
 */
export type WriteApi = 'cookie' | 'cookieStore' | 'localStorage' | 'sessionStorage';

export const isStorageApi = (api: WriteApi): api is 'localStorage' | 'sessionStorage' => api === 'localStorage' || api === 'sessionStorage';

export interface ScriptWrite {
  api: WriteApi;
  /** `clear` empties a web storage area; `name` is then ''. */
  op: 'set' | 'delete' | 'clear';
  /** The cookie's name or the storage key, cut to MAX_NAME_LENGTH. */
  name: string;
  /** The attributes written (`path=/; domain=…; max-age=…`), never the value; '' for web storage. Cut to MAX_ATTRIBUTES_LENGTH. */
  attributes: string;
  kind: ScriptKind;
  /** The script's URL (see ScriptRef); null when the stack did not say. */
  url: string | null;
  /** When it was written, ms since the epoch (the page's clock). */
  time: number;
  /** The same write repeated before the hand-over: counted, not kept again. */
  count: number;
}

export const MAX_NAME_LENGTH = 200;
export const MAX_ATTRIBUTES_LENGTH = 300;
/** Distinct writes per hand-over from the page world; more are counted as dropped. */
export const MAX_WRITES_PER_BATCH = 100;
/** A batch's JSON from the page world larger than this is dropped unread. */
export const MAX_BATCH_CHARS = MAX_WRITES_PER_BATCH * (MAX_NAME_LENGTH + MAX_ATTRIBUTES_LENGTH + MAX_SCRIPT_URL_LENGTH + 100);
/** How often the page world hands its writes over, at most. */
export const PAGE_FLUSH_MS = 100;
/** How often a frame sends writes to the background, at most: four messages a second. */
export const SEND_INTERVAL_MS = 250;

/** The events of the hand-shake between our two content scripts (see the MAIN-world script). */
export const HELLO_EVENT = 'cookie-audit:script-writes:hello';
export const PORT_EVENT = 'cookie-audit:script-writes:port';

const cut = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

const isSpace = (c: number) => c === 32 || c === 9;

/** `s` without leading and trailing spaces and tabs, as cookie parsing trims (RFC 6265bis §5.6). */
function trimmed(s: string, from: number, to: number): string {
  while (from < to && isSpace(s.charCodeAt(from))) from++;
  while (to > from && isSpace(s.charCodeAt(to - 1))) to--;
  return s.slice(from, to);
}

/**
 * The name and attributes of a `document.cookie` assignment, its value left out. A string
 * without '=' is a value with an empty name (RFC 6265bis §5.6, for the non-HTTP API).
 */
export function cookieWriteOf(text: string): { name: string; attributes: string } {
  let semicolon = text.indexOf(';');
  if (semicolon === -1) semicolon = text.length;
  const equals = text.indexOf('=');
  const name = equals === -1 || equals > semicolon ? '' : trimmed(text, 0, equals);
  const attributes = semicolon < text.length ? trimmed(text, semicolon + 1, text.length) : '';
  return { name: cut(name, MAX_NAME_LENGTH), attributes: cut(attributes, MAX_ATTRIBUTES_LENGTH) };
}

/** An options member of `cookieStore.set` / `delete`, if it is a string or number. */
function option(options: object, key: string): string | null {
  const value = (options as Record<string, unknown>)[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/**
 * The name and attributes of a `cookieStore.set(name, value)` / `set({ name, value, … })` or
 * `delete(name)` / `delete({ name, … })` call, in `document.cookie`'s words. Null when the
 * arguments name no cookie (the browser rejects the call).
 */
export function cookieStoreWriteOf(args: readonly unknown[]): { name: string; attributes: string } | null {
  const [first] = args;
  if (typeof first === 'string') return { name: cut(first, MAX_NAME_LENGTH), attributes: '' };
  if (typeof first !== 'object' || first === null) return null;
  const name = option(first, 'name');
  if (name === null) return null;
  const parts: string[] = [];
  for (const key of ['domain', 'path', 'expires', 'sameSite']) {
    const value = option(first, key);
    if (value !== null) parts.push(`${key.toLowerCase()}=${value}`);
  }
  if ((first as { partitioned?: unknown }).partitioned === true) parts.push('partitioned');
  return { name: cut(name, MAX_NAME_LENGTH), attributes: cut(parts.join('; '), MAX_ATTRIBUTES_LENGTH) };
}

/** The write as shown, its value redacted: `_ga=…; path=/; expires=…`, `localStorage.setItem(key, …)`. */
export function redactedWrite(write: Pick<ScriptWrite, 'name' | 'attributes' | 'op' | 'api'>): string {
  if (isStorageApi(write.api)) {
    if (write.op === 'clear') return `${write.api}.clear()`;
    return write.op === 'delete' ? `${write.api}.removeItem(${write.name})` : `${write.api}.setItem(${write.name}, …)`;
  }
  if (write.api === 'cookieStore' && write.op === 'delete') return `cookieStore.delete(${write.name})`;
  return write.attributes ? `${write.name}=…; ${write.attributes}` : `${write.name}=…`;
}

/** What one hand-over carries: the writes and how many were dropped since the last one. */
export interface WriteBatchData {
  writes: ScriptWrite[];
  dropped: number;
}

/**
 * The page world's pending writes: one entry per distinct write (api, op, name, attributes,
 * script), its count bumped on repeats, at most MAX_WRITES_PER_BATCH; beyond, writes are
 * counted as dropped.
 */
export class WriteBatch {
  private entries = new Map<string, ScriptWrite>();
  private dropped = 0;

  add(api: WriteApi, op: ScriptWrite['op'], name: string, attributes: string, script: ScriptRef, time: number): void {
    const key = `${api}\n${op}\n${name}\n${attributes}\n${script.kind}\n${script.url}`;
    const known = this.entries.get(key);
    if (known !== undefined) {
      known.count++;
      known.time = time;
      return;
    }
    if (this.entries.size >= MAX_WRITES_PER_BATCH) {
      this.dropped++;
      return;
    }
    this.entries.set(key, { api, op, name, attributes, kind: script.kind, url: script.url, time, count: 1 });
  }

  get size(): number {
    return this.entries.size + this.dropped;
  }

  /** The pending writes, emptied; null when there are none. */
  take(): WriteBatchData | null {
    if (this.entries.size === 0 && this.dropped === 0) return null;
    const batch = { writes: [...this.entries.values()], dropped: this.dropped };
    this.entries = new Map();
    this.dropped = 0;
    return batch;
  }
}

/** A write as the page handed it over, if it is one; strings re-capped, whatever it says. */
export function readWrite(raw: unknown): ScriptWrite | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const w = raw as Record<string, unknown>;
  if (w.api !== 'cookie' && w.api !== 'cookieStore' && w.api !== 'localStorage' && w.api !== 'sessionStorage') return null;
  if (w.op !== 'set' && w.op !== 'delete' && !(w.op === 'clear' && isStorageApi(w.api))) return null;
  if (typeof w.name !== 'string' || typeof w.attributes !== 'string' || !isScriptKind(w.kind)) return null;
  if (w.url !== null && typeof w.url !== 'string') return null;
  if (typeof w.time !== 'number' || !Number.isFinite(w.time)) return null;
  const count = Number.isSafeInteger(w.count) && (w.count as number) > 0 ? (w.count as number) : 1;
  return {
    api: w.api,
    op: w.op,
    name: cut(w.name, MAX_NAME_LENGTH),
    attributes: cut(w.attributes, MAX_ATTRIBUTES_LENGTH),
    kind: w.kind as ScriptKind,
    url: w.url === null ? null : cut(w.url, MAX_SCRIPT_URL_LENGTH),
    time: w.time,
    count,
  };
}

/**
 * A batch as handed over (`{ writes, dropped }`): at most `max` writes kept, the others and the
 * unreadable ones added to `dropped`.
 */
export function readBatch(raw: unknown, max = MAX_WRITES_PER_BATCH): WriteBatchData | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const b = raw as Record<string, unknown>;
  if (!Array.isArray(b.writes)) return null;
  let dropped = Number.isSafeInteger(b.dropped) && (b.dropped as number) > 0 ? (b.dropped as number) : 0;
  const writes: ScriptWrite[] = [];
  const read = Math.min(b.writes.length, max);
  for (let i = 0; i < read; i++) {
    const write = readWrite(b.writes[i]);
    if (write === null) dropped++;
    else writes.push(write);
  }
  return { writes, dropped: dropped + b.writes.length - read };
}
