/**
 * The side panel's tab (entrypoints/sidepanel/activeTab.ts) against the browser's tabs faked: the
 * active tab of its own window, switched with that window's tab activations only, never by a
 * late answer to an older question.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { activeTabOf } from '../../../entrypoints/sidepanel/activeTab';

const PANEL_WINDOW = 3;
const OTHER_WINDOW = 4;

/** tabs.onReplaced, which the fake browser lacks: listeners kept, triggered by the test. */
function fakeEvent<A extends unknown[]>() {
  const listeners = new Set<(...args: A) => void>();
  return {
    addListener: (l: (...args: A) => void) => listeners.add(l),
    removeListener: (l: (...args: A) => void) => listeners.delete(l),
    trigger: (...args: A) => listeners.forEach((l) => l(...args)),
  };
}
let onReplaced: ReturnType<typeof fakeEvent<[number, number]>>;

let shown: (number | null)[];
const show = (tabId: number | null) => shown.push(tabId);
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  fakeBrowser.reset();
  shown = [];
  onReplaced = fakeEvent();
  (fakeBrowser.tabs as unknown as { onReplaced: typeof onReplaced }).onReplaced = onReplaced;
  vi.spyOn(fakeBrowser.windows, 'getCurrent').mockResolvedValue({ id: PANEL_WINDOW } as never);
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation((async (query: { windowId?: number; active?: boolean }) =>
    query.active && query.windowId === PANEL_WINDOW ? [{ id: 11, windowId: PANEL_WINDOW, active: true }] : []) as never);
});

describe('the side panel’s tab', () => {
  it('is the active tab of the panel’s own window', async () => {
    activeTabOf(null)(show);
    await settle();
    expect(shown).toEqual([11]);
    expect(fakeBrowser.tabs.query).toHaveBeenCalledWith({ active: true, windowId: PANEL_WINDOW });
  });

  it('is the active tab of the window it was given, when opened as a page for another window', async () => {
    activeTabOf(OTHER_WINDOW)(show);
    await settle();
    expect(fakeBrowser.windows.getCurrent).not.toHaveBeenCalled();
    expect(fakeBrowser.tabs.query).toHaveBeenCalledWith({ active: true, windowId: OTHER_WINDOW });
    expect(shown).toEqual([null]);
  });

  it('follows tab switches in its window, and ignores other windows', async () => {
    activeTabOf(null)(show);
    await settle();
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 12, windowId: PANEL_WINDOW } as never);
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 40, windowId: OTHER_WINDOW } as never);
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 11, windowId: PANEL_WINDOW } as never);
    expect(shown).toEqual([11, 12, 11]);
  });

  it('drops the answer to its first question when the user switched tabs meanwhile', async () => {
    let answer!: (tabs: unknown[]) => void;
    vi.mocked(fakeBrowser.tabs.query).mockImplementationOnce((() => new Promise((resolve) => (answer = resolve))) as never);
    activeTabOf(null)(show);
    await settle();
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 12, windowId: PANEL_WINDOW } as never);
    answer([{ id: 11, windowId: PANEL_WINDOW, active: true }]);
    await settle();
    expect(shown).toEqual([12]);
  });

  it('asks again when the browser swaps a tab for another (a prerendered page)', async () => {
    activeTabOf(null)(show);
    await settle();
    vi.mocked(fakeBrowser.tabs.query).mockResolvedValue([{ id: 21, windowId: PANEL_WINDOW, active: true }] as never);
    onReplaced.trigger(21, 11);
    await settle();
    expect(shown).toEqual([11, 21]);
  });

  it('shows nothing when its window is gone', async () => {
    vi.mocked(fakeBrowser.windows.getCurrent).mockRejectedValue(new Error('No window with id: 3.'));
    activeTabOf(null)(show);
    await settle();
    expect(shown).toEqual([null]);
  });

  it('stops following when stopped', async () => {
    const stop = activeTabOf(null)(show);
    stop();
    await settle();
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 12, windowId: PANEL_WINDOW } as never);
    onReplaced.trigger(21, 11);
    await settle();
    expect(shown).toEqual([]);
  });
});
