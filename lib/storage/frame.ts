/**
 * Our isolated-world content script's part in a frame (entrypoints/script-writes-relay.content.ts):
 * read the frame's web storage and IndexedDB names for the background, or delete a key or the
 * origin's storage. The frame's storage is handed in (`FrameAccess`), so this is tested without
 * a browser, against hostile storage: 100,000 keys, huge keys and values, non-strings.
 *
 * The page owns what its storage holds: reading it costs at most MAX_KEYS_PER_AREA keys per area
 * (a value is read once, to know its size, and judged on its start), and nothing read is kept.
 */
import { looksLikeIdentifier } from '../identifiers';
import {
  DELETE_STORAGE,
  MAX_DATABASES,
  MAX_FRAME_URL_LENGTH,
  MAX_KEY_LENGTH,
  MAX_KEYS_PER_AREA,
  MAX_VALUE_CHARS_PER_FRAME,
  MAX_VALUE_LENGTH,
  readFrameRequest,
  STORAGE_AREAS,
  type DeleteAnswer,
  type DeleteTarget,
  type FrameAnswer,
  type FrameItem,
  type StorageArea,
} from './protocol';

/** The part of the DOM's `Storage` used here. */
export interface StorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  removeItem(key: string): void;
  clear(): void;
}

export type DatabaseDeletion = 'deleted' | 'pending' | 'failed';

/** The frame's IndexedDB, as far as it is used here. */
export interface DatabasesLike {
  /** `indexedDB.databases()`: a list of `{ name, version }`; null when it cannot say. */
  list(): Promise<unknown>;
  /** `indexedDB.deleteDatabase(name)`: pending while the page keeps a connection open. */
  delete(name: string): Promise<DatabaseDeletion>;
}

/** What a frame offers: its origin and address, and its storage, each of which may throw. */
export interface FrameAccess {
  /** `self.origin`: 'null' for an opaque origin. */
  origin: string;
  url: string;
  /** Throws when the frame may not use that area (opaque origin, storage disabled). */
  area(area: StorageArea): StorageLike;
  /** Throws when the frame may not use IndexedDB; null when the browser cannot list databases. */
  databases(): DatabasesLike | null;
}

const cut = (s: string, max: number): string => (s.length > max ? s.slice(0, max) : s);

