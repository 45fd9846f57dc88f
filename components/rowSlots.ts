/**
 * Which rendered row shows which cookie, for a table that reuses its row elements (the DevTools
 * panel's). Keyed by cookie, a filter keystroke that changes the screenful of rows destroys every
 * row and builds as many again: elements, their styles and effects (issue 13). Keyed by slot,
 * a row whose cookie left shows one that came instead, and only its texts and attributes change.
 *
 * A cookie that stays keeps its slot, so its row element stays with it (and focus with the
 * element). The row that has focus (`pinned`) is never given to another cookie: when its cookie
 * goes, the row goes with it, as a keyed row would, rather than show another cookie under focus.
 */
export class RowSlots {
  /** Each shown key's slot, in the order last assigned. */
  #slotOf = new Map<string, number>();
  #next = 0;

  /** One slot per key, in order (no two alike); idempotent for the same keys. */
  assign(keys: readonly string[], pinned: string | null = null): number[] {
    const before = this.#slotOf;
    const free: number[] = [];
    const staying = new Set(keys);
    // In the order they were shown, so that rows reused in place keep their order in the page.
    for (const [key, slot] of before) if (!staying.has(key) && key !== pinned) free.push(slot);
    let taken = 0;
    const now = new Map<string, number>();
    const slots = keys.map((key) => {
      const repeated = now.has(key);
      const slot = (repeated ? undefined : before.get(key)) ?? (taken < free.length ? free[taken++] : this.#next++);
      if (!repeated) now.set(key, slot);
      return slot;
    });
    this.#slotOf = now;
    return slots;
  }
}
