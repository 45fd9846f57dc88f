/**
 * What the monitor remembers, per tab and per page, and the caps that bound it. A page firing
 * 100,000 requests must not exhaust the worker's memory, so past each cap observations are
 * counted in a `dropped` field instead of kept.
 */
import type { SetBy } from '../audit/types';
import type { CookieChangeCause, CookieChangedEvent } from './events';
import type { CookieId } from '../cookies/cookie';
import type { SharedIdentifier } from '../knowledge/sync';
import type { RejectedCookie, SetCookieAttributes } from '../setCookie';
import type { TrackerEvidence } from '../requests/pixel';
import type { ScriptKind } from '../scripts/stack';
import type { ScriptWrite } from '../scripts/writes';
import type { ConsentSignal } from '../consent/signals';
import type { Msg } from '../phrases';
import type { RequestType } from '../requests/normalise';
import { capUrl, originInfoOf } from '../requests/url';

/** Sites a page's requests may go to, its own included; the cap is on third parties in effect. */
export const MAX_SITES_PER_PAGE = 300;
export const MAX_HOSTS_PER_SITE = 20;
export const MAX_ORIGINS_PER_PAGE = 500;
/** Cookie names kept per site, in each of `cookiesSet` and `identifierCookies`. */
export const MAX_COOKIE_NAMES_PER_SITE = 50;
/** Findings kept per site, in each of `pixels` and `beacons`. */
export const MAX_FINDINGS_PER_SITE = 20;
export const MAX_REJECTED_PER_PAGE = 100;
/** Identifiers seen handed on in the page's requests (lib/monitor/sharing.ts). */
export const MAX_SYNCS_PER_PAGE = 50;
export const MAX_TIMELINE_ENTRIES = 500;
/**
 * Cookies whose latest change a tab remembers (TabRecord.lastChanges): as many as a browser
 * keeps in a store (Chrome 3,300, Firefox 3,000), so that no cookie of a busy page loses who set it.
 */
export const MAX_LAST_CHANGES_PER_TAB = 3300;
/** Prerendered and back/forward-cached pages kept per tab; older ones are forgotten. */
export const MAX_HIDDEN_PAGES = 3;
/** Set-Cookie lines kept per page for the audit (the latest of each cookie); older ones are forgotten. */
export const MAX_SET_COOKIES_PER_PAGE = 100;
/** Same-document moves (single-page-app routes) kept per page; older ones are counted. */
export const MAX_ROUTES_PER_PAGE = 50;
/** Web storage keys whose writer is kept per page (the latest write of each); older ones are counted. */
export const MAX_STORAGE_WRITES_PER_PAGE = 100;
/** Requests under way across all tabs whose response is still awaited. */
export const MAX_PENDING_REQUESTS = 2000;

/** A pixel or beacon, with its evidence in plain words. */
export interface TrackerFinding {
  url: string;
  reasons: string[];
  /** The reasons as messages (lib/phrases.ts), one for each, for the UI's language; absent when stored without them. */
  reasonMsgs?: Msg[];
  /** When the request was made, epoch ms (0 when not known: stored before it was kept). */
  time: number;
}

/** A page's requests to one site (registrable domain). */
export interface SiteRecord {
  site: string;
  hosts: Set<string>;
  requests: number;
  types: Set<RequestType>;
  /** Some request to the site carried a Cookie header. */
  cookiesSent: boolean;
  /** Names from the site's Set-Cookie headers. */
  cookiesSet: Set<string>;
  /** Names of cookies sent or set with identifier-like values. */
  identifierCookies: Set<string>;
  /** Bytes on the wire in Firefox; announced body bytes (Content-Length) in Chrome. */
  bytesReceived: number;
  pixels: TrackerFinding[];
  beacons: TrackerFinding[];
  /** When the page first sent it a request, epoch ms: the consent phase it appeared in. */
  firstSeen: number;
  /** When it first and last tracked (a pixel, a beacon, an identifier cookie sent or set); null until it did. */
  firstTracked: number | null;
  lastTracked: number | null;
}

