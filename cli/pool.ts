/**
 * Runs pages through a fixed number of workers (browsers), each one page at a time, retrying a
 * failed page once, and hands every result on as soon as it is done, so the caller can stream it
 * to disk. A worker that breaks (its browser died) is replaced; the page it was on is retried.
 */
import { isRetryable } from './errors';
import type { PageError, PageResult } from './types';

export interface AuditOutcome {
  finalUrl?: string;
  status?: number;
  report?: PageResult['report'];
  error?: PageError;
}

export interface PageWorker {
  audit(url: string): Promise<AuditOutcome>;
  close(): Promise<void>;
}

export interface PoolOptions {
  concurrency: number;
  retries: number;
  startWorker: (slot: number) => Promise<PageWorker>;
  onResult: (result: PageResult) => void | Promise<void>;
  now?: () => number;
}

export async function runPool(urls: readonly string[], options: PoolOptions): Promise<void> {
  const now = options.now ?? Date.now;
  let next = 0;
  const slots = Math.max(1, Math.min(options.concurrency, urls.length));
  const work = async (slot: number) => {
    let worker: PageWorker | null = null;
    try {
      while (next < urls.length) {
        const url = urls[next++];
        let started = now();
        let outcome: AuditOutcome = {};
        let attempts = 0;
        while (attempts <= options.retries) {
          attempts++;
          try {
            if (!worker) {
              worker = await options.startWorker(slot);
              // A page's time is its own, not its browser's start.
              if (attempts === 1) started = now();
            }
            outcome = await worker.audit(url);
          } catch (error) {
            // The browser itself failed: start a fresh one for the retry and the next pages.
            outcome = { error: { kind: 'browser', message: (error as Error).message.split('\n')[0] } };
            await worker?.close().catch(() => {});
            worker = null;
          }
          if (!outcome.error || !isRetryable(outcome.error)) break;
        }
        await options.onResult({ url, ...outcome, attempts, ms: now() - started });
      }
    } finally {
      await worker?.close().catch(() => {});
    }
  };
  await Promise.all(Array.from({ length: slots }, (_, slot) => work(slot)));
}
