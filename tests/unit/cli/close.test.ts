import { describe, expect, it } from 'vitest';
import { closeSurely } from '../../../cli/close';

/**
 * A tab as Chromium closes it: `dropped` close requests are acknowledged and forgotten (the
 * close raced a navigation's commit, crbug.com/536385539); the next one closes it.
 */
function tab(dropped: number) {
  let requests = 0;
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const close = async () => {
    requests++;
    if (requests > dropped) markClosed();
  };
  return { closed, close, requests: () => requests };
}

const fast = { waitMs: 20, retries: 3 };

describe('closing a scanned tab', () => {
  it('asks again when the first close was dropped by a racing navigation, and the tab closes', async () => {
    const t = tab(1);
    void t.close();
    await expect(closeSurely(t.closed, t.close, fast)).resolves.toBe(true);
    expect(t.requests()).toBe(2);
  });

  it('asks only once when the tab closes at once', async () => {
    const t = tab(0);
    void t.close();
    await expect(closeSurely(t.closed, t.close, fast)).resolves.toBe(true);
    expect(t.requests()).toBe(1);
  });

  it('gives a tab that never closes up after the retries instead of waiting for ever', async () => {
    const t = tab(Infinity);
    void t.close();
    const started = Date.now();
    await expect(closeSurely(t.closed, t.close, fast)).resolves.toBe(false);
    expect(t.requests()).toBe(1 + fast.retries);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('takes a close that fails because the tab is already gone as closed, and goes on when asking again fails', async () => {
    await expect(closeSurely(Promise.reject(new Error('Target page, context or browser has been closed')), async () => {}, fast)).resolves.toBe(true);
    const t = tab(1);
    void t.close();
    let asked = 0;
    const failingThenClosing = async () => {
      asked++;
      if (asked === 1) throw new Error('No tab with id: 7');
      await t.close();
    };
    await expect(closeSurely(t.closed, failingThenClosing, fast)).resolves.toBe(true);
    expect(asked).toBe(2);
  });
});
