/**
 * What the page world hands over to our isolated-world content script (script writes, consent
 * signals), checked and capped again, and sent on to the background in batches: at most one
 * message every SEND_INTERVAL_MS per frame and kind, whatever the page does. The clock and timers
 * are passed in, so this is tested without a browser. One kind per instance
 * (lib/scripts/relay.ts, lib/consent/relay.ts).
 */
import { SEND_INTERVAL_MS } from './scripts/writes';

/** A hand-over read and checked; null when it is not one (it counts as one dropped). */
export interface HandOver<Item> {
  items: Item[];
  /** What the page world itself had to drop. */
  dropped: number;
}

export interface RelayKind<Item extends { time: number }> {
  read(data: unknown): HandOver<Item> | null;
  /**
   * Items kept at most: waiting to be sent (`waiting`), or relayed over the page's life
   * (`page`, for a kind that speaks a few times per page). More are counted as dropped.
   */
  limit: number;
  over: 'waiting' | 'page';
  /** Items in one message. */
  perMessage: number;
  /** An item's time is the page's word: kept only within this much before it reached us, else the time it did. */
  maxAgeMs: number;
  /** How many dropped one item that does not fit stands for (a write seen several times counts each). */
  weight?(item: Item): number;
}

export class PageRelay<Item extends { time: number }> {
  private pending: Item[] = [];
  private dropped = 0;
  private relayed = 0;
  private scheduled = false;
  private lastSent = -Infinity;

  constructor(
    private readonly kind: RelayKind<Item>,
    private readonly send: (items: Item[], dropped: number) => void,
    private readonly now: () => number,
    private readonly schedule: (run: () => void, ms: number) => void,
  ) {}

  /** One hand-over from the page world. */
  receive(data: unknown): void {
    const read = this.kind.read(data);
    if (read === null) {
      this.dropped++;
    } else {
      const now = this.now();
      this.dropped += read.dropped;
      for (const item of read.items) {
        const kept = this.kind.over === 'page' ? this.relayed + this.pending.length : this.pending.length;
        if (kept >= this.kind.limit) {
          this.dropped += this.kind.weight?.(item) ?? 1;
          continue;
        }
        if (!(item.time <= now && item.time >= now - this.kind.maxAgeMs)) item.time = now;
        this.pending.push(item);
      }
    }
    this.plan();
  }

  /** Send what is pending now (also when the page is going away). */
  flush(): void {
    if (this.pending.length === 0 && this.dropped === 0) return;
    const items = this.pending.splice(0, this.kind.perMessage);
    this.relayed += items.length;
    this.send(items, this.dropped);
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
