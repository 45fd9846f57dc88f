/** URLs for reading: a short form, and the query string unfolded into parameters. */

export interface FoldedUrl {
  /** Scheme, host and path without the query string or fragment. */
  base: string;
  /** `host/path?…`, at most `max` characters. */
  short: string;
  /** Query parameters, decoded where decodable, each value capped. */
  params: [string, string][];
}

const MAX_SHORT = 90;
const MAX_PARAM_VALUE = 300;
const MAX_PARAMS = 50;

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function cap(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function foldUrl(url: string): FoldedUrl {
  const hashAt = url.indexOf('#');
  const withoutHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = withoutHash.indexOf('?');
  const base = queryAt === -1 ? withoutHash : withoutHash.slice(0, queryAt);
  const query = queryAt === -1 ? '' : withoutHash.slice(queryAt + 1);
  const params: [string, string][] = [];
  for (const part of query.split('&')) {
    if (!part) continue;
    if (params.length === MAX_PARAMS) break;
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    params.push([cap(decode(name), 80), cap(decode(value), MAX_PARAM_VALUE)]);
  }
  const withoutScheme = base.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return { base: cap(base, 500), short: cap(withoutScheme + (query ? '?…' : ''), MAX_SHORT), params };
}