/** The frame's origin, or null when it is opaque (no storage of its own to show). */
const originOf = (access: FrameAccess): string | null => (/^https?:\/\//.test(access.origin) ? access.origin : null);

/** The number of keys an area says it has, 0 when that is not a count. */
function lengthOf(storage: StorageLike): number {
  const length = storage.length;
  return Number.isSafeInteger(length) && length > 0 ? length : 0;
}

function areaOf(access: FrameAccess, area: StorageArea): StorageLike | null {
  try {
    return access.area(area) ?? null;
  } catch {
    return null;
  }
}

/** The frame's keys, their sizes and identifier verdicts, its IndexedDB names; values only when asked for. */
export async function readFrame(access: FrameAccess, includeValues: boolean): Promise<FrameAnswer> {
  const answer: FrameAnswer = {
    origin: originOf(access),
    url: cut(String(access.url), MAX_FRAME_URL_LENGTH),
    items: [],
    indexedDB: null,
    unavailable: [],
    dropped: { keys: 0, values: 0, databases: 0 },
  };
  if (answer.origin === null) {
    answer.unavailable.push(...STORAGE_AREAS, 'indexedDB');
    return answer;
  }
  let budget = MAX_VALUE_CHARS_PER_FRAME;
  for (const area of STORAGE_AREAS) {
    const storage = areaOf(access, area);
    if (storage === null) {
      answer.unavailable.push(area);
      continue;
    }
    try {
      const length = lengthOf(storage);
      const read = Math.min(length, MAX_KEYS_PER_AREA);
      answer.dropped.keys += length - read;
      for (let i = 0; i < read; i++) {
        const item = itemAt(storage, i, area);
        if (item === null) {
          answer.dropped.keys++;
          continue;
        }
        if (includeValues) {
          if (item.value.length <= budget) {
            budget -= item.value.length;
            answer.items.push(item);
            continue;
          }
          answer.dropped.values++;
        }
        answer.items.push(withoutValue(item));
      }
    } catch {
      // The page's storage changed under us or the browser refused mid-way: what was read stands.
    }
  }
  await listDatabases(access, answer);
  return answer;
}

/** The key at `index` with its size, verdict and value (cut); null when it cannot be read. */
function itemAt(storage: StorageLike, index: number, area: StorageArea): (FrameItem & { value: string }) | null {
  const key = storage.key(index);
  if (typeof key !== 'string') return null;
  const value = storage.getItem(key);
  if (typeof value !== 'string') return null;
  const kept = cut(value, MAX_VALUE_LENGTH);
  const item: FrameItem & { value: string } = {
    area,
    key: cut(key, MAX_KEY_LENGTH),
    keyCut: key.length > MAX_KEY_LENGTH,
    size: key.length + value.length,
    identifier: looksLikeIdentifier(kept),
    value: kept,
  };
  if (kept.length < value.length) item.valueCut = true;
  return item;
}

function withoutValue({ value: _value, valueCut: _cut, ...item }: FrameItem): FrameItem {
  return item;
}

async function listDatabases(access: FrameAccess, answer: FrameAnswer): Promise<void> {
  let databases: DatabasesLike | null;
  try {
    databases = access.databases();
  } catch {
    answer.unavailable.push('indexedDB');
    return;
  }
  if (databases === null) return;
  const names = await databaseNames(databases);
  if (names === null) return;
  answer.indexedDB = names.slice(0, MAX_DATABASES).map((name) => cut(name, MAX_KEY_LENGTH));
  answer.dropped.databases += Math.max(0, names.length - MAX_DATABASES);
}

/** The database names `databases()` lists, each once, in its order; null when it lists nothing readable. */
async function databaseNames(databases: DatabasesLike): Promise<string[] | null> {
  let list: unknown;
  try {
    list = await databases.list();
  } catch {
    return null;
  }
  if (!Array.isArray(list)) return null;
  const names = new Set<string>();
  // A page cannot add databases faster than we read them: the browser's list is bounded, but be sure.
  for (const entry of list.slice(0, MAX_DATABASES * 2)) {
    const name = typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined;
    if (typeof name === 'string') names.add(name);
  }
  return [...names];
}

/** Remove one key, or (cut keys) every key that starts with it and is longer than a key is shown. */
function removeKey(storage: StorageLike, key: string, keyCut: boolean): number {
  if (!keyCut) {
    if (storage.getItem(key) === null) return 0;
    storage.removeItem(key);
    return 1;
  }
  const victims: string[] = [];
  const length = lengthOf(storage);
  for (let i = 0; i < length; i++) {
    const k = storage.key(i);
    if (typeof k === 'string' && k.length > MAX_KEY_LENGTH && k.startsWith(key)) victims.push(k);
  }
  for (const k of victims) storage.removeItem(k);
  return victims.length;
}

/** Delete what the target names in this frame, if the frame is of `origin`. */
export async function deleteInFrame(access: FrameAccess, origin: string, target: DeleteTarget): Promise<DeleteAnswer> {
  const answer: DeleteAnswer = { matched: false, removed: 0, pending: 0 };
  // Another origin's frame of the same tab: not its storage to touch.
  if (originOf(access) !== origin) return answer;
  answer.matched = true;
  if (target !== 'all') {
    const storage = areaOf(access, target.area);
    try {
      if (storage !== null) answer.removed += removeKey(storage, target.key, target.keyCut);
    } catch {
      // The browser refused (storage disabled meanwhile): nothing was removed.
    }
    return answer;
  }
  for (const area of STORAGE_AREAS) {
    const storage = areaOf(access, area);
    if (storage === null) continue;
    try {
      const length = lengthOf(storage);
      storage.clear();
      answer.removed += length;
    } catch {
      // As above: this area stays as it was.
    }
  }
  let databases: DatabasesLike | null = null;
  try {
    databases = access.databases();
  } catch {
    // No IndexedDB for this frame: nothing to delete there.
  }
  for (const name of (databases && (await databaseNames(databases))) ?? []) {
    const result = await databases!.delete(name).catch((): DatabaseDeletion => 'failed');
    if (result === 'deleted') answer.removed++;
    else if (result === 'pending') answer.pending++;
  }
  return answer;
}

/**
 * A message our content script received: the background's request, answered; null when it is
 * not one (the content script then leaves the message alone).
 */
export function answerRequest(raw: unknown, access: () => FrameAccess): Promise<FrameAnswer | DeleteAnswer> | null {
  const request = readFrameRequest(raw);
  if (request === null) return null;
  return request.type === DELETE_STORAGE ? deleteInFrame(access(), request.origin, request.target) : readFrame(access(), request.includeValues);
}
