/**
 * Phases, findings and the verdict of the consent audit (lib/consent): what a regulator's test
 * looks for — anything needing consent stored or tracked before the choice, after a refusal, or
 * against the page's own consent signal.
 */
import { describe, expect, it } from 'vitest';
import { auditConsent, needOf, type CookieWrite, type PartyActivity, type StorageKeyWrite } from '../../../lib/consent/audit';
import { phaseAt, phaseSpans } from '../../../lib/consent/phases';
import type { ConsentSignal } from '../../../lib/consent/signals';

const START = 1_000_000;
const at = (s: number) => START + s * 1000;
const tcf = (time: number, kind: ConsentSignal['kind'], fields: Partial<ConsentSignal> = {}): ConsentSignal => ({ source: 'tcf', time, kind, earlier: false, cmpId: 28, purposes: kind === 'accepted' ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : [], ...fields });
const mode = (time: number, command: 'default' | 'update', kind: ConsentSignal['kind'], consentMode: ConsentSignal['consentMode']): ConsentSignal => ({ source: 'consent-mode', time, kind, earlier: false, command, consentMode });
const user = (time: number, kind: ConsentSignal['kind']): ConsentSignal => ({ source: 'user', time, kind, earlier: false });
const write = (name: string, time: number, category: string | null, domain = 'shop.test'): CookieWrite => ({ key: `${name}@${domain}`, name, domain, time, category });
const stored = (key: string, setAt: number[], category: string | null, area: StorageKeyWrite['area'] = 'local', origin = 'https://shop.test'): StorageKeyWrite => ({ id: `${origin} ${area} ${key}`, origin, area, key, setAt, category });
const party = (site: string, firstSeen: number, trackedAt: number[]): PartyActivity => ({ site, firstSeen, tracking: trackedAt.length > 0, trackedAt, example: trackedAt.length ? `https://${site}/p.gif?id=1` : null });

describe('phases', () => {
  it('from a platform: before its first word no choice, then what it said', () => {
    const signals = [tcf(at(1), 'none'), tcf(at(5), 'refused')];
    expect([0, 1, 4, 5, 9].map((s) => phaseAt('tcf', signals, at(s)))).toEqual(['before-choice', 'before-choice', 'before-choice', 'after-refusal', 'after-refusal']);
    expect(phaseSpans('tcf', signals, START)).toEqual([{ phase: 'before-choice', from: START }, { phase: 'after-refusal', from: at(5) }]);
  });

  it('from a stored choice: the whole page is after it', () => {
    expect(phaseAt('tcf', [tcf(at(2), 'accepted', { earlier: true })], at(0))).toBe('after-acceptance');
  });

  it('from the user: "not yet" holds before it, a choice after it, and between them nothing is guessed', () => {
    const signals = [user(at(3), 'none'), user(at(10), 'refused')];
    expect([1, 3, 5, 11].map((s) => phaseAt('user', signals, at(s)))).toEqual(['before-choice', 'before-choice', 'unknown', 'after-refusal']);
    expect(phaseAt('user', [], at(1))).toBe('unknown');
  });
});

