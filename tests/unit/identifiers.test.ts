import { describe, expect, it } from 'vitest';
import { looksLikeIdentifier, shannonEntropy } from '../../lib/identifiers';

describe('shannonEntropy', () => {
  it('is 0 for one repeated character and 1 for two equally frequent ones', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abab')).toBe(1);
  });

  it('counts non-ASCII characters too, and leaves nothing behind for the next string', () => {
    expect(shannonEntropy('ab€€')).toBe(1.5);
    expect(shannonEntropy('ab')).toBe(1);
    expect(shannonEntropy('aaaa')).toBe(0);
  });
});

describe('looksLikeIdentifier', () => {
  it.each([
    ['3f2a9c0e7b5d4a1f8e6c2b9d0a7f3e5c', true], // 32 hex chars, typical session id
    ['GA1.1.1234567890.1700000000', true], // Google Analytics client id
    ['s%3AaBcD3fGh1jKlMn0pQrStUv.WxYz', true], // express connect.sid
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0', true], // JWT-like
    ['en-GB', false],
    ['1', false],
    ['true', false],
    ['1700000000000', false], // a timestamp
    ['2026-11-26T10:00:00Z', false],
    ['aaaaaaaaaaaaaaaaaaaaaaaa', false], // long but no variety
    ['accepted all cookies here', false],
    ['', false],
  ])('%s → %s', (value, expected) => {
    expect(looksLikeIdentifier(value)).toBe(expected);
  });
});
