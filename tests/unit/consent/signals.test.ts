/**
 * Reading what a page's consent platform says: TCF tcData, GPP events and Consent Mode commands,
 * in the shapes the IAB's CMP API v2 (TCF v2.2), GPP 1.1 and Google's Consent Mode docs give,
 * and hostile input (a page can define these APIs and hand over anything).
 */
import { describe, expect, it } from 'vitest';
import { choiceOfConsentMode, consentModeCommand, gppSignal, readSignal, readSignals, tcfSignal } from '../../../lib/consent/signals';

/** A tcData as the CMP API v2 documents it (TCF v2.2: tcfPolicyVersion 4, purposes 1–11). */
function tcData(eventStatus: string, consents: Record<number, boolean>, fields: Record<string, unknown> = {}) {
  return {
    tcString: 'CQF…', tcfPolicyVersion: 4, cmpId: 28, cmpVersion: 1, gdprApplies: true, eventStatus, cmpStatus: 'loaded', listenerId: 1,
    isServiceSpecific: true, useNonStandardTexts: false, publisherCC: 'DE', purposeOneTreatment: false,
    purpose: { consents, legitimateInterests: { 2: true, 7: true } }, vendor: { consents: { 755: true }, legitimateInterests: {} },
    specialFeatureOptins: {}, publisher: { consents: {}, legitimateInterests: {}, customPurpose: { consents: {}, legitimateInterests: {} }, restrictions: {} },
    ...fields,
  };
}
const all = (value: boolean) => Object.fromEntries(Array.from({ length: 11 }, (_, i) => [i + 1, value]));

describe('TCF v2.2', () => {
  it('reads a banner on screen as no choice yet', () => {
    expect(tcfSignal(tcData('cmpuishown', all(false)), 5)).toEqual({ source: 'tcf', time: 5, kind: 'none', earlier: false, cmpId: 28, purposes: [] });
  });

  it('reads the visitor’s click: refused, accepted, partial', () => {
    expect(tcfSignal(tcData('useractioncomplete', all(false)), 9)).toMatchObject({ kind: 'refused', earlier: false, purposes: [] });
    expect(tcfSignal(tcData('useractioncomplete', all(true)), 9)).toMatchObject({ kind: 'accepted', purposes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] });
    expect(tcfSignal(tcData('useractioncomplete', { ...all(false), 1: true, 8: true }), 9)).toMatchObject({ kind: 'partial', purposes: [1, 8] });
  });

  it('reads a stored choice (tcloaded) as made on an earlier visit', () => {
    expect(tcfSignal(tcData('tcloaded', all(false)), 3)).toMatchObject({ kind: 'refused', earlier: true });
  });

  it('says nothing when GDPR does not apply, or for another status', () => {
    expect(tcfSignal(tcData('useractioncomplete', all(true), { gdprApplies: false }), 1)).toBeNull();
    expect(tcfSignal(tcData('cmpuiclosed', all(true)), 1)).toBeNull();
  });

  it('takes nothing else from hostile data', () => {
    expect(tcfSignal(null, 1)).toBeNull();
    expect(tcfSignal('useractioncomplete', 1)).toBeNull();
    const weird = tcfSignal(tcData('useractioncomplete', { 1: 'yes', 2: true, 99: true, [-1]: true } as never, { cmpId: -4 }), 1);
    expect(weird).toMatchObject({ kind: 'accepted', purposes: [2], cmpId: null });
    // A getter that throws is the page's problem: it throws to the watcher, which guards every call.
    const throwing = tcData('useractioncomplete', {});
    Object.defineProperty(throwing, 'purpose', { get: () => { throw new Error('no'); } });
    expect(() => tcfSignal(throwing, 1)).toThrow();
  });
});

