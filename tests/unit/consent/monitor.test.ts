/**
 * Consent in the one data path: the top frame's signals and the user's word as reducer events,
 * kept with the page, stored and read back, and reported with a phase on each cookie and third
 * party — a page that stores `_ga` and fires a pixel before the choice, and a pixel after refusal.
 */
import { describe, expect, it } from 'vitest';
import { ConsentRelay, parseConsentMessage } from '../../../lib/consent/relay';
import { MAX_SIGNALS_PER_PAGE, type ConsentSignal } from '../../../lib/consent/signals';
import { apply } from '../../../lib/monitor/apply';
import type { ConsentSignalsEvent, MonitorEvent, ScriptWritesEvent } from '../../../lib/monitor/events';
import { deserialiseTab, serialiseTab } from '../../../lib/monitor/persist';
import { createMonitorState, type MonitorState } from '../../../lib/monitor/state';
import { buildReport } from '../../../lib/report';
import type { FrameItem } from '../../../lib/storage/protocol';
import { cookieBuilder } from '../builders/cookie';
import { completed, cookieChanged, cookieId, navigation, received, request, T0 } from '../monitor/builders';

const PAGE = 'https://consent-bad.test/';
const PIXEL = (n: number) => `https://px.ads-tracker.test/p.gif?uid=8f14e45fceea167a5a36dedd4bea2543&ev=${n}`;

function run(events: MonitorEvent[], state = createMonitorState()): MonitorState {
  for (const event of events) apply(state, event);
  return state;
}

const tcf = (time: number, kind: ConsentSignal['kind']): ConsentSignal => ({ source: 'tcf', time, kind, earlier: false, cmpId: 10, purposes: [] });
function signals(list: ConsentSignal[], fields: Partial<ConsentSignalsEvent> = {}): ConsentSignalsEvent {
  return { kind: 'consentSignals', tabId: 1, frameId: 0, documentUrl: PAGE, origin: 'https://consent-bad.test', signals: list, dropped: 0, ...fields };
}

function pixel(id: string, time: number): MonitorEvent[] {
  return [
    request(id, PIXEL(time), 'image', { timeStamp: time }),
    received(id, { timeStamp: time + 5, contentLength: 43, contentType: 'image/gif', uncacheable: true }),
    completed(id),
  ];
}

/** The violating page: `_ga` and a pixel before any choice, TCF says refused at +5 s, another pixel after. */
const violating = (): MonitorEvent[] => [
  navigation(1, PAGE, { timeStamp: T0 }),
  cookieChanged(cookieId('_ga', 'consent-bad.test'), { timeStamp: T0 + 300 }),
  ...pixel('p1', T0 + 400),
  signals([tcf(T0 + 1000, 'none')]),
  signals([tcf(T0 + 5000, 'refused')]),
  cookieChanged(cookieId('euconsent-v2', 'consent-bad.test'), { timeStamp: T0 + 5010 }),
  ...pixel('p2', T0 + 6000),
];

const makeCookie = cookieBuilder('consent-bad.test', { name: '_ga', value: 'GA1.1.1234567890.1732611600', domain: 'consent-bad.test', path: '/', hostOnly: false, secure: false, httpOnly: false, sameSite: 'unspecified', session: false, expirationDate: T0 / 1000 + 86_400, storeId: '0', partitionKey: null, partitionSite: null, firstPartyDomain: '' });

function report(state: MonitorState) {
  return buildReport({ tab: { id: 1, url: PAGE }, storeId: '0', access: { ok: true }, cookies: [makeCookie(), makeCookie({ name: 'euconsent-v2', value: 'CQF' })], monitored: state.tabs.get(1)!, includeValues: false, now: new Date(T0 + 7000) });
}

