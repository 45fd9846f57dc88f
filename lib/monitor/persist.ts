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
 * A tab's cookies' latest changes (who set each) are stored beside its timeline only for the
 * cookies the stored timeline does not mention, without the response and the redacted lines the
 * audit does not need; on restore the timeline's entries become their cookies' latest again.
 *
 * Reading is defensive: anything that is not what serialiseTab() writes is skipped field by
 * field, and caps are applied again, so damaged data costs observations, never a worker that
 * throws.
 */
import { cookieKey, readCookieId, type CookieId } from '../cookies/cookie';
import { count, isRecord, isString, list, readList, stringOrNull, strings, time, type Raw } from '../guards';
import type { SharedIdentifier } from '../knowledge/sync';
import type { Msg } from '../phrases';
import { readMsg } from '../readMsg';
import { isRequestType } from '../requests/normalise';
import type { RejectedCookie, SetCookieAttributes } from '../setCookie';
import { isCookieChangeCause } from './events';
import { isScriptKind, MAX_SCRIPT_URL_LENGTH } from '../scripts/stack';
import { MAX_ATTRIBUTES_LENGTH, MAX_NAME_LENGTH } from '../scripts/writes';
import { MAX_SIGNALS_PER_PAGE, readSignal, type ConsentSignal } from '../consent/signals';
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
  MAX_STORAGE_WRITES_PER_PAGE,
  MAX_SYNCS_PER_PAGE,
  MAX_TIMELINE_ENTRIES,
  noteLastChange,
  type CookieChange,
  type MonitorState,
  type PageDropped,
  type PageRecord,
  type PageSetCookie,
  type Route,
  type SiteRecord,
  type SiteSnapshot,
  type StorageWrite,
  type TabRecord,
  type TrackerFinding,
} from './state';

/** Where versions 1 and 2 kept every tab under one key; read once, then removed. */
export const LEGACY_STORAGE_KEY = 'tabs';
const TAB_KEY_PREFIX = 'tab:';
export const MONITOR_SCHEMA_VERSION = 4;
/** Version 3 stored no latest changes: its tabs' are rebuilt from their timelines. */
const READABLE_VERSIONS = new Set<unknown>([3, MONITOR_SCHEMA_VERSION]);

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
  storageWrites?: StorageWrite[];
  consent?: ConsentSignal[];
  syncs: SharedIdentifier[];
  dropped: PageDropped;
}

interface StoredTab {
  version: typeof MONITOR_SCHEMA_VERSION;
  page: StoredPage;
  hidden: StoredPage[];
  timeline: CookieChange[];
  /** The latest changes of the cookies `timeline` does not mention, least recent first (StoredLastChange). */
  lastChanges: StoredLastChange[];
  incognito: boolean | null;
  storeId: string | null;
  dropped: { timeline: number; lastChanges: number };
}

/**
 * A cookie's latest change as stored: what the audit and the cookie rows read (who set it, the
 * Set-Cookie attributes, the script), its cookie id without the fields at their defaults.
 */
type StoredLastChange = Pick<CookieChange, 'time' | 'change' | 'cause' | 'setBy' | 'attributes' | 'script' | 'scriptKind'> & {
  cookie: Pick<CookieId, 'name' | 'domain' | 'path' | 'storeId'> & Partial<CookieId>;
};

function storedLastChange(e: CookieChange): StoredLastChange {
  const { name, domain, path, storeId, hostOnly, partitionKey, firstPartyDomain } = e.cookie;
  const cookie: StoredLastChange['cookie'] = { name, domain, path, storeId };
  // readCookieId reads the missing ones back as these defaults.
  if (hostOnly) cookie.hostOnly = true;
  if (partitionKey !== null) cookie.partitionKey = partitionKey;
  if (firstPartyDomain !== '') cookie.firstPartyDomain = firstPartyDomain;
  const stored: StoredLastChange = { time: e.time, change: e.change, cause: e.cause, cookie };
  if (e.setBy !== undefined) stored.setBy = e.setBy;
  if (e.attributes !== undefined) stored.attributes = e.attributes;
  if (e.scriptKind !== undefined) stored.scriptKind = e.scriptKind;
  if (e.script !== undefined) stored.script = e.script;
  return stored;
}

/**
 * Of `changes` (cookieKey → latest change, least recent first), those of the cookies that
 * `timeline` does not mention: all older than its first entry, since a cookie's latest change is
 * in the timeline whenever the cookie is.
 */
