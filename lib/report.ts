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
import type { CookieChange, PageDropped, PageRecord, Route, TabRecord } from './monitor/state';
import type { PageAccess } from './page';
import type { RejectedCookie } from './setCookie';
import { siteOfUrl } from './site';

export const REPORT_SCHEMA_VERSION = 1;

/** A cookie in the report. `value` is present only when values were asked for. */
export type ReportCookie = Omit<Cookie, 'value'> & {
  value?: string;
  /** The audit's findings for this cookie, most severe first; empty when it passed. */
  findings: Finding[];
  /** How the cookie was written, when the background saw it happen. */
  setBy?: SetBy;
  /** What the Open Cookie Database says the cookie is for; null when it does not know it. */
  purpose: MatchedPurpose | null;
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
  /**
   * Observations not kept because a cap was reached, all zero normally; `failedSaves` counts
   * writes of the tab's state to storage.session that failed: what the background saw since
   * would be lost if the browser stopped it.
   */
  dropped: PageDropped & { timeline: number; failedSaves: number };
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
  summary: { total: number; firstParty: number; thirdParty: number; partitioned: number; sites: number };
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
}

export function buildReport(input: ReportInput): Report {
  const sorted = [...input.cookies].sort(compareCookies);
  const observations = input.monitored ? observationsOf(input.monitored, sorted) : NO_OBSERVATIONS;
  const audit = auditSite(sorted, {
    pageUrl: input.tab.url,
    hsts: observations.hsts,
    now: input.now.getTime(),
    setBy: observations.setBy,
    setCookies: observations.setCookies,
  });
  const cookies: ReportCookie[] = sorted.map((c) => {
    const key = cookieKey(c);
    const { value, ...rest } = c;
    const cookie: ReportCookie = { ...rest, findings: audit.findings[key] ?? [], purpose: cookiePurpose(c.name, c.domain) };
    const setBy = observations.setBy.get(key);
    if (setBy) cookie.setBy = setBy;
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
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: input.now.toISOString(),
    tab: {
      id: input.tab.id,
      url: input.tab.url,
      site: siteOfUrl(input.tab.url),
      incognito: input.tab.incognito ?? false,
      storeId: input.storeId,
    },
    access: input.access,
    audit: { grade: audit.grade, score: audit.score, counts: audit.counts, siteFindings: audit.siteFindings },
    cookies,
    rejected: [...observations.rejected],
    activity: input.monitored ? activityOf(input.monitored, sorted, input.learned ?? clearLearned(), input.now.getTime(), input.failedSaves ?? 0) : null,
    summary: {
      total: sorted.length,
      firstParty,
      thirdParty: sorted.length - firstParty,
      partitioned,
      sites: sites.size,
    },
  };
}

function activityOf(tab: TabRecord, cookies: readonly Cookie[], learned: LearnedState, now: number, failedSaves: number): ReportActivity {
  const thirdParties = thirdPartiesReport(tab.page).map((party) => ({
    ...party,
    tracker: knownTrackerOf(party.site, party.hosts),
    learned: learnedTracker(learned, party.site, now),
  }));
  return {
    pageStartedAt: tab.page.startedAt,
    thirdParties,
    tracking: thirdParties.filter((p) => p.tracking).length,
    // The parsed attributes are the audit's; the report shows the line.
    timeline: tab.timeline.map(({ attributes: _attributes, ...entry }) => entry),
    syncs: syncsOf(tab.page, cookies, thirdParties),
    routes: tab.page.routes.map((r) => ({ ...r })),
    dropped: { ...tab.page.dropped, timeline: tab.dropped.timeline, failedSaves },
  };
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
