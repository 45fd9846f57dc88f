/**
 * Sites and parties. A "site" is what browsers use for SameSite, partitioning and third-party
 * decisions: the registrable domain (eTLD+1) from the Public Suffix List, private suffixes
 * included (`github.io` users are separate sites), or the bare host where there is none
 * (IP addresses, `localhost`, single-label intranet names).
 */
import { parse } from 'tldts';

const PSL_OPTIONS = { allowPrivateDomains: true, extractHostname: false } as const;

/** Lower-case, drop a cookie domain's leading dot, a trailing dot and IPv6 brackets. */
export function normaliseHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('.')) h = h.slice(1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

/** The site (registrable domain) of a host name or cookie domain; null when there is no host. */
export function siteOfHost(host: string): string | null {
  const h = normaliseHost(host);
  if (!h) return null;
  const parsed = parse(h, PSL_OPTIONS);
  if (parsed.isIp) return h;
  return parsed.domain ?? h;
}

/** The host of a URL, or null for URLs without one (data:, about:, file:, garbage). */
export function hostOfUrl(url: string): string | null {
  if (!url) return null;
  try {
    const { hostname } = new URL(url);
    return hostname ? normaliseHost(hostname) : null;
  } catch {
    return null;
  }
}

/** The site of a URL, or null when the URL has no host. */
export function siteOfUrl(url: string): string | null {
  const host = hostOfUrl(url);
  return host === null ? null : siteOfHost(host);
}
