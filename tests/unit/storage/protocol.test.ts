/**
 * The background's check of a frame's answer (lib/storage/protocol.ts): the frame is our
 * content script, but it runs beside the page in the page's renderer, so its answer is checked
 * like any data that crosses a boundary: fake shapes are refused, lists bounded, strings cut,
 * values kept only when asked for and within a frame's budget.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_DATABASES,
  MAX_FRAME_URL_LENGTH,
  MAX_KEY_LENGTH,
  MAX_KEYS_PER_AREA,
  MAX_VALUE_CHARS_PER_FRAME,
  MAX_VALUE_LENGTH,
  readDeleteAnswer,
  readFrameAnswer,
  readFrameRequest,
  readOrigin,
} from '../../../lib/storage/protocol';

const item = (fields: Record<string, unknown> = {}) => ({ area: 'local', key: 'ajs_anonymous_id', keyCut: false, size: 54, identifier: true, value: '"6f1c2a9e-3b7d-4e58-a0c4-9d2e81f7b365"', ...fields });
const answer = (fields: Record<string, unknown> = {}) => ({
  origin: 'https://recipes.test',
  url: 'https://recipes.test/',
  items: [item()],
  indexedDB: ['keyval-store'],
  unavailable: [],
  dropped: { keys: 0, values: 0, databases: 0 },
  ...fields,
});

describe('a frame’s answer, as the background accepts it', () => {
  it('keeps values only when they were asked for', () => {
    expect(readFrameAnswer(answer(), true)?.items[0].value).toBe('"6f1c2a9e-3b7d-4e58-a0c4-9d2e81f7b365"');
    expect(readFrameAnswer(answer(), false)?.items[0]).toEqual({ area: 'local', key: 'ajs_anonymous_id', keyCut: false, size: 54, identifier: true });
  });

  it.each([
    ['not an object', 'items'],
    ['an array', [answer()]],
    ['no url', answer({ url: 42 })],
    ['no dropped counts', answer({ dropped: null })],
    ['an origin with a path', answer({ origin: 'https://recipes.test/evil' })],
    ['an origin in upper case', answer({ origin: 'https://RECIPES.test' })],
    ['a script URL as origin', answer({ origin: 'javascript:alert(1)' })],
    ['an extension origin', answer({ origin: 'chrome-extension://abcdef' })],
  ])('refuses %s', (_what, raw) => {
    expect(readFrameAnswer(raw, true)).toBeNull();
  });

  it('drops items of the wrong shape, and counts them', () => {
    const read = readFrameAnswer(
      answer({
        items: [
          item({ area: 'indexedDB' }),
          item({ key: 7 }),
          item({ size: -1 }),
          item({ size: 1.5 }),
          item({ identifier: 'yes' }),
          'item',
          null,
          item({ key: 'ok', value: { toString: () => 'x' } }),
        ],
      }),
      true,
    );
    expect(read?.items).toEqual([{ area: 'local', key: 'ok', keyCut: false, size: 54, identifier: true }]);
    expect(read?.dropped.keys).toBe(7);
  });

  it('stays bounded for 100,000 items, huge strings and a value budget overrun', () => {
    const huge = 'x'.repeat(1_000_000);
    const read = readFrameAnswer(
      answer({
        url: `https://recipes.test/?${huge}`,
        items: Array.from({ length: 100_000 }, (_, i) => item({ area: i % 2 ? 'local' : 'session', key: huge, value: huge })),
        indexedDB: Array.from({ length: 10_000 }, () => huge),
        unavailable: ['local', 'local', 'cookies', 5],
        dropped: { keys: -4, values: 'many', databases: 2 },
      }),
      true,
    )!;
    expect(read.items).toHaveLength(2 * MAX_KEYS_PER_AREA);
    expect(read.items.every((i) => i.key.length === MAX_KEY_LENGTH && i.keyCut)).toBe(true);
    const values = read.items.filter((i) => i.value !== undefined);
    expect(values.every((i) => i.value!.length === MAX_VALUE_LENGTH && i.valueCut)).toBe(true);
    expect(values.length * MAX_VALUE_LENGTH).toBeLessThanOrEqual(MAX_VALUE_CHARS_PER_FRAME);
    expect(read.dropped).toEqual({ keys: 100_000 - 2 * MAX_KEYS_PER_AREA, values: 2 * MAX_KEYS_PER_AREA - values.length, databases: 2 + 10_000 - MAX_DATABASES });
    expect(read.indexedDB).toHaveLength(MAX_DATABASES);
    expect(read.url).toHaveLength(MAX_FRAME_URL_LENGTH);
    expect(read.unavailable).toEqual(['local']);
    expect(JSON.stringify(read).length).toBeLessThan(MAX_VALUE_CHARS_PER_FRAME + 2 * MAX_KEYS_PER_AREA * (MAX_KEY_LENGTH + 100) + MAX_DATABASES * (MAX_KEY_LENGTH + 10) + MAX_FRAME_URL_LENGTH + 1000);
  });

  it('takes an opaque origin as null, with nothing readable', () => {
    expect(readFrameAnswer(answer({ origin: null, items: [] }), false)).toMatchObject({ origin: null, items: [] });
  });
});

describe('requests and deletion answers', () => {
  it('reads an origin only in its canonical form', () => {
    expect(readOrigin('https://player.vimeo.com')).toBe('https://player.vimeo.com');
    expect(readOrigin('https://recipes.test:8443')).toBe('https://recipes.test:8443');
    expect(readOrigin('https://[::1]:8443')).toBe('https://[::1]:8443');
    for (const bad of ['https://recipes.test/', 'null', 'file:///etc', 'https://user@recipes.test', `https://${'a'.repeat(5000)}`, 3]) expect(readOrigin(bad)).toBeNull();
  });

  it('refuses a deletion with a key longer than any shown', () => {
    expect(readFrameRequest({ type: 'cookieAudit:deleteStorage', origin: 'https://recipes.test', target: { area: 'local', key: 'k'.repeat(MAX_KEY_LENGTH + 1) } })).toBeNull();
    expect(readFrameRequest({ type: 'cookieAudit:deleteStorage', origin: 'https://recipes.test', target: { area: 'local', key: 'k', keyCut: 'yes' } })).toEqual({
      type: 'cookieAudit:deleteStorage',
      origin: 'https://recipes.test',
      target: { area: 'local', key: 'k', keyCut: false },
    });
  });

  it('counts nothing removed for an answer that is not one', () => {
    expect(readDeleteAnswer(undefined)).toEqual({ matched: false, removed: 0, pending: 0 });
    expect(readDeleteAnswer({ matched: 'true', removed: -3, pending: 1e300 })).toEqual({ matched: false, removed: 0, pending: 0 });
    expect(readDeleteAnswer({ matched: true, removed: 4, pending: 1 })).toEqual({ matched: true, removed: 4, pending: 1 });
  });
});
