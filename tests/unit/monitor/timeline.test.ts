import { describe, expect, it } from 'vitest';
import { apply } from '../../../lib/monitor/apply';
import { tabsForCookie } from '../../../lib/monitor/attribution';
import { normaliseCookieChange, type MonitorEvent } from '../../../lib/monitor/events';
import { createMonitorState, type MonitorState } from '../../../lib/monitor/state';
import { COOKIE_ATTRIBUTION_WINDOW_MS } from '../../../lib/monitor/timeline';
import { cookieChanged, cookieId, ID, navigation, received, request, T0 } from './builders';

function run(events: MonitorEvent[], state = createMonitorState()): MonitorState {
  for (const event of events) apply(state, event);
  return state;
}

const sid = cookieId('sid', 'news.example', { hostOnly: true });
const uid = cookieId('uid', 'tracker.test');

/** Tab 1 on news.example, which loaded a pixel from px.tracker.test that set `uid`. */
function newsTab(): MonitorState {
  return run([
    navigation(1, 'https://news.example/'),
    request('1', 'https://px.tracker.test/p.gif', 'image'),
    received('1', { setCookie: [`uid=${ID}; Domain=.tracker.test; Secure; SameSite=None`], timeStamp: T0 + 100 }),
  ]);
}

describe('cookie timeline', () => {
  it('puts a cookie down to the response that set it', () => {
    const state = run([cookieChanged(uid, { timeStamp: T0 + 150 })], newsTab());
    expect(state.tabs.get(1)!.timeline).toEqual([
      {
        time: T0 + 150,
        change: 'created',
        cause: 'explicit',
        cookie: uid,
        setBy: 'http',
        response: 'https://px.tracker.test/p.gif',
        setCookie: 'uid=…; Domain=.tracker.test; Secure; SameSite=None',
        attributes: { name: 'uid', domain: 'tracker.test', secure: true, httpOnly: false, sameSite: 'None', partitioned: false },
      },
    ]);
  });

  it('keeps a change no tab can claim yet until the response that set it is heard of', () => {
    const state = run([
      navigation(1, 'https://news.example/'),
      // Firefox: the cookie change arrives before any webRequest event of the pixel.
      cookieChanged(uid, { timeStamp: T0 + 90 }),
      request('1', 'https://px.tracker.test/p.gif', 'image'),
      received('1', { setCookie: [`uid=${ID}; Domain=.tracker.test; Secure; SameSite=None`], timeStamp: T0 + 100 }),
    ]);
    expect(state.tabs.get(1)!.timeline).toEqual([expect.objectContaining({ cookie: uid, change: 'created', setBy: 'http', response: 'https://px.tracker.test/p.gif' })]);
    expect(state.unclaimed).toEqual([]);
  });

  it('forgets unclaimed changes once no response can have made them', () => {
    const state = run([
      navigation(1, 'https://news.example/'),
      cookieChanged(uid, { timeStamp: T0 }),
      request('1', 'https://px.tracker.test/p.gif', 'image'),
      received('1', { setCookie: [`other=${ID}; Domain=.tracker.test`], timeStamp: T0 + COOKIE_ATTRIBUTION_WINDOW_MS + 1 }),
    ]);
    expect(state.tabs.get(1)!.timeline).toEqual([]);
    expect(state.unclaimed).toEqual([]);
  });

  it('credits the response when its Set-Cookie arrives after the change', () => {
    const state = run([
      navigation(1, 'https://news.example/'),
      request('1', 'https://px.tracker.test/p.gif', 'image'),
      cookieChanged(uid, { timeStamp: T0 + 90 }),
      received('1', { setCookie: [`uid=${ID}; Domain=.tracker.test`], timeStamp: T0 + 100 }),
    ]);
    expect(state.tabs.get(1)!.timeline[0]).toMatchObject({ setBy: 'http', response: 'https://px.tracker.test/p.gif' });
  });

  it('credits the response for changes that left the timeline before it was heard of', () => {
    // An ad exchange's frame: its request is seen, its 600 cookies' changes come before its
    // Set-Cookie lines, more than the timeline keeps (Firefox's event order, firefox-order.ts).
    const names = Array.from({ length: 600 }, (_, i) => `p${i}`);
    const state = run([
      navigation(1, 'https://news.example/'),
      request('1', 'https://sync.tracker.test/frame', 'sub_frame'),
      ...names.map((name, i) => cookieChanged(cookieId(name, 'tracker.test'), { timeStamp: T0 + 50 + i / 100 })),
      received('1', { setCookie: names.map((name) => `${name}=${ID}; Domain=.tracker.test`), timeStamp: T0 + 100 }),
    ]);
    const tab = state.tabs.get(1)!;
    expect(tab.dropped.timeline).toBe(100);
    expect([...tab.lastChanges.values()].filter((e) => e.setBy !== 'http').map((e) => e.cookie.name)).toEqual([]);
  });

  it.each<[string, MonitorEvent[]]>([
    ['no Set-Cookie of that name', [cookieChanged(cookieId('other', 'tracker.test'), { timeStamp: T0 + 150 })]],
    ['a Set-Cookie too long before', [cookieChanged(uid, { timeStamp: T0 + 100 + COOKIE_ATTRIBUTION_WINDOW_MS + 1 })]],
    ['only a Set-Cookie of that name from another site', [cookieChanged(cookieId('uid', 'news.example', { hostOnly: true }), { timeStamp: T0 + 150 })]],
  ])('puts a change down to a script when there is %s', (_, events) => {
    const state = run(events, newsTab());
    expect(state.tabs.get(1)!.timeline.map((e) => e.setBy)).toEqual(['script']);
  });

  it('merges an overwrite (removal, then insertion) into one change', () => {
    const state = run(
      [
        cookieChanged(sid, { removed: true, cause: 'overwrite', timeStamp: T0 + 200 }),
        cookieChanged(sid, { cause: 'explicit', timeStamp: T0 + 200 }),
      ],
      newsTab(),
    );
    expect(state.tabs.get(1)!.timeline).toEqual([expect.objectContaining({ change: 'changed', cause: 'explicit', setBy: 'script' })]);
  });

  it.each<[string, string, string | undefined]>([
    ['expired', 'removed', undefined],
    ['evicted', 'removed', undefined],
    ['explicit', 'removed', undefined],
    ['expired_overwrite', 'removed', 'script'],
  ])('records a removal with cause %s', (cause, change, setBy) => {
    const event = cookieChanged(sid, { removed: true, cause: cause as never, timeStamp: T0 + 300 });
    const [entry] = run([event], newsTab()).tabs.get(1)!.timeline;
    expect(entry).toMatchObject({ change, cause });
    expect(entry.setBy).toBe(setBy);
  });

  it('says whether any tab took the change', () => {
    const state = newsTab();
    expect(apply(state, cookieChanged(cookieId('x', 'elsewhere.test')))).toBe(false);
    expect(apply(state, cookieChanged(sid))).toBe(true);
  });
});

