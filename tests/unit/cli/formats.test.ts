// @vitest-environment jsdom
// jsdom for its DOMParser: the JUnit XML and the HTML report are parsed as a browser parses them.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toHtml } from '../../../cli/formats/html';
import { toJunit } from '../../../cli/formats/junit';
import { toMarkdown } from '../../../cli/formats/md';
import { toSarif } from '../../../cli/formats/sarif';
import { findingsOf } from '../../../cli/gates';
import { DATA_ELEMENT_ID } from '../../../cli/report-view/data';
import { buildRun } from '../../../cli/run';
import { fixturePages, NO_GATES, UNREACHABLE } from './fixture';
import { sarifValidator } from './sarif-schema';

const HOSTILE = '<script>alert(1)</script>';
const run = (gates = NO_GATES) =>
  buildRun([...fixturePages(), UNREACHABLE], gates, null, { version: '0.1.0', startedAt: '2026-12-01T10:00:00.000Z', finishedAt: '2026-12-01T10:01:00.000Z' });

describe('SARIF', () => {
  it('is valid SARIF 2.1.0, with one result per finding, located at the page and the cookie', () => {
    const sarif = toSarif(run()) as { runs: { tool: { driver: { rules: { id: string; help: { text: string } }[] } }; results: any[]; invocations: any[] }[] };
    expect(sarifValidator()(sarif)).toEqual([]);
    const [only] = sarif.runs;
    const findings = fixturePages().flatMap((p) => findingsOf(p.report!).map((f) => ({ url: p.url, ...f })));
    expect(only.results).toHaveLength(findings.length);
    expect(only.results.map((r) => r.ruleId)).toEqual(findings.map((f) => f.finding.id));
    const rules = only.tool.driver.rules;
    expect(new Set(rules.map((r) => r.id))).toEqual(new Set(findings.map((f) => f.finding.id)));
    for (const result of only.results) expect(rules[result.ruleIndex].id).toBe(result.ruleId);

    const phpsessid = only.results.find((r) => r.ruleId === 'cookies-session-without-httponly-flag');
    expect(phpsessid.level).toBe('error');
    expect(phpsessid.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^https:\/\/audit\.test:\d+\/$/);
    expect(phpsessid.locations[0].logicalLocations[0]).toMatchObject({ name: 'PHPSESSID', fullyQualifiedName: 'audit.test/PHPSESSID' });
    expect(phpsessid.message.text).toMatch(/Fix: Set-Cookie: PHPSESSID=…;.*HttpOnly/);
    const help = rules.find((r) => r.id === 'cookies-session-without-httponly-flag')!.help.text;
    const finding = findings.find((f) => f.finding.id === 'cookies-session-without-httponly-flag')!.finding;
    expect(help).toBe(`${finding.why}\n\nFix: ${finding.fix}`);
    // The unreachable page is a notification, not a finding.
    expect(only.invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: 'error', message: { text: expect.stringContaining('nowhere.invalid') } }),
    ]);
  });

  it('the schema check catches a broken document', () => {
    const sarif = toSarif(run()) as { runs: { results: { level: string }[] }[] };
    sarif.runs[0].results[0].level = 'fatal';
    expect(sarifValidator()(sarif).join('\n')).toMatch(/level/);
  });
});

describe('JUnit', () => {
  it('has a testcase per page, a failure per failing page, and keeps page data as text', () => {
    const xml = toJunit(run({ ...NO_GATES, minGrade: 'C+', failOn: ['medium'] }));
    const parsed = new DOMParser().parseFromString(xml, 'application/xml');
    expect(parsed.getElementsByTagName('parsererror')).toHaveLength(0);
    const root = parsed.documentElement;
    expect(root.tagName).toBe('testsuites');
    expect(root.getAttribute('tests')).toBe('4');
    expect(root.getAttribute('failures')).toBe('3');
    expect(root.getAttribute('skipped')).toBe('1');
    const cases = [...parsed.getElementsByTagName('testcase')];
    expect(cases.map((c) => c.getAttribute('classname'))).toEqual(['cookie-audit.audit.test', 'cookie-audit.site.test', 'cookie-audit.news.test', 'cookie-audit.nowhere.invalid']);
    const site = cases[1];
    expect(site.getElementsByTagName('failure')[0].textContent).toContain(`cookie ${HOSTILE} (site.test/)`);
    expect(site.getElementsByTagName('script')).toHaveLength(0);
    expect(cases[3].getElementsByTagName('skipped')[0].getAttribute('message')).toContain('ERR_NAME_NOT_RESOLVED');
    // With --fail-on error, the unreachable page is an error.
    const strict = new DOMParser().parseFromString(toJunit(run({ ...NO_GATES, failOn: ['error'] })), 'application/xml');
    expect(strict.documentElement.getAttribute('errors')).toBe('1');
    expect(strict.getElementsByTagName('error')[0].getAttribute('type')).toBe('dns');
  });
});

describe('Markdown', () => {
  it('says the verdict, lists failing pages first, and escapes page data', () => {
    const md = toMarkdown(run({ ...NO_GATES, failOn: ['medium'] }));
    expect(md.split('\n')[0]).toBe('## Cookie Audit: ❌ 3 of 4 pages failed');
    expect(md).toContain('3 of 4 pages audited (1 not reachable)');
    expect(md).not.toContain(HOSTILE);
    expect(md).toContain('&lt;script&gt;alert\\(1\\)&lt;/script&gt;');
    const rows = md.split('\n').filter((l) => l.startsWith('| https'));
    expect(rows.at(-1)).toContain('nowhere\\.invalid');
    expect(toMarkdown(run()).split('\n')[0]).toBe('## Cookie Audit: ✅ passed');
  });
});

describe('HTML', () => {
  it('inlines the view and the data, allows only that script and no network, and never makes page data markup', () => {
    const js = 'document.title = JSON.parse(document.getElementById("cookie-audit-run").textContent).summary.pages + " pages"; // </script> in a comment';
    const html = toHtml(run(), { js, css: 'body { color: red }' });
    const document = new DOMParser().parseFromString(html, 'text/html');
    const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!;
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+';/);
    const scripts = [...document.querySelectorAll('script')];
    expect(scripts).toHaveLength(2);
    const data = JSON.parse(document.getElementById(DATA_ELEMENT_ID)!.textContent!);
    expect(data.pages).toHaveLength(4);
    expect(data.pages[1].report.cookies.map((c: { name: string }) => c.name)).toContain(HOSTILE);
    expect(html).not.toContain(HOSTILE);
    // The inline script is the view, whole, and its hash is the one allowed.
    const hash = createHash('sha256').update(scripts[1].textContent!).digest('base64');
    expect(csp).toContain(`'sha256-${hash}'`);
    expect(scripts[1].textContent).toContain('<\\/script> in a comment');
  });
});
