/**
 * Gates: what makes a run fail. Each page yields violations with a stable key (the finding's
 * rule and cookie, the tracker's site, …), so that a baseline run's violations can be set aside
 * and only new ones fail the build.
 */
import { GRADE_BANDS } from '@/lib/audit/score';
import type { FailOn, Gates } from './args';
import { consentOf, type Grade, type PageResult, type Report, type Severity } from './types';

export type GateName = 'grade' | Exclude<FailOn, 'medium'> | 'medium';

export interface Violation {
  gate: GateName;
  /** Identifies the problem on its page across runs. */
  key: string;
  message: string;
}

const GRADE_ORDER = GRADE_BANDS.map(([, grade]) => grade) as Grade[];

/** 0 for A+, larger is worse. */
export function gradeRank(grade: Grade): number {
  return GRADE_ORDER.indexOf(grade);
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3 };

export function cookieLabel(cookie: { name: string; domain: string; path: string }): string {
  return `${cookie.name} (${cookie.domain}${cookie.path})`;
}

/**
 * Every finding of a report with the cookie it is about (null: about the site's cookies
 * together, or from the consent test).
 */
export function findingsOf(report: Report) {
  return [
    ...report.audit.siteFindings.map((finding) => ({ finding, cookie: null })),
    ...(consentOf(report)?.findings ?? []).map((finding) => ({ finding, cookie: null })),
    ...report.cookies.flatMap((cookie) => cookie.findings.map((finding) => ({ finding, cookie }))),
  ];
}

export function violations(page: PageResult, gates: Gates): Violation[] {
  const out: Violation[] = [];
  const { report } = page;
  if (!report) {
    if (gates.failOn.includes('error')) out.push({ gate: 'error', key: 'error', message: page.error?.message ?? 'not audited' });
    return out;
  }
  if (gates.minGrade && gradeRank(report.audit.grade) > gradeRank(gates.minGrade)) {
    out.push({ gate: 'grade', key: `grade:${report.audit.grade}`, message: `grade ${report.audit.grade} is below ${gates.minGrade}` });
  }
  // --fail-on medium means medium or worse; with high too, each finding still counts once.
  const threshold = gates.failOn.includes('medium') ? 'medium' : gates.failOn.includes('high') ? 'high' : null;
  if (threshold) {
    for (const { finding, cookie } of findingsOf(report)) {
      if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[threshold]) continue;
      const where = cookie ? `cookie ${cookieLabel(cookie)}` : 'the site’s cookies';
      out.push({
        gate: threshold,
        key: `finding:${finding.id}:${cookie ? `${cookie.domain}${cookie.path} ${cookie.name}` : 'site'}`,
        message: `${finding.severity}: ${finding.title} — ${where} [${finding.id}]`,
      });
    }
  }
  if (gates.failOn.includes('consent')) {
    const consent = consentOf(report);
    for (const finding of consent?.findings ?? []) {
      out.push({ gate: 'consent', key: `consent:${finding.id}:${finding.title}`, message: `consent: ${finding.title} [${finding.id}]` });
    }
    if (consent?.verdict === 'fail' && !consent.findings.length) out.push({ gate: 'consent', key: 'consent:verdict', message: 'consent: the test failed' });
  }
  if (gates.failOn.includes('tracker')) {
    for (const party of report.activity?.thirdParties ?? []) {
      if (!party.tracking) continue;
      const owner = party.tracker?.entity ?? party.tracker?.owner;
      out.push({ gate: 'tracker', key: `tracker:${party.site}`, message: `tracker: ${party.site}${owner ? ` (${owner})` : ''}` });
    }
  }
  if (gates.failOn.includes('rejected')) {
    for (const r of report.rejected) {
      out.push({ gate: 'rejected', key: `rejected:${r.domain}${r.path} ${r.name}`, message: `rejected cookie ${r.name}: ${r.reason}` });
    }
  }
  return out;
}

/**
 * The violations the baseline did not have on the same page. A grade fails again only when it
 * is worse than the baseline's; a page the baseline did not audit is all new.
 */
export function newViolations(current: Violation[], baseline: Violation[] | undefined): Violation[] {
  if (!baseline) return current;
  const known = new Set(baseline.map((v) => v.key));
  const baselineGrade = baseline.find((v) => v.gate === 'grade')?.key.slice('grade:'.length) as Grade | undefined;
  return current.filter((v) => {
    if (v.gate === 'grade') return !baselineGrade || gradeRank(v.key.slice('grade:'.length) as Grade) > gradeRank(baselineGrade);
    return !known.has(v.key);
  });
}

export interface Judged {
  page: PageResult;
  /** The violations that fail the run: all of them, or the new ones with a baseline. */
  failures: Violation[];
  /** Violations the baseline already had, reported but not failing. */
  known: Violation[];
}

/** Each page's failures. `baseline` maps a page URL to its earlier result. */
export function judge(pages: readonly PageResult[], gates: Gates, baseline: ReadonlyMap<string, PageResult> | null): Judged[] {
  return pages.map((page) => {
    const all = violations(page, gates);
    const before = baseline?.get(page.url);
    // With a baseline, a page that was not in it is judged in full; one that was, only on what is new.
    const failures = baseline && before ? newViolations(all, violations(before, gates)) : all;
    return { page, failures, known: all.filter((v) => !failures.includes(v)) };
  });
}
