/**
 * The monitor's state in `storage.session`: one key per tab (`tab:<id>`), each a JSON string,
 * versioned. The MV3 worker can be stopped at any moment; on restart it reads this back before
 * handling events. Requests under way and the last seconds' Set-Cookie headers are not stored:
 * the worker is only stopped when the tabs are idle.
 *
 * One key per tab, so a save writes only the tabs that changed; a JSON string, because Chrome
 * counts a stored object at about 2.7 times its JSON size against the 10 MB quota and a string
 * at its length. Each tab is kept within a byte budget: past it, the stored copy drops the
 * least telling observations first and counts them in its `dropped` fields, so a restarted
 * worker says what it no longer knows.
 *
 * Reading is defensive: anything that is not what serialiseTab() writes is skipped field by
 * field, and caps are applied again, so damaged data costs observations, never a worker that
 * throws.
 */
import { readCookieId } from '../cookies/cookie';
import { count, isRecord, isString, list, readList, stringOrNull, strings, time, type Raw } from '../guards';
import type { SharedIdentifier } from '../knowledge/sync';
import { isRequestType } from '../requests/normalise';
import type { RejectedCookie, SetCookieAttributes } from '../setCookie';
import { isCookieChangeCause } from './events';
import {
  createMonitorState,
  createPage,
  createSite,
  createTab,
  indexTab,
  MAX_COOKIE_NAMES_PER_SITE,
  MAX_FINDINGS_PER_SITE,
  MAX_HIDDEN_PAGES,
  MAX_HOSTS_PER_SITE,
  MAX_ORIGINS_PER_PAGE,
  MAX_REJECTED_PER_PAGE,
  MAX_ROUTES_PER_PAGE,
  MAX_SET_COOKIES_PER_PAGE,
  MAX_SITES_PER_PAGE,
  MAX_SYNCS_PER_PAGE,
  MAX_TIMELINE_ENTRIES,
  type CookieChange,
  type MonitorState,
  type PageDropped,
  type PageRecord,
  type PageSetCookie,
  type Route,
  type SiteRecord,
  type SiteSnapshot,
  type TabRecord,
  type TrackerFinding,
} from './state';

/** Where versions 1 and 2 kept every tab under one key; read once, then removed. */
export const LEGACY_STORAGE_KEY = 'tabs';
const TAB_KEY_PREFIX = 'tab:';
export const MONITOR_SCHEMA_VERSION = 3;

export function tabStorageKey(tabId: number): string {
  return TAB_KEY_PREFIX + tabId;
}

/** The tab id of a per-tab key; null for any other key. */
export function tabIdOfStorageKey(key: string): number | null {
  if (!key.startsWith(TAB_KEY_PREFIX)) return null;
  const digits = key.slice(TAB_KEY_PREFIX.length);
  const tabId = Number(digits);
  return /^\d+$/.test(digits) && Number.isSafeInteger(tabId) ? tabId : null;
}

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
  routes: Route[];
  setCookies: PageSetCookie[];
  syncs: SharedIdentifier[];
  dropped: PageDropped;
}

