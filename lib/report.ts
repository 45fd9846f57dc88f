/**
 * The report: everything the popup shows about a tab, as one JSON-ready object. The popup and
 * "Export JSON" both use it; the schema is documented in the README.
 */
import { auditSite, type Finding, type Grade, type SetBy, type Severity } from './audit';
import type { Cookie } from './cookies/cookie';
import { compareCookies, cookieKey } from './cookies/cookie';
import { cookiePurpose, type MatchedPurpose } from './knowledge/purpose';
import { clearLearned, learnedTracker, type LearnedState, type LearnedTracker } from './knowledge/learned';
import { indexIdentifiers, sharedIdentifiers, sharingKey, type SharedIdentifier } from './knowledge/sync';
import { knownTrackerOf, type KnownTracker } from './knowledge/trackers';
import { observationsOf, thirdPartiesReport, type Observations, type ThirdPartyReport } from './monitor/report';
import type { CookieChange, PageDropped, PageRecord, Route, StorageWrite, TabRecord } from './monitor/state';
import { cookieScripts, firstPartyStorageBySite, firstPartyWritesBySite, type CookieScript } from './monitor/scripts';
import type { PageAccess } from './page';
import { originInfoOf } from './requests/url';
import type { ScriptKind } from './scripts/stack';
import type { RejectedCookie } from './setCookie';
import { siteOfUrl } from './site';
import { mergeStorage, storageItemKey, type FrameRead, type StorageReport } from './storage/merge';
import { auditConsent, type ConsentAudit, type CookieWrite, type ReportConsent, type StorageKeyWrite } from './consent/audit';
import type { TestedConsent } from './consent/test';
import type { Phase } from './consent/phases';

export const REPORT_SCHEMA_VERSION = 1;

/** A cookie in the report. `value` is present only when values were asked for. */
export type ReportCookie = Omit<Cookie, 'value'> & {
  value?: string;
  /** The audit's findings for this cookie, most severe first; empty when it passed. */
  findings: Finding[];
  /** How the cookie was written, when the background saw it happen. */
  setBy?: SetBy;
  /**
   * With setBy 'script': the script that wrote it, as the page reported it (its call stack), and
   * what kind of code it was; see lib/scripts/stack.ts. Absent when the page reported nothing.
   */
  script?: string;
  scriptKind?: ScriptKind;
  /** What the Open Cookie Database says the cookie is for; null when it does not know it. */
  purpose: MatchedPurpose | null;
  /** The consent phase of its first write during this page (lib/consent); null when the page did not write it. */
  phase: Phase | null;
};

export interface ReportAudit {
  grade: Grade;
  score: number;
  /** Findings of each severity across all cookies and the site. */
  counts: Record<Severity, number>;
  /** Findings about the site's cookies together (e.g. the Cookie header's total size). */
  siteFindings: Finding[];
}

/** A third party of the page, with what public data says about it. */
export interface ReportThirdParty extends ThirdPartyReport {
  /** Badger Sett and third-party-web on this site; null when neither lists it. */
  tracker: KnownTracker | null;
  /** Seen tracking on enough sites in this browser (Privacy Badger's rule); null otherwise. */
  learned: LearnedTracker | null;
  /** Cookies of the page's own site that this site's scripts wrote, as the page reported it; sorted. */
  wroteFirstPartyCookies: string[];
  /** Keys in the web storage of the page's own site that this site's scripts wrote, as the page reported it; sorted. */
  wroteFirstPartyStorage: string[];
  /** The consent phase in which the page first contacted it (lib/consent). */
  phase: Phase | null;
}