function lastChangesBeyond(changes: Iterable<[string, CookieChange]>, timeline: readonly CookieChange[]): StoredLastChange[] {
  const inTimeline = new Set(timeline.map((e) => cookieKey(e.cookie)));
  const beyond: StoredLastChange[] = [];
  for (const [key, e] of changes) if (!inTimeline.has(key)) beyond.push(storedLastChange(e));
  return beyond;
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
    lastChanges: lastChangesBeyond(tab.lastChanges, tab.timeline),
    incognito: tab.incognito,
    storeId: tab.storeId,
    dropped: tab.dropped,
  };
}

/** Stored finding and route URLs are cut to this length when a tab is over its budget. */
const TRIMMED_URL_LENGTH = 300;

const cutUrl = (url: string, max = TRIMMED_URL_LENGTH) => (url.length > max ? url.slice(0, max) + '…' : url);

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

/** Keep the latest `max` storage writes of a stored page, counting the others as dropped script writes. */
function keepLastStorageWrites(p: StoredPage, max: number): void {
  const writes = p.storageWrites ?? [];
  if (writes.length <= max) return;
  p.dropped.scriptWrites += writes.length - max;
  p.storageWrites = writes.slice(-max);
}

/** A site tells more when it tracked, then when it was busy: what a trimmed copy keeps first. */
const evidence = (s: StoredSite) =>
  (s.pixels.length + s.beacons.length + s.identifierCookies.length) * 1_000_000 + s.cookiesSet.length * 1000 + s.requests;

/**
 * Keep the stored timeline's last `keep` entries. The latest changes of the cookies only the
 * entries left out mention join the stored latest changes (after those already there, which are
 * older): who set a cookie outlives the timeline in storage as in memory.
 */
function keepLastEntries(t: StoredTab, keep: number): void {
  if (t.timeline.length <= keep) return;
  const cut = t.timeline.length - keep;
  t.dropped = { ...t.dropped, timeline: t.dropped.timeline + cut };
  const kept = t.timeline.slice(cut);
  // In the order of their latest change, as the live map holds them.
  const latest = new Map<string, CookieChange>();
  for (const e of t.timeline.slice(0, cut)) {
    const key = cookieKey(e.cookie);
    latest.delete(key);
    latest.set(key, e);
  }
  t.lastChanges = [...t.lastChanges, ...lastChangesBeyond(latest, kept)];
  t.timeline = kept;
}

/**
 * Keep the most recent stored latest changes that fit in `chars` (approxLength's measure),
 * counting the others as dropped.
 */
function keepRecentLastChanges(t: StoredTab, chars: number): void {
  let i = t.lastChanges.length;
  for (let left = chars; i > 0; i--) {
    left -= approxLastChangeLength(t.lastChanges[i - 1]);
    if (left < 0) break;
  }
  if (i === 0) return;
  t.dropped = { ...t.dropped, lastChanges: t.dropped.lastChanges + i };
  t.lastChanges = t.lastChanges.slice(i);
}

/**
 * Steps that shrink a stored copy of a tab, least telling observations first. Each works on
 * the copy's own arrays (storedTab shares some with the live state: they are replaced, never
 * changed in place) and counts what it drops. Who set each cookie is what the audit judges:
 * the cookies' latest changes are cut to half of the budget early, and further only last.
 */
const TRIM_STEPS: ((t: StoredTab, budget: number) => void)[] = [
  (t) => keepLastEntries(t, 100),
  (t, budget) => keepRecentLastChanges(t, budget / 2),
  (t) => {
    const p = t.page;
    p.sites = p.sites.map((s) => ({
      ...s,
      pixels: keepFirst(s.pixels, 5, p.dropped, 'pixels').map((f) => ({ ...f, url: cutUrl(f.url) })),
      beacons: keepFirst(s.beacons, 5, p.dropped, 'beacons').map((f) => ({ ...f, url: cutUrl(f.url) })),
      hosts: keepFirst(s.hosts, 5, p.dropped, 'hosts'),
    }));
    // The latest moves tell where the page is now.
    const routes = p.routes.slice(-20);
    p.dropped.routes += p.routes.length - routes.length;
    p.routes = routes.map((r) => ({ time: r.time, url: cutUrl(r.url) }));
    p.origins = keepFirst(p.origins, 100, p.dropped, 'origins');
    // The latest lines; the audit falls back to the cookie as stored for the others.
    p.setCookies = p.setCookies.slice(-30);
    // The latest writers of storage keys (the page's word, for display).
    keepLastStorageWrites(p, 20);
  },
  (t) => {
    const p = t.page;
    const own = p.sites.filter((s) => s.site === p.site);
    const others = p.sites.filter((s) => s.site !== p.site).sort((a, b) => evidence(b) - evidence(a));
    dropSites(p, others.slice(50));
    p.sites = [...own, ...others.slice(0, 50)];
    p.rejected = keepFirst(p.rejected, 20, p.dropped, 'rejectedCookies');
    keepLastEntries(t, 20);
    keepLastStorageWrites(p, 5);
    // What a page reported of its writes is shown, not judged: only the script's address stays, cut.
    t.timeline = t.timeline.map(({ scriptWrite: _write, ...e }) => (e.script === undefined ? e : { ...e, script: cutUrl(e.script, 100) }));
    t.lastChanges = t.lastChanges.map((e) => (e.script === undefined ? e : { ...e, script: cutUrl(e.script, 100) }));
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
  // What is left of the budget.
  (t, budget) => keepRecentLastChanges(t, budget - (approxLength(t) - approxLastChangesLength(t))),
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
    for (const w of p.storageWrites ?? []) n += w.origin.length + w.key.length + (w.writtenBy?.length ?? 0) + 120;
    n += (p.consent?.length ?? 0) * 300;
    for (const r of p.rejected) {
      n += r.name.length + r.domain.length + r.path.length + r.requestUrl.length + r.reason.length + r.setCookie.length + 100;
      if (r.reasonMsg) n += approxMsgLength(r.reasonMsg);
    }
    for (const s of p.sites) {
      n += 330 + s.site.length;
      for (const list of [s.hosts, s.cookiesSet, s.identifierCookies, s.types]) for (const x of list) n += x.length + 3;
      for (const f of [...s.pixels, ...s.beacons]) {
        n += f.url.length + 55;
        for (const r of f.reasons) n += r.length + 3;
        for (const m of f.reasonMsgs ?? []) n += approxMsgLength(m);
      }
    }
  }
  for (const e of t.timeline) n += approxChangeLength(e);
  return n + approxLastChangesLength(t);
}

