/**
 * The join of the cookie writes a page reported (lib/monitor/scripts.ts) with the browser's
 * cookie changes: in either order, only for changes put down to a script, only for cookies the
 * writing frame could write, within the window; kept across a worker restart; and reported on
 * the cookie, in the timeline and for the third party whose script wrote first-party cookies.
 */
import { describe, expect, it } from 'vitest';
import { apply } from '../../../lib/monitor/apply';
import type { MonitorEvent, ScriptWritesEvent } from '../../../lib/monitor/events';
import { deserialiseTab, serialiseTab } from '../../../lib/monitor/persist';
import { MAX_RECENT_SCRIPT_WRITES, SCRIPT_ATTRIBUTION_WINDOW_MS } from '../../../lib/monitor/scripts';
import { createMonitorState, MAX_STORAGE_WRITES_PER_PAGE, type MonitorState } from '../../../lib/monitor/state';
import { buildReport } from '../../../lib/report';
import type { ScriptWrite } from '../../../lib/scripts/writes';
import { cookieBuilder } from '../builders/cookie';
import { cookieChanged, cookieId, navigation, received, request, T0 } from './builders';

const PAGE = 'https://recipes.test/';
const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-R3C1P35X7Q';
const PLAYER = 'https://f.vimeocdn.com/p/4.38.8/js/player.js';
const ga = cookieId('_ga', 'recipes.test');

function run(events: MonitorEvent[], state = createMonitorState()): MonitorState {
  for (const event of events) apply(state, event);
  return state;
}

function write(fields: Partial<ScriptWrite> = {}): ScriptWrite {
  return { api: 'cookie', op: 'set', name: '_ga', attributes: 'path=/; domain=recipes.test', kind: 'file', url: GTAG, time: T0 + 100, count: 1, ...fields };
}

function writes(list: ScriptWrite[], fields: Partial<ScriptWritesEvent> = {}): ScriptWritesEvent {
  return { kind: 'scriptWrites', tabId: 1, frameId: 0, documentUrl: PAGE, origin: 'https://recipes.test', writes: list, dropped: 0, ...fields };
}

/** Tab 1 on the recipe site, which embeds Vimeo's player. */
const recipes = (): MonitorEvent[] => [
  navigation(1, PAGE),
  request('v', 'https://player.vimeo.com/video/76979871', 'sub_frame', { frameId: 4 }),
];

const timeline = (state: MonitorState) => state.tabs.get(1)!.timeline;

