/**
 * Holds the monitor's state (lib/monitor) in memory and mirrors it to `storage.session`, so
 * observations survive the MV3 worker being stopped. Events that arrive before the stored state
 * is read back are queued and applied after it, in order. The listeners never wait for storage.
 *
 * The reducer marks the tabs an event changed (`state.dirty`); only those are touched after it:
 * their badge, their followers (open popups) and, once they are quiet, their storage key. The work per
 * event and per save depends on the tabs that changed, not on how many are open.
 */
import { browser, type Browser } from 'wxt/browser';
import { apply } from '@/lib/monitor/apply';
import type { MonitorEvent, TabInfoEvent } from '@/lib/monitor/events';
import { deserialise, LEGACY_STORAGE_KEY, serialiseTab, tabIdOfStorageKey, tabStorageKey } from '@/lib/monitor/persist';
import { trackingCount } from '@/lib/monitor/report';
import type { PageRecord } from '@/lib/monitor/state';
import { createMonitorState, type MonitorState, type TabRecord } from '@/lib/monitor/state';

/**
 * A save waits until the tabs have been quiet this long, and at most SAVE_AT_MOST_MS while they
 * keep changing: serialising a busy tab costs more than a page's worth of requests, and Chrome
 * stops a worker only after 30 s without events, and never while events keep coming.
 */
const SAVE_QUIET_MS = 1500;
const SAVE_AT_MOST_MS = 20_000;
/** The badge and open popups follow the page closely. */
const BADGE_DELAY_MS = 200;
/**
 * What all tabs together may take in `storage.session`, well inside Chrome's 10 MB quota
 * (`QUOTA_BYTES`), which the extension shares with nothing else but must never reach.
 */
const SESSION_BUDGET_BYTES = 4 * 1024 * 1024;
/** One tab's share at most, however few tabs are open: what a busy news page needs. */
const MAX_TAB_BYTES = 64 * 1024;
const MIN_TAB_BYTES = 16 * 1024;

// MV3 calls it `action`, MV2 (our Firefox build) `browserAction`.
const action = browser.action ?? browser.browserAction;

/** Firefox names the tab's store; Chrome's are '0' and '1' (incognito), as getAllCookieStores lists them. */
export function tabInfoOf(tab: Browser.tabs.Tab & { cookieStoreId?: string }): TabInfoEvent | null {
  if (tab.id === undefined) return null;
  const storeId = tab.cookieStoreId ?? (import.meta.env.BROWSER === 'firefox' ? null : tab.incognito ? '1' : '0');
  return { kind: 'tabInfo', tabId: tab.id, incognito: tab.incognito, storeId };
}

export class MonitorStore {
  private state: MonitorState = createMonitorState();
  private queue: MonitorEvent[] | null = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the last change came, and since when changes wait for a save. */
  private lastChangeAt = 0;
  private unsavedSince = 0;
  private badgeTimer: ReturnType<typeof setTimeout> | undefined;
  /** The badge text last set per tab, so unchanged badges cost no call. */
  private badges = new Map<number, string>();
  /** Tabs changed since their last save, and keys of closed tabs to remove. */
  private unsaved = new Set<number>();
  private closed = new Set<number>();
  /** Length of each tab's stored JSON, and their sum: what the store holds, without asking it. */
  private storedBytes = new Map<number, number>();
  private storedTotal = 0;
  /** Saves that failed or would have exceeded the quota, per tab: shown in the popup. */
  private failures = new Map<number, number>();
  /** Tabs whose store and privacy are being asked for. */
  private askingInfo = new Set<number>();
  /** Called with the ids of tabs whose state changed, at most every BADGE_DELAY_MS. */
  private followers = new Set<(tabIds: ReadonlySet<number>) => void>();
  /** Per tab, how many times its followers were told it changed. */
  private versions = new Map<number, number>();
  readonly ready: Promise<void>;

  /**
   * @param onTracking called with each page of a normal (not private) window that has tracking
   *   third parties, when it changed, for the trackers learned on this browser.
   */
  constructor(private readonly onTracking: (page: PageRecord) => void = () => {}) {
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
    this.applyNow(event);
  }