describe('the consent audit', () => {
  it('needs consent for Analytics, Marketing and Personalization only', () => {
    expect(['Functional', 'Security', 'Necessary', 'Analytics', 'Marketing', 'Personalization', null, 'Other'].map(needOf)).toEqual([
      'necessary', 'necessary', 'necessary', 'consent', 'consent', 'consent', 'unknown', 'unknown',
    ]);
  });

  it('fails a site that stores analytics and tracks before the choice, and tracks after the refusal', () => {
    const audit = auditConsent({
      signals: [tcf(at(1), 'none'), tcf(at(6), 'refused')],
      pageStartedAt: START,
      writes: [write('_ga', at(0.5), 'Analytics'), write('_ga', at(2), 'Analytics'), write('session', at(0.2), 'Functional'), write('xyz', at(0.3), null), write('OptanonConsent', at(6), 'Functional')],
      parties: [party('px.tracker.test', at(0.6), [at(0.6), at(7)]), party('cdn.test', at(0.1), [])],
    });
    const ids = audit.report.findings.map((f) => [f.id, f.severity, 'name' in f.subject ? f.subject.name : 'site' in f.subject ? f.subject.site : 'site']);
    expect(ids).toEqual([
      ['consent-cookie-before-choice', 'info', 'xyz'],
      ['consent-cookie-before-choice', 'high', '_ga'],
      ['consent-tracker-before-choice', 'high', 'px.tracker.test'],
      ['consent-tracker-after-refusal', 'high', 'px.tracker.test'],
      ['consent-signal-ignored', 'high', 'site'],
    ]);
    expect(audit.report.findings[0].title).toBe('Check this one: xyz was stored before any choice');
    expect(audit.report.findings[1].title).toBe('_ga (Analytics) was stored before any choice');
    expect(audit.report.verdict).toBe('fail');
    expect(audit.report.choice).toEqual({ kind: 'refused', at: at(6), source: 'tcf' });
    expect(audit.report.platform).toEqual({ id: 'tcf:28', source: 'tcf' });
    expect(audit.cookiePhases.get('_ga@shop.test')).toBe('before-choice');
    expect(audit.cookiePhases.get('OptanonConsent@shop.test')).toBe('after-refusal');
    expect(audit.partyPhases.get('cdn.test')).toBe('before-choice');
  });

  it('passes a site where nothing needing consent happens before the choice or after the refusal', () => {
    const audit = auditConsent({
      signals: [mode(at(1), 'default', 'none', { ad_storage: 'denied', analytics_storage: 'denied' }), mode(at(4), 'update', 'refused', { ad_storage: 'denied', analytics_storage: 'denied' })],
      pageStartedAt: START,
      writes: [write('cookieyes-consent', at(4), 'Functional')],
      parties: [party('cdn.test', at(0.1), [])],
    });
    expect(audit.report.findings).toEqual([]);
    expect(audit.report.verdict).toBe('pass');
    expect(audit.report.consentMode).toEqual({ ad_storage: 'denied', analytics_storage: 'denied', updated: true });
  });

  it('accepts what follows an acceptance, but cannot pass a page seen only after it', () => {
    const audit = auditConsent({ signals: [tcf(at(0), 'accepted', { earlier: true })], pageStartedAt: START, writes: [write('_ga', at(1), 'Analytics')], parties: [party('px.tracker.test', at(1), [at(1)])] });
    expect(audit.report.findings).toEqual([]);
    expect(audit.report.verdict).toBe('unknown');
    expect(audit.report.choice).toEqual({ kind: 'accepted', source: 'tcf' });
  });

  it('flags Consent Mode denied while a tracker fires and an analytics cookie is stored', () => {
    const audit = auditConsent({
      signals: [mode(at(1), 'default', 'none', { ad_storage: 'denied', analytics_storage: 'denied' }), mode(at(5), 'update', 'accepted', { ad_storage: 'granted', analytics_storage: 'granted' })],
      pageStartedAt: START,
      writes: [write('_ga', at(0.5), 'Analytics'), write('_gcl_au', at(6), 'Marketing')],
      parties: [party('px.tracker.test', at(2), [at(2)])],
    });
    const ignored = audit.report.findings.filter((f) => f.id === 'consent-signal-ignored');
    expect(ignored).toHaveLength(1);
    expect(ignored[0].title).toBe('Google Consent Mode said denied, yet the cookie _ga, px.tracker.test tracked');
  });

  it('knows nothing without any signal, and guesses nothing', () => {
    const audit = auditConsent({ signals: [], pageStartedAt: START, writes: [write('_ga', at(1), 'Analytics')], parties: [party('px.tracker.test', at(1), [at(1)])] });
    expect(audit.report).toMatchObject({ choice: { kind: 'unknown', source: null }, verdict: 'unknown', findings: [], phases: [] });
    expect(audit.cookiePhases.get('_ga@shop.test')).toBe('unknown');
  });

  it('takes the best source: TCF over Consent Mode over the user’s word', () => {
    const audit = auditConsent({ signals: [user(at(9), 'accepted'), mode(at(1), 'default', 'none', { ad_storage: 'denied' }), tcf(at(2), 'refused')], pageStartedAt: START, writes: [], parties: [] });
    expect(audit.report.choice).toEqual({ kind: 'refused', at: at(2), source: 'tcf' });
  });

  it('dates each web storage key by its first set during the page, whatever came after', () => {
    const audit = auditConsent({
      signals: [tcf(at(1), 'none'), tcf(at(6), 'refused')],
      pageStartedAt: START,
      writes: [],
      parties: [],
      storage: [
        // Set before the choice, and again after the refusal (the latest set kept beside the first).
        stored('ajs_anonymous_id', [at(0.5), at(8)], 'Analytics'),
        stored('cart', [at(7)], null, 'session'),
        // An earlier page's set, then one during this page.
        stored('theme', [START - 10, at(2)], 'Functional'),
        stored('old', [START - 10], null),
      ],
    });
    expect(Object.fromEntries(audit.storagePhases)).toEqual({
      'https://shop.test local ajs_anonymous_id': 'before-choice',
      'https://shop.test session cart': 'after-refusal',
      'https://shop.test local theme': 'before-choice',
    });
  });

  it('counts a storage key needing consent set against the page’s own signal, never a necessary or unknown one', () => {
    const signals = [mode(at(1), 'default', 'none', { ad_storage: 'denied', analytics_storage: 'denied' }), mode(at(5), 'update', 'accepted', { ad_storage: 'granted', analytics_storage: 'granted' })];
    const storage = [stored('ajs_anonymous_id', [at(2)], 'Analytics'), stored('_hjSessionStorageTest', [at(2)], 'Functional', 'session'), stored('mystery', [at(2)], null), stored('_pin_unauth', [at(6)], 'Marketing')];
    const audit = auditConsent({ signals, pageStartedAt: START, writes: [], parties: [], storage });
    expect(audit.report.findings.map((f) => [f.id, f.title])).toEqual([['consent-signal-ignored', 'Google Consent Mode said denied, yet the localStorage key ajs_anonymous_id']]);
    expect(audit.report.verdict).toBe('fail');
    // TCF without consent to purpose 1 (storing on the device) covers web storage too.
    const refused = auditConsent({ signals: [tcf(at(1), 'refused')], pageStartedAt: START, writes: [], parties: [], storage: [stored('_pin_unauth', [at(3)], 'Marketing', 'session')] });
    expect(refused.report.findings.map((f) => f.title)).toEqual(['The page’s TCF consent platform said denied, yet the sessionStorage key _pin_unauth']);
    // Stored after an acceptance: nothing to say.
    const accepted = auditConsent({ signals: [tcf(at(1), 'accepted')], pageStartedAt: START, writes: [], parties: [], storage: [stored('_pin_unauth', [at(3)], 'Marketing')] });
    expect(accepted.report.findings).toEqual([]);
  });

  it('leaves out what happened before the page started (earlier pages’ cookies)', () => {
    const audit = auditConsent({ signals: [tcf(at(1), 'none')], pageStartedAt: START, writes: [write('_ga', START - 10, 'Analytics')], parties: [party('px.tracker.test', START - 5, [START - 5])] });
    expect(audit.report.findings).toEqual([]);
    expect(audit.cookiePhases.size).toBe(0);
  });
});
