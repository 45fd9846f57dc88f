import { describe, expect, it } from 'vitest';
import { filterCookies, groupBySite, sortCookies, type SortColumn } from '../../../lib/cookies/view';
import type { ReportCookie } from '../../../lib/report';
import { DAY, makeReportCookie as makeCookie, NOW_S } from './helpers';

const makeSessionCookie = (overrides: Partial<ReportCookie>) => makeCookie({ session: true, expirationDate: undefined, ...overrides });

const cookies = [
  makeCookie({ name: 'Session_ID', domain: 'www.site.example', path: '/', value: 'x'.repeat(40), expirationDate: NOW_S + 2 * DAY }),
  makeCookie({ name: 'theme', domain: 'site.example', hostOnly: false, path: '/account', value: 'dark', expirationDate: NOW_S + 400 * DAY }),
  makeSessionCookie({ name: 'cart', domain: 'Shop.Example.co.uk', path: '/basket', value: '' }),
  makeCookie({ name: 'IDE', domain: 'doubleclick.net', hostOnly: false, path: '/pagead', value: 'abcdefg', expirationDate: NOW_S + 10 * DAY }),
];
const names = (list: readonly { name: string }[]) => list.map((c) => c.name);

describe('filterCookies', () => {
  it.each([
    ['', ['Session_ID', 'theme', 'cart', 'IDE']],
    ['   ', ['Session_ID', 'theme', 'cart', 'IDE']],
    ['session', ['Session_ID']],
    ['SESSION_id', ['Session_ID']],
    ['id', ['Session_ID', 'IDE']],
    ['ide', ['IDE']],
    ['  theme ', ['theme']],
    ['site.example', ['Session_ID', 'theme']],
    ['shop.example', ['cart']],
    ['CLICK', ['IDE']],
    ['/account', []], // paths are not searched
    ['dark', []], // values are not searched
    ['nothing', []],
  ])('%j → %j', (query, expected) => {
    expect(names(filterCookies(cookies, query))).toEqual(expected);
  });

  it('does not change the list it was given', () => {
    const copy = [...cookies];
    filterCookies(cookies, 'theme');
    expect(cookies).toEqual(copy);
  });
});

describe('sortCookies', () => {
  it.each<[SortColumn, string[]]>([
    ['name', ['cart', 'IDE', 'Session_ID', 'theme']],
    ['domain', ['IDE', 'cart', 'theme', 'Session_ID']],
    ['path', ['Session_ID', 'theme', 'cart', 'IDE']],
    ['size', ['cart', 'theme', 'IDE', 'Session_ID']],
    ['expires', ['Session_ID', 'IDE', 'theme', 'cart']],
  ])('by %s, ascending and descending', (column, ascending) => {
    expect(names(sortCookies(cookies, { column, direction: 'asc' }))).toEqual(ascending);
    expect(names(sortCookies(cookies, { column, direction: 'desc' }))).toEqual([...ascending].reverse());
  });

  it('puts session cookies after every dated cookie, however far away its expiry', () => {
    const list = [makeSessionCookie({ name: 'a' }), makeCookie({ name: 'b', expirationDate: NOW_S + 100 * 365 * DAY }), makeSessionCookie({ name: 'c' })];
    expect(names(sortCookies(list, { column: 'expires', direction: 'asc' }))).toEqual(['b', 'a', 'c']);
  });

  it('orders equal values by name', () => {
    const list = ['c', 'a', 'b'].map((name) => makeCookie({ name, value: 'same' }));
    expect(names(sortCookies(list, { column: 'size', direction: 'asc' }))).toEqual(['a', 'b', 'c']);
    expect(names(sortCookies(list, { column: 'path', direction: 'desc' }))).toEqual(['a', 'b', 'c']);
  });

  it('does not change the list it was given', () => {
    const copy = [...cookies];
    sortCookies(cookies, { column: 'size', direction: 'desc' });
    expect(cookies).toEqual(copy);
  });
});

describe('groupBySite', () => {
  it('groups by site in alphabetical order, keeping the order within each site', () => {
    const sorted = sortCookies(cookies, { column: 'name', direction: 'desc' });
    expect(groupBySite(sorted).map((g) => [g.site, names(g.cookies)])).toEqual([
      ['doubleclick.net', ['IDE']],
      ['example.co.uk', ['cart']],
      ['site.example', ['theme', 'Session_ID']],
    ]);
  });

  it('is empty for no cookies', () => {
    expect(groupBySite([])).toEqual([]);
  });
});
