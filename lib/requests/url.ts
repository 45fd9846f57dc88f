/**
 * URL pieces for the webRequest hot path. The listeners see every request of every tab, so this
 * scans strings instead of building `URL` objects, and remembers the site of each origin: the
 * Public Suffix List lookup costs more than everything else done for a request.
 */
import { normaliseHost, siteOfHost } from '../site';

/**
 * The origin of an http(s)/ws(s) URL without building a URL object; null for other schemes.
 * Lower-cases the host part and keeps the port (`cookies.getAll({url})` ignores it).
 */
export function originOf(url: string): string | null {
  const colon = url.indexOf('://');
  if (colon < 2 || colon > 5) return null;
  const scheme = url.slice(0, colon).toLowerCase();
  if (scheme !== 'https' && scheme !== 'http' && scheme !== 'wss' && scheme !== 'ws') return null;
  let end = colon + 3;
  while (end < url.length) {
    const ch = url.charCodeAt(end);
    // '/', '?', '#', '\\' end the authority (WHATWG URL treats '\' like '/' for special schemes).
    if (ch === 47 || ch === 63 || ch === 35 || ch === 92) break;
    end++;
  }
  let authority = url.slice(colon + 3, end);
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = authority.slice(at + 1);
  if (!authority) return null;
  const httpScheme = scheme === 'wss' ? 'https' : scheme === 'ws' ? 'http' : scheme;
  return `${httpScheme}://${authority.toLowerCase()}`;
}


/** Longest URL kept; longer ones (`data:` URLs, query strings stuffed with ids) are cut. */
export const MAX_URL_LENGTH = 2048;

/** Origins whose host and site are remembered; the oldest is forgotten past this. */
const ORIGIN_CACHE_SIZE = 1000;

/**
 * A copy of `s` that shares no memory with the string it was cut from. V8 and SpiderMonkey keep
 * a slice as a view of its parent, so a 2 KB prefix kept from a 2 MB URL would keep all 2 MB
 * alive, and a cookie name cut from a `Cookie` header would keep the cookie values alive with
 * it. structuredClone is the copy both engines guarantee; it costs about a microsecond, so it is
 * kept off the common path.
 */
export function detach(s: string): string {
  return structuredClone(s);
}

/** `s` cut to `max` characters and marked with an ellipsis when longer; a cut copy never retains `s`. */
export function capText(s: string, max: number): string {
  return s.length <= max ? s : detach(`${s.slice(0, max)}…`);
}

export function capUrl(url: string): string {
  return capText(url, MAX_URL_LENGTH);
}

export interface OriginInfo {
  /** `https://host:port` as `originOf` writes it (ws/wss count as http/https). */
  origin: string;
  /** Lower-case host name, without port or IPv6 brackets. */
  host: string;
  /** Registrable domain of the host, or the host itself (IP addresses, single labels). */
  site: string;
}

const originCache = new Map<string, OriginInfo>();

/** The host part of an origin written by `originOf`: after `://`, before the port. */
function hostOfOrigin(origin: string): string {
  const start = origin.indexOf('://') + 3;
  let end: number;
  if (origin.charCodeAt(start) === 91 /* [, an IPv6 address */) {
    const close = origin.indexOf(']', start);
    end = close === -1 ? origin.length : close + 1;
  } else {
    const colon = origin.indexOf(':', start);
    end = colon === -1 ? origin.length : colon;
  }
  return normaliseHost(origin.slice(start, end));
}

/** The origin of an http(s) URL whose scheme and host are lower case and that has no credentials. */
const CANONICAL_ORIGIN = /^https?:\/\/[^/?#@\\A-Z]+(?=[/?#]|$)/;

/**
 * The origin of `url` as `originOf` writes it. Browsers hand URLs over canonical (lower-case
 * scheme and host, no credentials): then the origin is a prefix of the URL, cut out without
 * lower-cased copies. Anything else goes through `originOf`.
 */
export function originOfUrl(url: string): string | null {
  const canonical = CANONICAL_ORIGIN.exec(url);
  return canonical === null ? originOf(url) : canonical[0];
}

/** Origin, host and site of an http(s)/ws(s) URL; null for other schemes and empty hosts. */
export function originInfoOf(url: string): OriginInfo | null {
  const origin = originOfUrl(url);
  if (origin === null) return null;
  const cached = originCache.get(origin);
  if (cached !== undefined) return cached;
  const detached = detach(origin);
  const host = hostOfOrigin(detached);
  if (!host) return null;
  const info: OriginInfo = { origin: detached, host, site: siteOfHost(host) ?? host };
  if (originCache.size >= ORIGIN_CACHE_SIZE) originCache.delete(originCache.keys().next().value as string);
  originCache.set(detached, info);
  return info;
}