/** A SiteRecord as plain JSON: its sets as sorted arrays. Stored, and reported. */
export interface SiteSnapshot {
  site: string;
  hosts: string[];
  requests: number;
  types: RequestType[];
  cookiesSent: boolean;
  cookiesSet: string[];
  /** Cookies sent or set whose values look like identifiers. */
  identifierCookies: string[];
  bytesReceived: number;
  pixels: TrackerFinding[];
  beacons: TrackerFinding[];
  firstSeen: number;
  firstTracked: number | null;
  lastTracked: number | null;
}

function copyFinding(f: TrackerFinding): TrackerFinding {
  const copy: TrackerFinding = { url: f.url, reasons: [...f.reasons], time: f.time };
  if (f.reasonMsgs) copy.reasonMsgs = [...f.reasonMsgs];
  return copy;
}

export function snapshotOf(s: SiteRecord): SiteSnapshot {
  return {
    site: s.site,
    hosts: [...s.hosts].sort(),
    requests: s.requests,
    types: [...s.types].sort(),
    cookiesSent: s.cookiesSent,
    cookiesSet: [...s.cookiesSet].sort(),
    identifierCookies: [...s.identifierCookies].sort(),
    bytesReceived: s.bytesReceived,
    pixels: s.pixels.map(copyFinding),
    beacons: s.beacons.map(copyFinding),
    firstSeen: s.firstSeen,
    firstTracked: s.firstTracked,
    lastTracked: s.lastTracked,
  };
}

/** Observations not kept because a cap was reached, one count per observation. */
export interface PageDropped {
  /** Requests to third parties beyond MAX_SITES_PER_PAGE. */
  thirdParties: number;
  hosts: number;
  /** Requests to origins beyond MAX_ORIGINS_PER_PAGE. */
  origins: number;
  cookieNames: number;
  pixels: number;
  beacons: number;
  rejectedCookies: number;
  /** Same-document moves beyond MAX_ROUTES_PER_PAGE. */
  routes: number;
  syncs: number;
  /**
   * Cookie and web storage writes the page reported but that were not kept (caps in the page,
   * the relay, the background).
   */
  scriptWrites: number;
  /** Consent signals the page reported (or the user stated) beyond MAX_SIGNALS_PER_PAGE, or unreadable. */
  consentSignals: number;
}

/** A Set-Cookie line a page's response sent, without its value. */
export interface PageSetCookie {
  name: string;
  /** The host of the response. */
  host: string;
  line: string;
  attributes: SetCookieAttributes;
  time: number;
}

/** A same-document move of the page: where it went, and when. */
export interface Route {
  time: number;
  url: string;
}

/**
 * A web storage key a frame of the page wrote, as the page reported it (lib/monitor/scripts.ts):
 * which script wrote it, never the value. The latest write of each key.
 */
export interface StorageWrite {
  /** The writing frame's origin (the browser's word): whose storage it is. */
  origin: string;
  area: 'local' | 'session';
  /** The key, cut to 200 characters; '' for a clear. */
  key: string;
  op: 'set' | 'remove' | 'clear';
  /** The script's URL, as the page reported it; absent when it could not say. */
  writtenBy?: string;
  scriptKind: ScriptKind;
  /** When this latest write was made. */
  time: number;
  /**
   * When the page first set the key during this page, as it reported it; absent when no set of
   * it was seen (only removes, a clear). The consent audit dates the key's first appearance by it.
   */
  firstSetAt?: number;
}

export interface PageRecord {
  /**
   * The top-level document's address on screen, following its same-document moves; empty for
   * a tab whose page the monitor has not seen commit.
   */
  url: string;
  /** The page's own site; null when it has none (file:, about:) or is not known yet. */
  site: string | null;
  /** Chrome's id of the top-level document; null in Firefox. */
  documentId: string | null;
  startedAt: number;
  /** The document's response had a Strict-Transport-Security header; null when not seen. */
  hsts: boolean | null;
  /** Every origin the page's frames sent requests to, its own included (for the cookie inventory). */
  origins: Set<string>;
  sites: Map<string, SiteRecord>;
  /** Set-Cookie lines of the page's responses that a browser refuses, without values. */
  rejected: RejectedCookie[];
  /** The document's same-document moves, oldest first. */
  routes: Route[];
  /**
   * The Set-Cookie lines the page's responses sent, the latest per cookie: the audit's evidence
   * even when the browser reported no change (Firefox fires cookies.onChanged only when a
   * rewrite changes something; an identical one, e.g. in a second tab, fires nothing).
   */
  setCookies: PageSetCookie[];
  /** Identifiers its requests handed from one party to another, by names only. */
  syncs: SharedIdentifier[];
  /** Web storage keys its frames wrote, and by which script (the page's word). */
  storageWrites: StorageWrite[];
  /** What the page's consent platform said, and what the user told Cookie Audit, in arrival order (lib/consent). */
  consent: ConsentSignal[];
  dropped: PageDropped;
}