describe('tabsForCookie', () => {
  const state = run([
    navigation(1, 'https://news.example/'),
    request('1', 'https://px.tracker.test/p.gif', 'image', { tabId: 1 }),
    navigation(2, 'https://shop.example/'),
    // Tab 3 is on its way to news.example: the document response sets its cookies before the commit.
    navigation(3, 'https://blank.example/'),
    request('3', 'https://www.news.example/', 'main_frame', { tabId: 3 }),
  ]);

  it.each<[string, ReturnType<typeof cookieId>, number[]]>([
    ['a cookie of the page’s own host', sid, [1]],
    ['a domain cookie of the page’s site', cookieId('pref', 'news.example'), [1, 3]],
    ['a cookie of a third party the page contacted', uid, [1]],
    ['a host-only cookie of another host of that third party', cookieId('x', 'cdn.tracker.test', { hostOnly: true }), []],
    ['a cookie of an unrelated site', cookieId('x', 'elsewhere.test'), []],
    ['a partitioned cookie under news.example', cookieId('p', 'tracker.test', { partitionKey: { topLevelSite: 'https://news.example' } }), [1]],
    ['a partitioned cookie under another site', cookieId('p', 'tracker.test', { partitionKey: { topLevelSite: 'https://shop.example' } }), []],
  ])('%s', (_, cookie, tabs) => {
    expect(tabsForCookie(state, cookie)).toEqual(tabs);
  });
});

describe('normaliseCookieChange', () => {
  const cookie = { name: 'sid', value: ID, domain: '.News.Example', path: '/', hostOnly: false, secure: true, httpOnly: true, session: true, storeId: '0' };

  it('keeps the identity and cause, never the value', () => {
    const event = normaliseCookieChange({ cookie, removed: false, cause: 'explicit' }, T0);
    expect(event).toEqual({
      kind: 'cookieChanged',
      cookie: { name: 'sid', domain: 'news.example', path: '/', hostOnly: false, storeId: '0', partitionKey: null, firstPartyDomain: '' },
      removed: false,
      cause: 'explicit',
      timeStamp: T0,
    });
    expect(JSON.stringify(event)).not.toContain(ID);
  });

  it('refuses changes without a usable cookie, and reads an unknown cause as explicit', () => {
    expect(normaliseCookieChange({}, T0)).toBeNull();
    expect(normaliseCookieChange({ cookie: { name: 'a' } }, T0)).toBeNull();
    expect(normaliseCookieChange({ cookie, cause: 'meteor' }, T0)?.cause).toBe('explicit');
  });
});
