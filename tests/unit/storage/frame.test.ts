/**
 * What our content script reads of a frame's storage and deletes there (lib/storage/frame.ts):
 * keys, sizes and identifier verdicts, values only when asked for, IndexedDB names; and, against
 * hostile storage (100,000 keys, huge keys and values, non-strings, an opaque origin), an answer
 * that stays bounded and touches nothing it should not.
 */
import { describe, expect, it, vi } from 'vitest';
import { answerRequest, deleteInFrame, readFrame } from '../../../lib/storage/frame';
import {
  DELETE_STORAGE,
  MAX_DATABASES,
  MAX_KEY_LENGTH,
  MAX_KEYS_PER_AREA,
  MAX_VALUE_CHARS_PER_FRAME,
  MAX_VALUE_LENGTH,
  READ_STORAGE,
  readFrameAnswer,
} from '../../../lib/storage/protocol';
import { frame, MemoryDatabases, MemoryStorage } from './fakes';

/**
 * A page with Segment's analytics.js: it keeps its visitor id, a UUID, JSON-encoded in
 * localStorage, and the user's traits beside it
 * (https://www.twilio.com/docs/segment/connections/sources/catalog/libraries/website/javascript/identity).
 */
const SEGMENT_ID = '"6f1c2a9e-3b7d-4e58-a0c4-9d2e81f7b365"';
const recipes = () => ({
  local: new MemoryStorage({ ajs_anonymous_id: SEGMENT_ID, ajs_user_traits: '{}', recipe_units: 'metric' }),
  session: new MemoryStorage({ recipe_scroll: '1840' }),
  databases: new MemoryDatabases(['keyval-store']),
});

