/**
 * Following a tab: the background says, through a port (lib/messages.ts, FOLLOW_PORT), when
 * what it saw of the followed tab changed. Chrome stops an idle background worker, and its ports
 * with it; a side panel or a DevTools panel stays open far longer, so the port is connected
 * again (waking the worker), at most once a second, and the view reloads what it missed.
 * One implementation for the popup, the side panel, the DevTools panel and the Storage view.
 */
import { browser } from 'wxt/browser';
import { FOLLOW_PORT, type FollowMessage } from '@/lib/messages';

export interface Following {
  /**
   * Follow `tabId` from now on (the same port, told the new tab). `seen`: the tab's version the
   * view shows (getView's answer); a change since is told at once.
   */
  follow(tabId: number, seen?: number): void;
  stop(): void;
}

/** `onChange` runs when the followed tab changed, and after a reconnection (changes may have been missed). */
export function followTabs(onChange: () => void): Following {
  let port: ReturnType<typeof browser.runtime.connect> | null = null;
  let tabId: number | null = null;
  let stopped = false;
  let connectedAt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    connectedAt = Date.now();
    try {
      port = browser.runtime.connect({ name: FOLLOW_PORT });
    } catch {
      // The extension is being reloaded or removed: the view keeps what it shows.
      port = null;
      return;
    }
    port.onMessage.addListener(() => onChange());
    port.onDisconnect.addListener(() => {
      port = null;
      if (stopped) return;
      reconnectTimer = setTimeout(
        () => {
          if (stopped || tabId === null) return;
          connect();
          tell();
          onChange();
        },
        Math.max(0, connectedAt + 1000 - Date.now()),
      );
    });
  };
  const tell = (seen?: number) => {
    if (port && tabId !== null) port.postMessage((seen === undefined ? { type: 'follow', tabId } : { type: 'follow', tabId, seen }) satisfies FollowMessage);
  };

  return {
    follow(next, seen) {
      tabId = next;
      if (!port) connect();
      tell(seen);
    },
    stop() {
      stopped = true;
      clearTimeout(reconnectTimer);
      port?.disconnect();
      port = null;
    },
  };
}
