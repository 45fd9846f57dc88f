/**
 * What a table that renders only the rows near the screen (CookieTable, DevCookieTable) needs
 * from the page: to place its rows again when the page scrolls or the window is resized, and to
 * measure and place them after a render in the next frame, before it is painted. Measured at
 * once, the page would be laid out inside the task that built the rows; in the frame, that layout
 * is the one the browser does to paint anyway.
 */

/** Measure and place in the next frame, once however often asked before it. */
export interface FrameTask {
  schedule(): void;
  cancel(): void;
}

export function frameTask(work: () => void): FrameTask {
  let frame = 0;
  return {
    schedule() {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        work();
      });
    },
    cancel() {
      cancelAnimationFrame(frame);
      frame = 0;
    },
  };
}

/**
 * Call `place` on every scroll of the page or of `box` (a table that scrolls in a box of its own)
 * and resize of the window; returns the function that stops.
 */
export function followScreen(place: () => void, box?: HTMLElement): () => void {
  const onMove = () => place();
  window.addEventListener('scroll', onMove, { passive: true });
  box?.addEventListener('scroll', onMove, { passive: true });
  window.addEventListener('resize', onMove);
  return () => {
    window.removeEventListener('scroll', onMove);
    box?.removeEventListener('scroll', onMove);
    window.removeEventListener('resize', onMove);
  };
}

/** What of `box` the window shows, top and bottom in the window's coordinates; all of the window without one. */
export function onScreen(box?: Element | null): { top: number; bottom: number } {
  const rect = box?.getBoundingClientRect();
  return { top: Math.max(rect?.top ?? 0, 0), bottom: Math.min(rect?.bottom ?? innerHeight, innerHeight) };
}