describe('reading a frame’s storage', () => {
  it('lists each key with its size and whether its value looks like an identifier, values left out', async () => {
    const answer = await readFrame(frame(recipes()), false);
    expect(answer).toEqual({
      origin: 'https://recipes.test',
      url: 'https://recipes.test/',
      items: [
        { area: 'local', key: 'ajs_anonymous_id', keyCut: false, size: 16 + SEGMENT_ID.length, identifier: true },
        { area: 'local', key: 'ajs_user_traits', keyCut: false, size: 17, identifier: false },
        { area: 'local', key: 'recipe_units', keyCut: false, size: 18, identifier: false },
        { area: 'session', key: 'recipe_scroll', keyCut: false, size: 17, identifier: false },
      ],
      indexedDB: ['keyval-store'],
      unavailable: [],
      dropped: { keys: 0, values: 0, databases: 0 },
    });
    expect(JSON.stringify(answer)).not.toContain('6f1c2a9e');
  });

  it('sends the values only when asked for', async () => {
    const answer = await readFrame(frame(recipes()), true);
    expect(answer.items.map((i) => [i.key, i.value])).toEqual([
      ['ajs_anonymous_id', SEGMENT_ID],
      ['ajs_user_traits', '{}'],
      ['recipe_units', 'metric'],
      ['recipe_scroll', '1840'],
    ]);
  });

  it.each([
    ['a Google Analytics client id kept by a tag', 'GA1.1.918273645.1732611634', true],
    ['Meta’s browser id', 'fb.1.1732611634123.1234567890', true],
    ['a 32-character hex id', '3f2a9c0e7b5d4a1f8e6c2b9d0a7f3e5c', true],
    ['words that Privacy Badger’s estimate alone would call 94 bits', 'accepted_all_cookies', false],
    ['a settings object', '{"theme":"dark","fontSize":16}', false],
    ['a timestamp', '1767000000000', false],
    ['an address', 'https://recipes.test/dumplings?step=3', false],
  ])('judges %s: identifier %s', async (_what, value, identifier) => {
    const answer = await readFrame(frame({ local: new MemoryStorage({ k: value }), session: new MemoryStorage() }), false);
    expect(answer.items[0].identifier).toBe(identifier);
  });

  it('reads no more than MAX_KEYS_PER_AREA keys of an area holding 100,000, and counts the rest', async () => {
    const many = new MemoryStorage(new Map(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, `v${i}`])));
    const answer = await readFrame(frame({ local: many, session: new MemoryStorage() }), true);
    expect(answer.items).toHaveLength(MAX_KEYS_PER_AREA);
    expect(answer.dropped.keys).toBe(100_000 - MAX_KEYS_PER_AREA);
    expect(many.reads).toBe(MAX_KEYS_PER_AREA);
    expect(JSON.stringify(answer).length).toBeLessThan(30_000);
  });

  it('cuts a huge key and value, counts their full size, and keeps the frame’s values within its budget', async () => {
    const hugeKey = 'k'.repeat(1_000_000);
    const hugeValue = 'x1'.repeat(2_500_000);
    const local = new MemoryStorage(new Map([[hugeKey, 'v'], ...Array.from({ length: 200 }, (_, i): [string, string] => [`big${i}`, hugeValue])]));
    const answer = await readFrame(frame({ local, session: new MemoryStorage() }), true);
    expect(answer.items[0]).toMatchObject({ key: 'k'.repeat(MAX_KEY_LENGTH), keyCut: true, size: 1_000_001, value: 'v' });
    expect(answer.items[1]).toMatchObject({ key: 'big0', size: 4 + 5_000_000, value: hugeValue.slice(0, MAX_VALUE_LENGTH), valueCut: true });
    const sent = answer.items.reduce((sum, i) => sum + (i.value?.length ?? 0), 0);
    expect(sent).toBeLessThanOrEqual(MAX_VALUE_CHARS_PER_FRAME);
    expect(answer.dropped.values).toBe(201 - answer.items.filter((i) => i.value !== undefined).length);
    expect(answer.items).toHaveLength(201);
    expect(JSON.stringify(answer).length).toBeLessThan(MAX_VALUE_CHARS_PER_FRAME + 40_000);
  });

  it('skips what a storage gives that is not a string, and survives a length that is not a count', async () => {
    const odd = {
      length: 3,
      key: (i: number) => [42, 'fine', { toString: () => 'object' }][i] as unknown as string,
      getItem: (k: string) => (k === 'fine' ? 'ok' : null),
      removeItem: () => {},
      clear: () => {},
    };
    const answer = await readFrame(frame({ local: odd, session: { ...odd, length: Number.NaN } }), true);
    expect(answer.items).toEqual([{ area: 'local', key: 'fine', keyCut: false, size: 6, identifier: false, value: 'ok' }]);
    expect(answer.dropped.keys).toBe(2);
  });

  it('answers what it read when a storage throws mid-way', async () => {
    const local = new MemoryStorage({ a: '1', b: '2', c: '3' });
    const getItem = local.getItem.bind(local);
    vi.spyOn(local, 'getItem').mockImplementation((k) => {
      if (k === 'b') throw new DOMException('quota', 'SecurityError');
      return getItem(k);
    });
    const answer = await readFrame(frame({ local, session: new MemoryStorage({ s: '1' }) }), false);
    expect(answer.items.map((i) => `${i.area}:${i.key}`)).toEqual(['local:a', 'session:s']);
  });

  it('names what a frame may not open, and reads nothing of an opaque origin', async () => {
    const sandboxed = frame({ origin: 'null', url: 'about:srcdoc', local: new MemoryStorage({ a: '1' }), session: new MemoryStorage() });
    expect(await readFrame(sandboxed, true)).toMatchObject({ origin: null, items: [], indexedDB: null, unavailable: ['local', 'session', 'indexedDB'] });
    expect(sandboxed.touched).toEqual([]);
    // Storage disabled for the site: every area throws.
    expect(await readFrame(frame({ local: null, session: null }), false)).toMatchObject({ items: [], unavailable: ['local', 'session', 'indexedDB'] });
  });

  it('lists IndexedDB names once each, bounded, and none when the browser cannot list them', async () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `db${i % 500}-${'n'.repeat(i === 0 ? 1000 : 0)}`);
    const answer = await readFrame(frame({ local: new MemoryStorage(), session: new MemoryStorage(), databases: new MemoryDatabases(names) }), false);
    expect(answer.indexedDB).toHaveLength(MAX_DATABASES);
    expect(answer.indexedDB![0]).toHaveLength(MAX_KEY_LENGTH);
    expect(answer.dropped.databases).toBeGreaterThan(0);
    for (const list of [async () => 'not a list', async () => [null, 3, { name: 7 }, { name: 'ok' }], () => Promise.reject(new Error('denied'))]) {
      const odd = { list, delete: async () => 'failed' as const };
      const read = await readFrame(frame({ local: new MemoryStorage(), session: new MemoryStorage(), databases: odd }), false);
      expect(read.indexedDB).toEqual(Array.isArray(await list().catch(() => null)) ? ['ok'] : null);
    }
    expect((await readFrame(frame({ local: new MemoryStorage(), session: new MemoryStorage(), databases: null }), false)).indexedDB).toBeNull();
  });

  it('gives an answer the background accepts as it is', async () => {
    const answer = await readFrame(frame(recipes()), true);
    expect(readFrameAnswer(JSON.parse(JSON.stringify(answer)), true)).toEqual(answer);
  });
});

