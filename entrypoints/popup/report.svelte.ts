/**
 * The popup's shared state: the tab's report as the background built it, and the commands the
 * user can give. The popup never re-derives what the background decided.
 */
import { browser } from 'wxt/browser';
import type { CookieId } from '@/lib/cookies/cookie';
import type { Message, Replies, Reply } from '@/lib/messages';
import type { Report } from '@/lib/report';

export async function send<M extends Message>(message: M): Promise<Replies[M['type']]> {
  // Parts of a message may come from reactive state, which Svelte wraps in proxies; Firefox
  // refuses to send a proxy ("Proxy object could not be cloned"), so send a plain copy.
  const reply = (await browser.runtime.sendMessage($state.snapshot(message))) as Reply<M> | undefined;
  if (!reply) throw new Error('The background did not answer. Reload the extension and try again.');
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}

/** The tab to audit: `?tabId=N` when opened as a page, else the active tab of this window. */
export async function resolveTabId(search: string): Promise<number | null> {
  const param = new URLSearchParams(search).get('tabId');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

export class ReportState {
  report = $state<Report | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);
  /** The latest reload wins; an older answer arriving late is dropped. */
  private generation = 0;

  constructor(readonly tabId: number) {}

  async load(): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    try {
      // Values travel to this page only, to be shown when the user reveals one; never stored.
      const report = await send({ type: 'getReport', tabId: this.tabId, includeValues: true });
      if (generation !== this.generation) return;
      this.report = report;
      this.error = null;
    } catch (error) {
      if (generation !== this.generation) return;
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  async deleteCookie(cookie: CookieId): Promise<void> {
    await this.run(async () => {
      const { removed } = await send({ type: 'deleteCookie', tabId: this.tabId, cookie });
      if (removed === 0) throw new Error(`Cookie ${cookie.name} was not deleted: it is no longer stored, or the browser refused.`);
    });
  }

  async deleteSite(site: string): Promise<void> {
    await this.run(async () => {
      const { removed } = await send({ type: 'deleteSiteCookies', tabId: this.tabId, site });
      if (removed === 0) throw new Error(`No cookie of ${site} was deleted: they are no longer stored, or the browser refused.`);
    });
  }

  async clearLearned(): Promise<void> {
    await this.run(() => send({ type: 'clearLearned' }));
  }

  /** The report as exported: the same object `getReport` returns, without cookie values. */
  async exportJson(): Promise<string> {
    const report = await send({ type: 'getReport', tabId: this.tabId });
    return JSON.stringify(report, null, 2);
  }

  /** Run a command, then show the tab as it is now; a failed command's error stays on screen. */
  private async run(command: () => Promise<unknown>): Promise<void> {
    let failure: string | null = null;
    try {
      await command();
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    await this.load();
    if (failure) this.error = failure;
  }
}
