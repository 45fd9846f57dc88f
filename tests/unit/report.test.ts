import { describe, expect, it } from 'vitest';
import { fromBrowserCookie } from '../../lib/cookies/normalise';
import { buildReport, REPORT_SCHEMA_VERSION, type ReportInput } from '../../lib/report';
import { apply } from '../../lib/monitor/apply';
import { createMonitorState } from '../../lib/monitor/state';
import { FIXTURES, makeCookie, NOW_MS, PAGE_SITE } from './cookies/helpers';
import { completed, navigation, received, request } from './monitor/builders';

const chromeCookies = FIXTURES.chrome.map((raw) => fromBrowserCookie(raw, PAGE_SITE));

function report(overrides: Partial<ReportInput> = {}) {
  return buildReport({
    tab: { id: 42, url: 'https://www.site.example/account' },
    storeId: '0',
    access: { ok: true },
    cookies: chromeCookies,
    monitored: null,
    includeValues: false,
    now: new Date(NOW_MS),
    ...overrides,
  });
}

describe('buildReport', () => {
  it('drops every value unless values are asked for', () => {
    const r = report();
    expect(r.cookies).toHaveLength(chromeCookies.length);
    for (const c of r.cookies) expect(c).not.toHaveProperty('value');
    const json = JSON.stringify(r);
    for (const c of chromeCookies) if (c.value.length > 3) expect(json).not.toContain(c.value);
  });

  it('keeps the values when asked for, without changing the cookies it was given', () => {
    const r = report({ includeValues: true });
    expect(r.cookies.map((c) => c.value).sort()).toEqual(chromeCookies.map((c) => c.value).sort());
    r.cookies[0].name = 'changed';
    expect(chromeCookies.map((c) => c.name)).not.toContain('changed');
  });

  it('counts cookies, parties, partitions and sites', () => {
    expect(report().summary).toEqual({
      total: 10,
      firstParty: 4, // _ga, sessionid, lang, <script>
      thirdParty: 6,
      partitioned: 1, // embed_id under site.example
      // site.example, cdn-embed.example, 192.168.1.10, alice.github.io, example.co.uk, doubleclick.net
      sites: 6,
    });
  });

  it('lists first-party cookies first, then by site and name', () => {
    expect(report().cookies.map((c) => `${c.site} ${c.name}${c.partitionKey ? ' (partitioned)' : ''}`)).toEqual([
      'site.example _ga',
      'site.example <script>alert(1)</script>',
      'site.example lang',
      'site.example sessionid',
      '192.168.1.10 dev',
      'alice.github.io gh_pref',
      'cdn-embed.example embed_id',
      'cdn-embed.example embed_id (partitioned)',
      'doubleclick.net IDE',
      'example.co.uk consent',
    ]);
  });

  it('describes the tab: schema version, time, site, store and access', () => {
    const r = report({ tab: { id: 7, url: 'https://shop.example.co.uk/basket', incognito: true }, storeId: '1', cookies: [] });
    expect(r.schemaVersion).toBe(1);
    expect(REPORT_SCHEMA_VERSION).toBe(1);
    expect(r.generatedAt).toBe('2026-01-15T12:00:00.000Z');
    expect(r.tab).toEqual({ id: 7, url: 'https://shop.example.co.uk/basket', site: 'example.co.uk', incognito: true, storeId: '1' });
    expect(r.access).toEqual({ ok: true });
    expect(r.summary).toEqual({ total: 0, firstParty: 0, thirdParty: 0, partitioned: 0, sites: 0 });
  });

  it.each([
    ['about:blank', null],
    ['', null],
    ['http://192.168.1.10:8080/', '192.168.1.10'],
    ['https://alice.github.io/blog/', 'alice.github.io'],
  ])('tab %j has site %j', (url, site) => {
    expect(report({ tab: { id: 1, url }, cookies: [] }).tab.site).toBe(site);
  });

  it('reports a page it may not inspect with its reason, not incognito by default', () => {
    const r = report({ tab: { id: 1, url: 'chrome://settings' }, storeId: null, access: { ok: false, reason: 'browser-page' }, cookies: [] });
    expect(r.access).toEqual({ ok: false, reason: 'browser-page' });
    expect(r.tab.incognito).toBe(false);
    expect(r.tab.storeId).toBeNull();
  });

  it('counts a cookie once per site however many it has', () => {
    const cookies = [makeCookie({ name: 'a' }), makeCookie({ name: 'b', domain: 'site.example', hostOnly: false })];
    expect(report({ cookies }).summary).toMatchObject({ total: 2, firstParty: 2, thirdParty: 0, sites: 1 });
  });
});

