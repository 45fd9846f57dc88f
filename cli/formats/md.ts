/**
 * A short Markdown summary for a pull-request comment: the verdict, the figures, what failed
 * (capped, GitHub comments hold 65,536 characters) and a table of pages. Page data is escaped
 * so that a cookie name can neither format the comment nor inject HTML into it.
 */
import type { Run, RunPage } from '../run';

const MAX_FAILING_PAGES = 20;
const MAX_LINES_PER_PAGE = 10;
const MAX_TABLE_ROWS = 50;

/** Markdown's punctuation escaped with a backslash, HTML's with entities, line breaks flattened. */
export function mdText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1');
}

function row(page: RunPage): string {
  if (!page.report) return `| ${mdText(page.url)} | — | — | — | — | not audited: ${mdText(page.error?.message ?? 'error')} |`;
  const { audit, activity } = page.report;
  const result = page.failures.length ? `❌ ${page.failures.length} failing` : page.known.length ? `✅ (${page.known.length} known)` : '✅';
  return `| ${mdText(page.url)} | ${audit.grade} | ${audit.counts.high} | ${audit.counts.medium} | ${activity?.tracking ?? 0} | ${result} |`;
}

export function toMarkdown(run: Run): string {
  const s = run.summary;
  const verdict = s.passed ? '✅ passed' : `❌ ${s.failed} of ${s.pages} page${s.pages === 1 ? '' : 's'} failed`;
  const grades = Object.entries(s.grades).map(([grade, n]) => `${grade} ×${n}`).join(', ') || '—';
  const gates = [
    s.gates.minGrade && `minimum grade ${s.gates.minGrade}`,
    s.gates.failOn.length > 0 && `fail on ${s.gates.failOn.join(', ')}`,
    s.gates.baseline && 'new problems only (baseline)',
  ].filter(Boolean);
  const lines = [
    `## Cookie Audit: ${verdict}`,
    '',
    `${s.audited} of ${s.pages} pages audited${s.errors ? ` (${s.errors} not reachable)` : ''}. Grades: ${grades}. Findings: ${s.findings.high} high, ${s.findings.medium} medium, ${s.findings.low} low. Pages with trackers: ${s.pagesWithTrackers}.`,
    gates.length ? `Gates: ${gates.join('; ')}.` : 'No gates set.',
  ];
  const failing = run.pages.filter((p) => p.failures.length > 0);
  if (failing.length > 0) {
    lines.push('', '### What failed', '');
    for (const page of failing.slice(0, MAX_FAILING_PAGES)) {
      lines.push(`- ${mdText(page.url)}`);
      for (const v of page.failures.slice(0, MAX_LINES_PER_PAGE)) lines.push(`  - ${mdText(v.message)}`);
      if (page.failures.length > MAX_LINES_PER_PAGE) lines.push(`  - and ${page.failures.length - MAX_LINES_PER_PAGE} more`);
    }
    if (failing.length > MAX_FAILING_PAGES) lines.push(`- and ${failing.length - MAX_FAILING_PAGES} more pages`);
  }
  lines.push('', '| Page | Grade | High | Medium | Trackers | Result |', '| --- | --- | --- | --- | --- | --- |');
  // Failing pages first, so a capped table still shows them.
  const ordered = [...failing, ...run.pages.filter((p) => p.failures.length === 0)];
  for (const page of ordered.slice(0, MAX_TABLE_ROWS)) lines.push(row(page));
  if (ordered.length > MAX_TABLE_ROWS) lines.push('', `${ordered.length - MAX_TABLE_ROWS} more pages in the full report.`);
  return `${lines.join('\n')}\n`;
}
