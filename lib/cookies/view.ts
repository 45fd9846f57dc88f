/** Filtering, sorting and grouping of cookies for the popup's tables. */
import type { ReportCookie } from '../report';

export type SortColumn = 'name' | 'domain' | 'path' | 'expires' | 'size';
export interface Sort {
  column: SortColumn;
  direction: 'asc' | 'desc';
}

/** Case-insensitive match on name or domain; an empty query keeps everything. */
export function filterCookies<C extends ReportCookie>(cookies: readonly C[], query: string): C[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...cookies];
  return cookies.filter((c) => c.name.toLowerCase().includes(q) || c.domain.toLowerCase().includes(q));
}

/** Session cookies sort after every dated one: they may outlive any of them in practice. */
function sortValue(c: ReportCookie, column: SortColumn): string | number {
  switch (column) {
    case 'expires':
      return c.expirationDate ?? Number.POSITIVE_INFINITY;
    case 'size':
      return c.size;
    default:
      return c[column].toLowerCase();
  }
}

export function sortCookies<C extends ReportCookie>(cookies: readonly C[], sort: Sort): C[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...cookies].sort((a, b) => {
    const x = sortValue(a, sort.column);
    const y = sortValue(b, sort.column);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sign * order || a.name.localeCompare(b.name);
  });
}

export interface SiteGroup<C> {
  site: string;
  cookies: C[];
}

/** Group by site, sites in alphabetical order, each group keeping the given cookie order. */
export function groupBySite<C extends ReportCookie>(cookies: readonly C[]): SiteGroup<C>[] {
  const groups = new Map<string, C[]>();
  for (const c of cookies) {
    const list = groups.get(c.site);
    if (list) list.push(c);
    else groups.set(c.site, [c]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([site, list]) => ({ site, cookies: list }));
}
