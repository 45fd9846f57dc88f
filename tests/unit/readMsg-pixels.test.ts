/**
 * A pixel's reasons read back from storage (lib/readMsg.ts): only what lib/phrases.ts can have
 * written passes, so that a damaged or foreign entry is shown as its English instead. The
 * limits of depth and size are tested in readMsg.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { commaList, msg } from '../../lib/phrases';
import { readMsg } from '../../lib/readMsg';

const isMsg = (x: unknown): boolean => readMsg(x) !== undefined;

describe('readMsg, for the pixel reasons', () => {
  it('accepts the messages lib writes, nested ones included', () => {
    expect(isMsg(msg('pixel_reason_sends_cookies'))).toBe(true);
    expect(isMsg(msg('pixel_reason_redirect', 302))).toBe(true);
    expect(isMsg(msg('pixel_reason_sets_cookies', msg('pixel_names_more', commaList(['a', 'b', 'c']), 2)))).toBe(true);
    expect(isMsg(JSON.parse(JSON.stringify(msg('pixel_reason_size_type', 43, 'image/gif'))))).toBe(true);
    expect(isMsg({ key: 'pixel_reason_sends_cookies', args: [] })).toBe(true);
  });

  it.each<[string, unknown]>([
    ['nothing', null],
    ['a string', 'pixel_reason_sends_cookies'],
    ['an array', [{ key: 'pixel_reason_sends_cookies' }]],
    ['an unknown name', { key: 'no_such_message' }],
    ['a name of an object’s prototype', { key: 'toString' }],
    ['a UI message that is no phrase', { key: 'fix_label' }],
    ['a missing argument', { key: 'pixel_reason_sets_cookie' }],
    ['an argument too many', { key: 'pixel_reason_sets_cookie', args: ['a', 'b'] }],
    ['arguments that are no list', { key: 'pixel_reason_sets_cookie', args: 'a' }],
    ['an argument that is no text, number or message', { key: 'pixel_reason_sets_cookie', args: [true] }],
    ['a number that is not finite', { key: 'pixel_reason_redirect', args: [Infinity] }],
    ['a damaged nested message', { key: 'pixel_reason_sets_cookie', args: [{ key: 'audit_comma', args: ['a'] }] }],
    ['an argument too long', { key: 'pixel_reason_sets_cookie', args: ['x'.repeat(4097)] }],
  ])('refuses %s', (_, value) => {
    expect(isMsg(value)).toBe(false);
  });
});
