import { describe, expect, it } from 'vitest';
import { apply } from '../../../lib/monitor/apply';
import type { MonitorEvent } from '../../../lib/monitor/events';
import { thirdPartiesReport } from '../../../lib/monitor/report';
import {
  createMonitorState,
  MAX_COOKIE_NAMES_PER_SITE,
  MAX_FINDINGS_PER_SITE,
  MAX_HOSTS_PER_SITE,
  MAX_LAST_CHANGES_PER_TAB,
  MAX_ORIGINS_PER_PAGE,
  MAX_PENDING_REQUESTS,
  MAX_REJECTED_PER_PAGE,
  MAX_SITES_PER_PAGE,
  MAX_TIMELINE_ENTRIES,
  type MonitorState,
} from '../../../lib/monitor/state';
import { setCookieOf } from '../../../lib/requests/cookie-headers';
import { cookieKey } from '../../../lib/cookies/cookie';
import { completed, cookieChanged, cookieId, ID, navigation, received, request, sent, T0 } from './builders';

function run(events: Iterable<MonitorEvent>, state = createMonitorState()): MonitorState {
  for (const event of events) apply(state, event);
  return state;
}

const onPage = (...events: MonitorEvent[]) => run(events, run([navigation(1, 'https://news.example/')]));

describe('below the caps nothing is lost', () => {
  it('replays 10,000 events and counts every one exactly', () => {
    const SITES = 200;
    const expected = new Map<string, { requests: number; bytes: number; pixels: number; hosts: Set<string> }>();
    const events: MonitorEvent[] = [];
    for (let k = 0; k < 2500; k++) {
      const site = `s${k % SITES}.test`;
      const host = `h${Math.floor(k / SITES) % 2}.${site}`;
      const pixel = k % 4 === 0;
      const size = pixel ? 43 : 1000 + k;
      const url = pixel ? `https://${host}/p.gif?uid=${ID}${k}` : `https://${host}/lib-${k}.js`;
      const id = String(k);
      events.push(request(id, url, pixel ? 'image' : 'script'), sent(id), received(id, { contentLength: size }), completed(id));
      const e = expected.get(site) ?? { requests: 0, bytes: 0, pixels: 0, hosts: new Set() };
      e.requests++;
      e.bytes += size;
      if (pixel) e.pixels++;
      e.hosts.add(host);
      expected.set(site, e);
    }
    expect(events).toHaveLength(10_000);

    const state = run(events, run([navigation(1, 'https://news.example/')]));
    const page = state.tabs.get(1)!.page;
    const report = thirdPartiesReport(page);
    expect(report).toHaveLength(SITES);
    for (const t of report) {
      const e = expected.get(t.site)!;
      expect({ site: t.site, requests: t.requests, bytes: t.bytesReceived, pixels: t.pixels.length, hosts: t.hosts }).toEqual({
        site: t.site,
        requests: e.requests,
        bytes: e.bytes,
        pixels: e.pixels,
        hosts: [...e.hosts].sort(),
      });
    }
    expect(page.origins.size).toBe(1 + SITES * 2);
    expect(Object.values(page.dropped).every((n) => n === 0)).toBe(true);
    expect(state.pending.size).toBe(0);
    expect(state.dropped.pendingRequests).toBe(0);
  });
});

