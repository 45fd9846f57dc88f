/**
 * What the page world records of each cookie write (lib/scripts/writes.ts), and what the relay
 * (lib/scripts/relay.ts) and the background (lib/scripts/claims.ts) accept from it: names and
 * attributes, never values; every string capped and every list bounded, whatever the page does.
 */
import { describe, expect, it } from 'vitest';
import { claimSourceOf, parseScriptWritesMessage } from '../../../lib/scripts/claims';
import { MAX_PENDING_WRITES, MAX_WRITE_AGE_MS, WriteRelay } from '../../../lib/scripts/relay';
import type { ScriptRef } from '../../../lib/scripts/stack';
import {
  cookieStoreWriteOf,
  cookieWriteOf,
  MAX_ATTRIBUTES_LENGTH,
  MAX_NAME_LENGTH,
  MAX_WRITES_PER_BATCH,
  readBatch,
  redactedWrite,
  SEND_INTERVAL_MS,
  WriteBatch,
  type ScriptWrite,
  type WriteBatchData,
} from '../../../lib/scripts/writes';

const GTAG: ScriptRef = { kind: 'file', url: 'https://www.googletagmanager.com/gtag/js?id=G-R3C1P35X7Q' };
const T0 = 1_767_000_000_000;

function write(fields: Partial<ScriptWrite> = {}): ScriptWrite {
  return { api: 'cookie', op: 'set', name: '_ga', attributes: 'path=/', kind: 'file', url: GTAG.url, time: T0, count: 1, ...fields };
}

describe('a document.cookie assignment', () => {
  it.each([
    ['_ga=GA1.1.918273645.1732611634; path=/; domain=shop.test; expires=Wed, 05 Jan 2028 21:24:35 GMT', '_ga', 'path=/; domain=shop.test; expires=Wed, 05 Jan 2028 21:24:35 GMT'],
    ['  theme = dark  ;path=/  ', 'theme', 'path=/'],
    ['consent=yes', 'consent', ''],
    // No '=': a value with an empty name (RFC 6265bis §5.6).
    ['justavalue; path=/', '', 'path=/'],
    ['a; b=c', '', 'b=c'],
    ['', '', ''],
  ])('%j is recorded as its name and attributes, never its value', (text, name, attributes) => {
    const recorded = cookieWriteOf(text);
    expect(recorded).toEqual({ name, attributes });
    expect(JSON.stringify(recorded)).not.toMatch(/GA1\.1|dark|yes|justavalue/);
  });

  it('caps a huge name and huge attributes', () => {
    const { name, attributes } = cookieWriteOf(`${'n'.repeat(100_000)}=v; ${'a'.repeat(100_000)}`);
    expect(name).toHaveLength(MAX_NAME_LENGTH);
    expect(attributes).toHaveLength(MAX_ATTRIBUTES_LENGTH);
  });

  it('is shown with its value redacted', () => {
    expect(redactedWrite(write({ attributes: 'path=/; max-age=63072000' }))).toBe('_ga=…; path=/; max-age=63072000');
    expect(redactedWrite(write({ attributes: '' }))).toBe('_ga=…');
    expect(redactedWrite(write({ api: 'cookieStore', op: 'delete', name: 'sid' }))).toBe('cookieStore.delete(sid)');
    expect(redactedWrite(write({ api: 'localStorage', name: 'ajs_anonymous_id', attributes: '' }))).toBe('localStorage.setItem(ajs_anonymous_id, …)');
    expect(redactedWrite(write({ api: 'sessionStorage', op: 'delete', name: 'step', attributes: '' }))).toBe('sessionStorage.removeItem(step)');
    expect(redactedWrite(write({ api: 'localStorage', op: 'clear', name: '', attributes: '' }))).toBe('localStorage.clear()');
  });
});