describe('deleting in a frame', () => {
  it('removes one key of its own origin, and nothing in another origin’s frame', async () => {
    const storage = recipes();
    expect(await deleteInFrame(frame(storage), 'https://recipes.test', { area: 'local', key: 'ajs_anonymous_id', keyCut: false })).toEqual({ matched: true, removed: 1, pending: 0 });
    expect([...storage.local.entries.keys()]).toEqual(['ajs_user_traits', 'recipe_units']);
    const player = frame({ ...recipes(), origin: 'https://player.vimeo.com', url: 'https://player.vimeo.com/video/76979871' });
    expect(await deleteInFrame(player, 'https://recipes.test', { area: 'local', key: 'ajs_user_traits', keyCut: false })).toEqual({ matched: false, removed: 0, pending: 0 });
    expect(player.touched).toEqual([]);
    // A key no longer there: nothing removed.
    expect(await deleteInFrame(frame(storage), 'https://recipes.test', { area: 'session', key: 'ajs_user_traits', keyCut: false })).toMatchObject({ removed: 0 });
    expect(storage.session.length).toBe(1);
  });

  it('removes the keys a cut key stands for, and not a short key with the same start', async () => {
    const long = 'k'.repeat(MAX_KEY_LENGTH);
    const local = new MemoryStorage({ [`${long}-one`]: '1', [`${long}-two`]: '2', [long]: 'exact', other: '3' });
    expect(await deleteInFrame(frame({ local, session: new MemoryStorage() }), 'https://recipes.test', { area: 'local', key: long, keyCut: true })).toMatchObject({ removed: 2 });
    expect([...local.entries.keys()]).toEqual([long, 'other']);
  });

  it('deletes an origin’s local and session storage and its databases; one held open is pending', async () => {
    const storage = { ...recipes(), databases: new MemoryDatabases(['keyval-store', 'firebase-heartbeat-database'], ['firebase-heartbeat-database']) };
    expect(await deleteInFrame(frame(storage), 'https://recipes.test', 'all')).toEqual({ matched: true, removed: 5, pending: 1 });
    expect(storage.local.length + storage.session.length).toBe(0);
    expect(storage.databases.names).toEqual(['firebase-heartbeat-database']);
  });

  it('answers only the background’s own requests, checked', async () => {
    const access = vi.fn(() => frame(recipes()));
    for (const raw of [null, 'readStorage', { type: 'scriptWrites' }, { type: DELETE_STORAGE, origin: 'https://recipes.test/path', target: 'all' }, { type: DELETE_STORAGE, origin: 'https://recipes.test', target: { area: 'indexedDB', key: 'x' } }]) {
      expect(answerRequest(raw, access)).toBeNull();
    }
    expect(access).not.toHaveBeenCalled();
    expect(await answerRequest({ type: READ_STORAGE, includeValues: 'yes' }, access)).toMatchObject({ items: [{ key: 'ajs_anonymous_id' }, {}, {}, {}] });
    expect(((await answerRequest({ type: READ_STORAGE }, access)) as { items: { value?: string }[] }).items.every((i) => i.value === undefined)).toBe(true);
  });
});
