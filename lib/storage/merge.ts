/**
 * A tab's web storage, for the report and the Storage view: the answers of its frames
 * (lib/storage/frame.ts, checked by readFrameAnswer) merged per origin, each key with the
 * script the page reported writing it (activity.storageWrites) and the consent phase it was
 * first set in (lib/consent/audit.ts). Frames of one origin share its storage, so a key is
 * listed once, under the first frame that has it; a third party's frame has storage of its own,
 * kept apart for this site by the browser (partitioned), and listed under that frame.
 */
import type { Phase } from '../consent/phases';
import { capUrl, originOf } from '../requests/url';
import type { StorageWrite } from '../monitor/state';
import type { ScriptKind } from '../scripts/stack';
import { siteOfUrl } from '../site';
import { STORAGE_AREAS, type FrameAnswer, type FrameDropped, type StorageArea, type StorageKind } from './protocol';

/** Frames of a tab whose storage is read; further frames are counted. */
export const MAX_FRAMES = 50;
/** Keys in a report across all origins; further keys are counted in their origin's `dropped.keys`. */
export const MAX_REPORT_ITEMS = 2000;

/** A frame of the tab, as the browser lists it, and its answer (null when it gave none). */
export interface FrameRead {
  frameId: number;
  parentFrameId: number;
  /** The frame's address, as the browser lists it (webNavigation.getAllFrames). */
  url: string;
  answer: FrameAnswer | null;
}

/** One key of one origin's web storage. */
export interface ReportStorageItem {
  origin: string;
  /** The address of the frame it was read in. */
  frameUrl: string;
  area: StorageArea;
  key: string;
  /** Characters of key and value (UTF-16 code units, as browsers count the storage quota). */
  size: number;
  /** The script whose write the key holds now, as the page reported it; absent when unknown. */
  writtenBy?: string;
  /** What kind of code that was; present whenever the page reported the write. */
  scriptKind?: ScriptKind;
  /** The consent phase of its first set during this page, as the page reported it; null when the page did not set it. */
  phase: Phase | null;
  /** The value looks like an identifier (the same test as cookie values). */
  identifier: boolean;
  /** Only when values were asked for; cut to MAX_VALUE_LENGTH (`valueCut`). */
  value?: string;
  /** The key was longer than shown: it is cut to 200 characters. */
  keyCut?: true;
  valueCut?: true;
}

/** An origin whose storage the tab's frames have. */
export interface ReportStorageOrigin {
  origin: string;
  site: string;
  /** Addresses of the frames of this origin, as the browser lists them. */
  frameUrls: string[];
  /** Of the page's own site. */
  firstParty: boolean;
  /**
   * Kept apart by the browser for this page's site: a third party's frame, or any frame below
   * one (Chrome's storage partitioning, Firefox's Total Cookie Protection).
   */
  partitioned: boolean;
  /** Keys listed per area. */
  keys: Record<StorageArea, number>;
  /** IndexedDB database names; null when the browser could not list them. */
  indexedDB: string[] | null;
  /** Storage the frames of this origin could not open. */
  unavailable: StorageKind[];
  dropped: FrameDropped;
}

export interface StorageReport {
  storage: ReportStorageItem[];
  storageOrigins: ReportStorageOrigin[];
  /**
   * Frames read; frames that gave no answer (no content script of ours: browser pages, frames
   * loaded before Cookie Audit was, a frame that navigated meanwhile); frames past MAX_FRAMES.
   */
  storageFrames: { read: number; unanswered: number; dropped: number };
}

export const emptyStorage = (): StorageReport => ({ storage: [], storageOrigins: [], storageFrames: { read: 0, unanswered: 0, dropped: 0 } });

/** How deep a chain of frames is walked, at most (the browser lists each frame's parent). */
const MAX_FRAME_DEPTH = 32;

function ancestors(frame: FrameRead, byId: ReadonlyMap<number, FrameRead>): FrameRead[] {
  const chain: FrameRead[] = [];
  for (let parent = byId.get(frame.parentFrameId); parent && chain.length < MAX_FRAME_DEPTH; parent = byId.get(parent.parentFrameId)) chain.push(parent);
  return chain;
}

/**
 * The origin a frame's answer is about, if the browser's list agrees: a web frame's own origin; a
 * `blob:` frame's, written in its address; an `about:blank` or `srcdoc` frame's creator's, one
 * of its ancestors. Null otherwise (it navigated between the listing and the answer).
 */
function originOfFrame(frame: FrameRead, byId: ReadonlyMap<number, FrameRead>): string | null {
  const claimed = frame.answer?.origin ?? null;
  if (claimed === null) return null;
  const own = originOf(frame.url) ?? (frame.url.startsWith('blob:') ? originOf(frame.url.slice(5)) : null);
  if (own !== null) return own === claimed ? claimed : null;
  if (!frame.url.startsWith('about:')) return null;
  return ancestors(frame, byId).some((parent) => originOf(parent.url) === claimed) ? claimed : null;
}

