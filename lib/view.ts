/**
 * What the popup's Cookies view shows, and no more: each cookie with the ids and severities of
 * its findings, the texts of those findings' rules once for all cookies, and the counts the other
 * views' tabs show. The fix of a finding (a `Set-Cookie` line of its own for each cookie) is asked
 * for when a cookie is expanded, a value when the user reveals or copies it, the timeline and
 * third parties when their view is opened. Without values, a view may be kept built in the
 * background's memory for the next popup. The full report (`getReport`, Export JSON) is
 * unchanged: lib/report.ts.
 */
import type { Finding } from './audit';
import { cookieKey, type Cookie, type CookieId } from './cookies/cookie';
import { DEFAULT_SORT, sortCookies } from './cookies/view';
import { trackingCount } from './monitor/report';
import { english, type Msg } from './phrases';
import { scriptLabelMsg } from './scripts/label';
import { auditCookies, NO_CONSENT, reportTab, type Report, type ReportAudit, type ReportCookie, type ReportInput } from './report';

/**
 * A cookie's finding by its rule: the rule's words are the view's `rules`, except where this
 * finding's own differ (a value finding says what this cookie's value holds).
 */
export type FindingRef = Pick<Finding, 'id' | 'severity'> & Partial<Pick<Finding, 'title' | 'why' | 'seen' | 'seenMsg'>>;

/** A cookie as the popup lists it: the report's cookie, its findings named by rule id, without its value. */
export type ViewCookie = Omit<ReportCookie, 'findings' | 'value'> & {
  findings: FindingRef[];
  /** The value is the empty string: nothing to reveal. */
  valueEmpty: boolean;
  /**
   * The words for the script the page reported writing it (lib/scripts/label.ts), when it
   * reported one: worked out here, so that the popup's first script needs no Public Suffix List.
   */
  scriptLabel?: string;
  /** The same words as a message (lib/phrases.ts), for the popup's language. */
  scriptLabelMsg?: Msg;
};

/**
 * The view's form of a report cookie. `rules` gathers the words of each rule its findings name,
 * as the first finding of the rule has them; a finding whose words differ keeps its own.
 */
export function viewCookieOf(cookie: ReportCookie, valueEmpty: boolean, rules: Record<string, RuleText> = {}): ViewCookie {
  const { findings, value: _value, ...rest } = cookie;
  const refs = findings.map(({ id, severity, title, why, seen, seenMsg }): FindingRef => {
    const shared = (rules[id] ??= { title, why });
    const ref: FindingRef = { id, severity };
    if (title !== shared.title) ref.title = title;
    if (why !== shared.why) ref.why = why;
    if (seen) ref.seen = seen;
    // What was seen as a message, for the popup's language (keys and names, not a second language).
    if (seenMsg) ref.seenMsg = seenMsg;
    return ref;
  });
  const viewed: ViewCookie = { ...rest, findings: refs, valueEmpty };
  const label = scriptLabelMsg(cookie.script, cookie.scriptKind);
  if (label !== null) {
    viewed.scriptLabel = english(label);
    viewed.scriptLabelMsg = label;
  }
  return viewed;
}

/** The words of a rule, as most cookies it finds have them. */
export interface RuleText {
  title: string;
  why: string;
}

export interface PopupView {
  tab: Report['tab'];
  access: Report['access'];
  audit: ReportAudit;
  cookies: ViewCookie[];
  rejected: Report['rejected'];
  summary: Report['summary'];
  /** The words of every rule the cookies' findings name, by rule id (a finding may have its own). */
  rules: Record<string, RuleText>;
  /** For the Trackers and Timeline tabs: their counts; null when the background has no record of the page. */
  activity: { tracking: number; changes: number } | null;
  /** The consent audit, shown above the views. */
  consent: Report['consent'];
}

export function buildView(input: ReportInput): PopupView {
  const { cookies, audit, rejected, summary, sorted, consent } = auditCookies({ ...input, includeValues: false });
  const rules: Record<string, RuleText> = {};
  const viewCookies = cookies.map((c, i) => viewCookieOf(c, sorted[i].value === '', rules));
  const monitored = input.monitored;
  return {
    tab: reportTab(input),
    access: input.access,
    audit,
    // In the popup's first order: it then has nothing to sort when it opens.
    cookies: sortCookies(viewCookies, DEFAULT_SORT),
    rejected,
    summary,
    rules,
    activity: monitored ? { tracking: trackingCount(monitored.page), changes: monitored.timeline.length } : null,
    consent: consent?.report ?? NO_CONSENT,
  };
}

/** One cookie's value; null when the cookie is not in the input. */
export function valueOf(cookies: readonly Cookie[], cookie: CookieId): string | null {
  const key = cookieKey(cookie);
  return cookies.find((c) => cookieKey(c) === key)?.value ?? null;
}

/** Every cookie's value by its `cookieKey`, in the input's order. */
export function valuesOf(cookies: readonly Cookie[]): [string, string][] {
  return cookies.map((c) => [cookieKey(c), c.value]);
}

/** The findings of one cookie, with their fixes; empty when the cookie is not in the input. */
export function findingsOf(input: ReportInput, cookie: CookieId): Finding[] {
  const key = cookieKey(cookie);
  return auditCookies(input).cookies.find((c) => cookieKey(c) === key)?.findings ?? [];
}