describe('a cookieStore call', () => {
  it.each([
    [['_fbp', 'fb.1.1732611634123.918273645'], { name: '_fbp', attributes: '' }],
    [[{ name: '_fbp', value: 'fb.1.1732611634123.918273645', domain: 'shop.test', path: '/', expires: 1798000000000, sameSite: 'lax' }], { name: '_fbp', attributes: 'domain=shop.test; path=/; expires=1798000000000; samesite=lax' }],
    [[{ name: 'chip', value: 'x', partitioned: true }], { name: 'chip', attributes: 'partitioned' }],
  ])('records %j as a name and attributes', (args, expected) => {
    expect(cookieStoreWriteOf(args)).toEqual(expected);
  });

  it.each([[[]], [[null]], [[42]], [[{ value: 'no name' }]]])('records nothing for %j, which names no cookie', (args) => {
    expect(cookieStoreWriteOf(args)).toBeNull();
  });
});

describe('the page world’s batch', () => {
  it('keeps one entry per distinct write and counts repeats: 100,000 writes in a loop cost one entry', () => {
    const batch = new WriteBatch();
    for (let i = 0; i < 100_000; i++) batch.add('cookie', 'set', '_ga', 'path=/', GTAG, T0 + i);
    expect(batch.take()).toEqual({ writes: [write({ time: T0 + 99_999, count: 100_000 })], dropped: 0 });
    expect(batch.take()).toBeNull();
  });

  it('keeps at most MAX_WRITES_PER_BATCH distinct writes and counts the rest as dropped', () => {
    const batch = new WriteBatch();
    for (let i = 0; i < 100_000; i++) batch.add('cookie', 'set', `c${i}`, '', GTAG, T0);
    const taken = batch.take() as WriteBatchData;
    expect(taken.writes).toHaveLength(MAX_WRITES_PER_BATCH);
    expect(taken.dropped).toBe(100_000 - MAX_WRITES_PER_BATCH);
  });

  it('tells the same name written by two scripts apart', () => {
    const batch = new WriteBatch();
    batch.add('cookie', 'set', '_ga', 'path=/', GTAG, T0);
    batch.add('cookie', 'set', '_ga', 'path=/', { kind: 'inline', url: 'https://shop.test/' }, T0);
    expect(batch.take()?.writes.map((w) => w.kind)).toEqual(['file', 'inline']);
  });
});

describe('what the relay and the background accept', () => {
  it.each([
    ['not an object', 'hello'],
    ['no list of writes', { writes: 'many' }],
  ])('refuses a batch that is %s', (_, raw) => {
    expect(readBatch(raw)).toBeNull();
  });

  it('drops malformed writes, counting them, and re-caps strings whatever the page sent', () => {
    const batch = readBatch({
      writes: [
        write({ name: 'x'.repeat(10_000), attributes: 'y'.repeat(10_000), url: `https://a.test/${'z'.repeat(10_000)}` }),
        { ...write(), api: 'indexedDB' },
        // Only web storage is cleared whole.
        { ...write(), op: 'clear' },
        { ...write(), kind: 'worker' },
        { ...write(), time: 'now' },
        { ...write(), url: 42 },
        { ...write(), count: -5 },
        null,
      ],
      dropped: 3,
    }) as WriteBatchData;
    expect(batch.dropped).toBe(3 + 6);
    expect(batch.writes).toHaveLength(2);
    const [huge, negative] = batch.writes;
    expect([huge.name.length, huge.attributes.length, (huge.url as string).length]).toEqual([MAX_NAME_LENGTH, MAX_ATTRIBUTES_LENGTH, 300]);
    expect(negative.count).toBe(1);
  });

  it('reads at most the cap of a huge list, counting the rest without reading it', () => {
    const batch = readBatch({ writes: Array.from({ length: 100_000 }, () => write()), dropped: 0 }) as WriteBatchData;
    expect(batch.writes).toHaveLength(MAX_WRITES_PER_BATCH);
    expect(batch.dropped).toBe(100_000 - MAX_WRITES_PER_BATCH);
  });
});

