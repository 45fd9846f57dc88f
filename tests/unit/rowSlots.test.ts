/** The DevTools panel's reused row elements (components/rowSlots.ts): which row shows which cookie as the list changes. */
import { describe, expect, it } from 'vitest';
import { RowSlots } from '../../components/rowSlots';

describe('RowSlots', () => {
  it('gives each key a slot of its own, and the same ones again for the same keys', () => {
    const slots = new RowSlots();
    const first = slots.assign(['a', 'b', 'c']);
    expect(new Set(first).size).toBe(3);
    expect(slots.assign(['a', 'b', 'c'])).toEqual(first);
  });

  it('keeps the slot of a key that stays, wherever it moves in the list', () => {
    const slots = new RowSlots();
    const [a, b, c] = slots.assign(['a', 'b', 'c']);
    expect(slots.assign(['c', 'a', 'b'])).toEqual([c, a, b]);
  });

  it('gives the slots of the keys that left to those that came, in the order they were shown', () => {
    const slots = new RowSlots();
    const [a, b, c, d] = slots.assign(['a', 'b', 'c', 'd']);
    // A filter keystroke: a screenful of other cookies, in place of the old ones, same order.
    expect(slots.assign(['w', 'x', 'y', 'z'])).toEqual([a, b, c, d]);
    // Scrolling down by two: the two that stay keep theirs, the two new take the two freed.
    expect(slots.assign(['y', 'z', 'p', 'q'])).toEqual([c, d, a, b]);
  });

  it('adds slots only when more keys are shown than left', () => {
    const slots = new RowSlots();
    const [a, b] = slots.assign(['a', 'b']);
    const grown = slots.assign(['x', 'y', 'z']);
    expect(grown.slice(0, 2)).toEqual([a, b]);
    expect([a, b]).not.toContain(grown[2]);
    // Fewer keys: the slots not needed are dropped, and only what is shown is remembered.
    expect(slots.assign(['y'])).toEqual([grown[1]]);
    expect(slots.assign(['m', 'n'])).toEqual([grown[1], expect.any(Number)]);
  });

  it('never gives the row that has focus to another key: it goes with its key', () => {
    const slots = new RowSlots();
    const [a, b] = slots.assign(['a', 'b']);
    const next = slots.assign(['x', 'y'], 'a');
    expect(next[0]).toBe(b);
    expect(next).not.toContain(a);
    // Pinning a key that stays changes nothing.
    expect(slots.assign(['x', 'y'], 'x')).toEqual(next);
  });

  it('gives a key repeated in the list a second slot rather than one row twice', () => {
    const slots = new RowSlots();
    const ids = slots.assign(['a', 'a', 'b']);
    expect(new Set(ids).size).toBe(3);
  });
});
