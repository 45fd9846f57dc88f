import { describe, expect, it } from 'vitest';
import { judge, violations } from '../../../cli/gates';
import { buildRun, exitCodeOf } from '../../../cli/run';
import { fixturePages, NO_GATES, page, UNREACHABLE } from './fixture';

const keys = (vs: { gate: string; key: string }[]) => vs.map((v) => `${v.gate} ${v.key}`);

describe('gates', () => {
  it('passes everything without gates', () => {
    const run = buildRun([...fixturePages(), UNREACHABLE], NO_GATES, null, { version: '1', startedAt: '', finishedAt: '' });
    expect(run.summary).toMatchObject({ pages: 4, audited: 3, errors: 1, failed: 0, passed: true, grades: { D: 1, 'C+': 1, 'B-': 1 } });
    expect(exitCodeOf(run)).toBe(0);
  });

  it('fails a page graded below --min-grade', () => {
    const gates = { ...NO_GATES, minGrade: 'C+' as const };
    expect(keys(violations(page('audit'), gates))).toEqual(['grade grade:D']);
    expect(violations(page('site'), gates)).toEqual([]);
    expect(violations(page('news'), gates)).toEqual([]);
  });

  it('fails on high findings, and on medium or worse', () => {
    const high = { ...NO_GATES, failOn: ['high' as const] };
    expect(keys(violations(page('audit'), high))).toEqual([
      'high finding:cookies-session-without-secure-flag:audit.test/ PHPSESSID',
      'high finding:cookies-session-without-httponly-flag:audit.test/ PHPSESSID',
    ]);
    expect(violations(page('site'), high)).toEqual([]);
    // high and medium together: each finding once.
    const medium = violations(page('audit'), { ...NO_GATES, failOn: ['high', 'medium'] });
    expect(medium).toHaveLength(4);
    expect(new Set(medium.map((v) => v.key)).size).toBe(4);
    expect(medium.every((v) => v.gate === 'medium')).toBe(true);
    expect(violations(page('site'), { ...NO_GATES, failOn: ['medium'] }).map((v) => v.message)).toContain(
      'medium: Cookie without Secure — cookie <script>alert(1)</script> (site.test/) [cookies-without-secure-flag]',
    );
  });

  it('fails on tracking third parties and on cookies the browser rejected', () => {
    expect(keys(violations(page('site'), { ...NO_GATES, failOn: ['tracker'] }))).toEqual(['tracker tracker:pixel.test', 'tracker tracker:beacon.test']);
    expect(keys(violations(page('audit'), { ...NO_GATES, failOn: ['rejected'] })).sort()).toEqual([
      'rejected rejected:audit.test/ __Host-wide',
      'rejected rejected:audit.test/ crosssite',
    ]);
  });

  it('fails on the consent test’s findings, in the report shape issue #10 documents', () => {
    const tested = page('news');
    const finding = {
      id: 'consent-tracker-after-refusal',
      severity: 'high' as const,
      title: 'pixel.test tracked after the visitor refused',
      why: 'Refusing must stop tracking.',
      fix: 'Load pixel.test only after consent.',
    };
    Object.assign(tested.report!, { consent: { verdict: 'fail', findings: [finding], choice: { kind: 'refused', source: 'autoconsent' } } });
    expect(keys(violations(tested, { ...NO_GATES, failOn: ['consent'] }))).toEqual([
      'consent consent:consent-tracker-after-refusal:pixel.test tracked after the visitor refused',
    ]);
    // Without the test's part, nothing to fail on.
    expect(violations(page('news'), { ...NO_GATES, failOn: ['consent'] })).toEqual([]);
  });

  it('fails on unreachable pages only with --fail-on error', () => {
    expect(violations(UNREACHABLE, { ...NO_GATES, minGrade: 'A', failOn: ['high'] })).toEqual([]);
    expect(keys(violations(UNREACHABLE, { ...NO_GATES, failOn: ['error'] }))).toEqual(['error error']);
  });

  it('with a baseline, fails only on what is new', () => {
    const gates = { ...NO_GATES, minGrade: 'A' as const, failOn: ['medium' as const, 'tracker' as const] };
    const same = new Map(fixturePages().map((p) => [p.url, p]));
    expect(judge(fixturePages(), gates, same).every((j) => j.failures.length === 0 && j.known.length > 0)).toBe(true);

    // The baseline's site.test had no beacon and one cookie fewer: those are new.
    const before = page('site');
    before.report!.activity!.thirdParties = before.report!.activity!.thirdParties.filter((t) => t.site !== 'beacon.test');
    before.report!.cookies = before.report!.cookies.filter((c) => c.name !== '_ga');
    const [judged] = judge([page('site')], gates, new Map([[before.url, before]]));
    expect(keys(judged.failures)).toEqual([
      'medium finding:cookies-without-secure-flag:site.test/ _ga',
      'tracker tracker:beacon.test',
    ]);
    // A page the baseline did not have is judged in full.
    expect(judge([page('news')], gates, new Map([[before.url, before]]))[0].failures.length).toBeGreaterThan(0);
  });

  it('with a baseline, fails a grade only when it got worse', () => {
    const gates = { ...NO_GATES, minGrade: 'B' as const };
    const better = page('audit');
    better.report!.audit.grade = 'C';
    const worse = page('audit');
    worse.report!.audit.grade = 'F';
    const now = page('audit');
    expect(judge([now], gates, new Map([[now.url, better]]))[0].failures.map((v) => v.message)).toEqual(['grade D is below B']);
    expect(judge([now], gates, new Map([[now.url, worse]]))[0].failures).toEqual([]);
  });
});
