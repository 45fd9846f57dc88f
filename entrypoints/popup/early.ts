/**
 * The popup's first questions, asked before its components are even loaded: which tab it is for,
 * and that tab's view. The popup's own code (Svelte, the components, the tables) takes the
 * browser about as long to load and run as the background takes to answer, so the two now
 * overlap instead of following each other. Types only are imported: this module is the whole of
 * the popup's first script.
 */
import { browser } from 'wxt/browser';
import type { Reply } from '@/lib/messages';
import type { ViewMessage } from '@/components/tabView.svelte';

type ViewReply = Reply<ViewMessage>;

let early: { search: string; tabId: Promise<number | null>; view: Promise<{ tabId: number | null; reply: ViewReply | undefined }> | null } | null = null;

/** The tab to audit: `?tabId=N` when opened as a page, else the active tab of this window. */
export async function resolveTabId(search: string): Promise<number | null> {
  const param = new URLSearchParams(search).get('tabId');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/** Ask for the tab and its view (the one the background kept: `fresh` false) now. */
export function begin(search: string): void {
  const tabId = resolveTabId(search);
  const view = tabId.then(async (id) => ({
    tabId: id,
    reply: id === null ? undefined : ((await browser.runtime.sendMessage({ type: 'getView', tabId: id, fresh: false })) as ViewReply | undefined),
  }));
  // Whoever takes them handles their failures; until then an unhandled rejection is not an error.
  view.catch(() => {});
  early = { search, tabId, view };
}

/** The tab `begin` asked about for this address, else a new question. */
export function tabIdFor(search: string): Promise<number | null> {
  return early?.search === search ? early.tabId : resolveTabId(search);
}

/** The view `begin` asked for, once, when it is of `tabId`; null otherwise (ask again). */
export async function takeView(tabId: number): Promise<ViewReply | undefined | null> {
  const asked = early?.view;
  if (!early || !asked) return null;
  early.view = null;
  const { tabId: of, reply } = await asked;
  return of === tabId ? reply : null;
}
