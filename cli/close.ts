/**
 * Closing a tab that may be navigating. Chromium can acknowledge a close that races a
 * navigation's commit (DevTools' `Target.closeTarget`, which Playwright's `page.close()` sends)
 * and then drop it: the tab stays open and `page.close()` waits for ever (crbug.com/536385539,
 * microsoft/playwright#42366). A scanned tab is often navigating as it is closed: the consent
 * test's restore step reloads it as it answers, and sites refresh or redirect themselves. About
 * one close in three hung right after an extension's `tabs.reload` on this project's machines;
 * asked again, every one closed.
 */

export interface CloseOptions {
  /** How long one request gets to close the tab before it is asked again. */
  waitMs?: number;
  /** How many times it is asked again before the tab is given up (left open). */
  retries?: number;
}

/**
 * Waits for `closed` (the first close request's promise); while it has not settled after
 * `waitMs`, asks `again`, `retries` times at most. True once the tab closed, false when it was
 * given up: the caller goes on either way, it never waits for ever.
 */
export async function closeSurely(closed: Promise<unknown>, again: () => Promise<unknown>, { waitMs = 1000, retries = 3 }: CloseOptions = {}): Promise<boolean> {
  // A rejected close (the tab was already gone, the browser closed) is a closed tab too.
  const done = closed.then(
    () => true,
    () => true,
  );
  for (let attempt = 0; ; attempt++) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
    const ok = await Promise.race([done, waited]);
    clearTimeout(timer);
    if (ok) return true;
    if (attempt >= retries) return false;
    await again().catch(() => {});
  }
}
