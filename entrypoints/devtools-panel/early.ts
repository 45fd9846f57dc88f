/**
 * The panel's first question, asked as its first script runs: the view of the tab it inspects,
 * the one the background keeps built for the active tab (lib/view.ts, without values). Loading
 * the panel's code (Svelte, the components) takes the browser about as long as the background
 * takes to answer, so the two overlap instead of following each other, as in the popup
 * (../popup/early.ts). Only types are imported besides the browser API: this module is the whole
 * of the panel's first script.
 */
import { browser } from 'wxt/browser';
import type { Reply } from '@/lib/messages';
import type { ViewMessage } from '@/components/tabView.svelte';

type ViewReply = Reply<ViewMessage> | undefined;

/** `?tabId=` when opened as a page; else the tab DevTools inspects. */
export function inspectedTab(search: string): number | null {
  const param = new URLSearchParams(search).get('tabId');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const id = (browser as unknown as { devtools?: { inspectedWindow?: { tabId?: number } } }).devtools?.inspectedWindow?.tabId;
  return typeof id === 'number' ? id : null;
}

let early: { tabId: number; reply: Promise<ViewReply> } | null = null;

/** Ask for the inspected tab's view (the one the background kept: `fresh` false) now. */
export function begin(search: string): void {
  const tabId = inspectedTab(search);
  if (tabId === null) return;
  const reply = browser.runtime.sendMessage({ type: 'getView', tabId, fresh: false } satisfies ViewMessage) as Promise<ViewReply>;
  // Whoever takes it handles its failure; until then an unhandled rejection is not an error.
  reply.catch(() => {});
  early = { tabId, reply };
}

/** The view `begin` asked for, once, when it is of `tabId`; null otherwise (ask again). */
export async function takeView(tabId: number): Promise<ViewReply | null> {
  if (!early || early.tabId !== tabId) return null;
  const { reply } = early;
  early = null;
  return reply;
}