/** About the JSON length of a message: its key, its arguments, room for quotes and brackets. */
function approxMsgLength(m: Msg): number {
  let n = 30 + m.key.length;
  for (const a of m.args ?? []) n += typeof a === 'string' ? a.length + 3 : typeof a === 'number' ? 24 : approxMsgLength(a);
  return n;
}

function approxLastChangesLength(t: StoredTab): number {
  let n = 0;
  for (const e of t.lastChanges) n += approxLastChangeLength(e);
  return n;
}

/** About the JSON length of a timeline entry. */
function approxChangeLength(e: CookieChange): number {
  const c = e.cookie;
  let n = 300 + c.name.length + c.domain.length + c.path.length + c.storeId.length + (c.partitionKey?.topLevelSite.length ?? 0);
  n += (e.response?.length ?? 0) + (e.setCookie?.length ?? 0) + (e.script?.length ?? 0) + (e.scriptWrite?.length ?? 0) + (e.scriptKind ? 60 : 0);
  if (e.attributes) n += 150 + e.attributes.name.length + (e.attributes.domain?.length ?? 0) + (e.attributes.path?.length ?? 0);
  return n;
}

/**
 * The JSON length of a stored latest change at most, unless its strings need escapes: its keys
 * and the longest values of its other fields, counted closely, since a busy page's tab stores
 * hundreds of them.
 */
function approxLastChangeLength(e: StoredLastChange): number {
  const c = e.cookie;
  let n = 140 + c.name.length + c.domain.length + c.path.length + c.storeId.length;
  if (c.hostOnly) n += 16;
  if (c.partitionKey) n += 70 + c.partitionKey.topLevelSite.length;
  if (c.firstPartyDomain) n += 22 + c.firstPartyDomain.length;
  if (e.setBy) n += 17;
  if (e.scriptKind) n += 22;
  if (e.script !== undefined) n += 12 + e.script.length;
  const a = e.attributes;
  if (a) n += 190 + a.name.length + (a.domain?.length ?? 0) + (a.path?.length ?? 0) + (a.sameSite?.length ?? 0);
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
    step(stored, budget);
    if (approxLength(stored) <= budget) break;
  }
  let json = JSON.stringify(stored);
  // Names and scripts full of escapes could make the estimate short: the latest changes give way.
  while (json.length > budget && stored.lastChanges.length > 0) {
    keepRecentLastChanges(stored, approxLastChangesLength(stored) - (json.length - budget));
    json = JSON.stringify(stored);
  }
  return { json, trimmed: true };
}

/** Every tab as storage items, key → JSON string: what a full save writes. */
export function serialise(state: MonitorState): Record<string, string> {
  const items: Record<string, string> = {};
  for (const [tabId, tab] of state.tabs) items[tabStorageKey(tabId)] = serialiseTab(tab).json;
  return items;
}


/** Reasons kept per finding: a verdict gives six at most (lib/requests/pixel.ts). */
const MAX_REASONS = 8;

