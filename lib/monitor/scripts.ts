/**
 * The cookie and web storage writes the tab's pages reported (lib/scripts/).
 *
 * Cookie writes are joined with the browser's record of the changes (cookies.onChanged, the
 * truth): a change put down to a script gains the script the page named. The two arrive
 * separately and in either order (the page's writes are batched), so each side looks for the
 * other: a change for recent writes of its name (timeline.ts calls creditScript), a batch of
 * writes for recent changes not yet credited.
 *
 * Web storage writes go on the page's list: for each origin, area and key, the script of its
 * latest write (what a view of the page's storage shows beside each key) and when it was first
 * set (the consent phase it appeared in).
 *
 * What a page reports is its claim: it only ever names a script for a change the browser made,
 * of a cookie the writing frame could write, and is shown as "reported by the page".
 */
import { originInfoOf } from '../requests/url';
import type { ScriptKind } from '../scripts/stack';
import { isStorageApi, redactedWrite, type ScriptWrite } from '../scripts/writes';
import { siteOfHost, siteOfUrl } from '../site';
import { cookieGoesTo } from './attribution';
import type { ScriptWritesEvent } from './events';
import { MAX_STORAGE_WRITES_PER_PAGE, type CookieChange, type MonitorState, type PageRecord, type RecentScriptWrite, type StorageWrite, type TabRecord } from './state';

/**
 * How far apart a reported write and the change it caused may be. The page's writes reach the
 * background a few hundred milliseconds after they were made (they are batched); both clocks
 * are the computer's.
 */
export const SCRIPT_ATTRIBUTION_WINDOW_MS = 3000;
/** Reported writes kept per tab for changes still to come. */
export const MAX_RECENT_SCRIPT_WRITES = 64;

function matches(entry: CookieChange, { write, host }: RecentScriptWrite): boolean {
  if (entry.cookie.name !== write.name) return false;
  // A set with an expiry in the past removes the cookie; a delete never creates one.
  if (write.op === 'delete' && entry.change !== 'removed') return false;
  // The frame could only have written a cookie for its own host (or a domain above it).
  if (host !== null && !cookieGoesTo(entry.cookie, host)) return false;
  return Math.abs(entry.time - write.time) <= SCRIPT_ATTRIBUTION_WINDOW_MS;
}

/** The reported write closest in time to a change put down to a script, if any. */
function writeFor(tab: TabRecord, entry: CookieChange): RecentScriptWrite | null {
  let best: RecentScriptWrite | null = null;
  for (const recent of tab.recentScriptWrites) {
    if (!matches(entry, recent)) continue;
    if (best === null || Math.abs(recent.write.time - entry.time) < Math.abs(best.write.time - entry.time)) best = recent;
  }
  return best;
}

function credit(entry: CookieChange, { write }: RecentScriptWrite): void {
  if (write.url !== null) entry.script = write.url;
  entry.scriptKind = write.kind;
  entry.scriptWrite = redactedWrite(write);
}

/** A change the timeline just put down to a script: the script its page reported, if the write came first. */
export function creditScript(tab: TabRecord, entry: CookieChange): void {
  if (tab.recentScriptWrites.length === 0) return;
  const write = writeFor(tab, entry);
  if (write !== null) credit(entry, write);
}

/** A change first put down to a script turned out to be a response's (its Set-Cookie came late). */
export function forgetScript(entry: CookieChange): void {
  delete entry.script;
  delete entry.scriptKind;
  delete entry.scriptWrite;
}

/**
 * A frame's batch of reported writes. Cookie writes are remembered for changes to come and
 * credited to recent ones; web storage writes go on the page's list, the latest per key.
 */
export function recordScriptWrites(state: MonitorState, event: ScriptWritesEvent): boolean {
  const tab = state.tabs.get(event.tabId);
  if (tab === undefined) return false;
  let changed = false;
  if (event.dropped > 0) {
    tab.page.dropped.scriptWrites += event.dropped;
    changed = true;
  }
  if (event.writes.length === 0) return changed && touch(state, event.tabId);
  const origin = originInfoOf(event.origin ?? event.documentUrl);
  const host = origin?.host ?? null;
  let earliest = Infinity;
  for (const write of event.writes) {
    if (isStorageApi(write.api)) {
      changed = recordStorageWrite(tab.page, origin?.origin ?? null, write) || changed;
      continue;
    }
    tab.recentScriptWrites.push({ write, host });
    earliest = Math.min(earliest, write.time);
  }
  const excess = tab.recentScriptWrites.length - MAX_RECENT_SCRIPT_WRITES;
  if (excess > 0) tab.recentScriptWrites.splice(0, excess);
  // Changes that came first. The timeline is in arrival order, close to time order: stop well
  // before the window, so a change held a moment (firefox-order.ts) is still seen.
  for (let i = tab.timeline.length - 1; i >= 0; i--) {
    const entry = tab.timeline[i];
    if (entry.time < earliest - 2 * SCRIPT_ATTRIBUTION_WINDOW_MS) break;
    if (entry.setBy !== 'script' || entry.scriptKind !== undefined) continue;
    const write = writeFor(tab, entry);
    if (write === null) continue;
    credit(entry, write);
    changed = true;
  }
  return changed && touch(state, event.tabId);
}

