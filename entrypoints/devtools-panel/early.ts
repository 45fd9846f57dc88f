/**
 * The panel's first question, asked as its first script runs: the report of the tab it inspects.
 * Loading the panel's code (Svelte, the components) takes the browser about as long as the
 * background takes to build a large report; asked first, the two overlap instead of following
 * each other, as in the popup (../popup/early.ts). Only types are imported besides the browser
 * API: this module is the whole of the panel's first script.
 */
import { browser } from 'wxt/browser';
import type { Message, Reply } from '@/lib/messages';

export type ReportMessage = Extract<Message, { type: 'getReport' }>;
type ReportReply = Reply<ReportMessage> | undefined;

/** `?tabId=` when opened as a page; else the tab DevTools inspects. */
export function inspectedTab(search: string): number | null {
  const param = new URLSearchParams(search).get('tabId');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const id = (browser as unknown as { devtools?: { inspectedWindow?: { tabId?: number } } }).devtools?.inspectedWindow?.tabId;
  return typeof id === 'number' ? id : null;
}

let early: { tabId: number; reply: Promise<ReportReply> } | null = null;

/** Ask for the inspected tab's report, values included (the panel shows them), now. */
export function begin(search: string): void {
  const tabId = inspectedTab(search);
  if (tabId === null) return;
  const reply = browser.runtime.sendMessage({ type: 'getReport', tabId, includeValues: true } satisfies ReportMessage) as Promise<ReportReply>;
  // Whoever takes it handles its failure; until then an unhandled rejection is not an error.
  reply.catch(() => {});
  early = { tabId, reply };
}

/** The report `begin` asked for, once, when it is of `tabId`; null otherwise (ask again). */
export function takeReport(tabId: number): Promise<ReportReply> | null {
  if (!early || early.tabId !== tabId) return null;
  const { reply } = early;
  early = null;
  return reply;
}