function readFinding(raw: Raw): TrackerFinding | null {
  if (!isString(raw.url)) return null;
  const finding: TrackerFinding = { url: raw.url, reasons: strings(raw.reasons, MAX_REASONS), time: time(raw.time) };
  // The messages go with the reasons one for one, or not at all: the English is shown without them.
  const rawReasons = list(raw.reasons);
  const rawMsgs = list(raw.reasonMsgs);
  const msgs = rawMsgs.map(readMsg);
  if (msgs.length > 0 && msgs.length === rawReasons.length && rawReasons.every(isString) && msgs.every((m) => m !== undefined)) {
    finding.reasonMsgs = (msgs as Msg[]).slice(0, MAX_REASONS);
  }
  return finding;
}

const timeOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function readSite(raw: Raw): SiteRecord | null {
  if (!isString(raw.site)) return null;
  const site = createSite(raw.site, time(raw.firstSeen));
  site.firstTracked = timeOrNull(raw.firstTracked);
  site.lastTracked = timeOrNull(raw.lastTracked);
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
  const rejected = { name, domain, path, requestUrl, reason, setCookie } as RejectedCookie;
  // A damaged message costs only the translation: the English reason stays.
  const reasonMsg = readMsg(raw.reasonMsg);
  if (reasonMsg) rejected.reasonMsg = reasonMsg;
  return rejected;
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
  page.storageWrites = readList(raw.storageWrites, MAX_STORAGE_WRITES_PER_PAGE, readStorageWrite);
  page.syncs = readList(raw.syncs, MAX_SYNCS_PER_PAGE, readSync);
  page.consent = readList(raw.consent, MAX_SIGNALS_PER_PAGE, (r) => readSignal(r, false));
  const dropped = isRecord(raw.dropped) ? raw.dropped : {};
  for (const key of Object.keys(page.dropped) as (keyof PageDropped)[]) page.dropped[key] = count(dropped[key]);
  return page;
}

const STORAGE_AREAS = new Set<unknown>(['local', 'session']);
const STORAGE_OPS = new Set<unknown>(['set', 'remove', 'clear']);

function readStorageWrite(raw: Raw): StorageWrite | null {
  const { origin, area, key, op, writtenBy, scriptKind } = raw;
  if (!isString(origin) || !STORAGE_AREAS.has(area) || !isString(key) || !STORAGE_OPS.has(op) || !isScriptKind(scriptKind)) return null;
  const write: StorageWrite = { origin, area: area as StorageWrite['area'], key: key.slice(0, MAX_NAME_LENGTH), op: op as StorageWrite['op'], scriptKind, time: time(raw.time) };
  if (isString(writtenBy)) write.writtenBy = writtenBy.slice(0, MAX_SCRIPT_URL_LENGTH);
  const firstSetAt = timeOrNull(raw.firstSetAt);
  if (firstSetAt !== null) write.firstSetAt = firstSetAt;
  return write;
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
  readScript(entry, raw);
  return entry;
}

/** The script a page reported for a change (lib/monitor/scripts.ts), only beside setBy 'script'. */
function readScript(entry: CookieChange, raw: Raw): void {
  if (entry.setBy !== 'script' || !isScriptKind(raw.scriptKind)) return;
  entry.scriptKind = raw.scriptKind;
  if (isString(raw.script)) entry.script = raw.script.slice(0, MAX_SCRIPT_URL_LENGTH);
  if (isString(raw.scriptWrite)) entry.scriptWrite = raw.scriptWrite.slice(0, MAX_NAME_LENGTH + MAX_ATTRIBUTES_LENGTH + 4);
}

function readTab(raw: Raw): TabRecord | null {
  const page = isRecord(raw.page) ? readPage(raw.page) : null;
  if (page === null) return null;
  const tab = createTab(page);
  tab.hidden = readList(raw.hidden, MAX_HIDDEN_PAGES, readPage).filter((p) => p.documentId !== null);
  // Keep the newest entries, as the timeline itself does.
  tab.timeline = readList(raw.timeline, Infinity, readChange).slice(-MAX_TIMELINE_ENTRIES);
  const dropped = isRecord(raw.dropped) ? raw.dropped : {};
  tab.dropped.timeline = count(dropped.timeline);
  tab.dropped.lastChanges = count(dropped.lastChanges);
  // The stored latest changes are older than the timeline's entries, which are their cookies'
  // latest (version 3 stored only these). The same objects, so that credit given later reaches both.
  for (const e of readList(raw.lastChanges, Infinity, readChange)) noteLastChange(tab, cookieKey(e.cookie), e);
  for (const e of tab.timeline) noteLastChange(tab, cookieKey(e.cookie), e);
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
  return isRecord(parsed) && READABLE_VERSIONS.has(parsed.version) ? readTab(parsed) : null;
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