describe('joining reported writes with cookie changes', () => {
  it('names the script when its write is reported after the change, as it usually is (batched)', () => {
    const state = run([...recipes(), cookieChanged(ga, { timeStamp: T0 + 105 }), writes([write()])]);
    expect(timeline(state)).toEqual([
      expect.objectContaining({ setBy: 'script', script: GTAG, scriptKind: 'file', scriptWrite: '_ga=…; path=/; domain=recipes.test' }),
    ]);
    expect(state.dirty.has(1)).toBe(true);
  });

  it('names the script when its write is reported before the change', () => {
    const state = run([...recipes(), writes([write()]), cookieChanged(ga, { timeStamp: T0 + 105 })]);
    expect(timeline(state)[0]).toMatchObject({ setBy: 'script', script: GTAG, scriptKind: 'file' });
  });

  it('names the write closest in time when two scripts wrote the same cookie', () => {
    const inline = write({ kind: 'inline', url: PAGE, time: T0 + 900 });
    const state = run([
      ...recipes(),
      cookieChanged(ga, { timeStamp: T0 + 101 }),
      cookieChanged(ga, { timeStamp: T0 + 902 }),
      writes([write(), inline]),
    ]);
    expect(timeline(state).map((e) => e.scriptKind)).toEqual(['file', 'inline']);
  });

  it('credits a delete, and a set with an expiry in the past, to the removal it made', () => {
    // Both browsers report a script's deletion as an overwrite with an expired cookie.
    const state = run([
      ...recipes(),
      writes([write({ api: 'cookieStore', op: 'delete', name: 'sid', attributes: '' }), write({ name: 'old', attributes: 'expires=Thu, 01 Jan 1970 00:00:00 GMT' })]),
      cookieChanged(cookieId('sid', 'recipes.test', { hostOnly: true }), { removed: true, cause: 'expired_overwrite', timeStamp: T0 + 110 }),
      cookieChanged(cookieId('old', 'recipes.test', { hostOnly: true }), { removed: true, cause: 'expired_overwrite', timeStamp: T0 + 110 }),
    ]);
    expect(timeline(state).map((e) => [e.cookie.name, e.change, e.scriptWrite])).toEqual([
      ['sid', 'removed', 'cookieStore.delete(sid)'],
      ['old', 'removed', 'old=…; expires=Thu, 01 Jan 1970 00:00:00 GMT'],
    ]);
  });

  it('never puts a cookie down to a frame that could not have written it', () => {
    // Vimeo's player frame reports writing `_ga`: recipes.test's cookie is not its to write.
    const fromPlayer = writes([write({ url: PLAYER })], { frameId: 4, documentUrl: 'https://player.vimeo.com/video/76979871', origin: 'https://player.vimeo.com' });
    const state = run([...recipes(), cookieChanged(ga, { timeStamp: T0 + 105 }), fromPlayer]);
    expect(timeline(state)[0]).not.toHaveProperty('script');
    // Its own cookie, on vimeo.com, is.
    const vuid = cookieId('vuid', 'vimeo.com');
    const ok = run([...recipes(), fromPlayer, cookieChanged(vuid, { timeStamp: T0 + 105 }), writes([write({ name: 'vuid', url: PLAYER })], { frameId: 4, origin: 'https://player.vimeo.com' })]);
    expect(timeline(ok)[0]).toMatchObject({ cookie: vuid, script: PLAYER });
  });

  it('uses the creator’s origin for an about:blank frame', () => {
    const blank = writes([write({ kind: 'inline', url: PAGE })], { frameId: 9, documentUrl: 'about:blank', origin: 'https://recipes.test' });
    expect(timeline(run([...recipes(), cookieChanged(ga, { timeStamp: T0 + 105 }), blank]))[0]).toMatchObject({ scriptKind: 'inline' });
  });

  it.each<[string, MonitorEvent[]]>([
    ['a write of another name', [cookieChanged(ga, { timeStamp: T0 + 105 }), writes([write({ name: '_gid' })])]],
    ['a write too long before the change', [writes([write()]), cookieChanged(ga, { timeStamp: T0 + 100 + SCRIPT_ATTRIBUTION_WINDOW_MS + 1 })]],
    ['a write too long after the change', [cookieChanged(ga, { timeStamp: T0 + 100 - SCRIPT_ATTRIBUTION_WINDOW_MS - 1 }), writes([write()])]],
    ['a delete, for a cookie created', [cookieChanged(ga, { timeStamp: T0 + 105 }), writes([write({ api: 'cookieStore', op: 'delete' })])]],
    ['a write of another tab', [cookieChanged(ga, { timeStamp: T0 + 105 }), writes([write()], { tabId: 2 })]],
  ])('names no script for %s', (_, events) => {
    const state = run([...recipes(), ...events]);
    expect(timeline(state)).toEqual([expect.objectContaining({ setBy: 'script' })]);
    expect(timeline(state)[0]).not.toHaveProperty('scriptKind');
  });

  it('never names a script for a cookie a response set, even one the page claims a script wrote', () => {
    const state = run([
      ...recipes(),
      writes([write()]),
      request('r', 'https://recipes.test/api/session', 'xmlhttprequest'),
      received('r', { setCookie: ['_ga=GA1.1.1.2; Domain=recipes.test; Path=/'], timeStamp: T0 + 100 }),
      cookieChanged(ga, { timeStamp: T0 + 105 }),
    ]);
    expect(timeline(state)[0]).toMatchObject({ setBy: 'http' });
    expect(timeline(state)[0]).not.toHaveProperty('script');
  });

  it('forgets the script when the response that set the cookie is heard of late (Firefox)', () => {
    const state = run([
      ...recipes(),
      request('r', 'https://recipes.test/api/session', 'xmlhttprequest'),
      cookieChanged(ga, { timeStamp: T0 + 105 }),
      writes([write()]),
      received('r', { setCookie: ['_ga=GA1.1.1.2; Domain=recipes.test; Path=/'], timeStamp: T0 + 110 }),
    ]);
    expect(timeline(state)[0]).toMatchObject({ setBy: 'http', response: 'https://recipes.test/api/session' });
    expect(Object.keys(timeline(state)[0])).not.toEqual(expect.arrayContaining(['script']));
    expect(timeline(state)[0]).not.toHaveProperty('scriptKind');
  });
});

