/**
 * Who set each cookie outlives the timeline (TabRecord.lastChanges): a page that changes more
 * cookies than the timeline keeps still knows how its first cookie was set, and a change of one
 * cookie changes no other cookie's "set by", so the popup redraws only that row.
 *
 * The page imitates a shop using Google Analytics 4, whose tag writes `_ga` and one
 * `_ga_<container-id>` per measurement ID
 * (https://support.google.com/analytics/answer/11397207), beside the shop's own session cookie
 * set by its responses.
 */
import { describe, expect, it } from 'vitest';
import { cookieKey, type CookieId } from '../../../lib/cookies/cookie';
import { apply } from '../../../lib/monitor/apply';
import type { MonitorEvent } from '../../../lib/monitor/events';
import { observationsOf } from '../../../lib/monitor/report';
import { cookieScripts } from '../../../lib/monitor/scripts';
import { createMonitorState, MAX_TIMELINE_ENTRIES, type MonitorState, type TabRecord } from '../../../lib/monitor/state';
import { cookieChanged, cookieId, ID, navigation, received, request, T0 } from './builders';

const PAGE = 'https://www.shop.example/';
const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-105714AF51';
const sid = cookieId('sid', 'www.shop.example', { hostOnly: true });
const ga = cookieId('_ga', 'shop.example');
/** The 1,000-cookie fixture's names: `_ga_` and a container id. */
const container = (i: number) => cookieId(`_ga_${(0x105714af51 + i * 7919).toString(16).toUpperCase()}`, 'shop.example');

function run(events: Iterable<MonitorEvent>, state = createMonitorState()): MonitorState {
  for (const event of events) apply(state, event);
  return state;
}

/** The shop's response setting `sid`, the change it made, then gtag's write of `_ga` and its change. */
function shop(): MonitorState {
  return run([
    navigation(1, PAGE),
    request('login', `${PAGE}account/login`, 'xmlhttprequest'),
    received('login', { setCookie: [`sid=${ID}; Path=/; Secure; HttpOnly; SameSite=Lax`], timeStamp: T0 + 10 }),
    cookieChanged(sid, { timeStamp: T0 + 12 }),
    {
      kind: 'scriptWrites',
      tabId: 1,
      frameId: 0,
      documentUrl: PAGE,
      origin: 'https://www.shop.example',
      writes: [{ api: 'cookie', op: 'set', name: '_ga', attributes: 'path=/; domain=shop.example; max-age=63072000', kind: 'file', url: GTAG, time: T0 + 20, count: 1 }],
      dropped: 0,
    },
    cookieChanged(ga, { timeStamp: T0 + 21 }),
  ]);
}

/** `count` cookies written by scripts the page did not name, well apart in time. */
function* containers(count: number, from = 0, at = T0 + 10_000): Generator<MonitorEvent> {
  for (let i = from; i < from + count; i++) yield cookieChanged(container(i), { timeStamp: at + i * 10 });
}

/** What a cookie row shows of who set the cookie, for each of `cookies`. */
function setByOf(tab: TabRecord, cookies: readonly CookieId[]) {
  const observations = observationsOf(tab, cookies);
  const scripts = cookieScripts(tab);
  return new Map(
    cookies.map((c) => {
      const key = cookieKey(c);
      return [key, { setBy: observations.setBy.get(key), attributes: observations.setCookies.get(key), script: scripts.get(key) }];
    }),
  );
}

describe("cookies' latest changes", () => {
  it('still say how the first cookies were set after more changes than the timeline keeps', () => {
    const state = run(containers(MAX_TIMELINE_ENTRIES + 100), shop());
    const tab = state.tabs.get(1)!;
    expect(tab.timeline.some((e) => e.cookie.name === 'sid' || e.cookie.name === '_ga')).toBe(false);
    const rows = setByOf(tab, [sid, ga]);
    expect(rows.get(cookieKey(sid))).toEqual({
      setBy: 'http',
      attributes: { name: 'sid', path: '/', secure: true, httpOnly: true, sameSite: 'Lax', partitioned: false },
      script: undefined,
    });
    expect(rows.get(cookieKey(ga))).toEqual({ setBy: 'script', attributes: undefined, script: { script: GTAG, scriptKind: 'file' } });
  });

  it('change for the cookie changed only: every other row stays as it was', () => {
    const cookies = [sid, ga, ...Array.from({ length: 1000 }, (_, i) => container(i))];
    const state = run(containers(1000), shop());
    const tab = state.tabs.get(1)!;
    const before = setByOf(tab, cookies);
    // The fixture's rewrite of `_ga_105714AF51`, this time by a response of the shop.
    const rewritten = container(0);
    run(
      [
        request('collect', `${PAGE}g/collect`, 'xmlhttprequest'),
        received('collect', { setCookie: [`${rewritten.name}=GS1.1.${ID}; Domain=.shop.example; Path=/; Max-Age=63072000`], timeStamp: T0 + 50_000 }),
        cookieChanged(rewritten, { removed: true, cause: 'overwrite', timeStamp: T0 + 50_001 }),
        cookieChanged(rewritten, { timeStamp: T0 + 50_001 }),
      ],
      state,
    );
    const after = setByOf(tab, cookies);
    expect(after.get(cookieKey(rewritten))).toMatchObject({ setBy: 'http', attributes: { domain: 'shop.example', maxAge: 63072000 } });
    expect(before.get(cookieKey(rewritten))).toMatchObject({ setBy: 'script' });
    after.delete(cookieKey(rewritten));
    before.delete(cookieKey(rewritten));
    expect(after).toEqual(before);
    expect(after.get(cookieKey(sid))!.setBy).toBe('http');
  });

  it('forget a removed cookie’s writer, as its removal in the timeline did', () => {
    const state = run([cookieChanged(sid, { removed: true, cause: 'explicit', timeStamp: T0 + 30 }), ...containers(MAX_TIMELINE_ENTRIES + 1)], shop());
    const tab = state.tabs.get(1)!;
    expect(setByOf(tab, [sid]).get(cookieKey(sid))).toEqual({ setBy: undefined, attributes: undefined, script: undefined });
    // The removal is remembered: a Set-Cookie line of the page does not stand in for a change event.
    expect(observationsOf(tab, [sid]).setBy.has(cookieKey(sid))).toBe(false);
  });

  it('take the credit a late Set-Cookie gives the change', () => {
    const late = cookieId('cart', 'www.shop.example', { hostOnly: true });
    const state = run([cookieChanged(late, { timeStamp: T0 + 100 })], shop());
    const tab = state.tabs.get(1)!;
    expect(setByOf(tab, [late]).get(cookieKey(late))!.setBy).toBe('script');
    // Firefox: the response's headers reach the background after the change they made.
    run([request('cart', `${PAGE}cart`, 'xmlhttprequest'), received('cart', { setCookie: ['cart=3; Path=/'], timeStamp: T0 + 101 })], state);
    expect(setByOf(tab, [late]).get(cookieKey(late))).toMatchObject({ setBy: 'http', attributes: { name: 'cart', path: '/' } });
  });
});
