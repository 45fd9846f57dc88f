/**
 * A tab as the background reads it for the extension pages: whether Cookie Audit may inspect its
 * page, its cookies in its own store and partitions, its report and the popup's view of it, and
 * removing or setting cookies in it (only cookies of the tab's own inventory).
 */
import { browser, type Browser } from 'wxt/browser';
import { cookieUrl, type Cookie } from '@/lib/cookies/cookie';
import type { Message, Replies } from '@/lib/messages';
import { pageAccess, type PageAccess } from '@/lib/page';
import { buildReport, storageOf, type Report, type ReportInput } from '@/lib/report';
import { emptyStorage, type StorageReport } from '@/lib/storage/merge';
import { buildView } from '@/lib/view';
import { encodeView } from '@/lib/view-wire';
import { originOf } from '@/lib/requests/url';
import { inventory, storeIdOfTab, urlsOfTab } from './inventory';
import { setCookies } from './edit';
import type { TabRecord } from '@/lib/monitor/state';
import type { LearnedStore } from './learned';
import type { MonitorStore } from './monitor';
import { ViewCache, type BuiltView } from './views';
import { deleteTabStorage, readTabStorage } from './storage';

const IS_FIREFOX = import.meta.env.BROWSER === 'firefox';

export async function accessOf(tab: Browser.tabs.Tab | undefined): Promise<PageAccess> {
  const access = pageAccess(tab?.url);
  if (!access.ok || !tab?.url) return access;
  // Chrome lets users withhold site access from an extension ("On click", "On specific sites").
  const origin = originOf(tab.url);
  const allowed = await browser.permissions.contains({ origins: [`${origin}/*`] }).catch(() => true);
  return allowed ? access : { ok: false, reason: 'no-permission' };
}

export async function getTab(tabId: number): Promise<Browser.tabs.Tab | undefined> {
  try {
    return await browser.tabs.get(tabId);
  } catch {
    return undefined;
  }
}

/**
 * The monitor's record of the tab, if it is of the document on screen. A page is a document,
 * not a URL: its address moves with pushState and fragments (the record follows those moves).
 * Chrome names the document (`documentId`); Firefox, whose persistent background sees every
 * commit, has no id, and a same-document move never changes the origin, so the record must
 * still be on the tab's origin. A record of an earlier document, or of a page whose commit the
 * monitor never saw, is not this page's.
 */
export async function monitoredTab(monitor: MonitorStore, tab: Browser.tabs.Tab): Promise<TabRecord | null> {
  const record = tab.id === undefined ? undefined : await monitor.tab(tab.id);
  if (!record || !tab.url || record.page.url === '') return null;
  if (record.page.documentId !== null && tab.id !== undefined) {
    const frame = (await browser.webNavigation.getFrame({ tabId: tab.id, frameId: 0 }).catch(() => null)) as { documentId?: string } | null;
    if (frame?.documentId) return frame.documentId === record.page.documentId ? record : null;
  }
  return originOf(record.page.url) === originOf(tab.url) ? record : null;
}

export async function cookiesOfTab(monitored: TabRecord | null, tab: Browser.tabs.Tab): Promise<{ cookies: Cookie[]; storeId: string | null }> {
  const [storeId, urls] = await Promise.all([storeIdOfTab(tab), urlsOfTab(tab, monitored?.page.origins ?? [])]);
  return { cookies: await inventory(tab, storeId, urls), storeId };
}

/**
 * Everything a report of the tab is built from: the tab, its access, its cookies, what the monitor
 * saw. The browser is asked what does not depend on another answer all at once. The learned
 * trackers only name third parties (`activity`), so only `withLearned` reads them; the frames'
 * web storage is asked for (`withStorage`) for the whole report only.
 */
export async function reportInput(
  monitor: MonitorStore,
  learned: LearnedStore,
  tabId: number,
  includeValues: boolean,
  { withLearned = true, withStorage = false } = {},
): Promise<ReportInput> {
  const tab = await getTab(tabId);
  const now = new Date();
  const tabInfo = { id: tabId, url: tab?.url ?? '', incognito: tab?.incognito };
  if (!tab) return { tab: tabInfo, storeId: null, access: await accessOf(tab), cookies: [], monitored: null, includeValues, now };
  const [access, monitored, storeId] = await Promise.all([accessOf(tab), monitoredTab(monitor, tab), storeIdOfTab(tab)]);
  if (!access.ok) return { tab: tabInfo, storeId: null, access, cookies: [], monitored: null, includeValues, now };
  // The frames are asked while the cookies are read.
  const [cookies, learnedState, storage] = await Promise.all([
    urlsOfTab(tab, monitored?.page.origins ?? []).then((urls) => inventory(tab, storeId, urls)),
    withLearned ? learned.current() : undefined,
    withStorage ? readTabStorage(tabId, includeValues) : undefined,
  ]);
  return { tab: tabInfo, storeId, access, cookies, monitored, learned: learnedState, includeValues, now, failedSaves: monitor.failedSaves(tabId), storage };
}

