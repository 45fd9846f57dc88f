/**
 * The consent signals pages report through our content scripts (lib/consent/relay.ts): accepted
 * only from a content script of a tab's top frame, checked, capped, and applied to the monitor as
 * the page's claim. Nothing is answered: a content script can ask the background nothing.
 */
import { browser, type Browser } from 'wxt/browser';
import { isConsentMessage, parseConsentMessage } from '@/lib/consent/relay';
import { claimSourceOf } from '@/lib/scripts/claims';
import type { MonitorStore } from './monitor';

export function createConsentListener(monitor: MonitorStore) {
  const extensionBase = browser.runtime.getURL('/');
  return (raw: unknown, sender: Browser.runtime.MessageSender): undefined => {
    if (!isConsentMessage(raw)) return undefined;
    const source = claimSourceOf(sender, browser.runtime.id, extensionBase);
    const message = source && source.frameId === 0 ? parseConsentMessage(raw) : null;
    if (source && message) monitor.apply({ kind: 'consentSignals', ...source, signals: message.signals, dropped: message.dropped });
    return undefined;
  };
}
