/**
 * The monitor's state in `storage.session`, versioned. The MV3 worker can be stopped at any
 * moment; on restart it reads this back before handling events. Requests under way and the last
 * seconds' Set-Cookie headers are not stored: the worker is only stopped when the tabs are idle.
 *
 * Reading is defensive: anything that is not what serialise() writes is skipped field by field,
 * and caps are applied again, so damaged data costs observations, never a worker that throws.
 */
import type { CookieId, PartitionKey } from '../cookies/cookie';
import type { SharedIdentifier } from '../knowledge/sync';
import { isRequestType } from '../requests/normalise';
import type { RejectedCookie } from '../setCookie';
import {
  createMonitorState,
  createPage,
  createSite,
  createTab,
  MAX_COOKIE_NAMES_PER_SITE,
  MAX_FINDINGS_PER_SITE,
  MAX_HIDDEN_PAGES,
  MAX_HOSTS_PER_SITE,
  MAX_ORIGINS_PER_PAGE,
  MAX_REJECTED_PER_PAGE,
  MAX_SITES_PER_PAGE,
  MAX_SYNCS_PER_PAGE,
  MAX_TIMELINE_ENTRIES,
  type CookieChange,
  type CookieChangeCause,
  type MonitorState,
  type PageDropped,
  type PageRecord,
  type SiteRecord,
  type SiteSnapshot,
  type TabRecord,
  type TrackerFinding,
} from './state';

/** The key lib/state/persist.ts stored its version 1 under: version 2 replaces it. */
export const MONITOR_STORAGE_KEY = 'tabs';
export const MONITOR_SCHEMA_VERSION = 2;

/** Stored unsorted: sorting is the report's business, and writes happen every second. */
type StoredSite = SiteSnapshot;

interface StoredPage {
  url: string;
  site: string | null;
  documentId: string | null;
  startedAt: number;
  hsts: boolean | null;
  origins: string[];
  sites: StoredSite[];
  rejected: RejectedCookie[];
  /** Absent in what earlier builds stored. */
  syncs?: SharedIdentifier[];
  dropped: PageDropped;
}

interface StoredTab {
  page: StoredPage;
  hidden: StoredPage[];
  timeline: CookieChange[];
  dropped: { timeline: number };
}

export interface StoredMonitorV2 {
  version: 2;
  tabs: Record<string, StoredTab>;
}

function storedSite(s: SiteRecord): StoredSite {
  return {
    ...s,
    hosts: [...s.hosts],
    types: [...s.types],
    cookiesSet: [...s.cookiesSet],
    identifierCookies: [...s.identifierCookies],
  };
}

function storedPage(p: PageRecord): StoredPage {
  return { ...p, origins: [...p.origins], sites: [...p.sites.values()].map(storedSite) };
}

/** The state as plain JSON-ready data; it shares arrays with the state, so store it at once. */
export function serialise(state: MonitorState): StoredMonitorV2 {
  const tabs: StoredMonitorV2['tabs'] = {};
  for (const [tabId, tab] of state.tabs) {
    tabs[tabId] = {
      page: storedPage(tab.page),
      hidden: tab.hidden.map(storedPage),
      timeline: tab.timeline,
      dropped: tab.dropped,
    };
  }
  return { version: MONITOR_SCHEMA_VERSION, tabs };
}

type Raw = Record<string, unknown>;

const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const count = (v: unknown): number => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : 0);
const time = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const stringOrNull = (v: unknown): string | null => (isString(v) ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown, max: number): string[] => list(v).filter(isString).slice(0, max);

/** Keep the entries `read` accepts, at most `max` of them. */
function readList<T>(v: unknown, max: number, read: (raw: Raw) => T | null): T[] {
  const out: T[] = [];
  for (const raw of list(v)) {
    if (out.length === max) break;
    const item = isRecord(raw) ? read(raw) : null;
    if (item !== null) out.push(item);
  }
  return out;
}

function readFinding(raw: Raw): TrackerFinding | null {
  return isString(raw.url) ? { url: raw.url, reasons: strings(raw.reasons, Infinity) } : null;
}

function readSite(raw: Raw): SiteRecord | null {
  if (!isString(raw.site)) return null;
  const site = createSite(raw.site);
  site.hosts = new Set(strings(raw.hosts, MAX_HOSTS_PER_SITE));
  site.requests = count(raw.requests);
  site.types = new Set(list(raw.types).filter(isRequestType));
  site.cookiesSent = raw.cookiesSent === true;
  site.cookiesSet = new Set(strings(raw.cookiesSet, MAX_COOKIE_NAMES_PER_SITE));
  site.identifierCookies = new Set(strings(raw.identifierCookies, MAX_COOKIE_NAMES_PER_SITE));
  site.bytesReceived = count(raw.bytesReceived);
  site.pixels = readList(raw.pixels, MAX_FINDINGS_PER_SITE, readFinding);
  site.beacons = readList(raw.beacons, MAX_FINDINGS_PER_SITE, readFinding);
  return site;
}

