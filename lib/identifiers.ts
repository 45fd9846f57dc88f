/**
 * Does a string look like an identifier (a user ID, a session token)? Used by the session-cookie
 * detector, the pixel classifier and cookie-sync detection. Works on the value in memory and
 * returns only a verdict, so callers never need to keep the value.
 */

/**
 * Character counts for ASCII strings, reused across calls so that the common case allocates
 * nothing: entropy runs on every identifier-length cookie value and query parameter the monitor
 * sees. All zero between calls.
 */
const asciiCounts = new Int32Array(128);

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) {
      for (let j = 0; j < i; j++) asciiCounts[s.charCodeAt(j)] = 0;
      return entropyOfAny(s);
    }
    asciiCounts[c]++;
  }
  // Summed in order of first occurrence, as entropyOfAny's Map iterates, so both give the same
  // bits to the last digit; each count is zeroed once summed.
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const n = asciiCounts[c];
    if (n === 0) continue;
    asciiCounts[c] = 0;
    bits -= term(n, s.length);
  }
  return bits;
}

/** The general case, any UTF-16 code units. */
function entropyOfAny(s: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) bits -= term(n, s.length);
  return bits;
}

/** A character's share of the entropy sum, for `n` occurrences among `length`. */
function term(n: number, length: number): number {
  const p = n / length;
  return p * Math.log2(p);
}

/** Shortest value we call an identifier: shorter ones (ids like `1`, flags, `en-GB`) are too common to track with. */
export const MIN_IDENTIFIER_LENGTH = 16;

/** Values that are long but carry no per-user identity. */
const NOT_IDENTIFIER = /^(true|false|null|undefined|yes|no|[0-9]{1,13}|\d{4}-\d\d-\d\d(T[\d:.]+Z?)?)$/i;

/**
 * An identifier-like value: long, varied, and not a plain number, date or word. A 32-hex-char
 * session id or a base64 token passes; `en-GB`, `1`, a timestamp or `accepted` do not.
 */
export function looksLikeIdentifier(value: string): boolean {
  const v = value.trim();
  if (v.length < MIN_IDENTIFIER_LENGTH) return false;
  if (NOT_IDENTIFIER.test(v)) return false;
  // Mostly letters with spaces or punctuation is prose or a JSON blob of settings, not an id.
  if (/\s/.test(v)) return false;
  // A random 16-char hex string has about 3.5 bits/char; 3 leaves room for repeated digits.
  return shannonEntropy(v) >= 3;
}
