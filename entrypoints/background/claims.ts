/**
 * The cookie writes pages report through our content scripts (lib/scripts/claims.ts): accepted
 * only from a content script of a tab, checked, capped, and applied to the monitor as the page's
 * claim. Nothing is answered: a content script can ask the background nothing.
 */
import { browser, type Browser } from 'wxt/browser';
import { claimSourceOf, isScriptWritesMessage, parseScriptWritesMessage } from '@/lib/scripts/claims';
import type { MonitorStore } from './monitor';

export function createClaimListener(monitor: MonitorStore) {
  const extensionBase = browser.runtime.getURL('/');
  return (raw: unknown, sender: Browser.runtime.MessageSender): undefined => {
    if (!isScriptWritesMessage(raw)) return undefined;
    const source = claimSourceOf(sender, browser.runtime.id, extensionBase);
    const message = source && parseScriptWritesMessage(raw);
    if (source && message) monitor.apply({ kind: 'scriptWrites', ...source, writes: message.writes, dropped: message.dropped });
    return undefined;
  };
}