describe('a page reporting without end', () => {
  it('keeps at most MAX_RECENT_SCRIPT_WRITES writes per tab, and counts what the page and relay dropped', () => {
    const state = run(recipes());
    for (let i = 0; i < 1000; i++) apply(state, writes(Array.from({ length: 100 }, (_, j) => write({ name: `c${j}`, time: T0 + i })), { dropped: 7 }));
    const tab = state.tabs.get(1)!;
    expect(tab.recentScriptWrites).toHaveLength(MAX_RECENT_SCRIPT_WRITES);
    expect(tab.page.dropped.scriptWrites).toBe(7000);
    expect(tab.timeline).toEqual([]);
  });

  it('is ignored for a tab the monitor does not know', () => {
    const state = createMonitorState();
    expect(apply(state, writes([write()], { tabId: 7, dropped: 3 }))).toBe(false);
    expect(state.tabs.size).toBe(0);
  });
});

describe('what is kept and reported', () => {
  const credited = () => run([...recipes(), cookieChanged(ga, { timeStamp: T0 + 105 }), writes([write()])]);

  it('keeps the script across a worker restart, and only beside setBy script', () => {
    const restored = deserialiseTab(serialiseTab(credited().tabs.get(1)!).json)!;
    expect(restored.timeline[0]).toMatchObject({ setBy: 'script', script: GTAG, scriptKind: 'file', scriptWrite: '_ga=…; path=/; domain=recipes.test' });
    const forged = JSON.parse(serialiseTab(credited().tabs.get(1)!).json);
    forged.timeline[0] = { ...forged.timeline[0], setBy: 'http', response: PAGE, script: 'x'.repeat(10_000) };
    forged.timeline[1] = { ...forged.timeline[0], setBy: 'script', scriptKind: 'worker' };
    const read = deserialiseTab(JSON.stringify(forged))!;
    expect(read.timeline.map((e) => e.scriptKind ?? e.script ?? null)).toEqual([null, null]);
  });

  const makeCookie = cookieBuilder('recipes.test', {
    name: '_ga',
    value: 'GA1.1.918273645.1732611634',
    domain: 'recipes.test',
    path: '/',
    hostOnly: false,
    secure: false,
    httpOnly: false,
    sameSite: 'unspecified',
    session: false,
    expirationDate: T0 / 1000 + 400 * 86_400,
    storeId: '0',
    partitionKey: null,
    partitionSite: null,
    firstPartyDomain: '',
  });

  it('reports the script on the cookie and in the timeline, the finding, and the third party’s first-party cookies', () => {
    const state = credited();
    run([request('g', GTAG, 'script'), cookieChanged(cookieId('_ga_R3C1P35X7Q', 'recipes.test'), { timeStamp: T0 + 120 }), writes([write({ name: '_ga_R3C1P35X7Q', time: T0 + 118 })])], state);
    const report = buildReport({
      tab: { id: 1, url: PAGE },
      storeId: '0',
      access: { ok: true },
      cookies: [makeCookie(), makeCookie({ name: '_ga_R3C1P35X7Q', value: 'GS1.1.1732611634.1.1.1732611700.0.0.0' }), makeCookie({ name: 'theme', value: 'dark' })],
      monitored: state.tabs.get(1)!,
      includeValues: false,
      now: new Date(T0 + 1000),
    });
    const cookie = report.cookies.find((c) => c.name === '_ga')!;
    expect(cookie).toMatchObject({ setBy: 'script', script: GTAG, scriptKind: 'file' });
    expect(cookie.findings.map((f) => f.id)).toContain('cookies-first-party-set-by-third-party-script');
    expect(report.cookies.find((c) => c.name === 'theme')).not.toHaveProperty('script');
    expect(report.activity!.timeline[0]).toMatchObject({ script: GTAG, scriptKind: 'file', scriptWrite: '_ga=…; path=/; domain=recipes.test' });
    expect(report.activity!.thirdParties.find((p) => p.site === 'googletagmanager.com')?.wroteFirstPartyCookies).toEqual(['_ga', '_ga_R3C1P35X7Q']);
    expect(report.activity!.thirdParties.find((p) => p.site === 'vimeo.com')?.wroteFirstPartyCookies).toEqual([]);
  });
});

