/**
 * What both browsers must show of the recipe site's web storage (RECIPES in support/server.mjs):
 * Segment's id and traits and the page's step in the site's own storage, saved recipes in its
 * IndexedDB, and the Vimeo player's volume in the player frame's own (partitioned) storage;
 * read through Cookie Audit's content script in each frame, in getReport and the Storage view,
 * and deleted there.
 */
import { expect } from 'vitest';
import { waitUntil, type EvaluatingPage } from './popup';
import { HOSTS, RECIPES } from './support/server.mjs';

type Url = (host: string, path?: string) => string;

export interface StorageItem {
  origin: string;
  frameUrl: string;
  area: string;
  key: string;
  size: number;
  writtenBy?: string;
  scriptKind?: string;
  identifier: boolean;
  phase: string | null;
  value?: string;
}

export interface StorageReportPart {
  storage: StorageItem[];
  storageOrigins: { origin: string; site: string; frameUrls: string[]; firstParty: boolean; partitioned: boolean; indexedDB: string[] | null }[];
  storageFrames: { read: number; unanswered: number; dropped: number };
  activity: { thirdParties: { site: string; wroteFirstPartyStorage: string[] }[] } | null;
}

/** The page's own storage as the page itself reads it, and its IndexedDB names (run in the page or a frame). */
export interface PageStorage {
  local: Record<string, string>;
  session: Record<string, string>;
  databases: string[];
}

/** Runs in a frame of the page: what it keeps, read by the page itself. */
export async function readOwnStorage(): Promise<PageStorage> {
  const all = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i)!, s.getItem(s.key(i)!)!]));
  const databases = (await indexedDB.databases()).map((d) => d.name ?? '');
  return { local: all(localStorage), session: all(sessionStorage), databases };
}

const segmentScript = (url: Url) => url(HOSTS.segment, `/analytics.js/v1/${RECIPES.segmentWriteKey}/analytics.min.js`);

/** The keys every reading of the recipe page must list once the page has written them all. */
const EXPECTED_KEYS = ['ajs_anonymous_id', 'ajs_user_traits', 'recipe_step', 'sync_volume'];

/** The report once every key is listed with its writer and the saved recipes' database exists; else an error saying what is missing. */
export function whenStored<T extends StorageReportPart>(report: T): T {
  const missing = EXPECTED_KEYS.filter((key) => !report.storage.some((i) => i.key === key && i.writtenBy));
  if (!report.storageOrigins.some((o) => o.indexedDB?.includes('keyval-store'))) missing.push('IndexedDB keyval-store');
  if (missing.length > 0) throw new Error(`not yet listed: ${missing.join(', ')}; listed: ${report.storage.map((i) => `${i.key}:${i.writtenBy ?? '-'}`).join(' ')}`);
  return report;
}

/** getReport's storage: each key under its origin, the script that wrote it, identifiers flagged, no values. */
export function assertReportStorage(report: StorageReportPart, url: Url): void {
  const recipes = url(HOSTS.recipes, '');
  const player = url(HOSTS.vimeoPlayer, '');
  const playerFrame = url(HOSTS.vimeoPlayer, `/video/${RECIPES.vimeoVideo}`);
  const byKey = (a: StorageItem, b: StorageItem) => a.origin.localeCompare(b.origin) || a.key.localeCompare(b.key);
  // The recipe site reports no consent signal: each key was first written in an unknown phase.
  expect([...report.storage].sort(byKey)).toEqual(
    [
      { origin: recipes, frameUrl: url(HOSTS.recipes), area: 'local', key: 'ajs_anonymous_id', size: 16 + 38, identifier: true, writtenBy: segmentScript(url), scriptKind: 'file', phase: 'unknown' },
      { origin: recipes, frameUrl: url(HOSTS.recipes), area: 'local', key: 'ajs_user_traits', size: 15 + 2, identifier: false, writtenBy: segmentScript(url), scriptKind: 'file', phase: 'unknown' },
      { origin: recipes, frameUrl: url(HOSTS.recipes), area: 'session', key: 'recipe_step', size: 11 + 1, identifier: false, writtenBy: url(HOSTS.recipes), scriptKind: 'inline', phase: 'unknown' },
      { origin: player, frameUrl: playerFrame, area: 'local', key: 'sync_volume', size: 11 + 3, identifier: false, writtenBy: url(HOSTS.vimeoCdn, RECIPES.vimeoPlayerScript), scriptKind: 'file', phase: 'unknown' },
    ].sort(byKey),
  );
  expect(report.storageOrigins).toEqual([
    expect.objectContaining({ origin: recipes, site: 'recipes.test', frameUrls: [url(HOSTS.recipes)], firstParty: true, partitioned: false, indexedDB: ['keyval-store'] }),
    expect.objectContaining({ origin: player, site: 'vimeo.com', frameUrls: [playerFrame], firstParty: false, partitioned: true, indexedDB: [] }),
  ]);
  expect(report.storageFrames).toEqual({ read: 2, unanswered: 0, dropped: 0 });
  const wrote = Object.fromEntries(report.activity!.thirdParties.map((p) => [p.site, p.wroteFirstPartyStorage]));
  expect(wrote).toMatchObject({ 'segment.com': ['ajs_anonymous_id', 'ajs_user_traits'], 'vimeocdn.com': [], 'googletagmanager.com': [] });
}

