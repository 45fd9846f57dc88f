import { describe, expect, it } from 'vitest';
import { filterCookies, groupBySite, reconcileCookies, sameJson, sortCookies, type SortColumn } from '../../../lib/cookies/view';
import type { ReportCookie } from '../../../lib/report';
import { DAY, makeViewCookie as makeCookie, NOW_S } from './helpers';

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

describe('sortCookies: many cookies', () => {
  it('gives a list already in order back in that order, and still sorts a list with one cookie out of place', () => {
    const ordered = sortCookies(
      Array.from({ length: 200 }, (_, i) => makeCookie({ name: `c${String((i * 37) % 200).padStart(3, '0')}` })),
      { column: 'name', direction: 'asc' },
    );
    expect(names(sortCookies(ordered, { column: 'name', direction: 'asc' }))).toEqual(names(ordered));
    const oneOut = [...ordered];
    [oneOut[120], oneOut[121]] = [oneOut[121], oneOut[120]];
    expect(names(sortCookies(oneOut, { column: 'name', direction: 'asc' }))).toEqual(names(ordered));
    expect(names(sortCookies(ordered, { column: 'name', direction: 'desc' }))).toEqual(names(ordered).reverse());
  });

  it('orders a thousand cookies as comparing their lower-cased names one by one does', () => {
    const many = Array.from({ length: 1000 }, (_, i) => makeCookie({ name: `${i % 3 ? 'K' : 'k'}RTB_${(i * 7919) % 1000}`, value: 'v'.repeat(i % 17) }));
    const byName = sortCookies(many, { column: 'name', direction: 'asc' });
    const expected = [...many].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.name.localeCompare(b.name));
    expect(names(byName)).toEqual(names(expected));
  });
});

describe('reconcileCookies', () => {
  const theme = cookies[1];
  const cart = cookies[2];

  it('keeps the shown object of every cookie that did not change, and takes the new one of a changed cookie', () => {
    const received = cookies.map((c) => structuredClone(c));
    received[1] = { ...received[1], size: 10 };
    const result = reconcileCookies(cookies, received);
    expect(result[0]).toBe(cookies[0]);
    expect(result[1]).toBe(received[1]);
    expect(result[2]).toBe(cart);
    expect(result[1]).not.toBe(theme);
  });

  it('gives back the shown list itself when nothing changed, so nothing downstream recomputes', () => {
    expect(reconcileCookies(cookies, cookies.map((c) => structuredClone(c)))).toBe(cookies);
  });

  it('follows a new order, added and removed cookies', () => {
    const added = makeCookie({ name: 'new' });
    const received = [structuredClone(cart), added, structuredClone(theme)];
    const result = reconcileCookies(cookies, received);
    expect(result).toEqual(received);
    expect(result[0]).toBe(cart);
    expect(result[1]).toBe(added);
    expect(result[2]).toBe(theme);
  });

  it('sees a change in a finding as a change', () => {
    const flagged = makeCookie({ name: 'f', findings: [{ id: 'cookies-samesite-unset', severity: 'low', title: '', why: '', fix: '' }] });
    const fixed = { ...structuredClone(flagged), findings: [] };
    expect(reconcileCookies([flagged], [fixed])[0]).toBe(fixed);
  });
});

describe('sameJson', () => {
  it.each([
    [{ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [{ a: [1, 2] }, { a: [2, 1] }, false],
    [{ a: {} }, { a: [] }, false],
    [null, {}, false],
    ['x', 'x', true],
  ])('%j and %j: %s', (a, b, same) => {
    expect(sameJson(a, b)).toBe(same);
  });
});
