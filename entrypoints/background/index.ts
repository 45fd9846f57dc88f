/**
 * The background: thin glue between browser events and the pure core in lib/. Every listener is
 * registered synchronously on start, as MV3 requires for the worker to be woken by its events.
 * Each browser event goes through its one normaliser (lib/monitor/listeners.ts) and is applied
 * to the monitor in memory: no awaiting, no storage access per request.
 */
import { browser } from 'wxt/browser';
import { normaliseCookieChange } from '@/lib/monitor/events';
import { MONITOR_LISTENERS } from '@/lib/monitor/listeners';
import type { BrowserName, WebNavigationDetails, WebRequestDetails } from '@/lib/requests/normalise';
import { trackingSightings } from '@/lib/monitor/report';
import { acceptFollower } from './follow';
import { LearnedStore } from './learned';
import { createClaimListener } from './claims';
import { createConsentListener } from './consent';
import { createAutoconsentListener } from './autoconsent';
import { createMessageListener } from './messages';
import { createViewCache } from './tabs';
import { ConsentTests } from './consentTest';
import { MonitorStore, tabInfoOf } from './monitor';

const BROWSER: BrowserName = import.meta.env.BROWSER === 'firefox' ? 'firefox' : 'chrome';
const ALL_URLS = { urls: ['<all_urls>'] };

export default defineBackground(() => {
  const learned = new LearnedStore();
  const monitor = new MonitorStore((page) => learned.record(trackingSightings(page, Date.now())));
  // The popup's view of the active tabs, kept built so that the popup opens at once (views.ts).
  const views = createViewCache(monitor, learned);
  monitor.follow((tabIds) => views.tabsChanged(tabIds));
  const {
    'webNavigation.onCommitted': committed,
    'webNavigation.onHistoryStateUpdated': historyStateUpdated,
    'webNavigation.onReferenceFragmentUpdated': fragmentUpdated,
    ...webRequest
  } = MONITOR_LISTENERS;

  const navigation = [
    [browser.webNavigation.onCommitted, committed],
    [browser.webNavigation.onHistoryStateUpdated, historyStateUpdated],
    [browser.webNavigation.onReferenceFragmentUpdated, fragmentUpdated],
  ] as const;
  for (const [target, listener] of navigation) {
    target.addListener((details) => {
      const event = listener.normalise(details as WebNavigationDetails);
      if (event) monitor.apply(event);
    });
  }

  for (const [name, listener] of Object.entries(webRequest)) {
    const eventName = name.slice('webRequest.'.length) as keyof typeof browser.webRequest;
    const target = browser.webRequest[eventName] as unknown as {
      addListener(cb: (details: WebRequestDetails) => undefined, filter: object, extraInfoSpec?: string[]): void;
    };
    const handler = (details: WebRequestDetails) => {
      const event = listener.normalise(details, BROWSER);
      if (event) monitor.apply(event);
      return undefined;
    };
    const extraInfoSpec = [...listener.extraInfoSpec[BROWSER]];
    if (extraInfoSpec.length > 0) target.addListener(handler, ALL_URLS, extraInfoSpec);
    else target.addListener(handler, ALL_URLS);
  }

  browser.cookies.onChanged.addListener((info) => {
    // A change may arrive before the webRequest events of the response that made it (Firefox
    // delivers the two separately): the monitor's timeline lets that response claim it later.
    const event = normaliseCookieChange(info, Date.now());
    if (event) monitor.apply(event);
  });

  browser.tabs.onCreated.addListener((tab) => {
    const info = tabInfoOf(tab);
    if (info) monitor.apply(info);
  });
  browser.tabs.onReplaced.addListener((addedTabId, removedTabId) => {
    monitor.apply({ kind: 'tabReplaced', addedTabId, removedTabId });
    views.forget(removedTabId);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    monitor.apply({ kind: 'tabClosed', tabId });
    views.forget(tabId);
  });
  browser.tabs.onActivated.addListener(({ tabId }) => views.activated(tabId));

  // "Test this site's consent": it waits on autoconsent's answers, so it hears them first.
  const consentTests = new ConsentTests(monitor, learned);
  browser.runtime.onMessage.addListener(createMessageListener(monitor, learned, views, consentTests));
  // Cookie writes pages report through our content scripts: a separate, one-way protocol.
  browser.runtime.onMessage.addListener(createClaimListener(monitor));
  // And the consent signals of their top frame (lib/consent), the page's claim too.
  browser.runtime.onMessage.addListener(createConsentListener(monitor));
  // autoconsent, injected on demand: what it found, and its rules' eval requests.
  browser.runtime.onMessage.addListener(createAutoconsentListener(monitor, (event) => consentTests.observe(event)));
  browser.runtime.onConnect.addListener((port) => acceptFollower(port, monitor));
});