  private applyNow(event: MonitorEvent): void {
    if (event.kind === 'tabClosed') this.forget(event.tabId);
    else if (event.kind === 'tabReplaced') this.forget(event.removedTabId);
    // A new document starts with the browser's default badge; ours is set again.
    else if (event.kind === 'navigation') this.badges.delete(event.tabId);
    apply(this.state, event);
    if (event.kind === 'navigation' && this.state.tabs.get(event.tabId)?.incognito === null) void this.askTabInfo(event.tabId);
    if (this.state.dirty.size > 0 || this.closed.size > 0) this.schedule();
  }

  async tab(tabId: number): Promise<TabRecord | undefined> {
    await this.ready;
    return this.state.tabs.get(tabId);
  }

  /** Saves of the tab's state that failed or were refused for the quota. */
  failedSaves(tabId: number): number {
    return this.failures.get(tabId) ?? 0;
  }

  /** Be told which tabs changed; returns the unsubscribe function. */
  follow(listener: (tabIds: ReadonlySet<number>) => void): () => void {
    this.followers.add(listener);
    return () => this.followers.delete(listener);
  }

  /**
   * How many times the tab's followers were told it changed: a popup that starts following
   * after reading the tab at version n missed a change when this is past n.
   */
  version(tabId: number): number {
    return this.versions.get(tabId) ?? 0;
  }

  /** Whether the tab changed and its followers are not told yet (they are, within BADGE_DELAY_MS). */
  pending(tabId: number): boolean {
    return this.state.dirty.has(tabId);
  }

  private forget(tabId: number): void {
    this.closed.add(tabId);
    this.unsaved.delete(tabId);
    this.failures.delete(tabId);
    this.badges.delete(tabId);
    this.versions.delete(tabId);
  }

  private async restore(): Promise<void> {
    let legacy = false;
    try {
      const items = await browser.storage.session.get(null);
      legacy = LEGACY_STORAGE_KEY in items;
      this.state = deserialise(items);
      for (const key of Object.keys(items)) {
        const tabId = tabIdOfStorageKey(key);
        const value = items[key];
        if (tabId !== null && typeof value === 'string') this.noteStored(tabId, value.length);
      }
    } catch (error) {
      // An unavailable or damaged session store must not stop the worker: start empty.
      console.warn('Cookie Audit: could not restore tab state', error);
    }
    await this.reconcileTabs();
    if (legacy) {
      // Versions 1 and 2 kept all tabs under one key: write them the new way, once.
      for (const tabId of this.state.tabs.keys()) this.unsaved.add(tabId);
      await browser.storage.session.remove(LEGACY_STORAGE_KEY).catch(() => {});
    }
    const queued = this.queue ?? [];
    this.queue = null;
    for (const event of queued) this.applyNow(event);
    if (this.state.dirty.size > 0 || this.unsaved.size > 0 || this.closed.size > 0) this.schedule();
  }

  /**
   * Match the restored state with the tabs open now: records of tabs closed meanwhile are
   * dropped, with their keys; tabs opened before the extension started (install, update,
   * browser start) get a page record for what they show; every tab's store and privacy is known.
   */
  private async reconcileTabs(): Promise<void> {
    let tabs: Browser.tabs.Tab[];
    try {
      tabs = await browser.tabs.query({});
    } catch {
      return;
    }
    const open = new Set<number>();
    const now = Date.now();
    for (const tab of tabs) {
      if (tab.id === undefined) continue;
      open.add(tab.id);
      if (tab.url && !this.state.tabs.has(tab.id)) {
        apply(this.state, { kind: 'navigation', tabId: tab.id, url: tab.url, documentId: null, documentLifecycle: null, timeStamp: now });
      }
      const info = tabInfoOf(tab);
      if (info) apply(this.state, info);
    }
    for (const tabId of [...this.state.tabs.keys()]) {
      if (open.has(tabId)) continue;
      apply(this.state, { kind: 'tabClosed', tabId });
      this.forget(tabId);
    }
    for (const tabId of this.storedBytes.keys()) if (!open.has(tabId)) this.forget(tabId);
  }

  /** A tab seen before the tabs API told its store (created while the worker slept). */
  private async askTabInfo(tabId: number): Promise<void> {
    if (this.askingInfo.has(tabId)) return;
    this.askingInfo.add(tabId);
    try {
      const info = tabInfoOf(await browser.tabs.get(tabId));
      if (info) this.apply(info);
    } catch {
      // Closed meanwhile: its tabClosed event follows.
    } finally {
      this.askingInfo.delete(tabId);
    }
  }

