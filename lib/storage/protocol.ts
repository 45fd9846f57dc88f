/**
 * What the background asks our isolated-world content script in a frame about that frame's web
 * storage, and what the frame answers (lib/storage/frame.ts answers; the background checks the
 * answer here before using it). A frame is messaged only by the background, on behalf of one of
 * Cookie Audit's own pages (lib/messages.ts: getReport, getStorage, deleteStorageKey,
 * deleteOriginStorage).
 *
 * Everything a frame holds in its storage was put there by the page: keys and values are the
 * page's strings, any size, any number. So every list is bounded, every string cut, and what
 * does not fit is counted; the background checks the answer again, as it would any data that
 * crosses a boundary. Values travel only when asked for (to be revealed in the page that asked),
 * and are never stored or logged.
 *
 * No part of this module may import the Public Suffix List (lib/site.ts): it runs in every frame
 * of every page.
 */
import { isRecord, isString, sizeOrNull, type Raw } from '../guards';
import { MAX_NAME_LENGTH } from '../scripts/writes';

export type StorageArea = 'local' | 'session';
export const STORAGE_AREAS: readonly StorageArea[] = ['local', 'session'];
export const isStorageArea = (v: unknown): v is StorageArea => v === 'local' || v === 'session';

/** Storage a frame may be unable to open: a sandboxed frame or a `data:` document has an opaque origin. */
export type StorageKind = StorageArea | 'indexedDB';
const isStorageKind = (v: unknown): v is StorageKind => isStorageArea(v) || v === 'indexedDB';

/** Keys read per area of a frame; a page keeping more has the rest counted. */
export const MAX_KEYS_PER_AREA = 250;
/**
 * A key is cut to this many characters: the same cut as the keys pages report writing
 * (lib/scripts/writes.ts), so the two meet.
 */
export const MAX_KEY_LENGTH = MAX_NAME_LENGTH;
/** Characters of a value judged and, when asked for, sent; its size counts all of it. */
export const MAX_VALUE_LENGTH = 4096;
/** Characters of values one frame's answer carries at most; values past it are left out, counted. */
export const MAX_VALUE_CHARS_PER_FRAME = 128 * 1024;
/** IndexedDB database names listed per frame, each cut like a key. */
export const MAX_DATABASES = 50;
/** Longest frame address kept. */
export const MAX_FRAME_URL_LENGTH = 2048;

/** The messages our content script answers, sent by the background with `tabs.sendMessage` to one frame. */
export const READ_STORAGE = 'cookieAudit:readStorage';
export const DELETE_STORAGE = 'cookieAudit:deleteStorage';

/** One key, or an origin's whole storage: both web storage areas and every IndexedDB database. */
export type DeleteTarget = { area: StorageArea; key: string; keyCut: boolean } | 'all';

export type FrameRequest =
  | { type: typeof READ_STORAGE; includeValues: boolean }
  /** Acted on only by a frame of `origin`: the background may ask every frame of the tab. */
  | { type: typeof DELETE_STORAGE; origin: string; target: DeleteTarget };

/** One key of a frame's web storage. */
export interface FrameItem {
  area: StorageArea;
  /** Cut to MAX_KEY_LENGTH; `keyCut` says when it was. */
  key: string;
  keyCut: boolean;
  /** Characters of key and value (UTF-16 code units, as browsers count the storage quota). */
  size: number;
  /** The value looks like an identifier (lib/identifiers.ts), judged on its first MAX_VALUE_LENGTH characters. */
  identifier: boolean;
  /** Only when asked for, and only while the frame's value budget lasts. */
  value?: string;
  /** The value was longer than MAX_VALUE_LENGTH: `value` is its start. */
  valueCut?: boolean;
}

export interface FrameDropped {
  /** Keys past MAX_KEYS_PER_AREA, or that could not be read. */
  keys: number;
  /** Values left out past MAX_VALUE_CHARS_PER_FRAME. */
  values: number;
  /** Databases past MAX_DATABASES, or nameless. */
  databases: number;
}

export interface FrameAnswer {
  /** The frame's origin as its document has it (`self.origin`); null for an opaque origin. */
  origin: string | null;
  /** The frame's document address. */
  url: string;
  items: FrameItem[];
  /** IndexedDB database names; null when the browser cannot list them or the frame may not use IndexedDB. */
  indexedDB: string[] | null;
  /** Storage the frame could not open. */
  unavailable: StorageKind[];
  dropped: FrameDropped;
}

export interface DeleteAnswer {
  /** The frame is of the origin asked about (it acted). */
  matched: boolean;
  /** Keys removed, and databases deleted. */
  removed: number;
  /** Databases whose deletion waits for the page to close its connections to them. */
  pending: number;
}

const cut = (s: string, max: number): string => (s.length > max ? s.slice(0, max) : s);

