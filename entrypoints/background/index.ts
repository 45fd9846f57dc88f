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
import { createMessageListener } from './messages';
import { MonitorStore, tabInfoOf } from './monitor';

const BROWSER: BrowserName = import.meta.env.BROWSER === 'firefox' ? 'firefox' : 'chrome';
const ALL_URLS = { urls: ['<all_urls>'] };

export default defineBackground(() => {
  const learned = new LearnedStore();
  const monitor = new MonitorStore((page) => learned.record(trackingSightings(page, Date.now())));
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
  browser.tabs.onReplaced.addListener((addedTabId, removedTabId) => monitor.apply({ kind: 'tabReplaced', addedTabId, removedTabId }));
  browser.tabs.onRemoved.addListener((tabId) => monitor.apply({ kind: 'tabClosed', tabId }));

  browser.runtime.onMessage.addListener(createMessageListener(monitor, learned));
  browser.runtime.onConnect.addListener((port) => acceptFollower(port, monitor));
});
