/**
 * Holds the monitor's state (lib/monitor) in memory and mirrors it to `storage.session`, so
 * observations survive the MV3 worker being stopped. Events that arrive before the stored state
 * is read back are queued and applied after it, in order. The listeners never wait for storage:
 * a change schedules one debounced write, and one badge refresh.
 */
import { browser } from 'wxt/browser';
import { apply, type ApplyContext } from '@/lib/monitor/apply';
import type { MonitorEvent } from '@/lib/monitor/events';
import { deserialise, MONITOR_STORAGE_KEY, serialise } from '@/lib/monitor/persist';
import { trackingCount } from '@/lib/monitor/report';
import type { PageRecord } from '@/lib/monitor/state';
import { createMonitorState, type MonitorState, type TabRecord } from '@/lib/monitor/state';

/**
 * At most one storage write per second: serialising the state costs more than a page's worth
 * of requests, and Chrome stops an idle worker only after 30 s, long after the last write.
 */
const FLUSH_DELAY_MS = 1000;
/** The badge follows the page closely. */
const BADGE_DELAY_MS = 200;

// MV3 calls it `action`, MV2 (our Firefox build) `browserAction`.
const action = browser.action ?? browser.browserAction;

export class MonitorStore {
  private state: MonitorState = createMonitorState();
  private queue: MonitorEvent[] | null = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private badgeTimer: ReturnType<typeof setTimeout> | undefined;
  /** The badge text last set per tab, so unchanged badges cost no call. */
  private badges = new Map<number, string>();
  readonly ready: Promise<void>;

  /**
   * @param onTracking called with each page that has tracking third parties, at most every
   *   BADGE_DELAY_MS while events arrive, for the trackers learned on this browser.
   */
  constructor(
    private readonly onTracking: (page: PageRecord) => void = () => {},
    private readonly context: ApplyContext = {},
  ) {
    this.ready = this.restore();
    // The badge counts trackers: the warning colour of the popup's "Tracking" marks.
    action.setBadgeBackgroundColor({ color: '#b42318' }).catch(() => {});
  }

  /** Apply an event now, or queue it until the stored state is back. Synchronous. */
  apply(event: MonitorEvent): void {
    if (this.queue) {
      this.queue.push(event);
      return;
    }
    if (apply(this.state, event, this.context)) this.scheduleFlush();
  }

  async tab(tabId: number): Promise<TabRecord | undefined> {
    await this.ready;
    return this.state.tabs.get(tabId);
  }

  private async restore(): Promise<void> {
    try {
      const stored = await browser.storage.session.get(MONITOR_STORAGE_KEY);
      this.state = deserialise(stored[MONITOR_STORAGE_KEY]);
    } catch (error) {
      // An unavailable or damaged session store must not stop the worker: start empty.
      console.warn('Cookie Audit: could not restore tab state', error);
    }
    await this.adoptOpenTabs();
    const queued = this.queue ?? [];
    this.queue = null;
    let changed = false;
    for (const event of queued) changed = apply(this.state, event, this.context) || changed;
    if (changed) this.scheduleFlush();
  }

  /**
   * Tabs opened before the extension started (install, update, browser start) get a page
   * record for what they show, so their later requests are counted for the right page.
   */
  private async adoptOpenTabs(): Promise<void> {
    let tabs: { id?: number; url?: string }[] = [];
    try {
      tabs = await browser.tabs.query({});
    } catch {
      return;
    }
    const now = Date.now();
    for (const tab of tabs) {
      if (tab.id === undefined || !tab.url || this.state.tabs.has(tab.id)) continue;
      apply(this.state, { kind: 'navigation', tabId: tab.id, url: tab.url, documentId: null, documentLifecycle: null, timeStamp: now });
    }
  }

  private scheduleFlush(): void {
    if (this.badgeTimer === undefined) {
      this.badgeTimer = setTimeout(() => {
        this.badgeTimer = undefined;
        this.refreshBadges();
      }, BADGE_DELAY_MS);
    }
    if (this.flushTimer !== undefined) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      browser.storage.session
        .set({ [MONITOR_STORAGE_KEY]: serialise(this.state) })
        .catch((error: unknown) => console.warn('Cookie Audit: could not save tab state', error));
    }, FLUSH_DELAY_MS);
  }

  /** The toolbar badge: how many third parties track on the tab's page; empty for none. */
  private refreshBadges(): void {
    for (const [tabId, tab] of this.state.tabs) {
      const count = trackingCount(tab.page);
      const text = count > 0 ? String(count) : '';
      // Every refresh, not only when the count changes: a tracker can replace another at the
      // same count. Recording a known sighting again costs microseconds and changes nothing.
      if (count > 0) this.onTracking(tab.page);
      if (this.badges.get(tabId) === text) continue;
      this.badges.set(tabId, text);
      action.setBadgeText({ tabId, text }).catch(() => this.badges.delete(tabId));
    }
    for (const tabId of this.badges.keys()) if (!this.state.tabs.has(tabId)) this.badges.delete(tabId);
  }
}
