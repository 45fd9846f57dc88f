/**
 * Our isolated-world content script's part (entrypoints/script-writes-relay.content.ts): it
 * takes the writes the page world hands over, checks and caps them again, and sends them to the
 * background in batches, at most one message every SEND_INTERVAL_MS per frame. The clock and
 * timers are passed in, so this is tested without a browser.
 */
import { MAX_BATCH_CHARS, MAX_WRITES_PER_BATCH, readBatch, SEND_INTERVAL_MS, type ScriptWrite, type WriteBatchData } from './writes';

/** Writes waiting to be sent, at most; more are counted as dropped. */
export const MAX_PENDING_WRITES = 2 * MAX_WRITES_PER_BATCH;
/**
 * A write's time is the page's word: kept only within this much before it reached us (the page
 * world hands over every PAGE_FLUSH_MS), else it is the time it reached us.
 */
export const MAX_WRITE_AGE_MS = 5000;

export class WriteRelay {
  private pending: ScriptWrite[] = [];
  private dropped = 0;
  private scheduled = false;
  private lastSent = -Infinity;

  constructor(
    private readonly send: (batch: WriteBatchData) => void,
    private readonly now: () => number,
    private readonly schedule: (run: () => void, ms: number) => void,
  ) {}

  /** One hand-over from the page world: a JSON string `{ writes, dropped }`. Anything else counts as dropped. */
  receive(data: unknown): void {
    const batch = typeof data === 'string' && data.length <= MAX_BATCH_CHARS ? parse(data) : null;
    if (batch === null) {
      this.dropped++;
    } else {
      const now = this.now();
      this.dropped += batch.dropped;
      for (const write of batch.writes) {
        if (this.pending.length >= MAX_PENDING_WRITES) {
          this.dropped += write.count;
          continue;
        }
        if (!(write.time <= now && write.time >= now - MAX_WRITE_AGE_MS)) write.time = now;
        this.pending.push(write);
      }
    }
    this.plan();
  }

  /** Send what is pending now (the page is going away). */
  flush(): void {
    if (this.pending.length === 0 && this.dropped === 0) return;
    const writes = this.pending.splice(0, MAX_WRITES_PER_BATCH);
    this.send({ writes, dropped: this.dropped });
    this.dropped = 0;
    this.lastSent = this.now();
    if (this.pending.length > 0) this.plan();
  }

  private plan(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(
      () => {
        this.scheduled = false;
        this.flush();
      },
      Math.max(0, this.lastSent + SEND_INTERVAL_MS - this.now()),
    );
  }
}

function parse(json: string): WriteBatchData | null {
  try {
    return readBatch(JSON.parse(json));
  } catch {
    return null;
  }
}