/** What the background saw the tab do since its page started loading. */
export interface ReportActivity {
  /** When the page started loading, epoch milliseconds. */
  pageStartedAt: number;
  /** Third parties the page talked to, most tracking evidence first. */
  thirdParties: ReportThirdParty[];
  /** The number of tracking third parties: the toolbar badge. */
  tracking: number;
  /** Cookie changes in the tab, oldest first, earlier pages' included (capped). */
  timeline: CookieChange[];
  /**
   * Identifiers of this page's cookies found in the URLs of its pixels and beacons: the page's
   * own cookie handed to a third party, or one third party's cookie handed to another.
   */
  syncs: SharedIdentifier[];
  /** Same-document moves of the page (single-page-app routes), oldest first. */
  routes: Route[];
  /** Web storage keys the page's frames wrote and the script that wrote each, as the page reported it. */
  storageWrites: StorageWrite[];
  /**
   * Observations not kept because a cap was reached, all zero normally; `lastChanges` counts
   * cookies whose writer was forgotten (over MAX_LAST_CHANGES_PER_TAB, or left out of the tab's
   * stored copy); `failedSaves` counts
   * writes of the tab's state to storage.session that failed: what the background saw since
   * would be lost if the browser stopped it.
   */
  dropped: PageDropped & { timeline: number; lastChanges: number; failedSaves: number };
}

const NO_OBSERVATIONS: Observations = { hsts: false, setCookies: new Map(), setBy: new Map(), rejected: [] };

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedAt: string;
  tab: { id: number; url: string; site: string | null; incognito: boolean; storeId: string | null };
  access: PageAccess;
  audit: ReportAudit;
  cookies: ReportCookie[];
  rejected: RejectedCookie[];
  /** Null when the background has no record of the tab (it was not watching when it loaded). */
  activity: ReportActivity | null;
  /** The consent audit: phases, findings and a verdict, apart from the grade (lib/consent). */
  consent: TestedConsent;
  summary: { total: number; firstParty: number; thirdParty: number; partitioned: number; sites: number };
  /** The web storage of the page and its frames (lib/storage/merge.ts); values only with includeValues. */
  storage: StorageReport['storage'];
  storageOrigins: StorageReport['storageOrigins'];
  storageFrames: StorageReport['storageFrames'];
}

export interface ReportInput {
  tab: { id: number; url: string; incognito?: boolean };
  storeId: string | null;
  access: PageAccess;
  cookies: readonly Cookie[];
  /** The monitor's record of the tab, when it has one for the page on screen. */
  monitored: TabRecord | null;
  /** Trackers learned on this browser; none when not given. */
  learned?: LearnedState;
  includeValues: boolean;
  now: Date;
  /** Saves of the tab's state that failed (MonitorStore). */
  failedSaves?: number;
  /** What the tab's frames answered about their web storage; none when not read. */
  storage?: { frames: readonly FrameRead[]; droppedFrames: number };
}

/** The report's cookies in its order, each with its findings, purpose and how it was set. */
export interface AuditedCookies {
  cookies: ReportCookie[];
  audit: ReportAudit;
  rejected: RejectedCookie[];
  summary: Report['summary'];
  /** The input's cookies in the report's order, values included (for the identifier index). */
  sorted: Cookie[];
  /** The consent audit of the page on screen; null without a record of it. */
  consent: ConsentAudit | null;
}