describe('web storage writes', () => {
  const SEGMENT = 'https://cdn.segment.com/analytics.js/v1/AbC123/analytics.min.js';
  const stored = (fields: Partial<ScriptWrite>) => write({ api: 'localStorage', name: 'ajs_anonymous_id', attributes: '', url: SEGMENT, ...fields });
  const storageOf = (state: MonitorState) => state.tabs.get(1)!.page.storageWrites;

  it('keep the latest writer of each key, per origin and area, never a value', () => {
    const state = run([
      ...recipes(),
      writes([stored({}), stored({ api: 'sessionStorage', name: 'step', url: PAGE, kind: 'inline' })]),
      writes([stored({ kind: 'eval', url: null, time: T0 + 200 })]),
      writes([stored({ name: 'vimeo_player', url: PLAYER })], { frameId: 4, documentUrl: 'https://player.vimeo.com/video/76979871', origin: 'https://player.vimeo.com' }),
      writes([stored({ op: 'clear', name: '', url: PAGE, kind: 'inline', time: T0 + 300 })]),
    ]);
    expect(storageOf(state)).toEqual([
      { origin: 'https://recipes.test', area: 'session', key: 'step', op: 'set', writtenBy: PAGE, scriptKind: 'inline', time: T0 + 100, firstSetAt: T0 + 100 },
      // The latest writer, and when the key was first set.
      { origin: 'https://recipes.test', area: 'local', key: 'ajs_anonymous_id', op: 'set', scriptKind: 'eval', time: T0 + 200, firstSetAt: T0 + 100 },
      { origin: 'https://player.vimeo.com', area: 'local', key: 'vimeo_player', op: 'set', writtenBy: PLAYER, scriptKind: 'file', time: T0 + 100, firstSetAt: T0 + 100 },
      { origin: 'https://recipes.test', area: 'local', key: '', op: 'clear', writtenBy: PAGE, scriptKind: 'inline', time: T0 + 300 },
    ]);
    // Storage writes are no cookie writes: nothing to credit in the timeline.
    expect(state.tabs.get(1)!.recentScriptWrites).toEqual([]);
  });

  it('remember when a key was first set through removes and later sets, whatever order the batches come in', () => {
    const state = run([
      ...recipes(),
      writes([stored({ time: T0 + 500 })]),
      writes([stored({ op: 'delete', time: T0 + 600 })]),
      // A batch from another frame of the origin, reported late: its set came first.
      writes([stored({ time: T0 + 50 })], { frameId: 2 }),
      writes([stored({ time: T0 + 900 })]),
      writes([stored({ name: 'never_set', op: 'delete', time: T0 + 700 })]),
    ]);
    expect(storageOf(state).map((w) => [w.key, w.op, w.time, w.firstSetAt])).toEqual([
      ['ajs_anonymous_id', 'set', T0 + 900, T0 + 50],
      ['never_set', 'remove', T0 + 700, undefined],
    ]);
  });

  it('are bounded per page, counting what they push out, and dropped from a frame without an origin', () => {
    const state = run(recipes());
    for (let i = 0; i < 1000; i++) apply(state, writes([stored({ name: `k${i}` })]));
    apply(state, writes([stored({ count: 5 })], { origin: null, documentUrl: 'about:blank' }));
    expect(storageOf(state)).toHaveLength(MAX_STORAGE_WRITES_PER_PAGE);
    expect(storageOf(state).at(-1)?.key).toBe('k999');
    expect(state.tabs.get(1)!.page.dropped.scriptWrites).toBe(1000 - MAX_STORAGE_WRITES_PER_PAGE + 5);
  });

  it('are kept across a worker restart and reported', () => {
    const state = run([...recipes(), writes([stored({})])]);
    const restored = deserialiseTab(serialiseTab(state.tabs.get(1)!).json)!;
    expect(restored.page.storageWrites).toEqual(storageOf(state));
    const report = buildReport({ tab: { id: 1, url: PAGE }, storeId: '0', access: { ok: true }, cookies: [], monitored: restored, includeValues: false, now: new Date(T0 + 1000) });
    expect(report.activity!.storageWrites).toEqual([
      { origin: 'https://recipes.test', area: 'local', key: 'ajs_anonymous_id', op: 'set', writtenBy: SEGMENT, scriptKind: 'file', time: T0 + 100, firstSetAt: T0 + 100 },
    ]);
  });
});

