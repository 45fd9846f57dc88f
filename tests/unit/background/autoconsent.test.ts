/**
 * Injecting autoconsent (entrypoints/background/autoconsent.ts): each opening of the popup asks
 * for it, but a frame runs the 350 KB script only once.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { injectAutoconsent } from '../../../entrypoints/background/autoconsent';

type Call = { target: { tabId: number; allFrames?: boolean; frameIds?: number[] }; files?: string[]; func?: () => unknown };

let calls: Call[];
/** Frames of tab 3 and whether autoconsent already runs in each. */
let frames: Map<number, boolean>;
let refuse: boolean;

beforeEach(() => {
  fakeBrowser.reset();
  calls = [];
  frames = new Map([
    [0, false],
    [4, false],
    [9, false],
  ]);
  refuse = false;
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation((async (call: Call) => {
    calls.push(call);
    if (refuse) throw new Error('Cannot access contents of the page');
    if (call.func) return [...frames].map(([frameId, has]) => ({ frameId, result: has, documentId: `d${frameId}` }));
    for (const id of call.target.frameIds ?? [...frames.keys()]) frames.set(id, true);
    return (call.target.frameIds ?? []).map((frameId) => ({ frameId, result: undefined, documentId: `d${frameId}` }));
  }) as never);
});

describe('injectAutoconsent', () => {
  it('runs the script in every frame the first time, then in none', async () => {
    expect(await injectAutoconsent(3)).toBe(true);
    expect(calls.filter((c) => c.files).map((c) => c.target.frameIds)).toEqual([[0, 4, 9]]);
    expect(await injectAutoconsent(3)).toBe(true);
    expect(calls.filter((c) => c.files)).toHaveLength(1);
  });

  it('runs it only in a frame that came since', async () => {
    await injectAutoconsent(3);
    frames.set(12, false);
    await injectAutoconsent(3);
    expect(calls.filter((c) => c.files).map((c) => c.target.frameIds)).toEqual([[0, 4, 9], [12]]);
  });

  it('says false on a page the browser does not let it script', async () => {
    refuse = true;
    expect(await injectAutoconsent(3)).toBe(false);
  });
});