export function auditCookies(input: ReportInput): AuditedCookies {
  const sorted = [...input.cookies].sort(compareCookies);
  const observations = input.monitored ? observationsOf(input.monitored, sorted) : NO_OBSERVATIONS;
  const scripts = input.monitored ? cookieScripts(input.monitored) : new Map<string, CookieScript>();
  const audit = auditSite(sorted, {
    pageUrl: input.tab.url,
    hsts: observations.hsts,
    now: input.now.getTime(),
    setBy: observations.setBy,
    setCookies: observations.setCookies,
    scripts: scriptUrls(scripts),
  });
  const consent = input.monitored ? consentOf(input.monitored) : null;
  const cookies: ReportCookie[] = sorted.map((c) => {
    const key = cookieKey(c);
    const { value, ...rest } = c;
    const cookie: ReportCookie = { ...rest, findings: audit.findings[key] ?? [], purpose: cookiePurpose(c.name, c.domain), phase: consent?.cookiePhases.get(key) ?? null };
    const setBy = observations.setBy.get(key);
    if (setBy) cookie.setBy = setBy;
    const script = setBy === 'script' ? scripts.get(key) : undefined;
    if (script) Object.assign(cookie, script);
    if (input.includeValues) cookie.value = value;
    return cookie;
  });
  let firstParty = 0;
  let partitioned = 0;
  const sites = new Set<string>();
  for (const c of sorted) {
    if (c.firstParty) firstParty++;
    if (c.partitionKey) partitioned++;
    sites.add(c.site);
  }
  return {
    cookies,
    audit: { grade: audit.grade, score: audit.score, counts: audit.counts, siteFindings: audit.siteFindings },
    rejected: [...observations.rejected],
    summary: { total: sorted.length, firstParty, thirdParty: sorted.length - firstParty, partitioned, sites: sites.size },
    sorted,
    consent,
  };
}

export function reportTab(input: ReportInput): Report['tab'] {
  return {
    id: input.tab.id,
    url: input.tab.url,
    site: siteOfUrl(input.tab.url),
    incognito: input.tab.incognito ?? false,
    storeId: input.storeId,
  };
}

export function buildReport(input: ReportInput): Report {
  const { cookies, audit, rejected, summary, sorted, consent } = auditCookies(input);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: input.now.toISOString(),
    tab: reportTab(input),
    access: input.access,
    audit,
    cookies,
    rejected,
    activity: buildActivity(input, sorted, consent),
    consent: consent?.report ?? NO_CONSENT,
    summary,
    ...storageOf(input, consent),
  };
}

/**
 * What the tab did (the report's `activity`); null when the background has no record of the page.
 * `sorted` and `consent` when the caller has them already (buildReport).
 */
export function buildActivity(input: ReportInput, sorted?: readonly Cookie[], consent?: ConsentAudit | null): ReportActivity | null {
  if (!input.monitored) return null;
  const phases = (consent === undefined ? consentOf(input.monitored) : consent)?.partyPhases;
  return activityOf(input.monitored, sorted ?? [...input.cookies].sort(compareCookies), input.learned ?? clearLearned(), input.now.getTime(), input.failedSaves ?? 0, phases);
}

/**
 * The frames' storage, each key with the script the page reported writing it and the consent
 * phase it was first set in. `consent` when the caller has it already (buildReport).
 */
export function storageOf(input: Pick<ReportInput, 'tab' | 'monitored' | 'includeValues' | 'storage'>, consent?: ConsentAudit | null): StorageReport {
  const audit = consent === undefined ? (input.monitored ? consentOf(input.monitored) : null) : consent;
  return mergeStorage({
    pageUrl: input.tab.url,
    frames: input.storage?.frames ?? [],
    droppedFrames: input.storage?.droppedFrames ?? 0,
    storageWrites: input.monitored?.page.storageWrites ?? [],
    phases: audit?.storagePhases,
    includeValues: input.includeValues,
  });
}

function activityOf(tab: TabRecord, cookies: readonly Cookie[], learned: LearnedState, now: number, failedSaves: number, partyPhases?: ReadonlyMap<string, Phase>): ReportActivity {
  const firstPartyWrites = firstPartyWritesBySite(tab);
  const firstPartyStorage = firstPartyStorageBySite(tab);
  const thirdParties = thirdPartiesReport(tab.page).map((party) => ({
    ...party,
    tracker: knownTrackerOf(party.site, party.hosts),
    learned: learnedTracker(learned, party.site, now),
    wroteFirstPartyCookies: firstPartyWrites.get(party.site) ?? [],
    wroteFirstPartyStorage: firstPartyStorage.get(party.site) ?? [],
    phase: partyPhases?.get(party.site) ?? null,
  }));
  return {
    pageStartedAt: tab.page.startedAt,
    thirdParties,
    tracking: thirdParties.filter((p) => p.tracking).length,
    // The parsed attributes are the audit's; the report shows the line.
    timeline: tab.timeline.map(({ attributes: _attributes, ...entry }) => entry),
    syncs: syncsOf(tab.page, cookies, thirdParties),
    routes: tab.page.routes.map((r) => ({ ...r })),
    storageWrites: tab.page.storageWrites.map((w) => ({ ...w })),
    dropped: { ...tab.page.dropped, timeline: tab.dropped.timeline, lastChanges: tab.dropped.lastChanges, failedSaves },
  };
}

