/**
 * The popup's views kept built in the background (entrypoints/background/views.ts): a popup
 * opening on an active tab gets its view without a build, never one of an earlier page, and
 * learns when the tab changed since; active tabs are rebuilt once quiet, inactive ones never.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_VIEWS, ViewCache, WARM_AT_MOST_MS, WARM_QUIET_MS, type BuiltView } from '../../../entrypoints/background/views';

/** A background whose builds answer when the test says so, numbered in order. */
function background() {
  const pages = new Map<number, number | null>();
  let active: number[] = [];
  const pending: { tabId: number; resolve: (view: BuiltView) => void }[] = [];
  let count = 0;
  const build = vi.fn(
    (tabId: number) =>
      new Promise<BuiltView>((resolve) => {
        const n = ++count;
        pending.push({ tabId, resolve: () => resolve({ json: `view ${n} of tab ${tabId}`, page: pages.get(tabId) ?? null }) });
      }),
  );
  // The monitor's told changes per tab, and the tabs it changed without telling yet.
  const versions = new Map<number, number>();
  const untold = new Set<number>();
  const cache = new ViewCache({
    build,
    pageOf: async (tabId) => pages.get(tabId) ?? null,
    activeTabs: async () => active,
    version: (tabId) => versions.get(tabId) ?? 0,
    pending: (tabId) => untold.has(tabId),
  });
  /** The monitor tells its followers (the cache among them) what changed. */
  const tell = (tabId: number) => {
    untold.delete(tabId);
    versions.set(tabId, (versions.get(tabId) ?? 0) + 1);
    cache.tabsChanged(new Set([tabId]));
  };
  /** Let every build under way finish. */
  const finish = async () => {
    while (pending.length > 0) pending.shift()!.resolve(undefined as never);
    await vi.advanceTimersByTimeAsync(0);
  };
  return { cache, build, pages, finish, untold, tell, setActive: (tabs: number[]) => (active = tabs) };
}