/** The tab's view for the popup, and the page it is of (ViewCache). */
export async function viewOf(monitor: MonitorStore, learned: LearnedStore, tabId: number): Promise<BuiltView> {
  const page = await pageOf(monitor, tabId);
  return { json: encodeView(buildView(await reportInput(monitor, learned, tabId, false, { withLearned: false }))), page };
}

/**
 * The page the monitor's record of the tab is of: when it started. Read from memory, not from
 * the browser: the monitor replaces the record when the tab commits a new document.
 */
async function pageOf(monitor: MonitorStore, tabId: number): Promise<number | null> {
  return (await monitor.tab(tabId))?.page.startedAt ?? null;
}

/** The popup's views kept built, for the background's listeners to keep current (index.ts). */
export function createViewCache(monitor: MonitorStore, learned: LearnedStore): ViewCache {
  return new ViewCache({
    build: (tabId) => viewOf(monitor, learned, tabId),
    pageOf: (tabId) => pageOf(monitor, tabId),
    activeTabs: async () => (await browser.tabs.query({ active: true })).flatMap((t) => (t.id === undefined ? [] : [t.id])),
    version: (tabId) => monitor.version(tabId),
    pending: (tabId) => monitor.pending(tabId),
  });
}

export async function reportOf(monitor: MonitorStore, learned: LearnedStore, tabId: number, includeValues: boolean): Promise<Report> {
  return buildReport(await reportInput(monitor, learned, tabId, includeValues, { withStorage: true }));
}

/** The tab's web storage alone, for the Storage view; nothing for a page Cookie Audit may not inspect. */
export async function storageOfTab(monitor: MonitorStore, tabId: number, includeValues: boolean): Promise<StorageReport> {
  const tab = await getTab(tabId);
  if (!tab?.url || !(await accessOf(tab)).ok) return emptyStorage();
  const [monitored, storage] = await Promise.all([monitoredTab(monitor, tab), readTabStorage(tabId, includeValues)]);
  return storageOf({ tab: { id: tabId, url: tab.url }, monitored, includeValues, storage });
}

/** Deletes storage only in the frames of a tab Cookie Audit may inspect. */
export async function deleteStorage(tabId: number, origin: string, target: Parameters<typeof deleteTabStorage>[2]) {
  const tab = await getTab(tabId);
  if (!tab || !(await accessOf(tab)).ok) return { removed: 0, pending: 0 };
  return deleteTabStorage(tabId, origin, target);
}

export async function removeCookie(c: Cookie): Promise<boolean> {
  const details: Browser.cookies.CookieDetails & { partitionKey?: object; firstPartyDomain?: string } = {
    url: cookieUrl(c),
    name: c.name,
    storeId: c.storeId,
  };
  if (c.partitionKey) details.partitionKey = c.partitionKey;
  if (IS_FIREFOX) details.firstPartyDomain = c.firstPartyDomain;
  try {
    return (await browser.cookies.remove(details)) !== null;
  } catch {
    return false;
  }
}

export async function removeWhere(monitor: MonitorStore, tabId: number, pick: (c: Cookie) => boolean): Promise<{ removed: number }> {
  const tab = await getTab(tabId);
  if (!tab || !(await accessOf(tab)).ok) return { removed: 0 };
  const { cookies } = await cookiesOfTab(await monitoredTab(monitor, tab), tab);
  const results = await Promise.all(cookies.filter(pick).map(removeCookie));
  return { removed: results.filter(Boolean).length };
}

/** Cookies are set in the tab's own store, on a page Cookie Audit may inspect. */
export async function setInTab(monitor: MonitorStore, tabId: number, message: Extract<Message, { type: 'setCookies' }>): Promise<Replies['setCookies']> {
  const tab = await getTab(tabId);
  if (!tab?.url || !(await accessOf(tab)).ok) {
    return { applied: 0, refused: [{ index: 0, reason: 'Cookie Audit cannot inspect this tab’s page, so it sets no cookies for it.' }], stored: [], rolledBack: 0 };
  }
  const { cookies, storeId } = await cookiesOfTab(await monitoredTab(monitor, tab), tab);
  return setCookies({ tabUrl: tab.url, storeId, inventory: cookies }, message.cookies, message.replaces);
}