/** Without a record of the page, nothing is known of consent. */
export const NO_CONSENT: ReportConsent = { platform: null, choice: { kind: 'unknown', source: null }, phases: [], verdict: 'unknown', findings: [] };

/**
 * The consent audit of the page on screen: its cookie writes (from the timeline, removed cookies'
 * included: a cookie stored before the choice and deleted on refusal was still stored), the web
 * storage keys it set (removed ones included, for the same reason) and its third parties, against
 * the consent signals it reported and the user's word.
 */
function consentOf(tab: TabRecord): ConsentAudit {
  const { page } = tab;
  const writes: CookieWrite[] = [];
  for (const entry of tab.timeline) {
    if (entry.change === 'removed' || entry.time < page.startedAt) continue;
    const { name, domain } = entry.cookie;
    writes.push({ key: cookieKey(entry.cookie), name, domain, time: entry.time, category: cookiePurpose(name, domain)?.category ?? null });
  }
  const parties = thirdPartiesReport(page).map((p) => {
    const found = [...p.pixels, ...p.beacons];
    const trackedAt = found.map((f) => f.time).filter((t) => t > 0);
    for (const t of [p.firstTracked, p.lastTracked]) if (t !== null) trackedAt.push(t);
    return { site: p.site, firstSeen: p.firstSeen, tracking: p.tracking, trackedAt, example: found[0]?.url ?? null };
  });
  const storage: StorageKeyWrite[] = [];
  for (const w of page.storageWrites) {
    const setAt = new Set<number>();
    // A record kept before firstSetAt existed has only its latest write.
    const first = w.firstSetAt ?? (w.op === 'set' ? w.time : undefined);
    if (first !== undefined) setAt.add(first);
    if (w.op === 'set') setAt.add(w.time);
    if (setAt.size === 0) continue;
    const host = originInfoOf(w.origin)?.host ?? w.origin;
    storage.push({ id: storageItemKey(w.origin, w.area, w.key), origin: w.origin, area: w.area, key: w.key, setAt: [...setAt], category: cookiePurpose(w.key, host)?.category ?? null });
  }
  return auditConsent({ signals: page.consent, pageStartedAt: page.startedAt, writes, parties, storage });
}

/** The script URL behind each cookie (cookieKey → URL), for the audit. */
function scriptUrls(scripts: ReadonlyMap<string, CookieScript>): Map<string, string> {
  const urls = new Map<string, string>();
  for (const [key, { script }] of scripts) if (script !== undefined) urls.set(key, script);
  return urls;
}

/**
 * Cookie sharing and syncing: what the monitor saw in any third-party request while the page
 * loaded (scripts, XHR and frames included, for the cookies it saw in headers), and what the
 * page's pixels and beacons carry of its cookies now. The cookie values are hashed into an index
 * here and go no further.
 */
function syncsOf(page: PageRecord, cookies: readonly Cookie[], thirdParties: readonly ThirdPartyReport[]): SharedIdentifier[] {
  const found = new Map(page.syncs.map((shared) => [sharingKey(shared), { ...shared }]));
  if (page.site === null) return [...found.values()];
  const index = indexIdentifiers(page.site, cookies);
  for (const party of thirdParties) {
    for (const { url } of [...party.pixels, ...party.beacons]) {
      for (const shared of sharedIdentifiers(index, url)) found.set(sharingKey(shared), shared);
    }
  }
  return [...found.values()];
}