describe('caps are enforced and what they drop is counted', () => {
  it('third parties', () => {
    const state = onPage(...Array.from({ length: 400 }, (_, i) => request(String(i), `https://x.s${i}.test/`, 'script')), request('again', 'https://x.s399.test/b', 'script'));
    const page = state.tabs.get(1)!.page;
    expect(page.sites.size).toBe(MAX_SITES_PER_PAGE);
    expect(page.dropped.thirdParties).toBe(400 - MAX_SITES_PER_PAGE + 1);
  });

  it('leaves room for the page’s own site', () => {
    const state = onPage(...Array.from({ length: 400 }, (_, i) => request(String(i), `https://x.s${i}.test/`, 'script')), request('own', 'https://news.example/a.js', 'script'));
    expect(state.tabs.get(1)!.page.sites.has('news.example')).toBe(true);
  });

  it('hosts per site, and origins per page', () => {
    const state = onPage(...Array.from({ length: 600 }, (_, i) => request(String(i), `https://h${i}.big.test/`, 'script')));
    const page = state.tabs.get(1)!.page;
    expect(page.sites.get('big.test')!.hosts.size).toBe(MAX_HOSTS_PER_SITE);
    expect(page.sites.get('big.test')!.requests).toBe(600);
    expect(page.dropped.hosts).toBe(600 - MAX_HOSTS_PER_SITE);
    expect(page.origins.size).toBe(MAX_ORIGINS_PER_PAGE);
    expect(page.dropped.origins).toBe(600 + 1 - MAX_ORIGINS_PER_PAGE);
  });

  it('pixels per site', () => {
    const events = Array.from({ length: 30 }, (_, i) => [
      request(String(i), `https://px.t.test/p.gif?uid=${ID}`, 'image'),
      received(String(i), { contentLength: 43, uncacheable: true }),
      completed(String(i)),
    ]).flat();
    const page = onPage(...events).tabs.get(1)!.page;
    expect(page.sites.get('t.test')!.pixels).toHaveLength(MAX_FINDINGS_PER_SITE);
    expect(page.dropped.pixels).toBe(30 - MAX_FINDINGS_PER_SITE);
  });

  it('cookie names per site', () => {
    const names = Array.from({ length: 60 }, (_, i) => `c${i}=1`);
    const page = onPage(request('1', 'https://t.test/', 'script'), received('1', { setCookie: names })).tabs.get(1)!.page;
    expect(page.sites.get('t.test')!.cookiesSet.size).toBe(MAX_COOKIE_NAMES_PER_SITE);
    expect(page.dropped.cookieNames).toBe(60 - MAX_COOKIE_NAMES_PER_SITE);
  });

  it('refused cookies per page, repeats kept once', () => {
    const rejected = (i: number) => ({ name: `b${i}`, domain: 'other.test', path: '/', requestUrl: 'https://news.example/', reason: 'r', setCookie: `b${i}=…` });
    const events = Array.from({ length: 150 }, (_, i) => [request(String(i), 'https://news.example/x', 'xmlhttprequest'), received(String(i), { rejected: [rejected(i), rejected(0)] })]).flat();
    const page = onPage(...events).tabs.get(1)!.page;
    expect(page.rejected).toHaveLength(MAX_REJECTED_PER_PAGE);
    expect(page.dropped.rejectedCookies).toBe(150 - MAX_REJECTED_PER_PAGE);
  });

  it('timeline entries per tab, oldest dropped first', () => {
    const changes = Array.from({ length: 600 }, (_, i) => cookieChanged(cookieId(`c${i}`, 'news.example'), { timeStamp: T0 + i * 10_000 }));
    const tab = onPage(...changes).tabs.get(1)!;
    expect(tab.timeline).toHaveLength(MAX_TIMELINE_ENTRIES);
    expect(tab.dropped.timeline).toBe(600 - MAX_TIMELINE_ENTRIES);
    expect(tab.timeline[0].cookie.name).toBe('c100');
  });

  it("cookies' latest changes per tab, the least recently changed forgotten first", () => {
    const c = (i: number) => cookieId(`c${i}`, 'news.example');
    const changes = Array.from({ length: MAX_LAST_CHANGES_PER_TAB }, (_, i) => cookieChanged(c(i), { timeStamp: T0 + i * 10_000 }));
    // c0 changes again: it is now the most recent, and c1 the least.
    changes.push(cookieChanged(c(0), { timeStamp: T0 + MAX_LAST_CHANGES_PER_TAB * 10_000 }));
    const more = Array.from({ length: 50 }, (_, i) => cookieChanged(c(MAX_LAST_CHANGES_PER_TAB + i), { timeStamp: T0 + (MAX_LAST_CHANGES_PER_TAB + 1 + i) * 10_000 }));
    const tab = onPage(...changes, ...more).tabs.get(1)!;
    expect(tab.lastChanges.size).toBe(MAX_LAST_CHANGES_PER_TAB);
    expect(tab.dropped.lastChanges).toBe(50);
    expect(tab.lastChanges.has(cookieKey(c(0)))).toBe(true);
    expect(tab.lastChanges.has(cookieKey(c(50)))).toBe(false);
    expect(tab.lastChanges.has(cookieKey(c(51)))).toBe(true);
    expect([...tab.lastChanges.keys()].at(-1)).toBe(cookieKey(c(MAX_LAST_CHANGES_PER_TAB + 49)));
  });

  it('requests under way, oldest forgotten first', () => {
    const state = onPage(...Array.from({ length: 2500 }, (_, i) => request(String(i), 'https://news.example/long-poll', 'xmlhttprequest')));
    expect(state.pending.size).toBe(MAX_PENDING_REQUESTS);
    expect(state.dropped.pendingRequests).toBe(2500 - MAX_PENDING_REQUESTS);
    expect(state.pending.has('0')).toBe(false);
    expect(state.pending.has('2499')).toBe(true);
  });

  it('a page firing 100,000 requests to distinct hosts stays within every cap', () => {
    const setCookies = Array.from({ length: 100 }, (_, i) => [setCookieOf(`u${i}=${ID}`)]);
    function* flood(): Generator<MonitorEvent> {
      for (let i = 0; i < 100_000; i++) {
        const id = `f${i}`;
        yield request(id, `https://h${i}.s${i % 5000}.flood.test/p.gif?uid=${ID}`, 'image');
        yield received(id, { contentLength: 43, uncacheable: true, setCookies: setCookies[i % 100] });
        yield completed(id);
      }
    }
    const state = run(flood(), run([navigation(1, 'https://news.example/')]));
    const page = state.tabs.get(1)!.page;
    expect(page.sites.size).toBe(1);
    const site = page.sites.get('flood.test')!;
    expect(site.requests).toBe(100_000);
    expect(site.hosts.size).toBe(MAX_HOSTS_PER_SITE);
    expect(site.pixels).toHaveLength(MAX_FINDINGS_PER_SITE);
    expect(site.cookiesSet.size).toBe(MAX_COOKIE_NAMES_PER_SITE);
    expect(page.origins.size).toBe(MAX_ORIGINS_PER_PAGE);
    expect(page.dropped).toMatchObject({ pixels: 100_000 - MAX_FINDINGS_PER_SITE, hosts: 100_000 - MAX_HOSTS_PER_SITE });
    expect(state.tabs.get(1)!.recentSetCookies.length).toBeLessThanOrEqual(64);
  }, 30_000); // 1.5 s alone; a loaded CI machine may take several times that
});
