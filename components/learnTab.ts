import { setContext } from 'svelte';

/** Context key: a function giving the tab the popup audits, for the lesson's own examples. */
export const LEARN_TAB = Symbol('learn-tab');

/** The popup names the tab it audits, so that "How cookies and sessions work" can tell that tab's examples. */
export function provideLearnTab(tabId: () => number | null): void {
  setContext(LEARN_TAB, tabId);
}
