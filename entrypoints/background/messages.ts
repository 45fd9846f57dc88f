/**
 * Answers the extension pages' messages (lib/messages.ts). Deletions act only on cookies of the
 * tab's own inventory, so a page of ours can never be used to delete arbitrary cookies; web
 * storage is deleted only in the tab's own frames, by each frame of that origin itself.
 */
import { browser, type Browser } from 'wxt/browser';
import { isTrustedSender, parseMessage, type Message, type Replies } from '@/lib/messages';
import { buildActivity } from '@/lib/report';
import { findingsOf, valueOf, valuesOf } from '@/lib/view';
import { cookieKey } from '@/lib/cookies/cookie';
import { learnedTrackers } from '@/lib/knowledge/learned';
import type { LearnedStore } from './learned';
import type { MonitorStore } from './monitor';
import type { ViewCache } from './views';
import { injectAutoconsent } from './autoconsent';
import { ConsentTests } from './consentTest';
import { accessOf, cookiesOfTab, createViewCache, deleteStorage, getTab, monitoredTab, removeWhere, reportInput, reportOf, setInTab, storageOfTab } from './tabs';

async function handle(monitor: MonitorStore, learned: LearnedStore, views: ViewCache, tests: ConsentTests, message: Message): Promise<Replies[Message['type']]> {
  switch (message.type) {
    case 'runConsentTest':
      return tests.run(message);
    case 'cancelConsentTest':
      return tests.cancel(message.tabId);
    case 'getReport':
      return reportOf(monitor, learned, message.tabId, message.includeValues === true);
    case 'getView':
      return views.get(message.tabId, message.fresh === true);
    case 'getValue': {
      const tab = await getTab(message.tabId);
      if (!tab || !(await accessOf(tab)).ok) return { value: null };
      return { value: valueOf((await cookiesOfTab(await monitoredTab(monitor, tab), tab)).cookies, message.cookie) };
    }
    case 'getValues': {
      const tab = await getTab(message.tabId);
      if (!tab || !(await accessOf(tab)).ok) return { values: [] };
      return { values: valuesOf((await cookiesOfTab(await monitoredTab(monitor, tab), tab)).cookies) };
    }
    case 'getActivity':
      return { activity: buildActivity(await reportInput(monitor, learned, message.tabId, false)) };
    case 'getFindings':
      return { findings: findingsOf(await reportInput(monitor, learned, message.tabId, false, { withLearned: false }), message.cookie) };
    case 'detectConsentPlatform': {
      // autoconsent runs only when asked, and only on pages Cookie Audit may inspect.
      const tab = await getTab(message.tabId);
      if (!tab || !(await accessOf(tab)).ok) return { started: false };
      return { started: await injectAutoconsent(message.tabId) };
    }
    case 'consentStatement': {
      // Only about the page on screen, as the monitor saw it load.
      const tab = await getTab(message.tabId);
      if (!tab || !(await accessOf(tab)).ok || !(await monitoredTab(monitor, tab))) return { recorded: false };
      monitor.apply({ kind: 'consentStatement', tabId: message.tabId, choice: message.choice, timeStamp: Date.now() });
      views.invalidate(message.tabId);
      return { recorded: true };
    }
    case 'getLearned':
      return { trackers: learnedTrackers(await learned.current(), Date.now()) };
    case 'clearLearned':
      await learned.clear();
      return { cleared: true };
    // The popup shows the tab again right after a change of ours: its kept view is not current
    // from now on, even before the monitor hears of the change.
    case 'deleteCookie': {
      const key = cookieKey(message.cookie);
      return removeWhere(monitor, message.tabId, (c) => cookieKey(c) === key).finally(() => views.invalidate(message.tabId));
    }
    case 'deleteSiteCookies':
      return removeWhere(monitor, message.tabId, (c) => c.site === message.site).finally(() => views.invalidate(message.tabId));
    case 'deleteCookies': {
      const keys = new Set(message.cookies.map(cookieKey));
      return removeWhere(monitor, message.tabId, (c) => keys.has(cookieKey(c))).finally(() => views.invalidate(message.tabId));
    }
    case 'setCookies':
      return setInTab(monitor, message.tabId, message).finally(() => views.invalidate(message.tabId));
    case 'getStorage':
      return storageOfTab(monitor, message.tabId, message.includeValues === true);
    case 'deleteStorageKey': {
      const { removed } = await deleteStorage(message.tabId, message.origin, { area: message.area, key: message.key, keyCut: message.keyCut === true });
      return { removed };
    }
    case 'deleteOriginStorage':
      return deleteStorage(message.tabId, message.origin, 'all');
  }
}

/** The `runtime.onMessage` listener: trusted senders and known messages only. */
export function createMessageListener(
  monitor: MonitorStore,
  learned: LearnedStore,
  views: ViewCache = createViewCache(monitor, learned),
  tests = new ConsentTests(monitor, learned),
) {
  const extensionBase = browser.runtime.getURL('/');
  return (raw: unknown, sender: Browser.runtime.MessageSender) => {
    const message = parseMessage(raw);
    const trusted = isTrustedSender(sender, browser.runtime.id, extensionBase);
    // The content scripts' own messages (script writes, consent signals, autoconsent's eval
    // requests) are the other listeners' to answer: the first listener to answer wins, so this
    // one stays silent for them, or autoconsent would read "Refused" as its eval's result.
    if (!message && !trusted) return undefined;
    if (!trusted) return Promise.resolve({ ok: false, error: 'Refused: messages are accepted from Cookie Audit pages only.' });
    if (!message) return Promise.resolve({ ok: false, error: 'Refused: not a Cookie Audit message.' });
    return handle(monitor, learned, views, tests, message).then(
      (result) => ({ ok: true, result }),
      (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  };
}
