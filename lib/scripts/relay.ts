/**
 * Our isolated-world content script's part (entrypoints/script-writes-relay.content.ts) for the
 * writes the page world hands over: checked and capped again, and sent to the background in
 * batches (lib/pageRelay.ts).
 */
import { PageRelay, type RelayKind } from '../pageRelay';
import { MAX_BATCH_CHARS, MAX_WRITES_PER_BATCH, readBatch, type ScriptWrite, type WriteBatchData } from './writes';

/** Writes waiting to be sent, at most; more are counted as dropped. */
export const MAX_PENDING_WRITES = 2 * MAX_WRITES_PER_BATCH;
/**
 * A write's time is the page's word: kept only within this much before it reached us (the page
 * world hands over every PAGE_FLUSH_MS), else it is the time it reached us.
 */
export const MAX_WRITE_AGE_MS = 5000;

/** The page world hands over a JSON string `{ writes, dropped }`; anything else counts as dropped. */
const WRITES: RelayKind<ScriptWrite> = {
  read(data) {
    const batch = typeof data === 'string' && data.length <= MAX_BATCH_CHARS ? parse(data) : null;
    return batch && { items: batch.writes, dropped: batch.dropped };
  },
  limit: MAX_PENDING_WRITES,
  over: 'waiting',
  perMessage: MAX_WRITES_PER_BATCH,
  maxAgeMs: MAX_WRITE_AGE_MS,
  weight: (write) => write.count,
};

export class WriteRelay extends PageRelay<ScriptWrite> {
  constructor(send: (batch: WriteBatchData) => void, now: () => number, schedule: (run: () => void, ms: number) => void) {
    super(WRITES, (writes, dropped) => send({ writes, dropped }), now, schedule);
  }
}

function parse(json: string): WriteBatchData | null {
  try {
    return readBatch(JSON.parse(json));
  } catch {
    return null;
  }
}
