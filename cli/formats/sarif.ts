/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the format
 * GitHub code scanning reads: one result per finding, its rule the finding's id with the why and
 * the fix as help, located at the page's URL and the cookie (a logical location).
 */
import { createHash } from 'node:crypto';
import { findingsOf } from '../gates';
import type { Run } from '../run';
import type { Severity } from '../types';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub orders and labels code-scanning alerts by this property (0–10): high ≥ 7, medium ≥ 4, low below. */
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.0', low: '2.0', info: '0.0' };

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { tags: string[]; 'security-severity': string };
}

export function toSarif(run: Run, informationUri = 'https://github.com/cookie-audit/cookie-audit'): object {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results: object[] = [];
  const notifications: object[] = [];
  for (const page of run.pages) {
    if (!page.report) {
      notifications.push({
        level: 'error',
        message: { text: `${page.url} was not audited: ${page.error?.message ?? 'unknown error'}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: page.url } } }],
        properties: { kind: page.error?.kind },
      });
      continue;
    }
    for (const { finding, cookie } of findingsOf(page.report)) {
      if (!ruleIndex.has(finding.id)) {
        ruleIndex.set(finding.id, rules.length);
        // The first finding of a rule gives its help; each result repeats its own, cookie-specific fix.
        rules.push({
          id: finding.id,
          name: finding.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
          shortDescription: { text: finding.title },
          fullDescription: { text: finding.why },
          help: { text: `${finding.why}\n\nFix: ${finding.fix}`, markdown: `${finding.why}\n\n**Fix:** \`${finding.fix.replace(/`/g, "'")}\`` },
          defaultConfiguration: { level: LEVEL[finding.severity] },
          properties: { tags: ['security', 'privacy', 'cookies'], 'security-severity': SECURITY_SEVERITY[finding.severity] },
        });
      }
      const where = cookie ? `cookie ${cookie.name} (${cookie.domain}${cookie.path})` : 'the site’s cookies together';
      const fqn = cookie ? `${cookie.domain}${cookie.path}${cookie.path.endsWith('/') ? '' : '/'}${cookie.name}` : `${page.report.tab.site ?? page.url}`;
      results.push({
        ruleId: finding.id,
        ruleIndex: ruleIndex.get(finding.id),
        level: LEVEL[finding.severity],
        message: { text: `${finding.title}: ${where} on ${page.url}. Fix: ${finding.fix}` },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: page.url } },
            logicalLocations: [{ name: cookie?.name ?? 'cookies', fullyQualifiedName: fqn, kind: cookie ? 'variable' : 'resource' }],
          },
        ],
        // Stable across runs, so code scanning tracks one alert per page, rule and cookie.
        partialFingerprints: { 'cookieAudit/v1': createHash('sha256').update(`${page.url}\n${finding.id}\n${fqn}`).digest('hex').slice(0, 32) },
        properties: { severity: finding.severity, grade: page.report.audit.grade, firstParty: cookie?.firstParty ?? true },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Cookie Audit', semanticVersion: run.tool.version, informationUri, rules } },
        invocations: [
          {
            executionSuccessful: run.summary.audited > 0,
            startTimeUtc: run.startedAt,
            endTimeUtc: run.finishedAt,
            toolExecutionNotifications: notifications,
          },
        ],
        results,
      },
    ],
  };
}