/** `get` with the builds it waits for finished. */
async function answer(bg: ReturnType<typeof background>, tabId: number, fresh = false) {
  const reply = bg.cache.get(tabId, fresh);
  await vi.advanceTimersByTimeAsync(0);
  await bg.finish();
  return reply;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ViewCache: a popup opening', () => {
  it('gets the kept view without a build while the tab has not changed', async () => {
    const bg = background();
    expect(await answer(bg, 1)).toMatchObject({ view: 'view 1 of tab 1', stale: false });
    expect(await answer(bg, 1)).toMatchObject({ view: 'view 1 of tab 1', stale: false });
    expect(bg.build).toHaveBeenCalledTimes(1);
  });

  it('gets the kept view at once, marked stale, after the tab changed; the fresh build it then asks for is the one already started', async () => {
    const bg = background();
    await answer(bg, 1);
    bg.cache.tabsChanged(new Set([1]));
    const kept = await bg.cache.get(1, false);
    expect(kept).toMatchObject({ view: 'view 1 of tab 1', stale: true });
    expect(bg.build).toHaveBeenCalledTimes(2);
    expect(await answer(bg, 1, true)).toMatchObject({ view: 'view 2 of tab 1', stale: false });
    expect(bg.build).toHaveBeenCalledTimes(2);
    expect(await answer(bg, 1)).toMatchObject({ view: 'view 2 of tab 1', stale: false });
  });

  it('with fresh, gets the kept view when the tab has not changed since it was built, without a build', async () => {
    const bg = background();
    await answer(bg, 1);
    expect(await answer(bg, 1, true)).toMatchObject({ view: 'view 1 of tab 1', stale: false });
    expect(bg.build).toHaveBeenCalledTimes(1);
    bg.cache.invalidate(1);
    expect(await answer(bg, 1, true)).toMatchObject({ view: 'view 2 of tab 1', stale: false });
  });

  it('never gets the view of an earlier page of the tab', async () => {
    const bg = background();
    bg.pages.set(1, 1000);
    await answer(bg, 1);
    bg.pages.set(1, 2000);
    expect(await answer(bg, 1)).toMatchObject({ view: 'view 2 of tab 1', stale: false });
    bg.pages.set(1, 3000);
    expect(await answer(bg, 1, true)).toMatchObject({ view: 'view 3 of tab 1', stale: false });
  });

  it('with fresh, gets a build started after the last change, not one started before it', async () => {
    const bg = background();
    const first = bg.cache.get(1, true);
    bg.cache.tabsChanged(new Set([1]));
    await vi.advanceTimersByTimeAsync(0);
    const second = bg.cache.get(1, true);
    await vi.advanceTimersByTimeAsync(0);
    await bg.finish();
    expect(await first).toMatchObject({ view: 'view 1 of tab 1', stale: false });
    expect(await second).toMatchObject({ view: 'view 2 of tab 1', stale: false });
    expect(await answer(bg, 1)).toMatchObject({ view: 'view 2 of tab 1', stale: false });
  });

  it('marks a view stale when the tab changed while it was being built', async () => {
    const bg = background();
    const reply = bg.cache.get(1, false);
    await vi.advanceTimersByTimeAsync(0);
    bg.cache.tabsChanged(new Set([1]));
    await bg.finish();
    expect(await reply).toMatchObject({ view: 'view 1 of tab 1', stale: false });
    expect(await bg.cache.get(1, false)).toMatchObject({ view: 'view 1 of tab 1', stale: true });
  });

  it('takes a change the monitor applied but has not told yet as a change: the kept view is stale, a fresh one built', async () => {
    const bg = background();
    await answer(bg, 1);
    bg.untold.add(1);
    expect(await bg.cache.get(1, false)).toMatchObject({ view: 'view 1 of tab 1', stale: true });
    expect(bg.build).toHaveBeenCalledTimes(2);
    expect(await answer(bg, 1, true)).toMatchObject({ view: 'view 2 of tab 1', stale: false });
  });

  it('answers the version of the tab the view was built at, for the popup to follow it from', async () => {
    const bg = background();
    bg.tell(1);
    expect(await answer(bg, 1)).toEqual({ view: 'view 1 of tab 1', stale: false, version: 1 });
    // Told while the next build is under way: that build is of version 2, behind the tab's 3.
    bg.tell(1);
    const reply = bg.cache.get(1, true);
    await vi.advanceTimersByTimeAsync(0);
    bg.tell(1);
    await bg.finish();
    expect(await reply).toEqual({ view: 'view 2 of tab 1', stale: false, version: 2 });
    expect(await bg.cache.get(1, false)).toEqual({ view: 'view 2 of tab 1', stale: true, version: 2 });
    expect(await answer(bg, 1, true)).toEqual({ view: 'view 3 of tab 1', stale: false, version: 3 });
  });

  it(`keeps the views of the ${MAX_VIEWS} tabs used last`, async () => {
    const bg = background();
    for (let tab = 1; tab <= MAX_VIEWS + 1; tab++) await answer(bg, tab);
    expect(bg.build).toHaveBeenCalledTimes(MAX_VIEWS + 1);
    await answer(bg, MAX_VIEWS + 1);
    await answer(bg, 2);
    expect(bg.build).toHaveBeenCalledTimes(MAX_VIEWS + 1);
    await answer(bg, 1);
    expect(bg.build).toHaveBeenCalledTimes(MAX_VIEWS + 2);
  });
});

describe('ViewCache: kept warm', () => {
  it('builds the changed active tabs once their changes are quiet, and no other tab', async () => {
    const bg = background();
    // Tab 3 is active in another window, unchanged; tab 2 changed in the background.
    bg.setActive([1, 3]);
    bg.cache.tabsChanged(new Set([1, 2]));
    await vi.advanceTimersByTimeAsync(WARM_QUIET_MS - 10);
    expect(bg.build).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    expect(bg.build.mock.calls).toEqual([[1]]);
    await bg.finish();
    expect(await bg.cache.get(1, false)).toMatchObject({ view: 'view 1 of tab 1', stale: false });
    expect(bg.build).toHaveBeenCalledTimes(1);
  });

  it(`builds a tab that never goes quiet every ${WARM_AT_MOST_MS / 1000} s at most`, async () => {
    const bg = background();
    bg.setActive([1]);
    for (let t = 0; t < WARM_AT_MOST_MS + 1000; t += 200) {
      bg.cache.tabsChanged(new Set([1]));
      await vi.advanceTimersByTimeAsync(200);
      await bg.finish();
    }
    expect(bg.build).toHaveBeenCalledTimes(1);
  });

  it('builds a tab that becomes active unless its kept view is current', async () => {
    const bg = background();
    bg.cache.activated(3);
    expect(bg.build).toHaveBeenCalledTimes(1);
    await bg.finish();
    bg.cache.activated(3);
    expect(bg.build).toHaveBeenCalledTimes(1);
    bg.cache.tabsChanged(new Set([3]));
    bg.cache.activated(3);
    expect(bg.build).toHaveBeenCalledTimes(2);
  });

  it('forgets a closed tab', async () => {
    const bg = background();
    await answer(bg, 4);
    bg.cache.forget(4);
    await answer(bg, 4);
    expect(bg.build).toHaveBeenCalledTimes(2);
  });
});