export interface CookieChange {
  time: number;
  change: 'created' | 'changed' | 'removed';
  /** The browser's cause (cookies.onChanged). */
  cause: CookieChangeCause;
  cookie: CookieId;
  /**
   * Who wrote the cookie: a response's Set-Cookie header, or else a script. Absent for removals
   * the browser made itself or through the cookies API (expiry, eviction, an extension).
   */
  setBy?: SetBy;
  /** The response whose Set-Cookie header made the change, when setBy is 'http'. */
  response?: string;
  /** That header, its value redacted. */
  setCookie?: string;
  /** That header's attributes, as parsed when it arrived: what the audit judges. */
  attributes?: SetCookieAttributes;
  /**
   * When setBy is 'script', the script that wrote it as the page reported it (lib/monitor/scripts.ts):
   * its URL (for inline code the document's, for code built from a string its maker's; absent
   * when the page could not say), the kind of code, and the write with its value redacted.
   */
  script?: string;
  scriptKind?: ScriptKind;
  scriptWrite?: string;
}

/** A Set-Cookie seen in a tab, kept a few seconds to attribute the cookie change it causes. */
export interface RecentSetCookie {
  name: string;
  /** The redacted line. */
  line: string;
  attributes: SetCookieAttributes;
  host: string;
  url: string;
  time: number;
}

/** A cookie write a frame of the tab reported, kept a few seconds to credit the change it caused. */
export interface RecentScriptWrite {
  write: ScriptWrite;
  /** The writing frame's host (the browser's word): the cookie must be one it may write. Null when unknown. */
  host: string | null;
}

export interface TabRecord {
  /** The page on screen. */
  page: PageRecord;
  /** The page a top-level navigation under way will create; it becomes `page` when committed. */
  provisional: PageRecord | null;
  /** Prerendered and back/forward-cached pages: their requests must not count for `page`. */
  hidden: PageRecord[];
  timeline: CookieChange[];
  /**
   * The latest change of each cookie the timeline recorded, by cookieKey, in the order of those
   * changes (the least recently changed first): who set each cookie, with its Set-Cookie
   * attributes and script, however long ago. The timeline keeps only its last entries; this
   * outlives them. The values are the timeline's own entries, so that a change credited later
   * (a Set-Cookie or a script's write arriving after it) is credited here too.
   */
  lastChanges: Map<string, CookieChange>;
  /** Not persisted: useful for a few seconds only. */
  recentSetCookies: RecentSetCookie[];
  /** The cookie writes the tab's pages reported lately, to credit the changes they caused. Not persisted. */
  recentScriptWrites: RecentScriptWrite[];
  /** In a private window; null until the tabs API has said. */
  incognito: boolean | null;
  /** The tab's cookie store; null until the tabs API has said. */
  storeId: string | null;
  /** Timeline entries, and cookies' latest changes (beyond MAX_LAST_CHANGES_PER_TAB, or the stored copy's budget), forgotten. */
  dropped: { timeline: number; lastChanges: number };
}

/** A request whose response is awaited: what the pixel classifier and the byte count need. */
export interface PendingRequest extends TrackerEvidence {
  tabId: number;
  /** When the request was made, epoch ms. */
  time: number;
  tab: TabRecord;
  page: PageRecord;
  /** Null when the page had no room left for the site. */
  site: SiteRecord | null;
  host: string;
  contentLength: number | null;
}