function readRejected(raw: Raw): RejectedCookie | null {
  const { name, domain, path, requestUrl, reason, setCookie } = raw;
  if (![name, domain, path, requestUrl, reason, setCookie].every(isString)) return null;
  return { name, domain, path, requestUrl, reason, setCookie } as RejectedCookie;
}

const SYNC_KINDS = new Set<unknown>(['pixel-cookie-sharing', 'cookie-syncing']);

function readSync(raw: Raw): SharedIdentifier | null {
  const { kind, from, to, cookie, param } = raw;
  if (!SYNC_KINDS.has(kind) || ![from, to, cookie, param].every(isString)) return null;
  return { kind, from, to, cookie, param } as SharedIdentifier;
}

function readPage(raw: Raw): PageRecord | null {
  if (!isString(raw.url)) return null;
  const page = createPage(raw.url, stringOrNull(raw.documentId), time(raw.startedAt));
  // A page whose URL was unknown may have learnt its site from its requests.
  if (isString(raw.site)) page.site = raw.site;
  page.hsts = typeof raw.hsts === 'boolean' ? raw.hsts : null;
  for (const origin of strings(raw.origins, MAX_ORIGINS_PER_PAGE - page.origins.size)) page.origins.add(origin);
  for (const site of readList(raw.sites, MAX_SITES_PER_PAGE, readSite)) page.sites.set(site.site, site);
  page.rejected = readList(raw.rejected, MAX_REJECTED_PER_PAGE, readRejected);
  page.syncs = readList(raw.syncs, MAX_SYNCS_PER_PAGE, readSync);
  const dropped = isRecord(raw.dropped) ? raw.dropped : {};
  for (const key of Object.keys(page.dropped) as (keyof PageDropped)[]) page.dropped[key] = count(dropped[key]);
  return page;
}

const CHANGES = new Set<unknown>(['created', 'changed', 'removed']);
const CAUSES = new Set<unknown>(['explicit', 'overwrite', 'expired', 'evicted', 'expired_overwrite']);

function readPartitionKey(v: unknown): PartitionKey | null {
  if (!isRecord(v) || !isString(v.topLevelSite)) return null;
  const key: PartitionKey = { topLevelSite: v.topLevelSite };
  if (typeof v.hasCrossSiteAncestor === 'boolean') key.hasCrossSiteAncestor = v.hasCrossSiteAncestor;
  return key;
}

function readCookieId(v: unknown): CookieId | null {
  if (!isRecord(v)) return null;
  const { name, domain, path, storeId, firstPartyDomain } = v;
  if (![name, domain, path, storeId, firstPartyDomain].every(isString)) return null;
  return {
    name,
    domain,
    path,
    hostOnly: v.hostOnly === true,
    storeId,
    partitionKey: readPartitionKey(v.partitionKey),
    firstPartyDomain,
  } as CookieId;
}

function readChange(raw: Raw): CookieChange | null {
  const cookie = readCookieId(raw.cookie);
  if (cookie === null || !CHANGES.has(raw.change) || !CAUSES.has(raw.cause)) return null;
  const entry: CookieChange = {
    time: time(raw.time),
    change: raw.change as CookieChange['change'],
    cause: raw.cause as CookieChangeCause,
    cookie,
  };
  if (raw.setBy === 'http' || raw.setBy === 'script') entry.setBy = raw.setBy;
  if (isString(raw.response)) entry.response = raw.response;
  if (isString(raw.setCookie)) entry.setCookie = raw.setCookie;
  return entry;
}

function readTab(raw: Raw): TabRecord | null {
  const page = isRecord(raw.page) ? readPage(raw.page) : null;
  if (page === null) return null;
  const tab = createTab(page);
  tab.hidden = readList(raw.hidden, MAX_HIDDEN_PAGES, readPage).filter((p) => p.documentId !== null);
  // Keep the newest entries, as the timeline itself does.
  tab.timeline = readList(raw.timeline, Infinity, readChange).slice(-MAX_TIMELINE_ENTRIES);
  tab.dropped.timeline = count(isRecord(raw.dropped) ? raw.dropped.timeline : 0);
  return tab;
}

/** Version 1 (lib/state/persist.ts) kept per tab `{ url, origins, droppedOrigins }`: a page with origins only. */
function migrateV1Tab(raw: Raw): TabRecord | null {
  const page = readPage({ url: raw.url, origins: raw.origins, dropped: { origins: raw.droppedOrigins } });
  return page && createTab(page);
}

/** Read stored state of any known version; anything else gives an empty state. */
export function deserialise(raw: unknown): MonitorState {
  const state = createMonitorState();
  if (!isRecord(raw) || !isRecord(raw.tabs)) return state;
  const readStoredTab = raw.version === MONITOR_SCHEMA_VERSION ? readTab : raw.version === 1 ? migrateV1Tab : null;
  if (readStoredTab === null) return state;
  for (const [key, value] of Object.entries(raw.tabs)) {
    const tabId = Number(key);
    const tab = Number.isSafeInteger(tabId) && tabId >= 0 && isRecord(value) ? readStoredTab(value) : null;
    if (tab !== null) state.tabs.set(tabId, tab);
  }
  return state;
}
