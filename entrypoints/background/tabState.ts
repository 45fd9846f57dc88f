/**
 * Holds the per-tab state in memory and mirrors it to `storage.session`, so observations survive
 * the MV3 worker being stopped. Events that arrive before the stored state is read back are
 * queued and applied after it, in order. Writes are debounced: the webRequest path never waits
 * for storage and never writes per request.
 */
import { browser } from 'wxt/browser';
import { applyTabEvent, createTabsState, type TabEvent, type TabsState } from '@/lib/state/tabs';
import { deserialiseTabs, serialiseTabs, TABS_STORAGE_KEY } from '@/lib/state/persist';

const FLUSH_DELAY_MS = 300;

export class TabStateStore {
  private state: TabsState = createTabsState();
  private pending: TabEvent[] | null = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  readonly ready: Promise<void>;

  constructor() {
    this.ready = this.restore();
  }

  /** Apply an event now, or queue it until the stored state is back. Synchronous. */
  apply(event: TabEvent): void {
    if (this.pending) {
      this.pending.push(event);
      return;
    }
    if (applyTabEvent(this.state, event)) this.scheduleFlush();
  }

  async get(tabId: number) {
    await this.ready;
    return this.state.get(tabId);
  }

  private async restore(): Promise<void> {
    try {
      const stored = await browser.storage.session.get(TABS_STORAGE_KEY);
      this.state = deserialiseTabs(stored[TABS_STORAGE_KEY]);
    } catch (error) {
      // A damaged or unavailable session store must not stop the worker: start empty.
      console.warn('Cookie Audit: could not restore tab state', error);
    }
    const queued = this.pending ?? [];
    this.pending = null;
    let changed = false;
    for (const event of queued) changed = applyTabEvent(this.state, event) || changed;
    if (changed) this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      browser.storage.session
        .set({ [TABS_STORAGE_KEY]: serialiseTabs(this.state) })
        .catch((error: unknown) => console.warn('Cookie Audit: could not save tab state', error));
    }, FLUSH_DELAY_MS);
  }
}
