/**
 * The background reading and deleting a tab's web storage frame by frame
 * (entrypoints/background/storage.ts, through the message handler): `tabs.sendMessage` to each
 * frame is answered by the content script's own code (lib/storage/frame.ts) over that frame's
 * storage, held in memory. Deletions reach only the frames of the origin named; answers that a
 * frame forges are not believed.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMessageListener } from '../../../entrypoints/background/messages';
import type { LearnedStore } from '../../../entrypoints/background/learned';
import type { MonitorStore } from '../../../entrypoints/background/monitor';
import { clearLearned } from '../../../lib/knowledge/learned';
import { answerRequest, type FrameAccess } from '../../../lib/storage/frame';
import { frame, MemoryDatabases, MemoryStorage } from '../storage/fakes';

const PAGE = 'https://recipes.test/';
const PLAYER = 'https://player.vimeo.com/video/76979871';
const OURS = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
const SEGMENT_ID = '"6f1c2a9e-3b7d-4e58-a0c4-9d2e81f7b365"';

let tabId: number;
let listener: ReturnType<typeof createMessageListener>;
let page: { local: MemoryStorage; session: MemoryStorage; databases: MemoryDatabases };
let player: { local: MemoryStorage; session: MemoryStorage; databases: MemoryDatabases };
/** Frame id → what our content script in it offers; a frame absent here has no content script. */
let frames: Map<number, FrameAccess>;
let asked: number[];

const send = <T>(message: object, sender: object = OURS) => listener(message, sender as never) as Promise<{ ok: boolean; result: T; error?: string }>;

beforeEach(async () => {
  fakeBrowser.reset();
  page = { local: new MemoryStorage({ ajs_anonymous_id: SEGMENT_ID, ajs_user_traits: '{}' }), session: new MemoryStorage({ recipe_scroll: '1840' }), databases: new MemoryDatabases(['keyval-store']) };
  player = { local: new MemoryStorage({ sync_volume: '0.75', ajs_user_traits: 'not the page’s' }), session: new MemoryStorage(), databases: new MemoryDatabases([]) };
  const tab = await fakeBrowser.tabs.create({ url: PAGE });
  tabId = tab.id!;
  frames = new Map([
    [0, frame({ ...page, url: PAGE })],
    // A frame the page made with script: about:blank, of the page's origin and storage.
    [3, frame({ ...page, url: 'about:blank' })],
    [5, frame({ ...player, origin: 'https://player.vimeo.com', url: PLAYER })],
  ]);
  asked = [];
  Object.assign(fakeBrowser.webNavigation, {
    getAllFrames: async () => [
      { frameId: 0, parentFrameId: -1, url: PAGE },
      { frameId: 3, parentFrameId: 0, url: 'about:blank' },
      { frameId: 5, parentFrameId: 0, url: PLAYER },
      // An ad frame loaded before Cookie Audit was: no content script answers there.
      { frameId: 7, parentFrameId: 0, url: 'https://ads.example/slot' },
    ],
  });
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (id: number, message: unknown, options?: { frameId?: number }) => {
    const frameId = options?.frameId ?? -1;
    asked.push(frameId);
    const access = frames.get(frameId);
    if (id !== tabId || !access) throw new Error('Could not establish connection. Receiving end does not exist.');
    // What crosses the boundary: a structured clone of the answer.
    return structuredClone(await answerRequest(structuredClone(message), () => access));
  }) as never);
  vi.spyOn(fakeBrowser.cookies, 'getAll').mockImplementation((async () => []) as never);
  vi.spyOn(fakeBrowser.cookies, 'getAllCookieStores').mockImplementation((async () => [{ id: '0', tabIds: [tabId] }]) as never);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async () => true) as never);
  const monitor = { tab: async () => undefined, failedSaves: () => 0 } as unknown as MonitorStore;
  const learned = { current: async () => clearLearned() } as unknown as LearnedStore;
  listener = createMessageListener(monitor, learned);
});

interface Storage {
  storage: { origin: string; frameUrl: string; area: string; key: string; identifier: boolean; value?: string }[];
  storageOrigins: { origin: string; frameUrls: string[]; partitioned: boolean; indexedDB: string[] | null }[];
  storageFrames: { read: number; unanswered: number; dropped: number };
}

