/**
 * Answers the extension pages' messages (lib/messages.ts). Deletions act only on cookies of the
 * tab's own inventory, so a page of ours can never be used to delete arbitrary cookies.
 */
import { browser, type Browser } from 'wxt/browser';
import { cookieKey, cookieUrl, type Cookie } from '@/lib/cookies/cookie';
import { isTrustedSender, parseMessage, type Message, type Replies } from '@/lib/messages';
import { pageAccess, type PageAccess } from '@/lib/page';
import { buildReport, type Report } from '@/lib/report';
import { originOf } from '@/lib/requests/url';
import { inventory, storeIdOfTab, urlsOfTab } from './inventory';
import type { TabRecord } from '@/lib/monitor/state';
import { learnedTrackers } from '@/lib/knowledge/learned';
import type { LearnedStore } from './learned';
import type { MonitorStore } from './monitor';

const IS_FIREFOX = import.meta.env.BROWSER === 'firefox';

async function accessOf(tab: Browser.tabs.Tab | undefined): Promise<PageAccess> {
  const access = pageAccess(tab?.url);
  if (!access.ok || !tab?.url) return access;
  // Chrome lets users withhold site access from an extension ("On click", "On specific sites").
  const origin = originOf(tab.url);
  const allowed = await browser.permissions.contains({ origins: [`${origin}/*`] }).catch(() => true);
  return allowed ? access : { ok: false, reason: 'no-permission' };
}

async function getTab(tabId: number): Promise<Browser.tabs.Tab | undefined> {
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
async function monitoredTab(monitor: MonitorStore, tab: Browser.tabs.Tab): Promise<TabRecord | null> {
  const record = tab.id === undefined ? undefined : await monitor.tab(tab.id);
  if (!record || !tab.url || record.page.url === '') return null;
  if (record.page.documentId !== null && tab.id !== undefined) {
    const frame = (await browser.webNavigation.getFrame({ tabId: tab.id, frameId: 0 }).catch(() => null)) as { documentId?: string } | null;
    if (frame?.documentId) return frame.documentId === record.page.documentId ? record : null;
  }
  return originOf(record.page.url) === originOf(tab.url) ? record : null;
}

async function cookiesOfTab(monitored: TabRecord | null, tab: Browser.tabs.Tab): Promise<{ cookies: Cookie[]; storeId: string | null }> {
  const [storeId, urls] = await Promise.all([storeIdOfTab(tab), urlsOfTab(tab, monitored?.page.origins ?? [])]);
  return { cookies: await inventory(tab, storeId, urls), storeId };
}

export async function reportOf(monitor: MonitorStore, learned: LearnedStore, tabId: number, includeValues: boolean): Promise<Report> {
  const tab = await getTab(tabId);
  const access = await accessOf(tab);
  const now = new Date();
  const tabInfo = { id: tabId, url: tab?.url ?? '', incognito: tab?.incognito };
  if (!tab || !access.ok) {
    return buildReport({ tab: tabInfo, storeId: null, access, cookies: [], monitored: null, includeValues, now });
  }
  const monitored = await monitoredTab(monitor, tab);
  const { cookies, storeId } = await cookiesOfTab(monitored, tab);
  return buildReport({ tab: tabInfo, storeId, access, cookies, monitored, learned: await learned.current(), includeValues, now, failedSaves: monitor.failedSaves(tabId) });
}

async function removeCookie(c: Cookie): Promise<boolean> {
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

async function removeWhere(monitor: MonitorStore, tabId: number, pick: (c: Cookie) => boolean): Promise<{ removed: number }> {
  const tab = await getTab(tabId);
  if (!tab || !(await accessOf(tab)).ok) return { removed: 0 };
  const { cookies } = await cookiesOfTab(await monitoredTab(monitor, tab), tab);
  const results = await Promise.all(cookies.filter(pick).map(removeCookie));
  return { removed: results.filter(Boolean).length };
}

async function handle(monitor: MonitorStore, learned: LearnedStore, message: Message): Promise<Replies[Message['type']]> {
  switch (message.type) {
    case 'getReport':
      return reportOf(monitor, learned, message.tabId, message.includeValues === true);
    case 'getLearned':
      return { trackers: learnedTrackers(await learned.current(), Date.now()) };
    case 'clearLearned':
      await learned.clear();
      return { cleared: true };
    case 'deleteCookie': {
      const key = cookieKey(message.cookie);
      return removeWhere(monitor, message.tabId, (c) => cookieKey(c) === key);
    }
    case 'deleteSiteCookies':
      return removeWhere(monitor, message.tabId, (c) => c.site === message.site);
  }
}

/** The `runtime.onMessage` listener: trusted senders and known messages only. */
export function createMessageListener(monitor: MonitorStore, learned: LearnedStore) {
  const extensionBase = browser.runtime.getURL('/');
  return (raw: unknown, sender: Browser.runtime.MessageSender) => {
    if (!isTrustedSender(sender, browser.runtime.id, extensionBase)) {
      return Promise.resolve({ ok: false, error: 'Refused: messages are accepted from Cookie Audit pages only.' });
    }
    const message = parseMessage(raw);
    if (!message) return Promise.resolve({ ok: false, error: 'Refused: not a Cookie Audit message.' });
    return handle(monitor, learned, message).then(
      (result) => ({ ok: true, result }),
      (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  };
}