/** One key of one origin's storage across reads and writes. */
export const storageItemKey = (origin: string, area: StorageArea, key: string): string => `${origin}\n${area}\n${key}`;

/**
 * The script behind each key's current value: its latest reported write, if that was a set not
 * followed by a clear of its area. (A key removed or cleared and there now was written unseen,
 * e.g. through a named property.)
 */
function writers(writes: readonly StorageWrite[]): Map<string, StorageWrite> {
  const cleared = new Map<string, number>();
  for (const w of writes) {
    if (w.op !== 'clear') continue;
    const area = `${w.origin}\n${w.area}`;
    cleared.set(area, Math.max(cleared.get(area) ?? -Infinity, w.time));
  }
  const found = new Map<string, StorageWrite>();
  for (const w of writes) {
    if (w.op !== 'set' || (cleared.get(`${w.origin}\n${w.area}`) ?? -Infinity) > w.time) continue;
    const key = storageItemKey(w.origin, w.area, w.key);
    const known = found.get(key);
    if (known === undefined || known.time <= w.time) found.set(key, w);
  }
  return found;
}

const compareItems = (a: ReportStorageItem, b: ReportStorageItem) =>
  STORAGE_AREAS.indexOf(a.area) - STORAGE_AREAS.indexOf(b.area) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The tab's storage: origins in the order of their first frame (the page's first), keys sorted
 * by area and key. Values are kept only when asked for.
 */
export function mergeStorage(input: {
  pageUrl: string;
  frames: readonly FrameRead[];
  droppedFrames: number;
  storageWrites: readonly StorageWrite[];
  /** The consent phase of each key's first set, by storageItemKey; none when not given. */
  phases?: ReadonlyMap<string, Phase>;
  includeValues: boolean;
}): StorageReport {
  const pageSite = siteOfUrl(input.pageUrl);
  const byId = new Map(input.frames.map((f) => [f.frameId, f]));
  const wrote = writers(input.storageWrites);
  const origins = new Map<string, { origin: ReportStorageOrigin; items: Map<string, ReportStorageItem> }>();
  const report = emptyStorage();
  report.storageFrames.dropped = input.droppedFrames;
  // The top frame first: the page's origin leads.
  const frames = [...input.frames].sort((a, b) => (a.frameId === 0 ? -1 : b.frameId === 0 ? 1 : 0));
  for (const frame of frames) {
    const answer = frame.answer;
    const origin = answer && originOfFrame(frame, byId);
    if (!answer || (origin === null && answer.origin !== null)) {
      report.storageFrames.unanswered++;
      continue;
    }
    report.storageFrames.read++;
    // An opaque origin (a sandboxed frame, a data: document) has no storage to list.
    if (origin === null) continue;
    let group = origins.get(origin);
    if (group === undefined) {
      const site = siteOfUrl(origin) ?? origin;
      const firstParty = pageSite !== null && site === pageSite;
      const crossSiteAbove = ancestors(frame, byId).some((parent) => {
        const parentSite = siteOfUrl(parent.url);
        return parentSite !== null && parentSite !== pageSite;
      });
      group = {
        origin: {
          origin,
          site,
          frameUrls: [],
          firstParty,
          partitioned: !firstParty || crossSiteAbove,
          keys: { local: 0, session: 0 },
          indexedDB: answer.indexedDB,
          unavailable: [...answer.unavailable],
          dropped: { ...answer.dropped },
        },
        items: new Map(),
      };
      origins.set(origin, group);
    } else {
      // Frames of one origin share its storage: what they add is what the first could not say.
      group.origin.indexedDB ??= answer.indexedDB;
      group.origin.unavailable = group.origin.unavailable.filter((kind) => answer.unavailable.includes(kind));
    }
    const frameUrl = capUrl(frame.url);
    if (!group.origin.frameUrls.includes(frameUrl)) group.origin.frameUrls.push(frameUrl);
    for (const read of answer.items) {
      const key = storageItemKey(origin, read.area, read.key);
      if (group.items.has(key)) continue;
      const item: ReportStorageItem = { origin, frameUrl, area: read.area, key: read.key, size: read.size, identifier: read.identifier, phase: input.phases?.get(key) ?? null };
      const writer = wrote.get(key);
      if (writer !== undefined) {
        if (writer.writtenBy !== undefined) item.writtenBy = writer.writtenBy;
        item.scriptKind = writer.scriptKind;
      }
      if (input.includeValues && read.value !== undefined) item.value = read.value;
      if (read.keyCut) item.keyCut = true;
      if (input.includeValues && read.valueCut) item.valueCut = true;
      group.items.set(key, item);
    }
  }
  for (const { origin, items } of origins.values()) {
    report.storageOrigins.push(origin);
    const sorted = [...items.values()].sort(compareItems);
    const room = Math.max(0, MAX_REPORT_ITEMS - report.storage.length);
    origin.dropped.keys += Math.max(0, sorted.length - room);
    for (const item of sorted.slice(0, room)) {
      origin.keys[item.area]++;
      report.storage.push(item);
    }
  }
  return report;
}