describe('reading a tab’s storage', () => {
  it('asks each frame, and lists the page’s keys and the player’s, each under its origin', async () => {
    const reply = await send<Storage>({ type: 'getStorage', tabId, includeValues: true });
    expect(reply.ok).toBe(true);
    expect(reply.result.storage.map((i) => `${i.origin} ${i.area} ${i.key} ${i.identifier} ${i.value}`)).toEqual([
      `https://recipes.test local ajs_anonymous_id true ${SEGMENT_ID}`,
      'https://recipes.test local ajs_user_traits false {}',
      'https://recipes.test session recipe_scroll false 1840',
      'https://player.vimeo.com local ajs_user_traits false not the page’s',
      'https://player.vimeo.com local sync_volume false 0.75',
    ]);
    expect(reply.result.storageOrigins.map((o) => [o.origin, o.frameUrls, o.partitioned, o.indexedDB])).toEqual([
      ['https://recipes.test', [PAGE, 'about:blank'], false, ['keyval-store']],
      ['https://player.vimeo.com', [PLAYER], true, []],
    ]);
    expect(reply.result.storageFrames).toEqual({ read: 3, unanswered: 1, dropped: 0 });
    expect(asked.sort()).toEqual([0, 3, 5, 7]);
  });

  it('puts the storage in getReport, values only when asked for', async () => {
    const plain = await send<Storage>({ type: 'getReport', tabId });
    expect(plain.result.storage).toHaveLength(5);
    expect(plain.result.storage.some((i) => 'value' in i)).toBe(false);
    const withValues = await send<Storage>({ type: 'getReport', tabId, includeValues: true });
    expect(withValues.result.storage[0].value).toBe(SEGMENT_ID);
  });

  it('does not believe a frame that answers for another origin', async () => {
    frames.set(5, frame({ ...player, origin: 'https://recipes.test', url: PLAYER }));
    const reply = await send<Storage>({ type: 'getStorage', tabId });
    expect(reply.result.storage.filter((i) => i.key === 'sync_volume')).toEqual([]);
    expect(reply.result.storageFrames.unanswered).toBe(2);
  });

  it('asks no frame of a page it may not inspect', async () => {
    const browserPage = await fakeBrowser.tabs.create({ url: 'chrome://settings/' });
    const reply = await send<Storage>({ type: 'getStorage', tabId: browserPage.id });
    expect(reply.result).toEqual({ storage: [], storageOrigins: [], storageFrames: { read: 0, unanswered: 0, dropped: 0 } });
    expect(asked).toEqual([]);
  });
});

describe('deleting a tab’s storage', () => {
  it('deletes one key in the origin named, and not the same key of another origin', async () => {
    const reply = await send({ type: 'deleteStorageKey', tabId, origin: 'https://recipes.test', area: 'local', key: 'ajs_user_traits' });
    expect(reply).toEqual({ ok: true, result: { removed: 1 } });
    expect([...page.local.entries.keys()]).toEqual(['ajs_anonymous_id']);
    expect([...player.local.entries.keys()]).toEqual(['sync_volume', 'ajs_user_traits']);
  });

  it('deletes an origin’s local and session storage and databases, and nothing of the page’s', async () => {
    const reply = await send({ type: 'deleteOriginStorage', tabId, origin: 'https://player.vimeo.com' });
    expect(reply).toEqual({ ok: true, result: { removed: 2, pending: 0 } });
    expect(player.local.length).toBe(0);
    expect(page.local.length + page.session.length).toBe(3);
    asked = [];
    const pageReply = await send({ type: 'deleteOriginStorage', tabId, origin: 'https://recipes.test' });
    expect(pageReply).toEqual({ ok: true, result: { removed: 4, pending: 0 } });
    expect(page.databases.names).toEqual([]);
    // The page's about:blank frame shares its storage: the first frame of the origin acted for both.
    expect(asked).toEqual([0]);
  });

  it('removes nothing for an origin none of the tab’s frames has', async () => {
    expect(await send({ type: 'deleteOriginStorage', tabId, origin: 'https://bank.test' })).toEqual({ ok: true, result: { removed: 0, pending: 0 } });
    expect(page.local.length + player.local.length).toBe(4);
  });

  it('refuses a deletion sent from a page’s content script', async () => {
    const reply = await send({ type: 'deleteOriginStorage', tabId, origin: 'https://recipes.test' }, { id: fakeBrowser.runtime.id, url: PAGE });
    expect(reply.ok).toBe(false);
    expect(asked).toEqual([]);
    expect(page.local.length).toBe(2);
  });
});
