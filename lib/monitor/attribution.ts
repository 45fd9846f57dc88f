/**
 * Which tab an event belongs to when the browser does not say: requests of service workers
 * (tabId -1) and cookie changes (cookies.onChanged names no tab).
 */
import type { CookieId } from '../cookies/cookie';
import { partitionSiteOf } from '../cookies/normalise';
import { domainMatches } from '../setCookie';
import { siteOfHost } from '../site';
import { originInfoOf } from '../requests/url';
import type { MonitorState, PageRecord, TabRecord } from './state';

/** Whether a browser sends `cookie` to `host` (RFC 6265bis §5.1.3): a host-only cookie only to its own host. */
export function cookieGoesTo(cookie: Pick<CookieId, 'domain' | 'hostOnly'>, host: string): boolean {
  return cookie.hostOnly ? host === cookie.domain : domainMatches(host, cookie.domain);
}

/**
 * The tab whose page has the origin `origin`: the tab a service worker of that origin most
 * likely works for. Several tabs may qualify; the most recently loaded page wins.
 */
export function tabOfOrigin(state: MonitorState, origin: string | null): number | null {
  const info = origin === null ? null : originInfoOf(origin);
  if (info === null) return null;
  let found: number | null = null;
  let startedAt = -Infinity;
  for (const [tabId, tab] of candidates(state, info.site)) {
    if (tab.page.startedAt > startedAt && originInfoOf(tab.page.url)?.origin === info.origin) {
      found = tabId;
      startedAt = tab.page.startedAt;
    }
  }
  return found;
}

/** The tabs the site index names for `site`, forgetting tabs that are gone. */
function* candidates(state: MonitorState, site: string): Generator<[number, TabRecord]> {
  const tabIds = state.bySite.get(site);
  if (tabIds === undefined) return;
  for (const tabId of tabIds) {
    const tab = state.tabs.get(tabId);
    if (tab === undefined) tabIds.delete(tabId);
    else yield [tabId, tab];
  }
  if (tabIds.size === 0) state.bySite.delete(site);
}

function pageMatchesCookie(page: PageRecord, cookie: CookieId, cookieSite: string, partitionSite: string | null): boolean {
  // A partitioned cookie (CHIPS, Total Cookie Protection) lives only under its top-level site.
  if (partitionSite !== null && page.site !== partitionSite) return false;
  const own = originInfoOf(page.url);
  if (own !== null && cookieGoesTo(cookie, own.host)) return true;
  const record = page.sites.get(cookieSite);
  if (record === undefined) return false;
  for (const host of record.hosts) if (cookieGoesTo(cookie, host)) return true;
  return false;
}

/**
 * The tabs a cookie change belongs to: those of the cookie's store whose page on screen, or the
 * page they are navigating to, is on the cookie's domain or sent requests to it.
 */
export function tabsForCookie(state: MonitorState, cookie: CookieId): number[] {
  const cookieSite = siteOfHost(cookie.domain) ?? cookie.domain;
  const partitionSite = partitionSiteOf(cookie.partitionKey);
  const matches = (page: PageRecord | null) => page !== null && pageMatchesCookie(page, cookie, cookieSite, partitionSite);
  const tabIds: number[] = [];
  for (const [tabId, tab] of candidates(state, cookieSite)) {
    // A change in one store (a container, a private window) is never another store's.
    if (tab.storeId !== null && tab.storeId !== cookie.storeId) continue;
    if (matches(tab.page) || matches(tab.provisional)) tabIds.push(tabId);
  }
  return tabIds;
}
