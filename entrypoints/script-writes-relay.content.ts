/**
 * In our isolated world, beside the page-world recorder (script-writes.content.ts): takes the
 * port it hands over at document_start, and relays the page's cookie writes to the background in
 * checked, capped batches, at most four messages a second (lib/scripts/relay.ts). What it
 * relays is the page's claim; the background shows it as such.
 *
 * It also answers the background when one of Cookie Audit's pages asks what this frame keeps in
 * web storage, or to delete some of it (lib/storage/frame.ts): it runs in every frame, about:blank
 * and srcdoc ones included, and shares its frame's storage.
 */
import { SCRIPT_WRITES_MESSAGE, type ScriptWritesMessage } from '@/lib/scripts/claims';
import { WriteRelay } from '@/lib/scripts/relay';
import { HELLO_EVENT, PORT_EVENT } from '@/lib/scripts/writes';
import { answerRequest, type DatabaseDeletion, type FrameAccess } from '@/lib/storage/frame';

/** How long listing IndexedDB databases may take before the frame answers without them. */
const LIST_DATABASES_MS = 1000;

/** This frame's storage, for lib/storage/frame.ts; each part may throw (an opaque origin has none). */
function frameAccess(): FrameAccess {
  return {
    // Not location.origin: an about:blank or srcdoc frame has its creator's origin, and its storage.
    origin: self.origin,
    url: location.href,
    area: (area) => (area === 'local' ? localStorage : sessionStorage),
    databases: () => {
      const factory = indexedDB;
      if (typeof factory?.databases !== 'function') return null;
      return {
        list: () => Promise.race([factory.databases(), new Promise((resolve) => setTimeout(() => resolve(null), LIST_DATABASES_MS))]),
        delete: (name) =>
          new Promise<DatabaseDeletion>((resolve) => {
            const request = factory.deleteDatabase(name);
            request.onsuccess = () => resolve('deleted');
            request.onerror = () => resolve('failed');
            // The page holds a connection open: the database goes when the page lets it go.
            request.onblocked = () => resolve('pending');
          }),
      };
    },
  };
}
import { ConsentRelay, isConsentHandOver } from '@/lib/consent/relay';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  matchOriginAsFallback: true,
  // No `wxt:content-script-started` message posted into the page.
  noScriptStartedPostMessage: true,
  main() {
    // The browser's own API, not the polyfill: this script is in every frame of every page.
    const runtime = ((globalThis as { browser?: typeof chrome }).browser ?? chrome).runtime;
    const relay = new WriteRelay(
      ({ writes, dropped }) => {
        const message: ScriptWritesMessage = { type: SCRIPT_WRITES_MESSAGE, writes, dropped };
        // The background may be restarting, or the extension updated: the writes are lost, nothing breaks.
        runtime.sendMessage(message).catch(() => {});
      },
      Date.now,
      (run, ms) => setTimeout(run, ms),
    );
    // The top frame's consent signals (lib/consent/watch.ts) come on the same port, as their own message.
    const consent = new ConsentRelay(
      (message) => runtime.sendMessage(message).catch(() => {}),
      Date.now,
      (run, ms) => setTimeout(run, ms),
    );
    let connected = false;
    const onPort = (event: Event) => {
      const port = (event as MessageEvent).ports?.[0];
      if (connected || !port) return;
      connected = true;
      event.preventDefault();
      window.removeEventListener(PORT_EVENT, onPort, true);
      port.onmessage = (message) => (isConsentHandOver(message.data) ? consent.receive(message.data) : relay.receive(message.data));
    };
    window.addEventListener(PORT_EVENT, onPort, true);
    if (!connected) window.dispatchEvent(new CustomEvent(HELLO_EVENT));
    // Writes made while the page unloads still reach the background.
    window.addEventListener(
      'pagehide',
      () => {
        relay.flush();
        consent.flush();
      },
      true,
    );

    // Only Cookie Audit (its background) can message its content scripts; pages and other extensions cannot.
    runtime.onMessage.addListener((message: unknown, sender: chrome.runtime.MessageSender, sendResponse: (answer: unknown) => void) => {
      if (sender.id !== runtime.id) return undefined;
      const answer = answerRequest(message, frameAccess);
      if (answer === null) return undefined;
      answer.then(sendResponse, () => sendResponse(null));
      // The answer comes later (IndexedDB is asynchronous): keep the channel open.
      return true;
    });
  },
});
