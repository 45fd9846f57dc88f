import { describe, expect, it } from 'vitest';
import { cookieKey } from '../../../lib/cookies/cookie';
import { apply } from '../../../lib/monitor/apply';
import type { MonitorEvent } from '../../../lib/monitor/events';
import { observationsOf, thirdPartiesReport, trackingCount } from '../../../lib/monitor/report';
import { createMonitorState } from '../../../lib/monitor/state';
import { completed, cookieChanged, cookieId, ID, navigation, received, request, sent, T0 } from './builders';

function run(events: MonitorEvent[], state = createMonitorState()) {
  for (const event of events) apply(state, event);
  return state;
}

const page = (events: MonitorEvent[]) => run([navigation(1, 'https://news.example/'), ...events]).tabs.get(1)!;

describe('thirdPartiesReport and trackingCount', () => {
  const tab = page([
    request('1', 'https://cdn.plain.test/a.js', 'script'),
    request('2', 'https://cdn.plain.test/b.js', 'script'),
    request('3', 'https://api.cookie.test/x', 'xmlhttprequest'),
    sent('3'),
    request('4', 'https://id.sync.test/x', 'xmlhttprequest'),
    sent('4', `uid=${ID}`),
    request('5', `https://px.pixel.test/p.gif?u=${ID}`, 'image'),
    received('5', { contentLength: 43 }),
    completed('5'),
    request('6', 'https://b.beacon.test/c', 'beacon'),
    completed('6', { statusCode: 204 }),
    request('7', 'https://static.news.example/a.js', 'script'),
  ]);

  it('lists third parties only, most tracking evidence first', () => {
    expect(thirdPartiesReport(tab.page).map((t) => t.site)).toEqual(['beacon.test', 'pixel.test', 'sync.test', 'cookie.test', 'plain.test']);
  });

  it('counts third parties with pixels, beacons or identifier cookies', () => {
    expect(trackingCount(tab.page)).toBe(3);
  });

  it('returns copies: changing the report does not change the state', () => {
    const report = thirdPartiesReport(tab.page);
    report[1].pixels[0].reasons.push('x');
    expect(tab.page.sites.get('pixel.test')!.pixels[0].reasons).not.toContain('x');
  });
});

describe('observationsOf', () => {
  const sid = cookieId('sid', 'news.example', { hostOnly: true });
  const pref = cookieId('pref', 'news.example');
  const gone = cookieId('gone', 'news.example');
  const loggedIn = () =>
    run([
      navigation(1, 'https://news.example/'),
      request('1', 'https://news.example/login', 'xmlhttprequest'),
      received('1', { setCookie: [`sid=${ID}; Path=/; Secure; HttpOnly`], timeStamp: T0 + 10 }),
      cookieChanged(sid, { timeStamp: T0 + 20 }),
      cookieChanged(pref, { timeStamp: T0 + 30 }),
      cookieChanged(gone, { timeStamp: T0 + 40 }),
      cookieChanged(gone, { removed: true, cause: 'expired', timeStamp: T0 + 50 }),
      request('2', 'https://news.example/', 'main_frame'),
      received('2', { hsts: true }),
      navigation(1, 'https://news.example/'),
    ]);

  it('puts a cookie the page re-sent unchanged down to that response (Firefox reports no change for it)', () => {
    const state = run([
      { kind: 'tabInfo', tabId: 1, incognito: false, storeId: '0' },
      navigation(1, 'https://audit.example/'),
      request('1', 'https://audit.example/', 'main_frame'),
      received('1', { setCookie: ['layout=wide; SameSite=Sideways', 'remember=1; Domain=audit.example; Max-Age=63072000'], timeStamp: T0 + 10 }),
    ]);
    const layout = cookieId('layout', 'audit.example', { hostOnly: true });
    const remember = cookieId('remember', 'audit.example');
    const elsewhere = cookieId('layout', 'other.example', { hostOnly: true });
    const otherStore = cookieId('remember', 'audit.example', { storeId: '1' });
    const domainNotHostOnly = cookieId('layout', 'audit.example');
    const observations = observationsOf(state.tabs.get(1)!, [layout, remember, elsewhere, otherStore, domainNotHostOnly]);
    expect(observations.setBy).toEqual(new Map([[cookieKey(layout), 'http'], [cookieKey(remember), 'http']]));
    expect(observations.setCookies.get(cookieKey(layout))?.sameSite).toBe('Sideways');
    expect(observations.setCookies.get(cookieKey(remember))?.maxAge).toBe(63072000);
  });

  it('gives the audit who wrote each cookie and with which line', () => {
    const observations = observationsOf(loggedIn().tabs.get(1)!);
    expect(observations.hsts).toBe(true);
    expect(observations.setBy).toEqual(new Map([[cookieKey(sid), 'http'], [cookieKey(pref), 'script']]));
    expect(observations.setCookies).toEqual(new Map([[cookieKey(sid), { name: 'sid', path: '/', secure: true, httpOnly: true, partitioned: false }]]));
    expect(observations.rejected).toEqual([]);
  });

  it('lets a later script write replace what an earlier response set', () => {
    const later = T0 + 60_000;
    const state = run([cookieChanged(sid, { removed: true, cause: 'overwrite', timeStamp: later }), cookieChanged(sid, { timeStamp: later })], loggedIn());
    const observations = observationsOf(state.tabs.get(1)!);
    expect(observations.setBy.get(cookieKey(sid))).toBe('script');
    expect(observations.setCookies.has(cookieKey(sid))).toBe(false);
  });
});