describe('the relay', () => {
  /** A relay on a fake clock: `advance` runs the timers that fall due. */
  function relayed() {
    let now = T0;
    const timers: { at: number; run: () => void }[] = [];
    const sent: { at: number; batch: WriteBatchData }[] = [];
    const relay = new WriteRelay(
      (batch) => sent.push({ at: now, batch }),
      () => now,
      (run, ms) => timers.push({ at: now + ms, run }),
    );
    const advance = (ms: number) => {
      const until = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > until) break;
        timers.shift();
        now = next.at;
        next.run();
      }
      now = until;
    };
    return { relay, sent, advance, now: () => now };
  }
  const batchOf = (writes: ScriptWrite[], dropped = 0) => JSON.stringify({ writes, dropped });

  it('sends at most one message every SEND_INTERVAL_MS however fast the page hands writes over', () => {
    const { relay, sent, advance, now } = relayed();
    for (let i = 0; i < 1000; i++) {
      relay.receive(batchOf([write({ name: `c${i % 50}`, time: now() })]));
      advance(10);
    }
    advance(10_000);
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(SEND_INTERVAL_MS);
    expect(sent.length).toBeLessThanOrEqual(10_000 / SEND_INTERVAL_MS + 2);
    expect(sent.reduce((n, s) => n + s.batch.writes.length + s.batch.dropped, 0)).toBe(1000);
  });

  it('keeps at most MAX_PENDING_WRITES waiting and counts what it drops, repeats included', () => {
    const { relay, sent, advance } = relayed();
    relay.receive(batchOf(Array.from({ length: MAX_WRITES_PER_BATCH }, (_, i) => write({ name: `a${i}`, count: 2 }))));
    relay.receive(batchOf(Array.from({ length: MAX_WRITES_PER_BATCH }, (_, i) => write({ name: `b${i}` }))));
    relay.receive(batchOf([write({ name: 'late', count: 7 })], 11));
    advance(10_000);
    const writes = sent.flatMap((s) => s.batch.writes);
    expect(writes).toHaveLength(MAX_PENDING_WRITES);
    expect(sent.reduce((n, s) => n + s.batch.dropped, 0)).toBe(7 + 11);
  });

  it.each([
    ['not a string', { writes: [] }],
    ['not JSON', '{writes:'],
    ['too long', 'x'.repeat(1_000_000)],
  ])('counts a hand-over that is %s as dropped', (_, data) => {
    const { relay, sent, advance } = relayed();
    relay.receive(data);
    advance(1000);
    expect(sent).toEqual([{ at: T0, batch: { writes: [], dropped: 1 } }]);
  });

  it('keeps a write’s time only when it is a plausible moment before it arrived', () => {
    const { relay, sent, advance } = relayed();
    relay.receive(batchOf([write({ name: 'recent', time: T0 - 120 }), write({ name: 'future', time: T0 + 60_000 }), write({ name: 'old', time: T0 - MAX_WRITE_AGE_MS - 1 })]));
    advance(1000);
    expect(sent[0].batch.writes.map((w) => [w.name, w.time])).toEqual([
      ['recent', T0 - 120],
      ['future', T0],
      ['old', T0],
    ]);
  });
});

describe('who may send writes to the background', () => {
  const ID = 'cookie-audit-id';
  const BASE = 'chrome-extension://cookie-audit-id/';
  const contentScript = { id: ID, url: 'https://recipes.test/', origin: 'https://recipes.test', frameId: 3, tab: { id: 12 } };

  it('accepts a content script of a tab, naming its tab, frame and document as the browser does', () => {
    expect(claimSourceOf(contentScript, ID, BASE)).toEqual({ tabId: 12, frameId: 3, documentUrl: 'https://recipes.test/', origin: 'https://recipes.test' });
    // about:blank frames: the origin is their creator's; an opaque one says nothing.
    expect(claimSourceOf({ ...contentScript, url: 'about:blank', origin: 'null' }, ID, BASE)?.origin).toBeNull();
  });

  it.each([
    ['another extension', { ...contentScript, id: 'other' }],
    ['one of our pages, even open in a tab', { ...contentScript, url: `${BASE}popup.html?tabId=1` }],
    ['no tab', { ...contentScript, tab: undefined }],
    ['no frame', { ...contentScript, frameId: undefined }],
    ['no URL', { ...contentScript, url: undefined }],
  ])('refuses %s', (_, sender) => {
    expect(claimSourceOf(sender, ID, BASE)).toBeNull();
  });

  it('accepts only the writes message, checked again', () => {
    expect(parseScriptWritesMessage({ type: 'getReport', tabId: 1 })).toBeNull();
    expect(parseScriptWritesMessage({ type: 'scriptWrites', writes: [write(), { junk: true }], dropped: 2 })).toEqual({ type: 'scriptWrites', writes: [write()], dropped: 3 });
  });
});