/** A rendered key of the Storage view. */
export interface StorageRow {
  origin: string;
  key: string;
  cells: string[];
  header: string;
}

/** Show the Storage view and read its rows (run against the popup). */
export async function readStorageView(popup: EvaluatingPage): Promise<StorageRow[]> {
  return (await popup.evaluate(() => {
    document.getElementById('tab-storage')?.click();
    const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    return [...document.querySelectorAll<HTMLTableRowElement>('section.storage-origin tr.storage-row')].map((row) => {
      const section = row.closest<HTMLElement>('section.storage-origin')!;
      return { origin: section.dataset.origin ?? '', key: row.dataset.key ?? '', cells: [...row.cells].map(text), header: text(section.querySelector('.origin-header')) + ' | ' + text(section.querySelector('.frames')) + ' | ' + text(section.querySelector('.databases')) };
    });
  })) as StorageRow[];
}

/** The Storage view: keys per origin, values masked, writers named as the page reported them, identifiers flagged; a reveal shows the page's value. */
export async function assertStorageView(popup: EvaluatingPage, url: Url, pageValue: string): Promise<void> {
  const rows = await waitUntil('the Storage view lists every key with its writer', async () => {
    const read = await readStorageView(popup);
    return EXPECTED_KEYS.every((key) => read.some((r) => r.key === key && !r.cells[4].startsWith('Not seen'))) ? read : null;
  });
  const row = (key: string) => rows.find((r) => r.key === key)!;
  expect(row('ajs_anonymous_id')).toMatchObject({ origin: url(HOSTS.recipes, '') });
  expect(row('ajs_anonymous_id').cells[0]).toBe('ajs_anonymous_id Identifier-like');
  expect(row('ajs_anonymous_id').cells.slice(2, 5)).toEqual(['localStorage', '54 chars', 'A script from segment.com (reported by the page)']);
  expect(row('ajs_user_traits').cells[0]).toBe('ajs_user_traits');
  expect(row('recipe_step').cells.slice(2, 5)).toEqual(['sessionStorage', '12 chars', 'An inline script of recipes.test (reported by the page)']);
  expect(row('sync_volume')).toMatchObject({ origin: url(HOSTS.vimeoPlayer, '') });
  expect(row('sync_volume').cells[4]).toBe('A script from vimeocdn.com (reported by the page)');
  expect(row('sync_volume').header).toContain('Partitioned under recipes.test');
  expect(row('sync_volume').header).toContain(`In the frame ${url(HOSTS.vimeoPlayer, `/video/${RECIPES.vimeoVideo}`)}`);
  expect(row('ajs_anonymous_id').header).toContain('IndexedDB: keyval-store');
  // Masked: the id is nowhere on screen until revealed.
  const uuid = JSON.parse(pageValue) as string;
  expect(await popup.evaluate(() => document.body.textContent)).not.toContain(uuid);
  const revealed = await popup.evaluate(() => {
    const row = document.querySelector('tr.storage-row[data-key="ajs_anonymous_id"]')!;
    row.querySelector<HTMLButtonElement>('button[aria-label="Show value of ajs_anonymous_id"]')!.click();
    return new Promise<string>((resolve) => requestAnimationFrame(() => resolve(row.querySelector('code')?.textContent ?? '')));
  });
  expect(revealed).toBe(pageValue);
}

/** Click a control of the Storage view by its accessible label (run against the popup). */
export async function clickLabelled(popup: EvaluatingPage, label: string): Promise<void> {
  // Playwright's and Puppeteer's evaluate both pass an argument; EvaluatingPage types only the common, argument-less form.
  const evaluate = popup.evaluate.bind(popup) as unknown as (fn: (l: string) => boolean, arg: string) => Promise<boolean>;
  const clicked = await evaluate((l) => {
    const button = [...document.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.getAttribute('aria-label') === l || b.textContent?.trim() === l);
    button?.click();
    return button !== undefined;
  }, label);
  expect(clicked, `a button labelled ${label}`).toBe(true);
}
