/**
 * The cookie inventory of a tab: every cookie its page URL, its frames and every origin it sent
 * requests to would carry, in the tab's own cookie store, partitioned ones included.
 *
 * Browser differences live here and only here:
 * - Chrome has no `tab.cookieStoreId`; the store is found through `getAllCookieStores()`.
 * - Partitioned cookies (CHIPS in Chrome, Total Cookie Protection in Firefox) are only returned
 *   when the query names a `partitionKey`; `{}` asks for every partition.
 * - Firefox with first-party isolation rejects queries without `firstPartyDomain`; `null` asks
 *   for all. Chrome rejects that unknown property, so it is sent to Firefox only.
 * Each query may fail on its own (an older browser without an option); one failure never hides
 * the others' results.
 */
import { browser, type Browser } from 'wxt/browser';
import type { BrowserCookie, Cookie } from '@/lib/cookies/cookie';
import { normaliseCookies } from '@/lib/cookies/normalise';
import { siteOfHost, siteOfUrl } from '@/lib/site';
import { originOf } from '@/lib/requests/url';

const IS_FIREFOX = import.meta.env.BROWSER === 'firefox';

type GetAllDetails = Browser.cookies.GetAllDetails & { partitionKey?: object; firstPartyDomain?: string | null };

/** Firefox names the tab's store (containers, private windows) on the tab itself. */
type Tab = Browser.tabs.Tab & { cookieStoreId?: string };

export async function storeIdOfTab(tab: Tab): Promise<string | null> {
  if (tab.cookieStoreId) return tab.cookieStoreId;
  try {
    const stores = await browser.cookies.getAllCookieStores();
    return stores.find((s) => tab.id !== undefined && s.tabIds.includes(tab.id))?.id ?? null;
  } catch {
    return null;
  }
}

/**
 * The URLs whose cookies the tab's page involves: the page and each frame (with their paths, as
 * cookies with a `Path` are sent only below it) and the root of every origin the tab sent
 * requests to.
 */
export async function urlsOfTab(tab: Browser.tabs.Tab, requestOrigins: Iterable<string>): Promise<string[]> {
  const urls = new Set<string>();
  const addDocument = (url: string | undefined) => {
    if (!url || !originOf(url)) return;
    urls.add(url.split('#')[0]);
    urls.add(originOf(url) + '/');
  };
  addDocument(tab.url);
  if (tab.id !== undefined) {
    try {
      const frames = await browser.webNavigation.getAllFrames({ tabId: tab.id });
      for (const frame of frames ?? []) addDocument(frame.url);
    } catch {
      // The tab is gone or not inspectable: the page URL alone still answers.
    }
  }
  for (const origin of requestOrigins) urls.add(origin + '/');
  return [...urls];
}

/**
 * One query per cookie jar slice the tab involves. The page's own site is read whole with one
 * `domain` query, which returns every cookie of its hosts and paths (a developer auditing their
 * site wants `Path=/admin` cookies too, as the browser's developer tools show them), so its URLs
 * need none. Of the other URLs one per scheme, host and path is enough (the query string does
 * not matter), and a host's root is left out when a path of the host is queried: every cookie
 * sent to `/` is also sent below it.
 */
export function queriesOf(urls: readonly string[], pageSite: string | null): ({ url: string } | { domain: string })[] {
  const byOrigin = new Map<string, Set<string>>();
  for (const raw of urls) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    if (!url.hostname || (pageSite !== null && siteOfHost(url.hostname) === pageSite)) continue;
    const origin = `${url.protocol}//${url.host}`;
    const paths = byOrigin.get(origin) ?? new Set<string>();
    paths.add(url.pathname || '/');
    byOrigin.set(origin, paths);
  }
  const queries: ({ url: string } | { domain: string })[] = pageSite ? [{ domain: pageSite }] : [];
  for (const [origin, paths] of byOrigin) {
    if (paths.size > 1) paths.delete('/');
    for (const path of paths) queries.push({ url: origin + path });
  }
  return queries;
}

/**
 * Every partition at once (`partitionKey: {}` returns partitioned and unpartitioned cookies in
 * both browsers); a browser that does not know the option is asked without it.
 */
async function query(details: GetAllDetails): Promise<BrowserCookie[]> {
  try {
    return (await browser.cookies.getAll({ ...details, partitionKey: {} } as Browser.cookies.GetAllDetails)) as BrowserCookie[];
  } catch {
    try {
      return (await browser.cookies.getAll(details as Browser.cookies.GetAllDetails)) as BrowserCookie[];
    } catch {
      return [];
    }
  }
}

export async function inventory(tab: Browser.tabs.Tab, storeId: string | null, urls: readonly string[]): Promise<Cookie[]> {
  const pageSite = tab.url ? siteOfUrl(tab.url) : null;
  const base: GetAllDetails = {};
  if (storeId) base.storeId = storeId;
  if (IS_FIREFOX) base.firstPartyDomain = null;
  const results = await Promise.all(queriesOf(urls, pageSite).map((q) => query({ ...base, ...q })));
  return (
    normaliseCookies(results, pageSite)
      // A cookie partitioned under another top-level site is not part of this page.
      .filter((c) => c.partitionSite === null || c.partitionSite === pageSite)
  );
}
