/**
 * The cookie audit: plain data in, findings and a grade out. Rules live in `rules.ts`, one
 * entry each; scoring in `score.ts`.
 */
import type { Cookie } from '../cookies/cookie';
import { cookieKey } from '../cookies/cookie';
import { cookieContext, pageContext, siblingKey } from './context';
import { COOKIE_RULES, SITE_RULES } from './rules';
import { THIRD_PARTY_WEIGHT, gradeOf, scoreOf, type Grade, type WeightedFinding } from './score';
import { english, type Msg } from '../phrases';
import type { AuditContext, CookieContext, Finding, FixText, PageContext, Severity } from './types';

export type { AuditContext, Finding, SetBy, Severity } from './types';
export { COOKIE_RULES, SITE_RULES } from './rules';
export { GRADE_BANDS, MAX_COUNTED_PER_RULE, SEVERITY_PENALTY, THIRD_PARTY_WEIGHT, gradeOf, type Grade } from './score';
export { detectSessionCookie, type SessionVerdict } from './session';
export { inspectValue, type ValueVerdict } from './value';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { high: 3, medium: 2, low: 1, info: 0 };

const bySeverity = (a: Finding, b: Finding): number => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];

/** The finding, its fix and what was seen in English (the report's words) beside their messages. */
function toFinding({ id, severity, title, why }: RuleFinding, fix: FixText, seen: Msg | null = null): Finding {
  const finding: Finding = { id, severity, title, why: seen ? `${english(seen)} ${why}` : why, fix: english(fix) };
  if (seen) Object.assign(finding, { seen: english(seen), seenMsg: seen });
  if (typeof fix !== 'string') finding.fixMsg = fix;
  return finding;
}

type RuleFinding = Pick<Finding, 'id' | 'severity' | 'title' | 'why'>;

function findingsFor(cookie: Cookie, ctx: CookieContext): Finding[] {
  const matched = COOKIE_RULES.filter((rule) => rule.applies(cookie, ctx));
  const superseded = new Set(matched.flatMap((rule) => rule.supersedes ?? []));
  return matched
    .filter((rule) => !superseded.has(rule.id))
    .map((rule) => {
      const severity = rule.severityOf?.(cookie, ctx) ?? rule.severity;
      return toFinding({ id: rule.id, title: rule.title, severity, why: rule.why }, rule.fix(cookie, ctx), rule.seen?.(cookie, ctx));
    })
    .sort(bySeverity);
}

function siteFindingsFor(cookies: readonly Cookie[], page: PageContext): Finding[] {
  return SITE_RULES.filter((rule) => rule.applies(cookies, page)).map(({ id, severity, title, why, fix }) =>
    toFinding({ id, severity, title, why }, fix(cookies, page)),
  );
}

export interface SiteAudit {
  /** Every cookie's findings by `cookieKey`; an empty list means the cookie passed. */
  findings: Record<string, Finding[]>;
  siteFindings: Finding[];
  score: number;
  grade: Grade;
  /** Findings of each severity, before the scoring caps. */
  counts: Record<Severity, number>;
}

export function auditSite(cookies: readonly Cookie[], context: AuditContext): SiteAudit {
  const page = pageContext(context);
  const findings: Record<string, Finding[]> = {};
  const weighted: WeightedFinding[] = [];
  const siblings = new Set(cookies.map(siblingKey));
  for (const cookie of cookies) {
    const list = findingsFor(cookie, cookieContext(cookie, page, context, siblings));
    findings[cookieKey(cookie)] = list;
    const weight = cookie.firstParty ? 1 : THIRD_PARTY_WEIGHT;
    for (const finding of list) weighted.push({ finding, weight });
  }
  const siteFindings = siteFindingsFor(cookies, page);
  for (const finding of siteFindings) weighted.push({ finding, weight: 1 });

  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  for (const { finding } of weighted) counts[finding.severity]++;
  const score = scoreOf(weighted);
  return { findings, siteFindings, score, grade: gradeOf(score), counts };
}
