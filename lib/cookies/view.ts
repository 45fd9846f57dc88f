/**
 * Filtering, sorting and grouping of cookies for the popup's tables. Each keystroke in the search
 * box filters the sorted list again, so what every keystroke needs of a cookie (its identity, its
 * lower-cased name, domain and path) is worked out once per cookie object and remembered; the
 * popup keeps a cookie's object while the cookie does not change (`reconcileCookies`), so the
 * work is not repeated for each reload either.
 */
import { compareText, cookieKey, type Cookie, type CookieId } from './cookie';

/** What listing, searching and sorting read of a cookie: the popup's view cookies and the report's alike. */
export type ListedCookie = CookieId & Pick<Cookie, 'site' | 'size' | 'expirationDate'>;

export type SortColumn = 'name' | 'domain' | 'path' | 'expires' | 'size';
export interface Sort {
  column: SortColumn;
  direction: 'asc' | 'desc';
}

interface Keys {
  key: string;
  name: string;
  domain: string;
  path: string;
}

const KEYS = new WeakMap<ListedCookie, Keys>();

function keysOf(c: ListedCookie): Keys {
  let keys = KEYS.get(c);
  if (!keys) {
    keys = { key: cookieKey(c), name: c.name.toLowerCase(), domain: c.domain.toLowerCase(), path: c.path.toLowerCase() };
    KEYS.set(c, keys);
  }
  return keys;
}

/** The cookie's identity (`cookieKey`), remembered with the object. */
export function keyOf(c: ListedCookie): string {
  return keysOf(c).key;
}

/** Case-insensitive match on name or domain, in the given order; an empty query keeps everything. */
export function filterCookies<C extends ListedCookie>(cookies: readonly C[], query: string): C[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...cookies];
  return cookies.filter((c) => {
    const keys = keysOf(c);
    return keys.name.includes(q) || keys.domain.includes(q);
  });
}

/** Session cookies sort after every dated one: they may outlive any of them in practice. */
function sortValue(c: ListedCookie, keys: Keys, column: SortColumn): string | number {
  switch (column) {
    case 'expires':
      return c.expirationDate ?? Number.POSITIVE_INFINITY;
    case 'size':
      return c.size;
    default:
      return keys[column];
  }
}

/** The popup's first order, in which the view arrives (lib/view.ts). */
export const DEFAULT_SORT: Sort = { column: 'name', direction: 'asc' };

export function sortCookies<C extends ListedCookie>(cookies: readonly C[], sort: Sort): C[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const keyed = cookies.map((cookie) => {
    const keys = keysOf(cookie);
    return { cookie, value: sortValue(cookie, keys, sort.column) };
  });
  const compare = (a: (typeof keyed)[number], b: (typeof keyed)[number]) => {
    const x = a.value;
    const y = b.value;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : compareText(String(x), String(y));
    return sign * order || compareText(a.cookie.name, b.cookie.name);
  };
  // The view comes in the first order already: one comparison per cookie instead of a sort
  // (a collator's comparison is slow enough for a thousand cookies' sort to show).
  let ordered = true;
  for (let i = 1; ordered && i < keyed.length; i++) ordered = compare(keyed[i - 1], keyed[i]) <= 0;
  if (!ordered) keyed.sort(compare);
  return keyed.map((k) => k.cookie);
}

export interface SiteGroup<C> {
  site: string;
  cookies: C[];
}

/** Group by site, sites in alphabetical order, each group keeping the given cookie order. */
export function groupBySite<C extends ListedCookie>(cookies: readonly C[]): SiteGroup<C>[] {
  const groups = new Map<string, C[]>();
  for (const c of cookies) {
    const list = groups.get(c.site);
    if (list) list.push(c);
    else groups.set(c.site, [c]);
  }
  return [...groups.entries()].sort(([a], [b]) => compareText(a, b)).map(([site, list]) => ({ site, cookies: list }));
}

/** Deep equality of JSON data (what a message carries). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, i) => sameJson(v, other[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && sameJson(x[k], y[k]));
}

/**
 * The newly received cookies, each unchanged one replaced by the object already shown for it:
 * a reload after a change on the tab then touches only the rows of the cookies that changed.
 * The previous list itself comes back when nothing changed, so nothing downstream recomputes.
 */
export function reconcileCookies<C extends ListedCookie>(previous: readonly C[], next: readonly C[]): readonly C[] {
  // The first view: nothing to keep, and a thousand keys not worth building.
  if (previous.length === 0) return next.length === 0 ? previous : next;
  const byKey = new Map<string, C>();
  for (const c of previous) byKey.set(keyOf(c), c);
  let changed = previous.length !== next.length;
  const result = next.map((c, i) => {
    const old = byKey.get(cookieKey(c));
    const kept = old !== undefined && sameJson(old, c) ? old : c;
    if (kept !== previous[i]) changed = true;
    return kept;
  });
  return changed ? result : previous;
}