export interface MonitorState {
  tabs: Map<number, TabRecord>;
  /** By request id. Not persisted: the worker is only stopped when no request is under way. */
  pending: Map<string, PendingRequest>;
  /** The cookie (by cookieKey) an `overwrite` removal just took away; its next insertion is a change. */
  overwritten: string | null;
  /**
   * Cookie writes no tab could claim yet: their change event came before any event of the
   * request that made them. The Set-Cookie of a response, when it arrives, claims them. Not
   * persisted; kept for seconds.
   */
  unclaimed: UnclaimedChange[];
  /** Tabs whose persisted state changed since the background last took this set. */
  dirty: Set<number>;
  /**
   * Site → tabs whose pages were on it or sent requests to it: where a cookie change or a
   * service worker's request can belong, found without visiting every open tab. A superset
   * (entries of pages gone are checked, and tabs gone removed, when looked up); not persisted,
   * rebuilt from the tabs on restore.
   */
  bySite: Map<string, Set<number>>;
  /** Requests and held cookie writes let go when their bounds were reached. */
  dropped: { pendingRequests: number; unclaimedChanges: number };
}

/** A cookie write no tab could claim yet, with the kind of change it was when it happened. */
export interface UnclaimedChange {
  event: CookieChangedEvent;
  change: CookieChange['change'];
}

export function createMonitorState(): MonitorState {
  return { tabs: new Map(), pending: new Map(), overwritten: null, unclaimed: [], dirty: new Set(), bySite: new Map(), dropped: { pendingRequests: 0, unclaimedChanges: 0 } };
}

export function createPage(url: string, documentId: string | null, startedAt: number): PageRecord {
  const own = originInfoOf(url);
  return {
    url: capUrl(url),
    site: own?.site ?? null,
    documentId,
    startedAt,
    hsts: null,
    origins: new Set(own ? [own.origin] : []),
    sites: new Map(),
    rejected: [],
    routes: [],
    setCookies: [],
    storageWrites: [],
    syncs: [],
    consent: [],
    dropped: { thirdParties: 0, hosts: 0, origins: 0, cookieNames: 0, pixels: 0, beacons: 0, rejectedCookies: 0, routes: 0, syncs: 0, scriptWrites: 0, consentSignals: 0 },
  };
}

/** Note that tab `tabId` has a page on, or talking to, `site`. */
export function indexSite(state: MonitorState, site: string | null, tabId: number): void {
  if (site === null) return;
  const tabs = state.bySite.get(site);
  if (tabs === undefined) state.bySite.set(site, new Set([tabId]));
  else tabs.add(tabId);
}

/** Index every site of a tab's pages (after a restore, or a tab moved to another id). */
export function indexTab(state: MonitorState, tabId: number, tab: TabRecord): void {
  for (const page of [tab.page, tab.provisional, ...tab.hidden]) {
    if (page === null) continue;
    indexSite(state, page.site, tabId);
    for (const site of page.sites.keys()) indexSite(state, site, tabId);
  }
}

export function createSite(site: string, firstSeen = 0): SiteRecord {
  return {
    site,
    hosts: new Set(),
    requests: 0,
    types: new Set(),
    cookiesSent: false,
    cookiesSet: new Set(),
    identifierCookies: new Set(),
    bytesReceived: 0,
    pixels: [],
    beacons: [],
    firstSeen,
    firstTracked: null,
    lastTracked: null,
  };
}

/** Note tracking evidence of a site at `time`. */
export function noteTracked(site: SiteRecord, time: number): void {
  if (site.firstTracked === null || time < site.firstTracked) site.firstTracked = time;
  if (site.lastTracked === null || time > site.lastTracked) site.lastTracked = time;
}

export function createTab(page: PageRecord): TabRecord {
  return {
    page,
    provisional: null,
    hidden: [],
    timeline: [],
    lastChanges: new Map(),
    recentSetCookies: [],
    recentScriptWrites: [],
    incognito: null,
    storeId: null,
    dropped: { timeline: 0, lastChanges: 0 },
  };
}

/**
 * Make `entry` the latest change of the cookie `key`. It moves to the end of the map, so the
 * first key is always the least recently changed cookie: the one forgotten past the cap.
 */
export function noteLastChange(tab: TabRecord, key: string, entry: CookieChange): void {
  const last = tab.lastChanges;
  if (!last.delete(key) && last.size >= MAX_LAST_CHANGES_PER_TAB) {
    last.delete(last.keys().next().value as string);
    tab.dropped.lastChanges++;
  }
  last.set(key, entry);
}
