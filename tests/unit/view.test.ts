/**
 * The popup's view (lib/view.ts): what the Cookies view shows, in less than the report, and the
 * rest on demand. The report stays the complete, documented object.
 */
import { describe, expect, it } from 'vitest';
import { cookieIdOf, cookieKey, type CookieId } from '../../lib/cookies/cookie';
import { DEFAULT_SORT, sortCookies } from '../../lib/cookies/view';
import { fromBrowserCookie } from '../../lib/cookies/normalise';
import { apply } from '../../lib/monitor/apply';
import { createMonitorState } from '../../lib/monitor/state';
import { buildActivity, buildReport, type ReportInput } from '../../lib/report';
import { buildView, findingsOf, valueOf } from '../../lib/view';
import { FIXTURES, makeCookie, NOW_MS, PAGE_SITE } from './cookies/helpers';
import { completed, navigation, received, request } from './monitor/builders';

const chromeCookies = FIXTURES.chrome.map((raw) => fromBrowserCookie(raw, PAGE_SITE));
const byId = (a: CookieId, b: CookieId) => cookieKey(a).localeCompare(cookieKey(b));

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    tab: { id: 42, url: 'https://www.site.example/account' },
    storeId: '0',
    access: { ok: true },
    cookies: chromeCookies,
    monitored: null,
    includeValues: false,
    now: new Date(NOW_MS),
    ...overrides,
  };
}

function watchedTab() {
  const state = createMonitorState();
  for (const event of [
    navigation(1, 'https://www.site.example/account'),
    request('1', 'https://px.tracker.example/p.gif?uid=c0ffee1234567890abcdef0123456789', 'image'),
    received('1', { contentLength: 43, contentType: 'image/gif' }),
    completed('1'),
  ]) {
    apply(state, event);
  }
  return state.tabs.get(1)!;
}

describe('buildView', () => {
  it('has the report’s cookies in the popup’s first order, each finding named by rule id and severity only', () => {
    const report = buildReport(input());
    const view = buildView(input());
    expect(view.cookies.map((c) => c.name)).toEqual(sortCookies(view.cookies, DEFAULT_SORT).map((c) => c.name));
    expect(view.cookies.map((c) => c.name)).not.toEqual(report.cookies.map((c) => c.name));
    expect(view.cookies.map(cookieIdOf).sort(byId)).toEqual(report.cookies.map(cookieIdOf).sort(byId));
    const reported = new Map(report.cookies.map((c) => [cookieKey(c), c]));
    view.cookies.forEach((cookie) => {
      const { findings, ...rest } = reported.get(cookieKey(cookie))!;
      const valueEmpty = valueOf(chromeCookies, cookie) === '';
      expect(cookie).toEqual({ ...rest, findings: findings.map(({ id, severity }) => ({ id, severity })), valueEmpty });
    });
    expect(view.cookies.some((c) => c.findings.length > 0)).toBe(true);
  });

  it('gives each rule’s words once, and a finding’s own words where they differ, so that every finding reads as in the report', () => {
    // Two cookies whose values the same rule judges, each in words of its own.
    const flags = [makeCookie({ name: 'isLoggedIn', value: 'true', httpOnly: false }), makeCookie({ name: 'isAdmin', value: '1', httpOnly: false })];
    const cookies = [...chromeCookies, ...flags];
    const report = buildReport(input({ cookies }));
    const view = buildView(input({ cookies }));
    const named = new Set(view.cookies.flatMap((c) => c.findings.map((f) => f.id)));
    expect(Object.keys(view.rules).sort()).toEqual([...named].sort());
    const reported = new Map(report.cookies.map((c) => [cookieKey(c), c.findings]));
    for (const cookie of view.cookies) {
      const words = cookie.findings.map((f) => ({ id: f.id, title: f.title ?? view.rules[f.id].title, why: f.why ?? view.rules[f.id].why }));
      expect(words).toEqual(reported.get(cookieKey(cookie))!.map(({ id, title, why }) => ({ id, title, why })));
    }
    const own = view.cookies.flatMap((c) => c.findings.filter((f) => f.why !== undefined));
    expect(own.length, 'one of the two flags has words of its own').toBeGreaterThan(0);
  });

  it('shares the report’s tab, access, audit, refused cookies and summary', () => {
    const report = buildReport(input());
    const view = buildView(input());
    expect(view).toMatchObject({ tab: report.tab, access: report.access, audit: report.audit, rejected: report.rejected, summary: report.summary });
  });

  it('never carries values, even when the input asks for them: only whether a value is empty', () => {
    const secret = chromeCookies.find((c) => c.name === 'sessionid')!.value;
    for (const includeValues of [false, true]) {
      const view = buildView(input({ includeValues }));
      expect(JSON.stringify(view)).not.toContain(secret);
      for (const c of view.cookies) expect(c).not.toHaveProperty('value');
    }
    const flag = makeCookie({ name: 'consent_seen', value: '' });
    expect(buildView(input({ cookies: [flag, ...chromeCookies] })).cookies.filter((c) => c.valueEmpty).map((c) => c.name)).toEqual(
      [flag, ...chromeCookies].filter((c) => c.value === '').map((c) => c.name),
    );
  });

  it('counts what the other views show instead of carrying it', () => {
    expect(buildView(input()).activity).toBeNull();
    const monitored = watchedTab();
    const report = buildReport(input({ monitored }));
    expect(buildView(input({ monitored })).activity).toEqual({ tracking: report.activity!.tracking, changes: report.activity!.timeline.length });
    expect(report.activity!.tracking).toBe(1);
  });

  it('is smaller than the report for the same cookies', () => {
    const many = Array.from({ length: 300 }, (_, i) => makeCookie({ name: `c${i}`, value: 'v', secure: false, sameSite: 'unspecified' }));
    const view = JSON.stringify(buildView(input({ cookies: many })));
    const report = JSON.stringify(buildReport(input({ cookies: many })));
    expect(view.length).toBeLessThan(report.length / 2);
  });
});

describe('valueOf', () => {
  it('reads one cookie’s value by its identity, and nothing for a cookie the tab does not have', () => {
    const session = chromeCookies.find((c) => c.name === 'sessionid')!;
    expect(valueOf(chromeCookies, cookieIdOf(session))).toBe(session.value);
    expect(valueOf(chromeCookies, { ...cookieIdOf(session), path: '/admin' })).toBeNull();
  });
});

describe('findingsOf', () => {
  it('gives one cookie’s findings as the report does, fixes included', () => {
    const report = buildReport(input());
    const flagged = report.cookies.find((c) => c.findings.length > 0)!;
    expect(findingsOf(input(), cookieIdOf(flagged))).toEqual(flagged.findings);
    expect(flagged.findings[0].fix).toMatch(/^Set-Cookie: |https/);
  });

  it('gives nothing for a cookie the tab does not have', () => {
    const stranger = cookieIdOf(makeCookie({ name: 'elsewhere', domain: 'other.example' }));
    expect(findingsOf(input(), stranger)).toEqual([]);
  });
});

describe('buildActivity', () => {
  it('is the report’s activity', () => {
    const monitored = watchedTab();
    expect(buildActivity(input({ monitored }))).toEqual(buildReport(input({ monitored })).activity);
    expect(buildActivity(input())).toBeNull();
  });
});
