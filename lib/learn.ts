/**
 * The current tab's own examples for the "How cookies and sessions work" page: its session
 * cookies as the audit judges their values, and its tracking pixel's cookie. Values are read
 * in memory for the verdict and go no further; what comes out holds names, sites and formats.
 */
import { detectSessionCookie } from './audit/session';
import { describeValue, describeValueMsg, inspectValue } from './audit/value';
import { VALUE_RULE_IDS } from './audit/value-ids';
import type { Msg } from './phrases';
import type { Report } from './report';


export interface SessionExample {
  name: string;
  /** Nothing in it can be read or guessed: what a session cookie should hold. */
  good: boolean;
  /** The value in plain words: "an opaque value: Rails's encrypted cookie". */
  verdict: string;
  /** The same as a message (lib/phrases.ts), for the page's language. */
  verdictMsg: Msg;
}

/** At most this many of the page's cookies are shown. */
const MAX_EXAMPLES = 6;

/**
 * The page's own cookies that are sessions or hold session state: those with a value finding
 * first, then the session cookies whose values are opaque. Needs the report with values.
 */
export function sessionExamples(report: Pick<Report, 'cookies'>): SessionExample[] {
  const examples: (SessionExample & { flagged: boolean })[] = [];
  const siblings = new Set(report.cookies.map((c) => `${c.domain}\t${c.path}\t${c.name}`));
  for (const cookie of report.cookies) {
    if (!cookie.firstParty || cookie.value === undefined) continue;
    const flagged = cookie.findings.some((f) => VALUE_RULE_IDS.includes(f.id));
    if (!flagged && !detectSessionCookie({ name: cookie.name, value: cookie.value }).session) continue;
    const verdict = inspectValue(cookie.name, cookie.value, {
      signatureCookie: siblings.has(`${cookie.domain}\t${cookie.path}\t${cookie.name}.sig`),
    });
    if (verdict.kind === 'plain') continue;
    examples.push({ name: cookie.name, good: !flagged && verdict.kind === 'opaque', verdict: describeValue(verdict), verdictMsg: describeValueMsg(verdict), flagged });
  }
  return examples
    .sort((a, b) => Number(b.flagged) - Number(a.flagged))
    .slice(0, MAX_EXAMPLES)
    .map(({ flagged: _flagged, ...example }) => example);
}

export interface TrackingExample {
  /** The third party's cookie, e.g. `uid`. */
  cookie: string;
  /** The third party's site, e.g. `pixel.example`. */
  site: string;
  /** It fired a 1×1 pixel on this page (else: its cookie is a cross-site identifier). */
  pixel: boolean;
  /** The company behind it, when the tracker data names one. */
  owner: string | null;
  /** Sites this browser has seen it track on, when it was learned (three or more). */
  sitesSeen: number | null;
}

/**
 * The tab's own tracking story: a third party whose pixel fired here with its identifier
 * cookie, else a third-party cookie flagged as a cross-site identifier; null when neither.
 */
export function trackingExample(report: Pick<Report, 'cookies' | 'activity'>): TrackingExample | null {
  for (const party of report.activity?.thirdParties ?? []) {
    if (party.pixels.length === 0) continue;
    const cookie = party.identifierCookies[0] ?? party.cookiesSet[0];
    if (cookie === undefined) continue;
    return {
      cookie,
      site: party.site,
      pixel: true,
      owner: party.tracker?.owner ?? party.tracker?.entity ?? null,
      sitesSeen: party.learned?.sites ?? null,
    };
  }
  const tracker = report.cookies.find((c) => !c.firstParty && c.findings.some((f) => f.id === 'cookies-third-party-tracking-identifier'));
  return tracker ? { cookie: tracker.name, site: tracker.site, pixel: false, owner: null, sitesSeen: null } : null;
}
