/**
 * The background: thin glue between browser events and the pure core in lib/. Every listener is
 * registered synchronously on start, as MV3 requires for the worker to be woken by its events.
 */
import { browser } from 'wxt/browser';
import { createMessageListener } from './messages';
import { TabStateStore } from './tabState';

export default defineBackground(() => {
  const tabs = new TabStateStore();

  // Hot path: one call per request of every tab. Synchronous, no storage access (see TabStateStore).
  browser.webRequest.onBeforeRequest.addListener(
    (details) => {
      if (details.type === 'main_frame' && details.frameId === 0) {
        tabs.apply({ type: 'navigate', tabId: details.tabId, url: details.url });
      } else {
        tabs.apply({ type: 'request', tabId: details.tabId, url: details.url });
      }
      return undefined;
    },
    { urls: ['<all_urls>'] },
  );

  browser.tabs.onRemoved.addListener((tabId) => tabs.apply({ type: 'closed', tabId }));

  browser.runtime.onMessage.addListener(createMessageListener(tabs));
});
