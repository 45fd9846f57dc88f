/**
 * readMsg (lib/readMsg.ts): a message read back from storage is one lib could have written, or
 * nothing: the English beside it is shown then.
 */
import { describe, expect, it } from 'vitest';
import { commaList, msg, type Msg } from '../../lib/phrases';
import { MAX_MSG_ARG_LENGTH, MAX_MSG_DEPTH, MAX_MSG_PARTS, readMsg } from '../../lib/readMsg';

const through = (m: unknown) => JSON.parse(JSON.stringify(m));

describe('readMsg', () => {
  it('reads back what lib writes: plain, with arguments, nested', () => {
    const samples: Msg[] = [
      msg('refused_control'),
      msg('refused_too_big', 4097, 4096),
      msg('refused_domain_mismatch', 'other.test', 'news.example'),
      msg('refused_prefix', '__Host-', commaList(['Secure', msg('refused_prefix_no_domain'), 'Path=/'])),
    ];
    for (const m of samples) expect(readMsg(through(m))).toEqual(m);
    expect(readMsg({ key: 'refused_control', args: [] })).toEqual({ key: 'refused_control' });
  });

  it('copies only the key and arguments', () => {
    const read = readMsg({ key: 'refused_not_host', args: ['x'], extra: '<b>' });
    expect(read).toEqual({ key: 'refused_not_host', args: ['x'] });
    expect(read).not.toHaveProperty('extra');
  });

  it.each<[string, unknown]>([
    ['not an object', 'refused_control'],
    ['null', null],
    ['an array', ['refused_control']],
    ['an unknown key', { key: 'no_such_message' }],
    ['a key from the prototype', { key: 'toString' }],
    ['a key that is not a string', { key: 7 }],
    ['too few arguments', { key: 'refused_too_big', args: [4097] }],
    ['too many arguments', { key: 'refused_control', args: ['x'] }],
    ['arguments that are not a list', { key: 'refused_not_host', args: 'x' }],
    ['a missing argument list', { key: 'refused_not_host' }],
    ['an argument of another type', { key: 'refused_not_host', args: [true] }],
    ['a number that is not finite', { key: 'refused_too_big', args: [Number.NaN, 4096] }],
    ['an argument too long', { key: 'refused_not_host', args: ['x'.repeat(MAX_MSG_ARG_LENGTH + 1)] }],
    ['a damaged nested message', { key: 'refused_prefix', args: ['__Host-', { key: 'audit_comma', args: ['Secure'] }] }],
  ])('refuses %s', (_what, raw) => {
    expect(readMsg(raw)).toBeUndefined();
  });

  it('refuses messages nested too deep or too big, however they are built', () => {
    let deep: Msg = msg('refused_control');
    for (let i = 1; i < MAX_MSG_DEPTH; i++) deep = msg('audit_comma', 'x', deep);
    expect(readMsg(through(deep))).toEqual(deep);
    expect(readMsg(through(msg('audit_comma', 'x', deep)))).toBeUndefined();

    // A balanced tree of sentences: 2^levels strings under 2^levels - 1 messages, shallow enough.
    const tree = (levels: number): Msg => (levels === 1 ? msg('audit_join', 'a', 'b') : msg('audit_join', tree(levels - 1), tree(levels - 1)));
    expect(2 ** 6 + 2 ** 6 - 1).toBeLessThanOrEqual(MAX_MSG_PARTS);
    expect(readMsg(through(tree(6)))).toEqual(tree(6));
    expect(2 ** 7 + 2 ** 7 - 1).toBeGreaterThan(MAX_MSG_PARTS);
    expect(readMsg(through(tree(7)))).toBeUndefined();
  });
});
