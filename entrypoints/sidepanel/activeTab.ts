/**
 * The side panel's tab: the active tab of its window. Chrome and Firefox give each window its
 * own panel document, so the panel needs no window focus: it follows the user switching tabs in
 * its window (tabs.onActivated, also when the active tab closes or leaves the window) and a tab
 * the browser swapped for another (tabs.onReplaced: a prerendered page). What happens in the tab,
 * navigations included, reaches the panel through the follow port, as it reaches the popup.
 */
import { browser } from 'wxt/browser';
import type { TabSource } from '../popup/tabSource';

/** `windowId`: the window to follow; null for the panel's own (`windows.getCurrent`). */
export function activeTabOf(windowId: number | null): TabSource {
  return (show) => {
    let stopped = false;
    let window = windowId;
    /** An answer to an older question, or older than an event, is dropped. */
    let asked = 0;
    const ask = async () => {
      const question = ++asked;
      let tabId: number | null = null;
      try {
        window ??= (await browser.windows.getCurrent()).id ?? null;
        if (window !== null) {
          const [tab] = await browser.tabs.query({ active: true, windowId: window });
          tabId = tab?.id ?? null;
        }
      } catch {
        // The window is gone: nothing to show.
      }
      if (!stopped && question === asked) show(tabId);
    };
    const onActivated = (info: { tabId: number; windowId: number }) => {
      if (info.windowId !== window) return;
      asked++;
      show(info.tabId);
    };
    const onReplaced = () => void ask();
    browser.tabs.onActivated.addListener(onActivated);
    browser.tabs.onReplaced.addListener(onReplaced);
    void ask();
    return () => {
      stopped = true;
      browser.tabs.onActivated.removeListener(onActivated);
      browser.tabs.onReplaced.removeListener(onReplaced);
    };
  };
}
