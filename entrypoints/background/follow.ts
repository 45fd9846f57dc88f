/**
 * Ports of open popups following a tab (lib/messages.ts, FOLLOW_PORT): each is told when its
 * tab's observations changed, and nothing else, so a popup reloads its report only for changes
 * that concern it.
 */
import { browser, type Browser } from 'wxt/browser';
import { FOLLOW_PORT, isTrustedSender, parseFollow, type ChangedMessage } from '@/lib/messages';
import type { MonitorStore } from './monitor';

const CHANGED: ChangedMessage = { type: 'changed' };

export function acceptFollower(port: Browser.runtime.Port, monitor: MonitorStore): void {
  if (port.name !== FOLLOW_PORT) return;
  if (!port.sender || !isTrustedSender(port.sender, browser.runtime.id, browser.runtime.getURL('/'))) {
    port.disconnect();
    return;
  }
  let unfollow: (() => void) | null = null;
  port.onMessage.addListener((raw: unknown) => {
    const message = parseFollow(raw);
    if (message === null) return;
    unfollow?.();
    unfollow = monitor.follow((tabIds) => {
      if (tabIds.has(message.tabId)) port.postMessage(CHANGED);
    });
    // Told between the follower's reading and now: it missed that change.
    if (message.seen !== undefined && monitor.version(message.tabId) !== message.seen) port.postMessage(CHANGED);
  });
  port.onDisconnect.addListener(() => unfollow?.());
}
