/**
 * The banner controls whose click is a choice, read from autoconsent's own rules (the package's
 * rules/autoconsent/*.json), and the reports our autoconsent content script sends.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditConsent } from '../../../lib/consent/audit';
import { choiceControls, readCmpReport } from '../../../lib/consent/cmp';
import { readSignal } from '../../../lib/consent/signals';

const rule = (name: string) => JSON.parse(readFileSync(`node_modules/@duckduckgo/autoconsent/rules/autoconsent/${name}.json`, 'utf8'));

describe('choice controls of a rule', () => {
  it('are its one-click opt-out and opt-in buttons (CookieYes)', () => {
    expect(choiceControls(rule('cookieyes'))).toEqual({
      refuse: ['.cky-consent-container [data-cky-tag=reject-button]'],
      accept: ['.cky-consent-container [data-cky-tag=accept-button]'],
    });
  });

  it('leave out multi-step paths: open the settings, untick, save', () => {
    expect(choiceControls({ optOut: [{ click: '#settings' }, { click: 'input:checked', all: true }, { waitForThenClick: '#save' }] })).toEqual({ refuse: [], accept: [] });
    expect(choiceControls(null)).toEqual({ refuse: [], accept: [] });
  });
});

describe('reports of our autoconsent content script', () => {
  it('are read field by field, names capped', () => {
    expect(readCmpReport({ type: 'cookieAuditCmp', report: { type: 'popupFound', cmp: 'cookieyes' } })).toEqual({ type: 'popupFound', cmp: 'cookieyes' });
    expect(readCmpReport({ type: 'cookieAuditCmp', report: { type: 'cmpClicked', cmp: 'x'.repeat(500), choice: 'refused', time: 5 } })).toEqual({ type: 'cmpClicked', cmp: 'x'.repeat(100), choice: 'refused', time: 5 });
    expect(readCmpReport({ type: 'cookieAuditCmp', report: { type: 'cmpClicked', cmp: 'a', choice: 'maybe', time: 5 } })).toBeNull();
    expect(readCmpReport({ type: 'cookieAuditCmp', report: { type: 'optOutResult', cmp: 'a' } })).toBeNull();
  });

  it('make the platform and, with the visitor’s click, the choice when no API says', () => {
    const banner = readSignal({ source: 'cmp', kind: 'none', time: 10, cmp: 'cookieyes', popup: true }, false)!;
    const click = readSignal({ source: 'cmp', kind: 'refused', time: 20, cmp: 'cookieyes', popup: true }, false)!;
    const detectedOnly = readSignal({ source: 'cmp', kind: 'none', time: 5, cmp: 'cookieyes', popup: false }, false)!;
    expect(readSignal({ source: 'cmp', kind: 'none', time: 5, cmp: 'x' }, true)).toBeNull();
    const audit = auditConsent({ signals: [detectedOnly, banner, click], pageStartedAt: 0, writes: [], parties: [] });
    expect(audit.report).toMatchObject({
      platform: { id: 'cookieyes', source: 'autoconsent' },
      cmp: { name: 'cookieyes', popup: true, clicked: 'refused', at: 20 },
      choice: { kind: 'refused', at: 20, source: 'cmp' },
      phases: [{ phase: 'before-choice', from: 0 }, { phase: 'after-refusal', from: 20 }],
    });
    // Found without its banner: the platform, but no phase.
    expect(auditConsent({ signals: [detectedOnly], pageStartedAt: 0, writes: [], parties: [] }).report).toMatchObject({ platform: { id: 'cookieyes' }, cmp: { popup: false }, choice: { kind: 'unknown' }, phases: [] });
  });
});
