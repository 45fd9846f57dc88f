/**
 * A tab's storage as the report and the Storage view show it (lib/storage/merge.ts): the frames'
 * answers per origin, the page's first, a third party's frame storage marked partitioned and
 * listed under its frame, each key with the script the page reported writing it; frames whose
 * answer the browser's list contradicts are not believed.
 */
import { describe, expect, it } from 'vitest';
import type { StorageWrite } from '../../../lib/monitor/state';
import type { Phase } from '../../../lib/consent/phases';
import { MAX_REPORT_ITEMS, mergeStorage, storageItemKey, type FrameRead } from '../../../lib/storage/merge';
import type { FrameAnswer, FrameItem } from '../../../lib/storage/protocol';

const PAGE = 'https://recipes.test/';
const PLAYER = 'https://player.vimeo.com/video/76979871';
const SEGMENT = 'https://cdn.segment.com/analytics.js/v1/w8kEYr3c1p3sT4bL3/analytics.min.js';
const PLAYER_JS = 'https://f.vimeocdn.com/p/4.38.8/js/player.js';
const T0 = 1_767_000_000_000;

const item = (area: FrameItem['area'], key: string, value: string, identifier = false): FrameItem => ({ area, key, keyCut: false, size: key.length + value.length, identifier, value });

function answer(origin: string | null, url: string, items: FrameItem[], fields: Partial<FrameAnswer> = {}): FrameAnswer {
  return { origin, url, items, indexedDB: [], unavailable: [], dropped: { keys: 0, values: 0, databases: 0 }, ...fields };
}

const SEGMENT_ID = '"6f1c2a9e-3b7d-4e58-a0c4-9d2e81f7b365"';
const TOP: FrameRead = {
  frameId: 0,
  parentFrameId: -1,
  url: PAGE,
  answer: answer(
    'https://recipes.test',
    PAGE,
    [item('local', 'ajs_anonymous_id', SEGMENT_ID, true), item('local', 'ajs_user_traits', '{}'), item('session', 'recipe_scroll', '1840')],
    { indexedDB: ['keyval-store'] },
  ),
};
/** A frame the page made with script: about:blank, of the page's origin and storage. */
const BLANK: FrameRead = { frameId: 3, parentFrameId: 0, url: 'about:blank', answer: answer('https://recipes.test', 'about:blank', [item('local', 'ajs_anonymous_id', SEGMENT_ID, true), item('local', 'late', 'x')]) };
const PLAYER_FRAME: FrameRead = { frameId: 5, parentFrameId: 0, url: PLAYER, answer: answer('https://player.vimeo.com', PLAYER, [item('local', 'sync_volume', '0.75')], { indexedDB: null, unavailable: ['indexedDB'] }) };

const writes: StorageWrite[] = [
  { origin: 'https://recipes.test', area: 'local', key: 'ajs_anonymous_id', op: 'set', writtenBy: SEGMENT, scriptKind: 'file', time: T0 },
  { origin: 'https://recipes.test', area: 'session', key: 'recipe_scroll', op: 'set', writtenBy: PAGE, scriptKind: 'inline', time: T0 },
  // Written, then removed: whatever holds the key now was written unseen.
  { origin: 'https://recipes.test', area: 'local', key: 'ajs_user_traits', op: 'remove', writtenBy: SEGMENT, scriptKind: 'file', time: T0 + 5 },
  { origin: 'https://player.vimeo.com', area: 'local', key: 'sync_volume', op: 'set', writtenBy: PLAYER_JS, scriptKind: 'file', time: T0 },
  // The same key name in another origin's storage is another key.
  { origin: 'https://player.vimeo.com', area: 'local', key: 'late', op: 'set', writtenBy: PLAYER_JS, scriptKind: 'file', time: T0 },
];

/** The consent audit's phases (lib/consent/audit.ts): each key's, by origin, area and name. */
const phases = new Map<string, Phase>([
  [storageItemKey('https://recipes.test', 'local', 'ajs_anonymous_id'), 'before-choice'],
  [storageItemKey('https://player.vimeo.com', 'local', 'sync_volume'), 'after-refusal'],
  // Another origin's `late`: not the page's.
  [storageItemKey('https://player.vimeo.com', 'local', 'late'), 'after-acceptance'],
]);

const merge = (frames: FrameRead[], includeValues = false, storageWrites = writes) => mergeStorage({ pageUrl: PAGE, frames, droppedFrames: 0, storageWrites, phases, includeValues });