describe('consent in the monitor and the report', () => {
  it('reports the phase of each cookie and third party, the findings and the verdict', () => {
    const r = report(run(violating()));
    expect(Object.fromEntries(r.cookies.map((c) => [c.name, c.phase]))).toEqual({ _ga: 'before-choice', 'euconsent-v2': 'after-refusal' });
    expect(r.activity!.thirdParties.find((p) => p.site === 'ads-tracker.test')).toMatchObject({ phase: 'before-choice', firstSeen: T0 + 400, firstTracked: T0 + 400, lastTracked: T0 + 6000 });
    expect(r.consent.findings.map((f) => f.id)).toEqual(['consent-cookie-before-choice', 'consent-tracker-before-choice', 'consent-tracker-after-refusal', 'consent-signal-ignored']);
    expect(r.consent).toMatchObject({ verdict: 'fail', choice: { kind: 'refused', at: T0 + 5000, source: 'tcf' }, platform: { id: 'tcf:10', source: 'tcf' } });
    // Never mixed into the grade: the security findings are the cookies' own.
    expect(r.cookies.flatMap((c) => c.findings.map((f) => f.id)).filter((id) => id.startsWith('consent-'))).toEqual([]);
  });

  it('reports the phase each web storage key was first set in, and a key needing consent stored against the signal', () => {
    // Segment's analytics.js keeps its visitor id in localStorage (OCD: Analytics); the CMP its choice.
    const SEGMENT = 'https://cdn.segment.com/analytics.js/v1/AbC123/analytics.min.js';
    const set = (name: string, time: number): ScriptWritesEvent => ({
      kind: 'scriptWrites', tabId: 1, frameId: 0, documentUrl: PAGE, origin: 'https://consent-bad.test', dropped: 0,
      writes: [{ api: 'localStorage', op: 'set', name, attributes: '', kind: 'file', url: SEGMENT, time, count: 1 }],
    });
    // The id set before the choice and again after the refusal; the choice set after it.
    const state = run([...violating(), set('ajs_anonymous_id', T0 + 450), set('cmp_choice', T0 + 5020), set('ajs_anonymous_id', T0 + 7000)]);
    const item = (key: string): FrameItem => ({ area: 'local', key, keyCut: false, size: key.length + 38, identifier: true });
    const frames = [{ frameId: 0, parentFrameId: -1, url: PAGE, answer: { origin: 'https://consent-bad.test', url: PAGE, items: [item('ajs_anonymous_id'), item('cmp_choice'), item('left_over')], indexedDB: [], unavailable: [], dropped: { keys: 0, values: 0, databases: 0 } } }];
    const r = buildReport({ tab: { id: 1, url: PAGE }, storeId: '0', access: { ok: true }, cookies: [], monitored: state.tabs.get(1)!, includeValues: false, now: new Date(T0 + 8000), storage: { frames, droppedFrames: 0 } });
    expect(Object.fromEntries(r.storage.map((i) => [i.key, i.phase]))).toEqual({ ajs_anonymous_id: 'before-choice', cmp_choice: 'after-refusal', left_over: null });
    // TCF said no to purpose 1 (storing on the device) from +5 s: the id set again at +7 s is stored against it.
    expect(r.consent.findings.find((f) => f.id === 'consent-signal-ignored')?.title).toContain('the localStorage key ajs_anonymous_id');
    // The same phases after a restart of the worker.
    const again = createMonitorState();
    again.tabs.set(1, deserialiseTab(serialiseTab(state.tabs.get(1)!).json)!);
    const restored = buildReport({ tab: { id: 1, url: PAGE }, storeId: '0', access: { ok: true }, cookies: [], monitored: again.tabs.get(1)!, includeValues: false, now: new Date(T0 + 8000), storage: { frames, droppedFrames: 0 } });
    expect(restored.storage).toEqual(r.storage);
  });

  it('survives a restart of the worker: signals, first-seen and pixel times are stored', () => {
    const state = run(violating());
    const restored = deserialiseTab(serialiseTab(state.tabs.get(1)!).json)!;
    expect(restored.page.consent).toEqual(state.tabs.get(1)!.page.consent);
    const again = createMonitorState();
    again.tabs.set(1, restored);
    expect(report(again).consent).toEqual(report(state).consent);
  });

  it('takes signals from the top frame of the page on screen only', () => {
    const state = run([
      navigation(1, PAGE, { timeStamp: T0 }),
      signals([tcf(T0 + 10, 'accepted')], { frameId: 3 }),
      signals([tcf(T0 + 10, 'accepted')], { documentUrl: 'https://elsewhere.test/' }),
      signals([tcf(T0 - 10, 'accepted')]),
    ]);
    expect(state.tabs.get(1)!.page.consent).toEqual([]);
    expect(state.tabs.get(1)!.page.dropped.consentSignals).toBe(1);
  });

  it('keeps the user’s word with the page, and at most MAX_SIGNALS_PER_PAGE signals', () => {
    const state = run([navigation(1, PAGE, { timeStamp: T0 }), { kind: 'consentStatement', tabId: 1, choice: 'refused', timeStamp: T0 + 50 }]);
    expect(state.tabs.get(1)!.page.consent).toEqual([{ source: 'user', time: T0 + 50, kind: 'refused', earlier: false }]);
    const many = Array.from({ length: MAX_SIGNALS_PER_PAGE + 5 }, (_, i) => tcf(T0 + i, i % 2 ? 'none' : 'refused'));
    for (let i = 0; i < many.length; i += 20) apply(state, signals(many.slice(i, i + 20)));
    expect(state.tabs.get(1)!.page.consent).toHaveLength(MAX_SIGNALS_PER_PAGE);
    expect(state.tabs.get(1)!.page.dropped.consentSignals).toBe(6);
    // A new page starts with no signal.
    apply(state, navigation(1, 'https://consent-bad.test/next', { timeStamp: T0 + 9000 }));
    expect(state.tabs.get(1)!.page.consent).toEqual([]);
  });
});

describe('the relay of consent signals', () => {
  it('sends checked signals as their own message, re-dating times the page cannot have', () => {
    const sent: unknown[] = [];
    const timers: (() => void)[] = [];
    const relay = new ConsentRelay((m) => sent.push(m), () => 100_000, (run) => timers.push(run));
    relay.receive({ consent: [tcf(99_000, 'none'), tcf(500_000, 'refused'), { source: 'user', kind: 'accepted', time: 99_500 }] });
    relay.receive('not a hand-over');
    timers.shift()!();
    expect(sent).toEqual([{ type: 'consentSignals', signals: [tcf(99_000, 'none'), tcf(100_000, 'refused')], dropped: 2 }]);
    expect(parseConsentMessage(sent[0])).toEqual(sent[0]);
    expect(parseConsentMessage({ type: 'consentSignals', signals: 'x' })).toBeNull();
  });
});