interface StoredTab {
  version: typeof MONITOR_SCHEMA_VERSION;
  page: StoredPage;
  hidden: StoredPage[];
  timeline: CookieChange[];
  incognito: boolean | null;
  storeId: string | null;
  dropped: { timeline: number };
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

function storedTab(tab: TabRecord): StoredTab {
  return {
    version: MONITOR_SCHEMA_VERSION,
    page: storedPage(tab.page),
    // Prerendered and back/forward-cached pages are not stored: a worker restarted before one is
    // shown again starts it afresh, and a busy tab's hidden pages would take most of its budget.
    hidden: [],
    timeline: tab.timeline,
    incognito: tab.incognito,
    storeId: tab.storeId,
    dropped: tab.dropped,
  };
}

/** Stored finding and route URLs are cut to this length when a tab is over its budget. */
const TRIMMED_URL_LENGTH = 300;

const cutUrl = (url: string) => (url.length > TRIMMED_URL_LENGTH ? url.slice(0, TRIMMED_URL_LENGTH) + '…' : url);

/** Keep the first `max` items of `items`, adding how many went to `dropped[key]`. */
function keepFirst<T, K extends string>(items: T[], max: number, dropped: Record<K, number>, key: K): T[] {
  if (items.length <= max) return items;
  dropped[key] += items.length - max;
  return items.slice(0, max);
}

/** A site left out of a trimmed copy: its requests, pixels and beacons are counted. */
function dropSites(p: StoredPage, gone: readonly StoredSite[]): void {
  for (const s of gone) {
    p.dropped.thirdParties += s.requests;
    p.dropped.pixels += s.pixels.length;
    p.dropped.beacons += s.beacons.length;
  }
}

/** A site tells more when it tracked, then when it was busy: what a trimmed copy keeps first. */
const evidence = (s: StoredSite) =>
  (s.pixels.length + s.beacons.length + s.identifierCookies.length) * 1_000_000 + s.cookiesSet.length * 1000 + s.requests;

/**
 * Steps that shrink a stored copy of a tab, least telling observations first. Each works on
 * the copy's own arrays (storedTab shares some with the live state: they are replaced, never
 * changed in place) and counts what it drops.
 */
const TRIM_STEPS: ((t: StoredTab) => void)[] = [
  (t) => {
    const keep = Math.min(t.timeline.length, 100);
    t.dropped = { ...t.dropped, timeline: t.dropped.timeline + t.timeline.length - keep };
    t.timeline = t.timeline.slice(t.timeline.length - keep);
  },
  (t) => {
    const p = t.page;
    p.sites = p.sites.map((s) => ({
      ...s,
      pixels: keepFirst(s.pixels, 5, p.dropped, 'pixels').map((f) => ({ url: cutUrl(f.url), reasons: f.reasons })),
      beacons: keepFirst(s.beacons, 5, p.dropped, 'beacons').map((f) => ({ url: cutUrl(f.url), reasons: f.reasons })),
      hosts: keepFirst(s.hosts, 5, p.dropped, 'hosts'),
    }));
    // The latest moves tell where the page is now.
    const routes = p.routes.slice(-20);
    p.dropped.routes += p.routes.length - routes.length;
    p.routes = routes.map((r) => ({ time: r.time, url: cutUrl(r.url) }));
    p.origins = keepFirst(p.origins, 100, p.dropped, 'origins');
    // The latest lines; the audit falls back to the cookie as stored for the others.
    p.setCookies = p.setCookies.slice(-30);
  },
  (t) => {
    const p = t.page;
    const own = p.sites.filter((s) => s.site === p.site);
    const others = p.sites.filter((s) => s.site !== p.site).sort((a, b) => evidence(b) - evidence(a));
    dropSites(p, others.slice(50));
    p.sites = [...own, ...others.slice(0, 50)];
    p.rejected = keepFirst(p.rejected, 20, p.dropped, 'rejectedCookies');
    const keep = Math.min(t.timeline.length, 20);
    t.dropped = { ...t.dropped, timeline: t.dropped.timeline + t.timeline.length - keep };
    t.timeline = t.timeline.slice(t.timeline.length - keep);
  },
  (t) => {
    const p = t.page;
    const own = p.sites.filter((s) => s.site === p.site);
    const others = p.sites.filter((s) => s.site !== p.site);
    dropSites(p, others.slice(15));
    p.sites = [...own, ...others.slice(0, 15)].map((s) => ({
      ...s,
      pixels: keepFirst(s.pixels, 1, p.dropped, 'pixels'),
      beacons: keepFirst(s.beacons, 1, p.dropped, 'beacons'),
    }));
    p.origins = keepFirst(p.origins, 30, p.dropped, 'origins');
  },
];

/**
 * About the length of a stored tab's JSON, without building it: its strings plus a generous
 * allowance for each record's keys and numbers. It errs on the long side, so that a copy
 * trimmed to fit by this measure fits; stringifying a busy tab once per step cost more than all
 * the rest of a save.
 */
function approxLength(t: StoredTab): number {
  let n = 200;
  for (const p of [t.page, ...t.hidden]) {
    n += 400 + p.url.length;
    for (const o of p.origins) n += o.length + 3;
    for (const r of p.routes) n += r.url.length + 40;
    for (const c of p.setCookies) n += 2 * c.name.length + c.host.length + c.line.length + (c.attributes.domain?.length ?? 0) + (c.attributes.path?.length ?? 0) + 200;
    for (const x of p.syncs) n += x.from.length + x.to.length + x.cookie.length + x.param.length + 90;
    for (const r of p.rejected) n += r.name.length + r.domain.length + r.path.length + r.requestUrl.length + r.reason.length + r.setCookie.length + 100;
    for (const s of p.sites) {
      n += 250 + s.site.length;
      for (const list of [s.hosts, s.cookiesSet, s.identifierCookies, s.types]) for (const x of list) n += x.length + 3;
      for (const f of [...s.pixels, ...s.beacons]) {
        n += f.url.length + 30;
        for (const r of f.reasons) n += r.length + 3;
      }
    }
  }
  for (const e of t.timeline) {
    const c = e.cookie;
    n += 300 + c.name.length + c.domain.length + c.path.length + c.storeId.length + (c.partitionKey?.topLevelSite.length ?? 0);
    n += (e.response?.length ?? 0) + (e.setCookie?.length ?? 0);
    if (e.attributes) n += 150 + e.attributes.name.length + (e.attributes.domain?.length ?? 0) + (e.attributes.path?.length ?? 0);
  }
  return n;
}

/**
 * One tab as the JSON string stored under its key, at most about `budget` characters:
 * over it, the copy is trimmed (TRIM_STEPS) and `trimmed` says so. The JSON is built once.
 */
export function serialiseTab(tab: TabRecord, budget = Infinity): { json: string; trimmed: boolean } {
  const stored = storedTab(tab);
  if (budget === Infinity || approxLength(stored) <= budget) {
    const json = JSON.stringify(stored);
    if (json.length <= budget) return { json, trimmed: false };
  }
  // The page and its dropped counts are copied before any step changes them.
  stored.page = { ...stored.page, dropped: { ...stored.page.dropped } };
  for (const step of TRIM_STEPS) {
    step(stored);
    if (approxLength(stored) <= budget) break;
  }
  return { json: JSON.stringify(stored), trimmed: true };
}

/** Every tab as storage items, key → JSON string: what a full save writes. */
export function serialise(state: MonitorState): Record<string, string> {
  const items: Record<string, string> = {};
  for (const [tabId, tab] of state.tabs) items[tabStorageKey(tabId)] = serialiseTab(tab).json;
  return items;
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
  page.routes = readList(raw.routes, MAX_ROUTES_PER_PAGE, readRoute);
  page.setCookies = readList(raw.setCookies, MAX_SET_COOKIES_PER_PAGE, readPageSetCookie);
  page.syncs = readList(raw.syncs, MAX_SYNCS_PER_PAGE, readSync);
  const dropped = isRecord(raw.dropped) ? raw.dropped : {};
  for (const key of Object.keys(page.dropped) as (keyof PageDropped)[]) page.dropped[key] = count(dropped[key]);
  return page;
}

function readRoute(raw: Raw): Route | null {
  return isString(raw.url) ? { time: time(raw.time), url: raw.url } : null;
}

const CHANGES = new Set<unknown>(['created', 'changed', 'removed']);

/** A Set-Cookie line's attributes as keptSetCookie made them; the optional ones only when well-formed. */
function readAttributes(raw: Raw): SetCookieAttributes | null {
  if (!isString(raw.name)) return null;
  const attributes: SetCookieAttributes = { name: raw.name, secure: raw.secure === true, httpOnly: raw.httpOnly === true, partitioned: raw.partitioned === true };
  if (isString(raw.domain)) attributes.domain = raw.domain;
  if (isString(raw.path)) attributes.path = raw.path;
  if (typeof raw.expires === 'number' && Number.isFinite(raw.expires)) attributes.expires = raw.expires;
  if (typeof raw.maxAge === 'number' && Number.isFinite(raw.maxAge)) attributes.maxAge = raw.maxAge;
  if (isString(raw.sameSite)) attributes.sameSite = raw.sameSite;
  return attributes;
}

function readPageSetCookie(raw: Raw): PageSetCookie | null {
  const attributes = isRecord(raw.attributes) ? readAttributes(raw.attributes) : null;
  if (!isString(raw.name) || !isString(raw.host) || !isString(raw.line) || attributes === null) return null;
  return { name: raw.name, host: raw.host, line: raw.line, attributes, time: time(raw.time) };
}

function readChange(raw: Raw): CookieChange | null {
  const cookie = readCookieId(raw.cookie);
  if (cookie === null || !CHANGES.has(raw.change) || !isCookieChangeCause(raw.cause)) return null;
  const entry: CookieChange = {
    time: time(raw.time),
    change: raw.change as CookieChange['change'],
    cause: raw.cause,
    cookie,
  };
  if (raw.setBy === 'http' || raw.setBy === 'script') entry.setBy = raw.setBy;
  if (isString(raw.response)) entry.response = raw.response;
  if (isString(raw.setCookie)) entry.setCookie = raw.setCookie;
  const attributes = isRecord(raw.attributes) ? readAttributes(raw.attributes) : null;
  if (attributes !== null) entry.attributes = attributes;
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
  tab.incognito = typeof raw.incognito === 'boolean' ? raw.incognito : null;
  tab.storeId = stringOrNull(raw.storeId);
  return tab;
}

/** Version 1 (lib/state/persist.ts) kept per tab `{ url, origins, droppedOrigins }`: a page with origins only. */
function migrateV1Tab(raw: Raw): TabRecord | null {
  const page = readPage({ url: raw.url, origins: raw.origins, dropped: { origins: raw.droppedOrigins } });
  return page && createTab(page);
}

/** One tab's stored JSON string back as a record; null when it is not one. */
export function deserialiseTab(raw: unknown): TabRecord | null {
  if (!isString(raw)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  return isRecord(parsed) && parsed.version === MONITOR_SCHEMA_VERSION ? readTab(parsed) : null;
}

/** Version 1 or 2: every tab under one key. */
function readLegacy(state: MonitorState, raw: unknown): void {
  if (!isRecord(raw) || !isRecord(raw.tabs)) return;
  const readStoredTab = raw.version === 2 ? readTab : raw.version === 1 ? migrateV1Tab : null;
  if (readStoredTab === null) return;
  for (const [key, value] of Object.entries(raw.tabs)) {
    const tabId = Number(key);
    const tab = Number.isSafeInteger(tabId) && tabId >= 0 && isRecord(value) ? readStoredTab(value) : null;
    if (tab !== null) state.tabs.set(tabId, tab);
  }
}

/**
 * The state from everything `storage.session.get(null)` returned: the per-tab keys, and the
 * single key of versions 1 and 2. Other keys and damaged entries are ignored.
 */
export function deserialise(items: unknown): MonitorState {
  const state = createMonitorState();
  if (!isRecord(items)) return state;
  readLegacy(state, items[LEGACY_STORAGE_KEY]);
  for (const [key, value] of Object.entries(items)) {
    const tabId = tabIdOfStorageKey(key);
    const tab = tabId === null ? null : deserialiseTab(value);
    if (tab !== null) state.tabs.set(tabId as number, tab);
  }
  for (const [tabId, tab] of state.tabs) indexTab(state, tabId, tab);
  return state;
}
