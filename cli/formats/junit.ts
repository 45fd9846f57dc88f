/**
 * JUnit XML, as CI test views read it (the de-facto schema of Ant's JUnit task, used by Jenkins,
 * GitLab and GitHub test reporters): one testsuite per site, one testcase per page, a <failure>
 * per page that fails a gate. A page that could not be audited is an <error> when errors gate
 * (`--fail-on error`), otherwise <skipped>.
 */
import type { Run, RunPage } from '../run';

/** Text and attribute content: XML's five escapes, and characters XML 1.0 forbids dropped. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function siteOf(page: RunPage): string {
  if (page.report?.tab.site) return page.report.tab.site;
  try {
    return new URL(page.url).hostname;
  } catch {
    return page.url;
  }
}

function testcase(page: RunPage, errorsFail: boolean): string {
  const attrs = `classname="${xmlEscape(`cookie-audit.${siteOf(page)}`)}" name="${xmlEscape(page.url)}" time="${(page.ms / 1000).toFixed(3)}"`;
  const parts: string[] = [];
  if (!page.report) {
    const message = `${page.error?.kind ?? 'error'}: ${page.error?.message ?? 'not audited'}`;
    parts.push(errorsFail ? `<error type="${xmlEscape(page.error?.kind ?? 'error')}" message="${xmlEscape(message)}"/>` : `<skipped message="${xmlEscape(message)}"/>`);
  } else {
    if (page.failures.length > 0) {
      const message = `${page.failures.length} gate failure${page.failures.length === 1 ? '' : 's'}`;
      parts.push(`<failure type="gate" message="${xmlEscape(message)}">${xmlEscape(page.failures.map((f) => f.message).join('\n'))}</failure>`);
    }
    const { audit, summary, activity } = page.report;
    const lines = [
      `grade ${audit.grade} (${audit.score}/100): ${audit.counts.high} high, ${audit.counts.medium} medium, ${audit.counts.low} low`,
      `${summary.total} cookies (${summary.firstParty} first-party, ${summary.thirdParty} third-party), ${activity?.tracking ?? 0} tracking third parties`,
      ...page.known.map((v) => `known from the baseline: ${v.message}`),
    ];
    parts.push(`<system-out>${xmlEscape(lines.join('\n'))}</system-out>`);
  }
  return `    <testcase ${attrs}>\n      ${parts.join('\n      ')}\n    </testcase>`;
}

export function toJunit(run: Run): string {
  const errorsFail = run.summary.gates.failOn.includes('error');
  const bySite = new Map<string, RunPage[]>();
  for (const page of run.pages) bySite.set(siteOf(page), [...(bySite.get(siteOf(page)) ?? []), page]);
  const count = (pages: RunPage[]) => ({
    tests: pages.length,
    failures: pages.filter((p) => p.report && p.failures.length > 0).length,
    errors: errorsFail ? pages.filter((p) => !p.report).length : 0,
    skipped: errorsFail ? 0 : pages.filter((p) => !p.report).length,
    time: (pages.reduce((sum, p) => sum + p.ms, 0) / 1000).toFixed(3),
  });
  const attrs = (c: ReturnType<typeof count>) => `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${c.time}"`;
  const suites = [...bySite].map(
    ([site, pages]) => `  <testsuite name="${xmlEscape(site)}" ${attrs(count(pages))} timestamp="${xmlEscape(run.startedAt.replace(/\.\d+Z$/, ''))}">\n${pages.map((p) => testcase(p, errorsFail)).join('\n')}\n  </testsuite>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cookie-audit" ${attrs(count(run.pages))}>\n${suites.join('\n')}\n</testsuites>\n`;
}
