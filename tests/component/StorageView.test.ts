// @vitest-environment jsdom
/**
 * The Storage view (components/StorageView.svelte) against a background faked at
 * `runtime.sendMessage`: each origin's keys with sizes, the script the page reported, identifier-
 * like values flagged and masked until revealed, IndexedDB names; deleting a key at once and an
 * origin's storage only after confirming; the page's strings rendered as text.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import StorageView from '../../components/StorageView.svelte';
import type { Message } from '../../lib/messages';
import type { StorageReport } from '../../lib/storage/merge';

const TAB = 7;
const PAGE = 'https://recipes.test/';
const PLAYER = 'https://player.vimeo.com/video/76979871';
const SEGMENT = 'https://cdn.segment.com/analytics.js/v1/w8kEYr3c1p3sT4bL3/analytics.min.js';
const SEGMENT_ID = '"6f1c2a9e-3b7d-4e58-a0c4-9d2e81f7b365"';
const HOSTILE = '<img src=x onerror="window.pwned=1">';

const storage = (): StorageReport => ({
  storage: [
    { origin: 'https://recipes.test', frameUrl: PAGE, area: 'local', key: 'ajs_anonymous_id', size: 54, identifier: true, writtenBy: SEGMENT, scriptKind: 'file', value: SEGMENT_ID, phase: 'before-choice' },
    { origin: 'https://recipes.test', frameUrl: PAGE, area: 'local', key: HOSTILE, size: 60, identifier: false, value: HOSTILE, phase: null },
    { origin: 'https://recipes.test', frameUrl: PAGE, area: 'session', key: 'recipe_scroll', size: 17, identifier: false, writtenBy: PAGE, scriptKind: 'inline', value: '1840', phase: 'unknown' },
    { origin: 'https://player.vimeo.com', frameUrl: PLAYER, area: 'local', key: 'sync_volume', size: 15, identifier: false, value: '0.75', phase: 'after-refusal' },
  ],
  storageOrigins: [
    {
      origin: 'https://recipes.test',
      site: 'recipes.test',
      frameUrls: [PAGE],
      firstParty: true,
      partitioned: false,
      keys: { local: 2, session: 1 },
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
      indexedDB: [],
      unavailable: [],
      dropped: { keys: 12, values: 0, databases: 0 },
    },
  ],
  storageFrames: { read: 2, unanswered: 1, dropped: 0 },
});

let sent: Message[];
let current: StorageReport;

beforeEach(() => {
  fakeBrowser.reset();
  sent = [];
  current = storage();
  vi.spyOn(fakeBrowser.runtime, 'connect').mockImplementation((() => ({ onMessage: { addListener: () => {} }, onDisconnect: { addListener: () => {} }, postMessage: () => {}, disconnect: () => {} })) as never);
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: Message) => {
    // What the browser does to every message: a structured clone, which a Proxy fails.
    const copy = structuredClone(message);
    sent.push(copy);
    if (copy.type === 'getStorage') return { ok: true, result: current };
    if (copy.type === 'deleteStorageKey') {
      current = { ...current, storage: current.storage.filter((i) => !(i.origin === copy.origin && i.key === copy.key)) };
      return { ok: true, result: { removed: 1 } };
    }
    if (copy.type === 'deleteOriginStorage') {
      current = { ...current, storage: current.storage.filter((i) => i.origin !== copy.origin), storageOrigins: current.storageOrigins.filter((o) => o.origin !== copy.origin) };
      return { ok: true, result: { removed: 1, pending: 0 } };
    }
    return { ok: false, error: 'unexpected' };
  }) as never);
});

const section = (origin: string) => document.querySelector<HTMLElement>(`section[data-origin="${origin}"]`)!;
const row = (origin: string, key: string) => [...section(origin).querySelectorAll<HTMLTableRowElement>('tr.storage-row')].find((r) => r.dataset.key === key)!;

async function shown() {
  const view = render(StorageView, { tabId: TAB, pageSite: 'recipes.test' });
  await screen.findByRole('heading', { name: 'https://recipes.test' });
  return view;
}

describe('the Storage view', () => {
  it('asks for the tab’s storage with values, and lists each origin’s keys with area, size and writer', async () => {
    await shown();
    expect(sent[0]).toEqual({ type: 'getStorage', tabId: TAB, includeValues: true });
    const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();
    const cells = (r: HTMLTableRowElement) => [...r.cells].slice(2, 5).map(text);
    expect(cells(row('https://recipes.test', 'ajs_anonymous_id'))).toEqual(['localStorage', '54 chars', 'A script from segment.com (reported by the page)']);
    expect(cells(row('https://recipes.test', 'recipe_scroll'))).toEqual(['sessionStorage', '17 chars', 'An inline script of recipes.test (reported by the page)']);
    expect(cells(row('https://player.vimeo.com', 'sync_volume'))).toEqual(['localStorage', '15 chars', 'Not seen']);
    expect(text(section('https://recipes.test'))).toContain('IndexedDB: keyval-store');
    expect(text(section('https://player.vimeo.com'))).toContain('Partitioned under recipes.test');
    expect(text(section('https://player.vimeo.com'))).toContain(`In the frame ${PLAYER}`);
    expect(text(section('https://player.vimeo.com'))).toContain('12 more keys not listed');
    expect(text(document.body)).toContain('1 frame did not answer');
  });

  it('says in which consent phase the page first set a key, as cookie rows do, and nothing when it is unknown or not set', async () => {
    await shown();
    const phase = (origin: string, key: string) => row(origin, key).querySelector<HTMLElement>('.phase');
    expect(phase('https://recipes.test', 'ajs_anonymous_id')?.textContent).toBe('stored before any choice');
    expect(phase('https://recipes.test', 'ajs_anonymous_id')?.dataset.phase).toBe('before-choice');
    expect(phase('https://recipes.test', 'ajs_anonymous_id')?.title).toMatch(/^When the page first wrote this key, as the page reported it/);
    expect(phase('https://player.vimeo.com', 'sync_volume')?.textContent).toBe('stored after refusal');
    expect(phase('https://recipes.test', 'recipe_scroll')).toBeNull();
    expect(phase('https://recipes.test', HOSTILE)).toBeNull();
  });

  it('flags identifier-like values and keeps every value masked until revealed', async () => {
    await shown();
    expect(within(row('https://recipes.test', 'ajs_anonymous_id')).getByText('Identifier-like')).toBeTruthy();
    expect(within(row('https://recipes.test', 'recipe_scroll')).queryByText('Identifier-like')).toBeNull();
    expect(document.body.textContent).not.toContain('6f1c2a9e');
    await fireEvent.click(screen.getByRole('button', { name: 'Show value of ajs_anonymous_id' }));
    expect(row('https://recipes.test', 'ajs_anonymous_id').querySelector('code')?.textContent).toBe(SEGMENT_ID);
  });

  it('renders the page’s strings as text', async () => {
    await shown();
    await fireEvent.click(screen.getByRole('button', { name: `Show value of ${HOSTILE}` }));
    expect(document.querySelector('img')).toBeNull();
    expect(row('https://recipes.test', HOSTILE).querySelector('code')?.textContent).toBe(HOSTILE);
    expect((window as { pwned?: number }).pwned).toBeUndefined();
  });

  it('deletes a key with its button, and reads the storage again', async () => {
    await shown();
    await fireEvent.click(screen.getByRole('button', { name: 'Delete recipe_scroll from the sessionStorage of https://recipes.test' }));
    await waitFor(() => expect(document.querySelector('tr.storage-row[data-key="recipe_scroll"]')).toBeNull());
    expect(sent.find((m) => m.type === 'deleteStorageKey')).toEqual({ type: 'deleteStorageKey', tabId: TAB, origin: 'https://recipes.test', area: 'session', key: 'recipe_scroll', keyCut: false });
    expect(screen.getByRole('status', { hidden: true }).textContent).toBe('Deleted recipe_scroll from the session storage of https://recipes.test.');
  });

  it('deletes an origin’s storage only once confirmed', async () => {
    await shown();
    await fireEvent.click(screen.getByRole('button', { name: 'Delete all storage of https://player.vimeo.com' }));
    await fireEvent.click(within(screen.getByRole('group', { name: 'Confirm deleting the storage of https://player.vimeo.com' })).getByRole('button', { name: 'Cancel' }));
    expect(sent.some((m) => m.type === 'deleteOriginStorage')).toBe(false);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete all storage of https://player.vimeo.com' }));
    await fireEvent.click(within(screen.getByRole('group', { name: 'Confirm deleting the storage of https://player.vimeo.com' })).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(document.querySelector('section[data-origin="https://player.vimeo.com"]')).toBeNull());
    expect(sent.filter((m) => m.type === 'deleteOriginStorage')).toEqual([{ type: 'deleteOriginStorage', tabId: TAB, origin: 'https://player.vimeo.com' }]);
    expect(section('https://recipes.test')).toBeTruthy();
  });

  it('says why when a deletion removed nothing', async () => {
    await shown();
    vi.mocked(fakeBrowser.runtime.sendMessage).mockImplementation((async (message: Message) =>
      message.type === 'getStorage' ? { ok: true, result: current } : { ok: true, result: { removed: 0 } }) as never);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete sync_volume from the localStorage of https://player.vimeo.com' }));
    expect((await screen.findByRole('alert')).textContent).toBe('sync_volume was not deleted: it is no longer stored, or its frame did not answer.');
  });
});