describe('buildReport: what the tab did', () => {
  const uidValue = 'c0ffee1234567890abcdef0123456789';
  const gaTail = '918273645.1732611634';
  function watchedTab() {
    const state = createMonitorState();
    for (const event of [
      navigation(1, 'https://www.site.example/account'),
      // A sync pixel: tracker.example's identifier handed to sync.example.
      request('1', `https://px.sync.example/p.gif?partner_uid=${uidValue}`, 'image'),
      received('1', { contentLength: 43, contentType: 'image/gif' }),
      completed('1'),
      // A beacon carrying the page's own analytics id to analytics.example.
      request('2', `https://collect.analytics.example/g?cid=${gaTail}`, 'beacon'),
      completed('2'),
    ]) {
      apply(state, event);
    }
    return state.tabs.get(1)!;
  }

  it('reports third parties, tracking count and the identifiers handed between parties', () => {
    const cookies = [
      makeCookie({ name: 'uid', value: uidValue, domain: 'tracker.example' }),
      makeCookie({ name: '_ga', value: `GA1.1.${gaTail}`, domain: 'site.example' }),
    ];
    const r = report({ cookies, monitored: watchedTab() });
    expect(r.activity?.thirdParties.map((p) => [p.site, p.tracking]).sort()).toEqual([
      ['analytics.example', true],
      ['sync.example', true],
    ]);
    expect(r.activity?.tracking).toBe(2);
    expect(r.activity?.syncs).toEqual(
      expect.arrayContaining([
        { kind: 'cookie-syncing', from: 'tracker.example', to: 'sync.example', cookie: 'uid', param: 'partner_uid' },
        { kind: 'pixel-cookie-sharing', from: 'site.example', to: 'analytics.example', cookie: '_ga', param: 'cid' },
      ]),
    );
    expect(r.activity?.syncs).toHaveLength(2);
    // Syncs name cookies and sites only; the cookies carry no values.
    expect(JSON.stringify(r.activity?.syncs)).not.toContain(uidValue);
    for (const c of r.cookies) expect(c).not.toHaveProperty('value');
  });

  it('names the owner from the hosts contacted, which third-party-web lists rather than their sites', () => {
    const state = createMonitorState();
    // The LinkedIn Insight Tag's pixel (https://www.linkedin.com/help/lms/answer/a418880) and a
    // Google Ads remarketing hit on www.google.com.
    for (const event of [
      navigation(1, 'https://www.site.example/'),
      request('1', 'https://px.ads.linkedin.com/collect/?pid=123456&fmt=gif', 'image'),
      completed('1'),
      request('2', 'https://www.google.com/pagead/1p-user-list/987654321/?random=1732611600', 'image'),
      completed('2'),
    ]) {
      apply(state, event);
    }
    const parties = report({ cookies: [], monitored: state.tabs.get(1)! }).activity?.thirdParties ?? [];
    expect(Object.fromEntries(parties.map((p) => [p.site, p.tracker?.owner]))).toEqual({ 'linkedin.com': 'LinkedIn Ads', 'google.com': 'Google' });
  });

  it('has no activity for a tab the background did not watch', () => {
    expect(report().activity).toBeNull();
  });
});
