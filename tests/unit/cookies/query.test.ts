/** The DevTools panel's filter words and sorting (lib/cookies/query.ts). */
import { describe, expect, it } from 'vitest';
import { decodedValue, filterByQuery, hasTerm, sortForPanel, toggleTerm } from '../../../lib/cookies/query';
import type { ReportCookie } from '../../../lib/report';
import { DAY, NOW_S, makeReportCookie } from './helpers';

const high = { id: 'cookies-session-without-httponly-flag', severity: 'high', title: 't', why: 'w', fix: 'f' } as const;
const low = { id: 'cookies-samesite-unset', severity: 'low', title: 't', why: 'w', fix: 'f' } as const;

// A news site's page: its session, Google Analytics written by gtag.js, and DoubleClick's IDE in a frame.
const COOKIES: ReportCookie[] = [
  makeReportCookie({ name: 'sessionid', httpOnly: false, session: true, expirationDate: undefined, findings: [high], setBy: 'http' }),
  makeReportCookie({
    name: '_ga',
    domain: 'site.example',
    hostOnly: false,
    httpOnly: false,
    sameSite: 'unspecified',
    findings: [low],
    purpose: { category: 'Analytics', platform: 'Google Analytics', match: 'name' },
    setBy: 'script',
    script: 'https://www.googletagmanager.com/gtag/js?id=G-1',
    expirationDate: NOW_S + 395 * DAY,
    // Written before the visitor chose (the consent audit's phase).
    phase: 'before-choice',
  }),
  makeReportCookie({
    name: 'IDE',
    domain: 'doubleclick.net',
    hostOnly: false,
    sameSite: 'no_restriction',
    purpose: { category: 'Marketing', platform: 'DoubleClick', match: 'name' },
    partitionKey: { topLevelSite: 'https://site.example' },
    partitionSite: 'site.example',
    value: 'AHWqTUk%3D',
    phase: 'after-refusal',
  }),
];
const names = (cs: ReportCookie[]) => cs.map((c) => c.name);

describe('filterByQuery', () => {
  it.each([
    ['party:third', ['IDE']],
    ['party:first', ['sessionid', '_ga']],
    ['site:doubleclick.net', ['IDE']],
    ['purpose:marketing', ['IDE']],
    ['purpose:unknown', ['sessionid']],
    ['finding:high', ['sessionid']],
    ['finding:low', ['sessionid', '_ga']],
    ['finding:samesite', ['_ga']],
    ['finding:none', ['IDE']],
    ['setby:script', ['_ga']],
    ['setby:http', ['sessionid']],
    ['setby:googletagmanager', ['_ga']],
    ['partitioned', ['IDE']],
    ['-partitioned', ['sessionid', '_ga']],
    ['session', ['sessionid']],
    ['samesite:none', ['IDE']],
    ['analytics', ['_ga']],
    ['party:first finding:low -finding:high', ['_ga']],
    ['phase:before-choice', ['_ga']],
    ['phase:after', ['IDE']],
    ['-phase:before', ['sessionid', 'IDE']],
    ['', ['sessionid', '_ga', 'IDE']],
  ])('%s keeps %j', (query, expected) => {
    expect(names(filterByQuery(COOKIES, query))).toEqual(expected);
  });
});

describe('chips', () => {
  it('add and take out their word, whatever the case', () => {
    expect(toggleTerm('', 'party:third')).toBe('party:third');
    expect(toggleTerm('site:x.example party:third', 'PARTY:third')).toBe('site:x.example');
    expect(hasTerm('site:x.example party:third', 'party:third')).toBe(true);
    expect(hasTerm('party:thirdish', 'party:third')).toBe(false);
  });
});

describe('sortForPanel', () => {
  it('sorts by worst finding, expiry (sessions last) and SameSite', () => {
    expect(names(sortForPanel(COOKIES, { column: 'finding', direction: 'desc' }))).toEqual(['sessionid', '_ga', 'IDE']);
    expect(names(sortForPanel(COOKIES, { column: 'expires', direction: 'asc' }))).toEqual(['IDE', '_ga', 'sessionid']);
    expect(names(sortForPanel(COOKIES, { column: 'sameSite', direction: 'asc' }))).toEqual(['sessionid', '_ga', 'IDE']);
  });

  it('sorts by consent phase in the order of a visit, cookies the page did not write last', () => {
    expect(names(sortForPanel(COOKIES, { column: 'phase', direction: 'asc' }))).toEqual(['_ga', 'IDE', 'sessionid']);
  });

  it('sorts by value: the cookies’ own, or where the panel holds them (its view carries none)', () => {
    const own = COOKIES.map((c, i) => ({ ...c, value: ['b', 'c', 'a'][i] }));
    expect(names(sortForPanel(own, { column: 'value', direction: 'asc' }))).toEqual(names([own[2], own[0], own[1]]));
    const held = new Map(COOKIES.map((c, i) => [c.name, ['b', 'c', 'a'][i]]));
    const viewed = COOKIES.map(({ value: _value, ...c }) => c);
    expect(names(sortForPanel(viewed, { column: 'value', direction: 'desc' }, (c) => held.get(c.name) ?? ''))).toEqual(names([own[1], own[0], own[2]]));
  });
});

describe('decodedValue', () => {
  it('decodes %-escapes and leaves a malformed one as it was', () => {
    expect(decodedValue('AHWqTUk%3D')).toBe('AHWqTUk=');
    expect(decodedValue('100%')).toBe('100%');
  });
});