const AREAS = { localStorage: 'local', sessionStorage: 'session' } as const;
const OPS = { set: 'set', delete: 'remove', clear: 'clear' } as const;

/** A web storage write: the latest writer of its key, on the page's list. */
function recordStorageWrite(page: PageRecord, origin: string | null, write: ScriptWrite): boolean {
  // Storage belongs to an origin: a write from a frame without one (opaque) names no storage.
  if (origin === null || !isStorageApi(write.api)) {
    page.dropped.scriptWrites += write.count;
    return true;
  }
  const area = AREAS[write.api];
  const entry: StorageWrite = { origin, area, key: write.name, op: OPS[write.op], scriptKind: write.kind, time: write.time };
  if (write.url !== null) entry.writtenBy = write.url;
  const same = page.storageWrites.findIndex((w) => w.key === write.name && w.area === area && w.origin === origin);
  // The first set outlives later writes: a key stored before the choice was stored, whatever followed.
  const firstSetAt = Math.min(same === -1 ? Infinity : (page.storageWrites[same].firstSetAt ?? Infinity), entry.op === 'set' ? entry.time : Infinity);
  if (firstSetAt !== Infinity) entry.firstSetAt = firstSetAt;
  if (same !== -1) page.storageWrites.splice(same, 1);
  else if (page.storageWrites.length >= MAX_STORAGE_WRITES_PER_PAGE) {
    page.storageWrites.shift();
    page.dropped.scriptWrites++;
  }
  page.storageWrites.push(entry);
  return true;
}

function touch(state: MonitorState, tabId: number): true {
  state.dirty.add(tabId);
  return true;
}

/** The script the page reported for a cookie's latest write. */
export interface CookieScript {
  script?: string;
  scriptKind: ScriptKind;
}

/**
 * The script behind each cookie's latest change, by cookieKey, for the cookies whose latest
 * change was a script's write the page reported (TabRecord.lastChanges). Earlier pages' writes
 * in the tab count: the cookie is the same.
 */
export function cookieScripts(tab: TabRecord): Map<string, CookieScript> {
  const scripts = new Map<string, CookieScript>();
  for (const [key, entry] of tab.lastChanges) {
    if (entry.change === 'removed' || entry.scriptKind === undefined) continue;
    scripts.set(key, entry.script === undefined ? { scriptKind: entry.scriptKind } : { script: entry.script, scriptKind: entry.scriptKind });
  }
  return scripts;
}

/**
 * For each other site whose scripts wrote cookies of the page's own site while the page was on
 * screen: those cookies' names, sorted. What makes a tracker's identifier first-party.
 */
export function firstPartyWritesBySite(tab: TabRecord): Map<string, string[]> {
  const { page } = tab;
  const bySite = new Map<string, Set<string>>();
  if (page.site === null) return new Map();
  for (const entry of tab.timeline) {
    if (entry.time < page.startedAt || entry.script === undefined || entry.scriptKind === 'inline' || entry.change === 'removed') continue;
    const scriptSite = siteOfUrl(entry.script);
    if (scriptSite === null || scriptSite === page.site) continue;
    if ((siteOfHost(entry.cookie.domain) ?? entry.cookie.domain) !== page.site) continue;
    let names = bySite.get(scriptSite);
    if (names === undefined) bySite.set(scriptSite, (names = new Set()));
    names.add(entry.cookie.name);
  }
  return new Map([...bySite].map(([site, names]) => [site, [...names].sort()]));
}

/**
 * For each other site whose scripts wrote keys in the web storage of the page's own site (the
 * latest write of each key a set), as the page reported it: those keys, sorted. An identifier a
 * tracker keeps there survives clearing cookies.
 */
export function firstPartyStorageBySite(tab: TabRecord): Map<string, string[]> {
  const { page } = tab;
  const bySite = new Map<string, Set<string>>();
  if (page.site === null) return new Map();
  for (const write of page.storageWrites) {
    if (write.op !== 'set' || write.writtenBy === undefined || write.scriptKind === 'inline') continue;
    const scriptSite = siteOfUrl(write.writtenBy);
    if (scriptSite === null || scriptSite === page.site || siteOfUrl(write.origin) !== page.site) continue;
    let keys = bySite.get(scriptSite);
    if (keys === undefined) bySite.set(scriptSite, (keys = new Set()));
    keys.add(write.key);
  }
  return new Map([...bySite].map(([site, keys]) => [site, [...keys].sort()]));
}