describe('GPP 1.1', () => {
  const event = (pingData: Record<string, unknown>) => ({ eventName: 'signalStatus', listenerId: 1, data: 'ready', pingData: { gppVersion: '1.1', cmpStatus: 'loaded', cmpId: 31, supportedAPIs: ['2:tcfeuv2', '7:usnat'], ...pingData } });

  it('reads a visible banner as no choice yet', () => {
    expect(gppSignal(event({ cmpDisplayStatus: 'visible', signalStatus: 'not ready' }), 4, false)).toEqual({ source: 'gpp', time: 4, kind: 'none', earlier: false, cmpId: 31 });
  });

  it('reads tcfeuv2 purpose consents, and whether the banner was seen first', () => {
    const refused = event({ cmpDisplayStatus: 'hidden', signalStatus: 'ready', parsedSections: { tcfeuv2: [{ Version: 2, PurposeConsents: Array(24).fill(false) }, { SegmentType: 3 }] } });
    expect(gppSignal(refused, 8, true)).toMatchObject({ kind: 'refused', earlier: false, purposes: [] });
    expect(gppSignal(refused, 8, false)).toMatchObject({ kind: 'refused', earlier: true });
  });

  it('reads US opt-outs: 1 opted out, 2 did not', () => {
    const us = (SaleOptOut: number) => event({ cmpDisplayStatus: 'hidden', signalStatus: 'ready', parsedSections: { usnat: { Version: 1, SaleOptOut, SharingOptOut: 0, TargetedAdvertisingOptOut: 2 } } });
    expect(gppSignal(us(1), 2, true)).toMatchObject({ kind: 'refused' });
    expect(gppSignal(us(2), 2, true)).toMatchObject({ kind: 'accepted' });
  });

  it('says nothing without a ready signal or a section it knows', () => {
    expect(gppSignal(event({ cmpDisplayStatus: 'hidden', signalStatus: 'not ready' }), 1, true)).toBeNull();
    expect(gppSignal(event({ cmpDisplayStatus: 'hidden', signalStatus: 'ready', parsedSections: { uspv1: {} } }), 1, true)).toBeNull();
    expect(gppSignal({ pingData: 'x' }, 1, true)).toBeNull();
  });
});

describe('Google Consent Mode v2', () => {
  // gtag() pushes its `arguments` object, as Google's snippet defines it.
  function gtagArguments(...args: unknown[]) {
    return (function () {
      // eslint-disable-next-line prefer-rest-params
      return arguments;
    } as (...a: unknown[]) => IArguments)(...args);
  }

  it('reads default and update commands pushed by gtag, and real arrays', () => {
    expect(consentModeCommand(gtagArguments('consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', wait_for_update: 500 }))).toEqual({
      command: 'default',
      values: { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' },
    });
    expect(consentModeCommand(['consent', 'update', { analytics_storage: 'granted' }])).toEqual({ command: 'update', values: { analytics_storage: 'granted' } });
  });

  it('ignores region-limited defaults, other commands and junk', () => {
    expect(consentModeCommand(gtagArguments('consent', 'default', { ad_storage: 'denied', region: ['ES'] }))).toBeNull();
    expect(consentModeCommand(gtagArguments('config', 'G-XYZ', {}))).toBeNull();
    expect(consentModeCommand({ event: 'gtm.js' })).toBeNull();
    expect(consentModeCommand(gtagArguments('consent', 'update', { ad_storage: 'yes' }))).toBeNull();
    expect(consentModeCommand(null)).toBeNull();
  });

  it('says what an update means; a default is no choice', () => {
    expect(choiceOfConsentMode('default', { ad_storage: 'granted' })).toBe('none');
    expect(choiceOfConsentMode('update', { ad_storage: 'denied', analytics_storage: 'denied' })).toBe('refused');
    expect(choiceOfConsentMode('update', { ad_storage: 'granted', analytics_storage: 'granted' })).toBe('accepted');
    expect(choiceOfConsentMode('update', { ad_storage: 'denied', analytics_storage: 'granted' })).toBe('partial');
  });
});

describe('signals handed over by a page', () => {
  it('are checked again; a page cannot speak for the user', () => {
    expect(readSignal({ source: 'user', kind: 'refused', time: 1 }, true)).toBeNull();
    expect(readSignal({ source: 'user', kind: 'refused', time: 1 }, false)).toEqual({ source: 'user', kind: 'refused', time: 1, earlier: false });
    expect(readSignal({ source: 'tcf', kind: 'maybe', time: 1 }, true)).toBeNull();
    expect(readSignal({ source: 'tcf', kind: 'refused', time: Infinity }, true)).toBeNull();
    expect(readSignal({ source: 'tcf', kind: 'partial', time: 1, purposes: [3, 1, 1, 99, 'x'], cmpId: 7 }, true)).toEqual({ source: 'tcf', kind: 'partial', time: 1, earlier: false, purposes: [1, 3], cmpId: 7 });
  });

  it('are capped per hand-over, the rest counted', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ source: 'consent-mode', kind: 'none', time: i }));
    const read = readSignals({ consent: [...many, 'junk'] })!;
    expect(read.signals).toHaveLength(20);
    expect(read.dropped).toBe(981);
    expect(readSignals({ writes: [] })).toBeNull();
  });
});
