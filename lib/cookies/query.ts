/**
 * The DevTools panel's filter language: words separated by spaces, all of which must match.
 * `party:third`, `site:doubleclick.net`, `purpose:marketing`, `finding:high` (that severity or
 * worse; or a rule id such as `finding:samesite`), `setby:script` / `setby:http` / `setby:<script
 * URL part>`, `name:`, `domain:`, and the bare flags `partitioned`, `session`, `httponly`,
 * `secure`, `thirdparty`; `phase:before-choice` (or any start of a consent phase: `phase:after`). A leading `-` negates a word; any other word matches the name, the
 * domain or the purpose. Also the panel's sorting over every column it shows.
 */
import type { Severity } from '../audit/types';
import type { ReportCookie } from '../report';
import { compareText } from './cookie';

/**
 * What the filter and the sorting read of a cookie: a report's cookie or a view's (lib/view.ts,
 * whose findings are named by rule id and which carries no value).
 */
export type QueryCookie = Omit<ReportCookie, 'findings' | 'value'> & { findings: readonly { id: string; severity: Severity }[] };

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3 };

export interface QueryTerm {
  negate: boolean;
  key: string | null;
  value: string;
}

export function parseQuery(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const word of query.trim().split(/\s+/)) {
    if (word === '' || word === '-') continue;
    const negate = word.startsWith('-');
    const body = (negate ? word.slice(1) : word).toLowerCase();
    const colon = body.indexOf(':');
    terms.push(colon > 0 ? { negate, key: body.slice(0, colon), value: body.slice(colon + 1) } : { negate, key: null, value: body });
  }
  return terms;
}

function matchesTerm(c: QueryCookie, { key, value }: QueryTerm): boolean {
  switch (key) {
    case 'party':
      return value.startsWith('third') ? !c.firstParty : value.startsWith('first') ? c.firstParty : false;
    case 'site':
      return c.site === value || c.domain === value || c.domain.endsWith(`.${value}`);
    case 'purpose':
      return value === 'unknown' ? c.purpose === null : (c.purpose?.category.toLowerCase().includes(value) ?? false);
    case 'finding': {
      if (value in RANK) return c.findings.some((f) => RANK[f.severity] >= RANK[value as Severity]);
      if (value === 'none') return c.findings.length === 0;
      return c.findings.some((f) => f.id.includes(value));
    }
    case 'setby':
      if (value === 'script' || value === 'http') return c.setBy === value;
      return c.script?.toLowerCase().includes(value) ?? false;
    case 'name':
      return c.name.toLowerCase().includes(value);
    case 'domain':
      return c.domain.includes(value);
    case 'phase':
      return c.phase?.startsWith(value) ?? false;
    case 'samesite':
      return c.sameSite === (value === 'none' ? 'no_restriction' : value);
    case null:
      switch (value) {
        case 'partitioned':
          return c.partitionKey !== null;
        case 'session':
          return c.session;
        case 'httponly':
          return c.httpOnly;
        case 'secure':
          return c.secure;
        case 'thirdparty':
          return !c.firstParty;
        default:
          return c.name.toLowerCase().includes(value) || c.domain.includes(value) || (c.purpose?.category.toLowerCase().includes(value) ?? false);
      }
    default:
      // An unknown key is read as text: `foo:bar` in a name still matches.
      return c.name.toLowerCase().includes(`${key}:${value}`);
  }
}

export function filterByQuery<C extends QueryCookie>(cookies: readonly C[], query: string): C[] {
  const terms = parseQuery(query);
  if (terms.length === 0) return [...cookies];
  return cookies.filter((c) => terms.every((t) => matchesTerm(c, t) !== t.negate));
}

/** Add a word to the query, or take it out when it is there: what a filter chip does. */
export function toggleTerm(query: string, word: string): string {
  const words = query.trim().split(/\s+/).filter(Boolean);
  const at = words.findIndex((w) => w.toLowerCase() === word.toLowerCase());
  if (at >= 0) words.splice(at, 1);
  else words.push(word);
  return words.join(' ');
}

export function hasTerm(query: string, word: string): boolean {
  return query.trim().split(/\s+/).some((w) => w.toLowerCase() === word.toLowerCase());
}

export type PanelColumn =
  | 'name'
  | 'value'
  | 'domain'
  | 'path'
  | 'expires'
  | 'size'
  | 'httpOnly'
  | 'secure'
  | 'sameSite'
  | 'partition'
  | 'purpose'
  | 'setBy'
  | 'finding'
  | 'phase';

export interface PanelSort {
  column: PanelColumn;
  direction: 'asc' | 'desc';
}

const SAME_SITE_ORDER = { strict: 0, lax: 1, unspecified: 2, no_restriction: 3 } as const;
/** In the order a visit goes through them; cookies the page did not write last. */
const PHASE_ORDER = { 'before-choice': 0, 'after-refusal': 1, 'after-partial': 2, 'after-acceptance': 3, unknown: 4 } as const;

function key(c: QueryCookie, column: PanelColumn, valueOf: (c: QueryCookie) => string): string | number {
  switch (column) {
    case 'value':
      return valueOf(c);
    case 'domain':
      return c.domain;
    case 'path':
      return c.path;
    // Session cookies sort after every dated one, as in the popup.
    case 'expires':
      return c.expirationDate ?? Number.POSITIVE_INFINITY;
    case 'size':
      return c.size;
    case 'httpOnly':
      return c.httpOnly ? 1 : 0;
    case 'secure':
      return c.secure ? 1 : 0;
    case 'sameSite':
      return SAME_SITE_ORDER[c.sameSite];
    case 'partition':
      return c.partitionSite ?? '';
    case 'purpose':
      return c.purpose?.category ?? '';
    case 'setBy':
      return c.setBy === 'script' ? `script ${c.script ?? ''}` : (c.setBy ?? '');
    // Worst first when descending: the severity of the first (most severe) finding.
    case 'finding':
      return c.findings[0] ? RANK[c.findings[0].severity] + 1 : 0;
    case 'phase':
      return c.phase === null ? 5 : PHASE_ORDER[c.phase];
    case 'name':
      return c.name;
  }
}

/** A report cookie's own value; a view's cookie has none. */
const ownValue = (c: QueryCookie): string => (c as { value?: string }).value ?? '';

/**
 * Sorted by a column, then name and domain. Each cookie's key is read once, and text compared
 * with one collator (a thousand cookies took 35 ms with `localeCompare` in the comparator).
 * `valueOf`: where the values are, when the cookies do not carry them.
 */
export function sortForPanel<C extends QueryCookie>(cookies: readonly C[], sort: PanelSort, valueOf: (c: C) => string = ownValue): C[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const keyed = cookies.map((c) => ({ c, k: key(c, sort.column, valueOf as (c: QueryCookie) => string) }));
  keyed.sort((a, b) => {
    const x = a.k;
    const y = b.k;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : compareText(String(x), String(y));
    return sign * order || compareText(a.c.name, b.c.name) || compareText(a.c.domain, b.c.domain);
  });
  return keyed.map((e) => e.c);
}

/** A value as the server would read it after URL decoding; the raw value when it is not valid %-encoding. */
export function decodedValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