describe('what the report says of web storage', () => {
  const SEGMENT = 'https://cdn.segment.com/analytics.js/v1/AbC123/analytics.min.js';
  const stored = (fields: Partial<ScriptWrite>) => write({ api: 'localStorage', name: 'ajs_anonymous_id', attributes: '', url: SEGMENT, ...fields });
  const ID = '"6f1c2a9e-3b7d-4e58-a0c4-9d2e81f7b365"';

  it('names the third parties whose scripts wrote keys in the site’s own storage, not in their frames’ or by the page itself', () => {
    const state = run([
      ...recipes(),
      request('s', SEGMENT, 'script'),
      writes([stored({}), stored({ name: 'ajs_user_traits' }), stored({ name: 'gone' }), stored({ name: 'gone', op: 'delete', time: T0 + 200 })]),
      writes([stored({ api: 'sessionStorage', name: 'recipe_scroll', url: PAGE, kind: 'inline' })]),
      writes([stored({ name: 'sync_volume', url: PLAYER })], { frameId: 4, documentUrl: 'https://player.vimeo.com/video/76979871', origin: 'https://player.vimeo.com' }),
    ]);
    const report = buildReport({ tab: { id: 1, url: PAGE }, storeId: '0', access: { ok: true }, cookies: [], monitored: state.tabs.get(1)!, includeValues: false, now: new Date(T0 + 1000) });
    const wrote = Object.fromEntries(report.activity!.thirdParties.map((p) => [p.site, p.wroteFirstPartyStorage]));
    expect(wrote).toEqual({ 'segment.com': ['ajs_anonymous_id', 'ajs_user_traits'], 'vimeo.com': [] });
  });

  it('lists the frames’ keys in the report, each with the script the page reported, values only with includeValues', () => {
    const state = run([...recipes(), writes([stored({})])]);
    const frames = [
      {
        frameId: 0,
        parentFrameId: -1,
        url: PAGE,
        answer: {
          origin: 'https://recipes.test',
          url: PAGE,
          items: [{ area: 'local' as const, key: 'ajs_anonymous_id', keyCut: false, size: 16 + ID.length, identifier: true, value: ID }],
          indexedDB: [],
          unavailable: [],
          dropped: { keys: 0, values: 0, databases: 0 },
        },
      },
    ];
    const reportWith = (includeValues: boolean) =>
      buildReport({ tab: { id: 1, url: PAGE }, storeId: '0', access: { ok: true }, cookies: [], monitored: state.tabs.get(1)!, includeValues, now: new Date(T0 + 1000), storage: { frames, droppedFrames: 2 } });
    expect(reportWith(false).storage).toEqual([
      // The page reported no consent signal: written in an unknown phase.
      { origin: 'https://recipes.test', frameUrl: PAGE, area: 'local', key: 'ajs_anonymous_id', size: 16 + ID.length, identifier: true, writtenBy: SEGMENT, scriptKind: 'file', phase: 'unknown' },
    ]);
    expect(reportWith(true).storage[0].value).toBe(ID);
    expect(reportWith(false).storageFrames).toEqual({ read: 1, unanswered: 0, dropped: 2 });
    // Without the monitor's record, the keys are listed without writers.
    const unwatched = buildReport({ tab: { id: 1, url: PAGE }, storeId: '0', access: { ok: true }, cookies: [], monitored: null, includeValues: false, now: new Date(T0), storage: { frames, droppedFrames: 0 } });
    expect(unwatched.storage[0]).not.toHaveProperty('writtenBy');
    expect(unwatched.storage[0].phase).toBeNull();
  });
});

describe('a tab full of reported writes', () => {
  /** 500 changes each credited to a script with a long URL and write, and 100 storage keys. */
  function busyTab() {
    const state = run(recipes());
    for (let i = 0; i < 500; i++) {
      const url = `https://cdn.tags${i}.test/${'t'.repeat(280)}.js`;
      apply(state, cookieChanged(cookieId(`c${i}`, 'recipes.test'), { timeStamp: T0 + i }));
      apply(state, writes([write({ name: `c${i}`, url, attributes: `path=/; ${'x'.repeat(290)}`, time: T0 + i }), write({ api: 'localStorage', name: `k${i}${'k'.repeat(190)}`, attributes: '', url })]));
    }
    return state.tabs.get(1)!;
  }

  it.each([16, 32, 64])('is stored within a budget of %i KB', (kb) => {
    const tab = busyTab();
    expect(tab.timeline.filter((e) => e.script).length).toBe(500);
    expect(serialiseTab(tab, kb * 1024).json.length).toBeLessThanOrEqual(kb * 1024);
  });
});