  private schedule(): void {
    const now = Date.now();
    this.lastChangeAt = now;
    if (this.badgeTimer === undefined) {
      this.badgeTimer = setTimeout(() => {
        this.badgeTimer = undefined;
        this.takeDirty();
      }, BADGE_DELAY_MS);
    }
    if (this.flushTimer !== undefined) return;
    this.unsavedSince = now;
    this.armSave(SAVE_QUIET_MS);
  }

  /** One timer, re-armed rather than reset per event: events stay cheap. */
  private armSave(delay: number): void {
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const now = Date.now();
      const quietFor = now - this.lastChangeAt;
      const waitedFor = now - this.unsavedSince;
      if (quietFor < SAVE_QUIET_MS && waitedFor < SAVE_AT_MOST_MS) {
        this.armSave(Math.min(SAVE_QUIET_MS - quietFor, SAVE_AT_MOST_MS - waitedFor));
        return;
      }
      // Changes of the last BADGE_DELAY_MS are saved too.
      this.takeDirty();
      void this.save();
    }, delay);
  }

  /** The tabs changed since last time: their badges, learned sightings and followers. */
  private takeDirty(): void {
    const dirty = this.state.dirty;
    if (dirty.size === 0) return;
    this.state.dirty = new Set();
    for (const tabId of dirty) {
      const tab = this.state.tabs.get(tabId);
      if (tab === undefined) continue;
      this.versions.set(tabId, this.version(tabId) + 1);
      this.unsaved.add(tabId);
      const count = trackingCount(tab.page);
      // Private windows leave nothing behind: their trackers are never learned. A tab whose
      // privacy is not known yet waits for it (its next change records the sighting).
      if (count > 0 && tab.incognito === false) this.onTracking(tab.page);
      this.setBadge(tabId, count > 0 ? String(count) : '');
    }
    for (const follower of this.followers) follower(dirty);
  }

  /** The toolbar badge: how many third parties track on the tab's page; empty for none. */
  private setBadge(tabId: number, text: string): void {
    if (this.badges.get(tabId) === text) return;
    this.badges.set(tabId, text);
    action.setBadgeText({ tabId, text }).catch(() => this.badges.delete(tabId));
  }

  private noteStored(tabId: number, bytes: number): void {
    this.storedTotal += bytes - (this.storedBytes.get(tabId) ?? 0);
    if (bytes === 0) this.storedBytes.delete(tabId);
    else this.storedBytes.set(tabId, bytes);
  }

  private fail(tabId: number, why: unknown): void {
    this.failures.set(tabId, (this.failures.get(tabId) ?? 0) + 1);
    console.warn(`Cookie Audit: could not save the state of tab ${tabId}`, why);
  }

  /** Write the changed tabs, each under its key and within its share; remove closed tabs' keys. */
  private async save(): Promise<void> {
    const closed = [...this.closed];
    this.closed.clear();
    if (closed.length > 0) {
      for (const tabId of closed) this.noteStored(tabId, 0);
      await browser.storage.session.remove(closed.map(tabStorageKey)).catch((error: unknown) => console.warn('Cookie Audit: could not remove closed tabs', error));
    }
    // Below MIN_TAB_BYTES a tab says too little to be worth keeping; then the total budget decides.
    const budget = Math.max(MIN_TAB_BYTES, Math.min(MAX_TAB_BYTES, Math.floor(SESSION_BUDGET_BYTES / Math.max(1, this.state.tabs.size))));
    const writes: Promise<void>[] = [];
    for (const tabId of this.unsaved) {
      const tab = this.state.tabs.get(tabId);
      if (tab === undefined) continue;
      const { json } = serialiseTab(tab, budget);
      // Beyond the whole budget (thousands of tabs), a write would only crowd out the others.
      if (this.storedTotal - (this.storedBytes.get(tabId) ?? 0) + json.length > SESSION_BUDGET_BYTES) {
        this.fail(tabId, 'storage.session budget reached');
        continue;
      }
      writes.push(
        browser.storage.session.set({ [tabStorageKey(tabId)]: json }).then(
          () => this.noteStored(tabId, json.length),
          (error: unknown) => this.fail(tabId, error),
        ),
      );
    }
    this.unsaved.clear();
    await Promise.all(writes);
  }
}
