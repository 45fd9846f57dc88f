/**
 * The monitor's part of the report: the third parties of a page, most tracking evidence first,
 * the count for the toolbar badge, and what the cookie audit needs to know about the page.
 */
import type { SetBy } from '../audit/types';
import { cookieKey, type CookieId } from '../cookies/cookie';
import type { Sighting } from '../knowledge/learned';
import type { RejectedCookie, SetCookieAttributes } from '../setCookie';
import { snapshotOf, type PageRecord, type PageSetCookie, type SiteRecord, type SiteSnapshot, type TabRecord } from './state';

/** What the background saw while the page loaded; all keyed by `cookieKey`. Never cookie values. */
export interface Observations {
  /** The page's main document was served with `Strict-Transport-Security`. */
  hsts: boolean;
  /** The redacted `Set-Cookie` line that last set each cookie. */
  setCookies: ReadonlyMap<string, SetCookieAttributes>;
  setBy: ReadonlyMap<string, SetBy>;
  /** `Set-Cookie` lines the browser refused, and why. */
  rejected: readonly RejectedCookie[];
}

export interface ThirdPartyReport extends SiteSnapshot {
  /** It fired a pixel or beacon, or sent or set an identifier cookie (see isTracking). */
  tracking: boolean;
}

/** A third party tracks when it fires pixels or beacons, or sends or sets a cookie holding an identifier. */
export function isTracking(site: SiteRecord): boolean {
  return site.pixels.length > 0 || site.beacons.length > 0 || site.identifierCookies.size > 0;
}

function byEvidence(a: SiteRecord, b: SiteRecord): number {
  return (
    Number(isTracking(b)) - Number(isTracking(a)) ||
    b.pixels.length + b.beacons.length - (a.pixels.length + a.beacons.length) ||
    b.identifierCookies.size - a.identifierCookies.size ||
    b.cookiesSet.size - a.cookiesSet.size ||
    Number(b.cookiesSent) - Number(a.cookiesSent) ||
    b.requests - a.requests ||
    a.site.localeCompare(b.site)
  );
}

function thirdPartiesOf(page: PageRecord): SiteRecord[] {
  return [...page.sites.values()].filter((s) => s.site !== page.site);
}

export function thirdPartiesReport(page: PageRecord): ThirdPartyReport[] {
  return thirdPartiesOf(page)
    .sort(byEvidence)
    .map((s) => ({ ...snapshotOf(s), tracking: isTracking(s) }));
}

/** What the page's tracking third parties did, as sightings for the trackers learned on this browser. */
export function trackingSightings(page: PageRecord, at: number): Sighting[] {
  if (page.site === null) return [];
  const sightings: Sighting[] = [];
  for (const site of thirdPartiesOf(page)) {
    const see = (how: string) => sightings.push({ tracker: site.site, firstParty: page.site as string, at, how });
    if (site.pixels.length > 0) see('pixel');
    if (site.beacons.length > 0) see('beacon');
    if (site.identifierCookies.size > 0) see('cookie');
  }
  return sightings;
}

/** The number of tracking third parties, for the toolbar badge. */
export function trackingCount(page: PageRecord): number {
  return thirdPartiesOf(page).filter(isTracking).length;
}

/**
 * The latest Set-Cookie line of the page that would have written `cookie`: the same name, the
 * response's host for a host-only cookie or its Domain attribute otherwise, and its Path if given.
 */
function pageLineFor(page: PageRecord, cookie: CookieId): PageSetCookie | undefined {
  for (let i = page.setCookies.length - 1; i >= 0; i--) {
    const seen = page.setCookies[i];
    if (seen.name !== cookie.name) continue;
    const { domain, path } = seen.attributes;
    const sameDomain = domain === undefined ? cookie.hostOnly && cookie.domain === seen.host : !cookie.hostOnly && cookie.domain === domain;
    if (sameDomain && (path === undefined || path === cookie.path)) return seen;
  }
  return undefined;
}

/**
 * What the cookie audit needs from the tab's observations. `setBy` and `setCookies` come from
 * each cookie's latest change (TabRecord.lastChanges, which outlives the timeline's entries); a
 * cookie whose latest change removed it has neither. A cookie of `cookies` no change was
 * recorded for, but that a response of the page set again unchanged (no change event: Firefox
 * sends none for an identical rewrite), is put down to that response.
 */
export function observationsOf(tab: TabRecord, cookies: readonly CookieId[] = []): Observations {
  const setBy = new Map<string, SetBy>();
  const setCookies = new Map<string, SetCookieAttributes>();
  for (const [key, entry] of tab.lastChanges) {
    if (entry.change === 'removed' || entry.setBy === undefined) continue;
    setBy.set(key, entry.setBy);
    if (entry.attributes !== undefined) setCookies.set(key, entry.attributes);
  }
  for (const cookie of cookies) {
    if (tab.storeId !== null && cookie.storeId !== tab.storeId) continue;
    const key = cookieKey(cookie);
    if (tab.lastChanges.has(key)) continue;
    const seen = pageLineFor(tab.page, cookie);
    if (seen === undefined) continue;
    setBy.set(key, 'http');
    setCookies.set(key, seen.attributes);
  }
  return { hsts: tab.page.hsts === true, setBy, setCookies, rejected: [...tab.page.rejected] };
}