/** A web origin as browsers write it (`https://host[:port]`), or null. Canonical only: no path, no upper case. */
export function readOrigin(v: unknown): string | null {
  if (!isString(v) || v.length > MAX_FRAME_URL_LENGTH) return null;
  return /^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/.test(v) ? v : null;
}

function readDeleteTarget(v: unknown): DeleteTarget | null {
  if (v === 'all') return 'all';
  if (!isRecord(v) || !isStorageArea(v.area) || !isString(v.key) || v.key.length > MAX_KEY_LENGTH) return null;
  return { area: v.area, key: v.key, keyCut: v.keyCut === true };
}

/** A request from the background, checked in the frame; null when it is not one. */
export function readFrameRequest(raw: unknown): FrameRequest | null {
  if (!isRecord(raw)) return null;
  if (raw.type === READ_STORAGE) return { type: READ_STORAGE, includeValues: raw.includeValues === true };
  if (raw.type !== DELETE_STORAGE) return null;
  const origin = readOrigin(raw.origin);
  const target = readDeleteTarget(raw.target);
  return origin && target ? { type: DELETE_STORAGE, origin, target } : null;
}

function readItem(raw: Raw, includeValues: boolean): FrameItem | null {
  const size = sizeOrNull(raw.size);
  if (!isStorageArea(raw.area) || !isString(raw.key) || size === null || typeof raw.identifier !== 'boolean') return null;
  const keyCut = raw.keyCut === true || raw.key.length > MAX_KEY_LENGTH;
  const item: FrameItem = { area: raw.area, key: cut(raw.key, MAX_KEY_LENGTH), keyCut, size, identifier: raw.identifier };
  if (includeValues && isString(raw.value)) {
    item.value = cut(raw.value, MAX_VALUE_LENGTH);
    if (raw.valueCut === true || raw.value.length > MAX_VALUE_LENGTH) item.valueCut = true;
  }
  return item;
}

/**
 * A frame's answer, checked and capped again by the background: the frame is our script, but
 * its renderer runs the page. Values are kept only when they were asked for, and only within
 * the frame's value budget. Null when it is not an answer.
 */
export function readFrameAnswer(raw: unknown, includeValues: boolean): FrameAnswer | null {
  if (!isRecord(raw) || !isString(raw.url) || !isRecord(raw.dropped)) return null;
  const origin = raw.origin === null ? null : readOrigin(raw.origin);
  if (origin === null && raw.origin !== null) return null;
  const dropped: FrameDropped = {
    keys: sizeOrNull(raw.dropped.keys) ?? 0,
    values: sizeOrNull(raw.dropped.values) ?? 0,
    databases: sizeOrNull(raw.dropped.databases) ?? 0,
  };
  const items: FrameItem[] = [];
  const perArea = { local: 0, session: 0 };
  let budget = MAX_VALUE_CHARS_PER_FRAME;
  const rawItems = Array.isArray(raw.items) ? raw.items : [];
  // Past the frame's own cap, whatever else a list holds is not read, only counted.
  const readable = Math.min(rawItems.length, STORAGE_AREAS.length * MAX_KEYS_PER_AREA);
  dropped.keys += rawItems.length - readable;
  for (let i = 0; i < readable; i++) {
    const entry = rawItems[i];
    const item = isRecord(entry) ? readItem(entry, includeValues) : null;
    if (item === null || perArea[item.area] >= MAX_KEYS_PER_AREA) {
      dropped.keys++;
      continue;
    }
    perArea[item.area]++;
    if (item.value !== undefined) {
      if (item.value.length > budget) {
        delete item.value;
        delete item.valueCut;
        dropped.values++;
      } else budget -= item.value.length;
    }
    items.push(item);
  }
  let indexedDB: string[] | null = null;
  if (Array.isArray(raw.indexedDB)) {
    const names = raw.indexedDB.filter(isString);
    dropped.databases += raw.indexedDB.length - Math.min(names.length, MAX_DATABASES);
    indexedDB = names.slice(0, MAX_DATABASES).map((name) => cut(name, MAX_KEY_LENGTH));
  }
  const unavailable = [...new Set(Array.isArray(raw.unavailable) ? raw.unavailable.filter(isStorageKind) : [])];
  return { origin, url: cut(raw.url, MAX_FRAME_URL_LENGTH), items, indexedDB, unavailable, dropped };
}

/** A frame's answer to a deletion, checked; nothing removed when it is not one. */
export function readDeleteAnswer(raw: unknown): DeleteAnswer {
  if (!isRecord(raw)) return { matched: false, removed: 0, pending: 0 };
  return { matched: raw.matched === true, removed: sizeOrNull(raw.removed) ?? 0, pending: sizeOrNull(raw.pending) ?? 0 };
}
