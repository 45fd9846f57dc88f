import { describe, expect, it } from 'vitest';
import { runPool, type AuditOutcome, type PageWorker } from '../../../cli/pool';
import type { PageResult } from '../../../cli/types';
import { page } from './fixture';

/** Workers whose pages answer from a script: per URL, the outcomes of its successive tries ('crash' throws, as a dead browser does). */
function scripted(script: Record<string, (AuditOutcome | 'crash')[]>) {
  const started: number[] = [];
  const closed: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const tries: Record<string, number> = {};
  const startWorker = async (slot: number): Promise<PageWorker> => {
    started.push(slot);
    return {
      async audit(url) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        const n = tries[url] ?? 0;
        tries[url] = n + 1;
        const step = script[url]?.[n] ?? { report: page('site').report };
        if (step === 'crash') throw new Error('Target page, context or browser has been closed');
        return step;
      },
      async close() {
        closed.push(slot);
      },
    };
  };
  return { startWorker, started, closed, maxInFlight: () => maxInFlight };
}

describe('the page pool', () => {
  it('runs every page once, at most N at a time, and hands each result on as it finishes', async () => {
    const urls = Array.from({ length: 10 }, (_, i) => `https://shop.example/${i}`);
    const workers = scripted({});
    const results: PageResult[] = [];
    await runPool(urls, { concurrency: 3, retries: 1, startWorker: workers.startWorker, onResult: (r) => void results.push(r) });
    expect(results.map((r) => r.url).sort()).toEqual([...urls].sort());
    expect(results.every((r) => r.report && r.attempts === 1)).toBe(true);
    expect(workers.maxInFlight()).toBe(3);
    expect(workers.started.sort()).toEqual([0, 1, 2]);
    expect(workers.closed.sort()).toEqual([0, 1, 2]);
  });

  it('retries a timeout once, and not a missing page', async () => {
    const timeout = { error: { kind: 'timeout' as const, message: 'timeout' } };
    const workers = scripted({
      'https://a.example/': [timeout, {}],
      'https://b.example/': [timeout, timeout],
      'https://c.example/': [{ error: { kind: 'http', status: 404, message: 'HTTP 404' } }],
    });
    const results: PageResult[] = [];
    await runPool(['https://a.example/', 'https://b.example/', 'https://c.example/'], {
      concurrency: 1,
      retries: 1,
      startWorker: workers.startWorker,
      onResult: (r) => void results.push(r),
    });
    expect(results.map((r) => [r.url, r.attempts, r.error?.kind ?? 'ok'])).toEqual([
      ['https://a.example/', 2, 'ok'],
      ['https://b.example/', 2, 'timeout'],
      ['https://c.example/', 1, 'http'],
    ]);
  });

  it('replaces a browser that died and retries its page in the new one', async () => {
    const workers = scripted({ 'https://a.example/': ['crash', { report: page('news').report }] });
    const results: PageResult[] = [];
    await runPool(['https://a.example/', 'https://b.example/'], { concurrency: 1, retries: 1, startWorker: workers.startWorker, onResult: (r) => void results.push(r) });
    expect(results.map((r) => [r.url, r.attempts, !!r.report])).toEqual([
      ['https://a.example/', 2, true],
      ['https://b.example/', 1, true],
    ]);
    expect(workers.started).toEqual([0, 0]);
    expect(workers.closed).toEqual([0, 0]);
  });
});
