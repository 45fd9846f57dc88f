// @vitest-environment jsdom
/** What the windowed tables ask of the page (components/rowWindow.ts). */
import { describe, expect, it, vi } from 'vitest';
import { followScreen, frameTask } from '../../components/rowWindow';

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
