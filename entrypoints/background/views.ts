/**
 * The popup's view of a tab (lib/view.ts), kept built in memory for the next popup: opening it
 * then costs no cookie queries and no audit, only handing over a string. Building the view of a
 * 1,000-cookie tab takes the background a few hundred milliseconds on a slow machine, longer than
 * the whole popup may take.
 *
 * - The view of a tab is built when a popup asks for it, and for each active tab once its
 *   changes have been quiet for WARM_QUIET_MS (at most every WARM_AT_MOST_MS while it keeps
 *   changing), or when it becomes active: the tab a user can open the popup on.
 * - A change of the tab (the monitor's dirty tabs: its requests, its sites' cookies, a
 *   navigation) makes its view stale. A stale view of the same page is still answered at once,
 *   marked stale, and a fresh one is started; the popup shows the first and asks for the second.
 *   A view of an earlier page of the tab is never answered.
 * - A change the monitor has applied but not yet told its followers (it batches them, 200 ms)
 *   makes the kept view stale too: a popup opening in between must not take it as current.
 * - Each answer carries the monitor's count of the tab's told changes when its view's build
 *   started (`version`): a popup that starts following the tab after the answer learns from it
 *   whether it missed a change in between (entrypoints/background/follow.ts).
 * - Views hold no cookie values (`getValue` reads one when the user asks), so nothing kept here
 *   is secret. At most MAX_VIEWS tabs are kept, the least recently used dropped first.
 */

/** The built view and the page it is of (`PageRecord.startedAt`; null when the monitor has no record). */
export interface BuiltView {
  json: string;
  page: number | null;
}

/** A built view and the monitor's version of the tab when its build started. */
interface Kept extends BuiltView {
  version: number;
}

export interface ViewAnswer {
  view: string;
  stale: boolean;
  version: number;
}

interface Entry {
  view: Kept | null;
  /** Changes of the tab so far; a build is fresh if none came after it started. */
  changes: number;
  /** `changes` when the kept view's build started. */
  builtAt: number;
  /** A build under way and the `changes` it started at. */
  building: { at: number; done: Promise<Kept> } | null;
}

export const WARM_QUIET_MS = 1000;
export const WARM_AT_MOST_MS = 10_000;
export const MAX_VIEWS = 8;

export interface ViewSources {
  /** Build the tab's view now. */
  build(tabId: number): Promise<BuiltView>;
  /** The page the tab shows now, as `BuiltView.page` names it. */
  pageOf(tabId: number): Promise<number | null>;
  /** The active tab of each window. */
  activeTabs(): Promise<number[]>;
  /** The monitor's count of the tab's changes told to its followers (MonitorStore.version). */
  version(tabId: number): number;
  /** Whether the monitor changed the tab and has not told its followers yet. */
  pending(tabId: number): boolean;
}

export class ViewCache {
  /** In order of last use, the most recent last. */
  private entries = new Map<number, Entry>();
  /** Tabs changed since the last warming. */
  private changed = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastChangeAt = 0;
  private waitingSince = 0;

  constructor(private readonly sources: ViewSources) {}

  /**
   * The tab's view: the kept one when it is of the page on screen (`stale` when the tab changed
   * since; a fresh build is then under way), else a fresh build. With `fresh`, a view built after
   * the tab's last change: the kept one if it is, else the build under way or a new one.
   */
  async get(tabId: number, fresh: boolean): Promise<ViewAnswer> {
    const entry = this.entry(tabId);
    const kept = entry.view;
    if (kept && kept.page !== (await this.sources.pageOf(tabId))) {
      // Another page: the monitor's word of the navigation may still be on its way.
      this.invalidate(tabId);
    } else if (kept && !fresh && !this.current(tabId, entry)) {
      void this.refresh(tabId).catch(() => {});
      return { view: kept.json, stale: true, version: kept.version };
    }
    const view = await this.refresh(tabId);
    return { view: view.json, stale: false, version: view.version };
  }

  /** The tab changed: its kept view is stale, and a build under way may be too. */
  invalidate(tabId: number): void {
    const entry = this.entries.get(tabId);
    if (entry) entry.changes++;
  }

  /** Tabs whose state changed (the monitor's followers are told at most every 200 ms). */
  tabsChanged(tabIds: ReadonlySet<number>): void {
    for (const tabId of tabIds) {
      this.invalidate(tabId);
      this.changed.add(tabId);
    }
    const now = Date.now();
    this.lastChangeAt = now;
    if (this.timer !== undefined) return;
    this.waitingSince = now;
    this.arm(WARM_QUIET_MS);
  }

  /** A tab became active: the popup may be opened on it next. */
  activated(tabId: number): void {
    void this.refresh(tabId).catch(() => {});
  }

  forget(tabId: number): void {
    this.entries.delete(tabId);
    this.changed.delete(tabId);
  }

  private arm(delay: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const now = Date.now();
      const quietFor = now - this.lastChangeAt;
      const waitedFor = now - this.waitingSince;
      if (quietFor < WARM_QUIET_MS && waitedFor < WARM_AT_MOST_MS) {
        this.arm(Math.min(WARM_QUIET_MS - quietFor, WARM_AT_MOST_MS - waitedFor));
        return;
      }
      void this.warm();
    }, delay);
  }

  /** Build the views of the changed tabs that are active, one after another. */
  private async warm(): Promise<void> {
    const changed = this.changed;
    this.changed = new Set();
    let active: number[];
    try {
      active = await this.sources.activeTabs();
    } catch {
      return;
    }
    for (const tabId of active) {
      // One after another: the worker stays free for a popup's message in between.
      if (changed.has(tabId)) await this.refresh(tabId).catch(() => {});
    }
  }

  /** Whether the kept view was built after the tab's last change, told or not. */
  private current(tabId: number, entry: Entry): boolean {
    return entry.builtAt === entry.changes && !this.sources.pending(tabId);
  }

  /** A view built after the tab's last change: the kept one, the build under way, or a new one. */
  private refresh(tabId: number): Promise<Kept> {
    const entry = this.entry(tabId);
    if (entry.view && this.current(tabId, entry)) return Promise.resolve(entry.view);
    // A build under way started after the last told change. One untold yet may have come after
    // its start: once told, its version is behind, and the popup is told (follow.ts).
    if (entry.building && entry.building.at === entry.changes) return entry.building.done;
    const at = entry.changes;
    const version = this.sources.version(tabId);
    const done = this.sources.build(tabId).then((built): Kept => {
      const view = { ...built, version };
      // A later build may have finished first; the tab may have been closed meanwhile.
      if (this.entries.get(tabId) === entry && at >= entry.builtAt) {
        entry.view = view;
        entry.builtAt = at;
      }
      return view;
    });
    const building = { at, done };
    entry.building = building;
    const clear = () => {
      if (entry.building === building) entry.building = null;
    };
    done.then(clear, clear);
    return done;
  }

  /** The tab's entry, made the most recently used; the least recently used beyond MAX_VIEWS are dropped. */
  private entry(tabId: number): Entry {
    const entry = this.entries.get(tabId) ?? { view: null, changes: 0, builtAt: -1, building: null };
    this.entries.delete(tabId);
    this.entries.set(tabId, entry);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= MAX_VIEWS) break;
      this.entries.delete(oldest);
    }
    return entry;
  }
}
