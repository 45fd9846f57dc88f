/**
 * "Test this site's consent", the pure part (lib/consent/test.ts): the choices a message may ask
 * for, the steps shown as progress, when the page's network is quiet, what each run found per
 * phase, and the site's verdict over the runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditConsent } from '../../../lib/consent/audit';
import type { ConsentSignal } from '../../../lib/consent/signals';
import {
  combinedFindings,
  combinedVerdict,
  LONG_REQUEST_MS,
  planSteps,
  QUIET_CAP_MS,
  QUIET_MS,
  QuietWatch,
  readChoices,
  stepKey,
  storageByOrigin,
  summariseRun,
  testReport,
  type ConsentTestResult,
} from '../../../lib/consent/test';
import { parseMessage } from '../../../lib/messages';

describe('the message', () => {
  it('takes refuse, accept or both, in that order or the other, once each', () => {
    expect(readChoices(['refuse'])).toEqual(['refuse']);
    expect(readChoices(['accept', 'refuse'])).toEqual(['accept', 'refuse']);
    for (const bad of [[], ['refuse', 'refuse'], ['reject'], ['refuse', 'accept', 'refuse'], 'refuse', null]) expect(readChoices(bad)).toBeNull();
  });

  it('runs only once the user confirmed it', () => {
    expect(parseMessage({ type: 'runConsentTest', tabId: 4, choices: ['refuse', 'accept'], confirmed: true })).toEqual({ type: 'runConsentTest', tabId: 4, choices: ['refuse', 'accept'], confirmed: true });
    expect(parseMessage({ type: 'runConsentTest', tabId: 4, choices: ['refuse'] })).toBeNull();
    expect(parseMessage({ type: 'runConsentTest', tabId: 4, choices: ['refuse'], confirmed: 'yes' })).toBeNull();
    expect(parseMessage({ type: 'runConsentTest', tabId: 4, choices: ['maybe'], confirmed: true })).toBeNull();
    expect(parseMessage({ type: 'cancelConsentTest', tabId: 4 })).toEqual({ type: 'cancelConsentTest', tabId: 4 });
  });
});

describe('the steps', () => {
  it('snapshot first, restore last, the six steps of each run between', () => {
    const steps = planSteps(['refuse', 'accept']);
    expect(steps).toHaveLength(14);
    expect(steps[0]).toEqual({ step: 'snapshot', run: null });
    expect(steps.at(-1)).toEqual({ step: 'restore', run: null });
    expect(steps.slice(1, 7).map((s) => s.step)).toEqual(['clear', 'reload', 'before-choice', 'banner', 'choose', 'after-choice']);
    expect(steps.slice(7, 13).every((s) => s.run === 'accept')).toBe(true);
    expect(stepKey(steps[5])).toBe('ctest_progress_refuse');
    expect(stepKey(steps[11])).toBe('ctest_progress_accept');
    expect(stepKey(steps[6])).toBe('ctest_progress_after_refusal');
    expect(stepKey(steps[12])).toBe('ctest_progress_after_acceptance');
  });

  it('names every step of both runs with a message that English and German have', () => {
    const load = (lang: string) => JSON.parse(readFileSync(join(__dirname, '../../../public/_locales', lang, 'messages.json'), 'utf8'));
    const [en, de] = [load('en'), load('de')];
    const keys = planSteps(['refuse', 'accept']).map(stepKey);
    expect(new Set(keys).size).toBe(10);
    for (const key of keys) {
      expect(en[key]?.message, key).toBeTruthy();
      expect(de[key]?.message, key).toBeTruthy();
      expect(de[key].message, key).not.toBe(en[key].message);
    }
    expect(en[keys[0]].message).toContain('in memory only');
  });
});

describe('waiting for quiet', () => {
  it('is quiet once no request is open and none started or ended for a while', () => {
    const watch = new QuietWatch(0);
    watch.started('1', 100);
    expect(watch.state(100 + QUIET_MS + 10, 0)).toBe('busy');
    watch.ended('1', 400);
    expect(watch.state(400 + QUIET_MS - 1, 0)).toBe('busy');
    expect(watch.state(400 + QUIET_MS, 0)).toBe('quiet');
    // An unknown request's end (started before the watch) moves nothing.
    watch.ended('other', 2000);
    expect(watch.state(2001, 0)).toBe('quiet');
  });

  it('does not wait for a long poll, and gives up at the cap on a page that never rests', () => {
    const poll = new QuietWatch(0);
    poll.started('stream', 0);
    expect(poll.state(LONG_REQUEST_MS - 1, 0)).toBe('busy');
    expect(poll.state(LONG_REQUEST_MS, 0)).toBe('quiet');
    const busy = new QuietWatch(0);
    for (let t = 0; t <= QUIET_CAP_MS; t += 200) busy.started(String(t), t);
    expect(busy.state(QUIET_CAP_MS - 1, 0)).toBe('busy');
    expect(busy.state(QUIET_CAP_MS, 0)).toBe('capped');
  });
});

const START = 5_000_000;
const test = (time: number, kind: ConsentSignal['kind']): ConsentSignal => ({ source: 'test', time, kind, earlier: false });

/** A page audited with the test's signals: _ga before the refusal, a pixel and the choice cookie after it. */
function refusedPage(trackAfter: boolean) {
  const audit = auditConsent({
    signals: [test(START + 100, 'none'), test(START + 3000, 'refused')],
    pageStartedAt: START,
    writes: [
      { key: '_ga', name: '_ga', domain: 'shop.test', time: START + 500, category: 'Analytics' },
      { key: 'OptanonConsent', name: 'OptanonConsent', domain: 'shop.test', time: START + 3100, category: 'Functional' },
    ],
    parties: [
      { site: 'facebook.com', firstSeen: START + 600, tracking: true, trackedAt: trackAfter ? [START + 600, START + 3200] : [START + 600], example: 'https://www.facebook.com/tr?id=1' },
      { site: 'cdn.test', firstSeen: START + 3300, tracking: false, trackedAt: [], example: null },
    ],
  });
  const purpose = (category: string) => ({ category }) as never;
  return {
    cookies: [
      { name: '_ga', domain: 'shop.test', phase: audit.cookiePhases.get('_ga') ?? null, purpose: purpose('Analytics') },
      { name: 'OptanonConsent', domain: 'shop.test', phase: audit.cookiePhases.get('OptanonConsent') ?? null, purpose: purpose('Functional') },
      { name: 'sid', domain: 'shop.test', phase: null, purpose: null },
    ],
    activity: {
      thirdParties: [
        { site: 'facebook.com', tracking: true, phase: audit.partyPhases.get('facebook.com') ?? null },
        { site: 'cdn.test', tracking: false, phase: audit.partyPhases.get('cdn.test') ?? null },
      ],
    },
    consent: audit.report,
  } as never as Parameters<typeof summariseRun>[0];
}

