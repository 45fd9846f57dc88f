/**
 * A run: every page's result judged by the gates, and the summary every format starts with. The
 * JSON output is this object; a later run reads it back as its baseline, and `merge` joins several.
 */
import type { Gates } from './args';
import { judge, type Judged, type Violation } from './gates';
import type { Grade, PageResult, Severity } from './types';

export const RUN_FORMAT = 'cookie-audit-run/1';

export interface RunSummary {
  pages: number;
  audited: number;
  /** Pages that could not be audited (DNS, TLS, timeout, HTTP status, …). */
  errors: number;
  /** Pages with at least one failing violation. */
  failed: number;
  grades: Partial<Record<Grade, number>>;
  findings: Record<Severity, number>;
  /** Pages where at least one third party tracked. */
  pagesWithTrackers: number;
  gates: Gates;
  passed: boolean;
}

export interface RunPage extends PageResult {
  /** Violations that fail the run. */
  failures: Violation[];
  /** Violations the baseline already had (not failing). */
  known: Violation[];
}

export interface Run {
  format: typeof RUN_FORMAT;
  tool: { name: 'cookie-audit'; version: string };
  startedAt: string;
  finishedAt: string;
  summary: RunSummary;
  pages: RunPage[];
}

export function summarise(judged: readonly Judged[], gates: Gates): RunSummary {
  const findings: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  const grades: Partial<Record<Grade, number>> = {};
  let audited = 0;
  let pagesWithTrackers = 0;
  for (const { page } of judged) {
    if (!page.report) continue;
    audited++;
    const { audit, activity } = page.report;
    grades[audit.grade] = (grades[audit.grade] ?? 0) + 1;
    for (const severity of Object.keys(findings) as Severity[]) findings[severity] += audit.counts[severity];
    if ((activity?.tracking ?? 0) > 0) pagesWithTrackers++;
  }
  const failed = judged.filter((j) => j.failures.length > 0).length;
  return { pages: judged.length, audited, errors: judged.length - audited, failed, grades, findings, pagesWithTrackers, gates, passed: failed === 0 };
}

export function buildRun(
  pages: readonly PageResult[],
  gates: Gates,
  baseline: ReadonlyMap<string, PageResult> | null,
  meta: { version: string; startedAt: string; finishedAt: string },
): Run {
  const judged = judge(pages, gates, baseline);
  return {
    format: RUN_FORMAT,
    tool: { name: 'cookie-audit', version: meta.version },
    startedAt: meta.startedAt,
    finishedAt: meta.finishedAt,
    summary: summarise(judged, gates),
    pages: judged.map(({ page, failures, known }) => ({ ...page, failures, known })),
  };
}

/** The page results of a run's JSON (a baseline, or a shard to merge), checked for its format. */
export function pagesOfRun(json: unknown, source: string): PageResult[] {
  const run = json as Partial<Run> | null;
  if (!run || run.format !== RUN_FORMAT || !Array.isArray(run.pages)) {
    throw new Error(`${source}: not a cookie-audit JSON output (expected "format": "${RUN_FORMAT}")`);
  }
  return run.pages.map(({ failures: _f, known: _k, ...page }) => page);
}

/**
 * Pages of several runs as one list: each URL once. When shards overlap (a page re-run), the
 * audited result wins over an error, then the later file.
 */
export function mergePages(runs: readonly PageResult[][]): PageResult[] {
  const byUrl = new Map<string, PageResult>();
  for (const pages of runs) {
    for (const page of pages) {
      const earlier = byUrl.get(page.url);
      if (earlier?.report && !page.report) continue;
      byUrl.set(page.url, page);
    }
  }
  return [...byUrl.values()];
}

/** The exit code the run earns: 1 when any page fails a gate. */
export function exitCodeOf(run: Run): 0 | 1 {
  return run.summary.passed ? 0 : 1;
}