describe('a tab’s storage', () => {
  it('lists each origin’s keys once, with the script that wrote each and the consent phase it was first set in, values left out', () => {
    const report = merge([PLAYER_FRAME, BLANK, TOP]);
    expect(report.storage).toEqual([
      { origin: 'https://recipes.test', frameUrl: PAGE, area: 'local', key: 'ajs_anonymous_id', size: 16 + SEGMENT_ID.length, identifier: true, writtenBy: SEGMENT, scriptKind: 'file', phase: 'before-choice' },
      { origin: 'https://recipes.test', frameUrl: PAGE, area: 'local', key: 'ajs_user_traits', size: 17, identifier: false, phase: null },
      { origin: 'https://recipes.test', frameUrl: 'about:blank', area: 'local', key: 'late', size: 5, identifier: false, phase: null },
      { origin: 'https://recipes.test', frameUrl: PAGE, area: 'session', key: 'recipe_scroll', size: 17, identifier: false, writtenBy: PAGE, scriptKind: 'inline', phase: null },
      { origin: 'https://player.vimeo.com', frameUrl: PLAYER, area: 'local', key: 'sync_volume', size: 15, identifier: false, writtenBy: PLAYER_JS, scriptKind: 'file', phase: 'after-refusal' },
    ]);
    expect(report.storageOrigins).toEqual([
      {
        origin: 'https://recipes.test',
        site: 'recipes.test',
        frameUrls: [PAGE, 'about:blank'],
        firstParty: true,
        partitioned: false,
        keys: { local: 3, session: 1 },
        indexedDB: ['keyval-store'],
        unavailable: [],
        dropped: { keys: 0, values: 0, databases: 0 },
      },
      {
        origin: 'https://player.vimeo.com',
        site: 'vimeo.com',
        frameUrls: [PLAYER],
        firstParty: false,
        partitioned: true,
        keys: { local: 1, session: 0 },
        indexedDB: null,
        unavailable: ['indexedDB'],
        dropped: { keys: 0, values: 0, databases: 0 },
      },
    ]);
    expect(report.storageFrames).toEqual({ read: 3, unanswered: 0, dropped: 0 });
  });

  it('keeps values only when asked for', () => {
    expect(merge([TOP], true).storage.map((i) => i.value)).toEqual([SEGMENT_ID, '{}', '1840']);
    expect(merge([TOP], false).storage.some((i) => 'value' in i)).toBe(false);
  });

  it('names no writer for a key cleared after its write', () => {
    const cleared = [...writes, { origin: 'https://recipes.test', area: 'local', key: '', op: 'clear', writtenBy: PAGE, scriptKind: 'inline', time: T0 + 10 } as StorageWrite];
    const report = merge([TOP], false, cleared);
    expect(report.storage.find((i) => i.key === 'ajs_anonymous_id')).not.toHaveProperty('writtenBy');
    expect(report.storage.find((i) => i.key === 'recipe_scroll')).toHaveProperty('writtenBy', PAGE);
  });

  it('marks a first-party frame below a third party’s as partitioned', () => {
    const nested: FrameRead = { frameId: 9, parentFrameId: 5, url: 'https://recipes.test/embed', answer: answer('https://recipes.test', 'https://recipes.test/embed', []) };
    expect(merge([nested]).storageOrigins[0]).toMatchObject({ firstParty: true, partitioned: false });
    expect(merge([PLAYER_FRAME, nested]).storageOrigins.find((o) => o.origin === 'https://recipes.test')).toMatchObject({ firstParty: true, partitioned: true });
  });

  it('believes a frame’s origin only when the browser’s list of frames agrees', () => {
    const liar: FrameRead = { ...PLAYER_FRAME, answer: answer('https://recipes.test', PLAYER, [item('local', 'forged', 'x')]) };
    const strayBlank: FrameRead = { frameId: 7, parentFrameId: 0, url: 'about:blank', answer: answer('https://bank.test', 'about:blank', [item('local', 'forged', 'x')]) };
    const blob: FrameRead = { frameId: 8, parentFrameId: 0, url: 'blob:https://player.vimeo.com/0b7c7c3e-1d2f-4b8e-9a61-2f0c5e8d7a41', answer: answer('https://player.vimeo.com', 'blob:', [item('session', 'ok', '1')]) };
    const silent: FrameRead = { frameId: 10, parentFrameId: 0, url: 'https://ads.example/slot', answer: null };
    const sandboxed: FrameRead = { frameId: 11, parentFrameId: 0, url: 'about:srcdoc', answer: answer(null, 'about:srcdoc', [], { unavailable: ['local', 'session', 'indexedDB'] }) };
    const report = merge([TOP, liar, strayBlank, blob, silent, sandboxed]);
    expect(report.storage.map((i) => `${i.origin} ${i.key}`)).not.toContain('https://recipes.test forged');
    expect(report.storageOrigins.map((o) => o.origin)).toEqual(['https://recipes.test', 'https://player.vimeo.com']);
    expect(report.storage.find((i) => i.key === 'ok')).toMatchObject({ origin: 'https://player.vimeo.com' });
    expect(report.storageFrames).toEqual({ read: 3, unanswered: 3, dropped: 0 });
  });

  it('keeps keys that name object members as plain keys', () => {
    const odd: FrameRead = { ...TOP, answer: answer('https://recipes.test', PAGE, [item('local', '__proto__', '{"polluted":true}'), item('local', 'constructor', 'x'), item('local', '<img src=x onerror=alert(1)>', 'x')]) };
    const report = merge([odd], true);
    expect(report.storage.map((i) => i.key)).toEqual(['<img src=x onerror=alert(1)>', '__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stays within MAX_REPORT_ITEMS across many frames, and counts the rest per origin', () => {
    const frames: FrameRead[] = Array.from({ length: 20 }, (_, f) => {
      const url = `https://ad${f}.example/slot`;
      return { frameId: f + 1, parentFrameId: 0, url, answer: answer(`https://ad${f}.example`, url, Array.from({ length: 500 }, (_, i) => item(i % 2 ? 'local' : 'session', `k${i}`, 'v'))) };
    });
    const report = merge([TOP, ...frames]);
    expect(report.storage).toHaveLength(MAX_REPORT_ITEMS);
    const dropped = report.storageOrigins.reduce((sum, o) => sum + o.dropped.keys, 0);
    expect(dropped).toBe(3 + 20 * 500 - MAX_REPORT_ITEMS);
    expect(report.storageOrigins.reduce((sum, o) => sum + o.keys.local + o.keys.session, 0)).toBe(MAX_REPORT_ITEMS);
  });
});
