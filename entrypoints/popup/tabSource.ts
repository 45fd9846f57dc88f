/**
 * Which tab the audit shows, and when that changes. The popup shows one tab for its short life;
 * the side panel (entrypoints/sidepanel/) follows the active tab of its window. Both mount the
 * same App with their own source.
 */
import { tabIdFor } from './early';

/** Calls `show` with each tab to show (null: there is none), until the returned stop is called. */
export type TabSource = (show: (tabId: number | null) => void) => () => void;

/** The popup's tab: `?tabId=N` when opened as a page, else the active tab of its window as it opened. */
export function popupTab(search: string): TabSource {
  return (show) => {
    let stopped = false;
    tabIdFor(search).then(
      (tabId) => !stopped && show(tabId),
      () => !stopped && show(null),
    );
    return () => (stopped = true);
  };
}