describe('a run', () => {
  it('lists each phase’s cookies and trackers, from the phases the test’s own signals made', () => {
    const page = refusedPage(true);
    expect(page.consent.choice).toEqual({ kind: 'refused', at: START + 3000, source: 'test' });
    const run = summariseRun(page, 'refuse', 'Onetrust', true);
    expect(run).toMatchObject({ choice: 'refuse', cmp: 'Onetrust', answered: true, verdict: 'fail' });
    expect(run.phases).toEqual([
      { phase: 'before-choice', cookies: [{ name: '_ga', domain: 'shop.test', category: 'Analytics' }], trackers: ['facebook.com'] },
      // First seen before the choice, facebook.com tracked after the refusal too: the finding says so.
      { phase: 'after-refusal', cookies: [{ name: 'OptanonConsent', domain: 'shop.test', category: 'Functional' }], trackers: ['facebook.com'] },
    ]);
    expect(run.findings.map((f) => f.id).sort()).toEqual(['consent-cookie-before-choice', 'consent-tracker-after-refusal', 'consent-tracker-before-choice']);
  });

  it('without an answer to the banner, only what happened before any choice', () => {
    const run = summariseRun(refusedPage(false), 'refuse', null, false);
    expect(run.phases.map((p) => p.phase)).toEqual(['before-choice']);
    expect(run.answered).toBe(false);
  });
});

describe('the verdict over the runs', () => {
  const run = (verdict: 'pass' | 'fail' | 'unknown', ids: string[] = []) =>
    ({ choice: 'refuse', cmp: null, answered: true, verdict, phases: [], findings: ids.map((id) => ({ id, severity: 'high', title: id, why: '', fix: '', subject: { kind: 'site' } })) }) as never;

  it('fails when any run fails, passes when one passed and none failed, else unknown', () => {
    expect(combinedVerdict([run('pass'), run('fail')])).toBe('fail');
    expect(combinedVerdict([run('unknown'), run('pass')])).toBe('pass');
    expect(combinedVerdict([run('unknown')])).toBe('unknown');
    expect(combinedVerdict([])).toBe('unknown');
  });

  it('keeps a finding both runs made once', () => {
    expect(combinedFindings([run('fail', ['a', 'b']), run('fail', ['b', 'c'])]).map((f) => f.id)).toEqual(['a', 'b', 'c']);
  });

  it('the answer is the first run’s page, judged over all runs, with the test’s account', () => {
    const page = refusedPage(false);
    const result: ConsentTestResult = {
      choices: ['refuse', 'accept'],
      outcome: 'done',
      message: null,
      runs: [run('pass'), run('fail', ['consent-cookie-before-choice'])],
      restored: { cookies: 2, cookiesFailed: 0, storageOrigins: 1, storageOriginsMissed: 0 },
      startedAt: 1,
      finishedAt: 2,
    };
    const report = testReport(page, result);
    expect(report.consent.verdict).toBe('fail');
    expect(report.consent.findings.map((f) => f.id)).toEqual(['consent-cookie-before-choice']);
    expect(report.consent.test).toBe(result);
    expect(report.cookies).toBe(page.cookies);
  });
});

describe('the storage copy', () => {
  it('one per origin, the first frame’s; opaque origins have nothing to keep', () => {
    const top = { origin: 'https://shop.test', local: [['cart', '3']] as [string, string][], session: [] };
    const again = { origin: 'https://shop.test', local: [] as [string, string][], session: [] };
    const frame = { origin: 'https://widget.test', local: [] as [string, string][], session: [['k', 'v']] as [string, string][] };
    expect(storageByOrigin([top, again, null, { origin: 'null', local: [], session: [] }, undefined, frame])).toEqual([top, frame]);
  });
});
