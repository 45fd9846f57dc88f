// @vitest-environment jsdom
/** What the windowed tables ask of the page (components/rowWindow.ts). */
import { describe, expect, it, vi } from 'vitest';
import { followScreen, frameTask, onScreen } from '../../components/rowWindow';

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

describe('frameTask', () => {
  it('runs once in the next frame however often it is asked before it, and again when asked after', async () => {
    const work = vi.fn();
    const task = frameTask(work);
    task.schedule();
    task.schedule();
    expect(work).not.toHaveBeenCalled();
    await nextFrame();
    expect(work).toHaveBeenCalledTimes(1);
    task.schedule();
    await nextFrame();
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('runs nothing once cancelled (the table is gone)', async () => {
    const work = vi.fn();
    const task = frameTask(work);
    task.schedule();
    task.cancel();
    await nextFrame();
    expect(work).not.toHaveBeenCalled();
  });
});

describe('followScreen', () => {
  it('places the rows on each scroll and resize until stopped', () => {
    const place = vi.fn();
    const stop = followScreen(place);
    window.dispatchEvent(new Event('scroll'));
    window.dispatchEvent(new Event('resize'));
    expect(place).toHaveBeenCalledTimes(2);
    stop();
    window.dispatchEvent(new Event('scroll'));
    expect(place).toHaveBeenCalledTimes(2);
  });
});

describe('a table that scrolls in a box of its own (the DevTools panel)', () => {
  it('places the rows on each scroll of the box too, until stopped', () => {
    const box = document.createElement('div');
    const place = vi.fn();
    const stop = followScreen(place, box);
    box.dispatchEvent(new Event('scroll'));
    window.dispatchEvent(new Event('scroll'));
    expect(place).toHaveBeenCalledTimes(2);
    stop();
    box.dispatchEvent(new Event('scroll'));
    expect(place).toHaveBeenCalledTimes(2);
  });

  it('counts as on screen only the part of the box the window shows', () => {
    const box = document.createElement('div');
    const at = (top: number, bottom: number) => (box.getBoundingClientRect = () => ({ top, bottom }) as DOMRect);
    expect(onScreen(null)).toEqual({ top: 0, bottom: innerHeight });
    at(200, innerHeight - 10);
    expect(onScreen(box)).toEqual({ top: 200, bottom: innerHeight - 10 });
    // A box taller than the window, scrolled by the page: what of it is on screen.
    at(-300, innerHeight + 500);
    expect(onScreen(box)).toEqual({ top: 0, bottom: innerHeight });
  });
});
