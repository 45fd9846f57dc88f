/**
 * Does a string look like an identifier (a user ID, a session token)? Used by the session-cookie
 * detector, the pixel classifier, cookie-sync detection and the identifier verdicts on `Cookie`
 * and `Set-Cookie` headers. Works on the value in memory and returns only a verdict, so callers
 * never need to keep the value.
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

/**
 * Known identifier shapes, accepted whatever their entropy: made of digits, they are often too
 * uniform for the entropy test (a Google Analytics client id made today falls below it about a
 * third of the time).
 * - Google's client id, `<random 31-bit number>.<unix seconds>`, alone (the `cid` of an Analytics
 *   hit, the `auid` of a Google Ads one) or as stored, after a version and the domain's depth:
 *   `GA1.1.` or `GA1.2.` in `_ga` and `_gid`, `1.1.` in `_gcl_au`
 *   (https://www.bounteous.com/insights/2019/12/23/how-google-analytics-uses-cookies-identify-users/).
 * - Meta's `_fbp` `fb.1.<ms>.<random>` and `_fbc` `fb.1.<ms>.<fbclid>`
 *   (https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/fbp-and-fbc).
 */
const GOOGLE_CLIENT_ID = /^(?:(?:GA)?1\.\d{1,2}(?:-\d{1,2})?\.)?\d{1,10}\.[1-9]\d{9}$/;
const META_BROWSER_ID = /^fb\.\d\.\d{13}\.[\w-][\w.-]*$/;
const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/**
 * Long values that are not identifiers by their shape:
 * - an address (`https://…`, `https%3A%2F%2F…`) or an ISO 8601 date;
 * - a Google tag's build id, the same for every visitor of a site: the `gtm` parameter of Google
 *   Analytics and Ads hits, `45je5bi1v9227582135za200zd9227582135` (tag type, release, container);
 *   see the GA4 hit at https://www.analyticsmarket.com/blog/how-google-analytics-collects-data/;
 * - words: an event or flag name in camelCase (`CheckForPermission`, the value of Google's
 *   `test_cookie` for every visitor), or words joined by `_`, `-` or `.` (`accepted_all_cookies`,
 *   `www.googletagmanager.com`, `best-running-shoes-2026`).
 */
const ADDRESS = /^[a-z][a-z\d+.-]*(?::\/\/|%3a%2f%2f)/i;
const ISO_DATE = /^\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:Z|[+-]\d\d(?::?\d\d)?)?)?$/i;
const GOOGLE_TAG_BUILD = /^\d\d[a-z]{2}[\da-z]{4}(?:h\d)?v\d{6,}(?:z[\da-z]*)?$/i;
const CAMEL_CASE_WORDS = /^[A-Za-z][a-z]+(?:[A-Z][a-z]{2,})+$/;
/** A word is lower-case, Capitalised or an ACRONYM, perhaps with a number: random letters mix cases. */
const JOINED_WORDS = /^(?:[a-z]{2,}|[A-Z][a-z]+|[A-Z]{2,})\d{0,4}(?:[._-](?:(?:[a-z]{2,}|[A-Z][a-z]+|[A-Z]{2,})\d{0,4}|\d{1,4}))+$/;

/**
 * Characters that join several values into one (lists, key=value pairs, JSON, prose): an
 * identifier is a single token, so a value holding them is judged by its tokens. `=` counts only
 * before the end: at the end it is base64 padding.
 */
const SEPARATORS = new Uint8Array(128);
for (const c of ' \t\n\r\f\v&;,|~"\'{}[]()<>*') SEPARATORS[c.charCodeAt(0)] = 1;
const EQUALS = 61;

/**
 * An identifier-like value: a known identifier shape (a Google Analytics client id, Meta's
 * `_fbp`, a UUID, long hex or base64), or long, varied and not a date, an address, a build id or
 * words. A value made of several parts (`a=1&b=2`, JSON, a sentence) is one when a part is.
 * `en-GB`, `1`, a timestamp, `accepted` and `CheckForPermission` are not. Allocation-free but for
 * the parts of such composite values: it runs for every long cookie value and query parameter.
 */
export function looksLikeIdentifier(value: string): boolean {
  let start = 0;
  let end = value.length;
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  if (end - start < MIN_IDENTIFIER_LENGTH) return false;
  let tokenStart = start;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c === EQUALS ? isPadding(value, i, end) : c >= 128 || SEPARATORS[c] === 0) continue;
    if (i - tokenStart >= MIN_IDENTIFIER_LENGTH && isIdentifierToken(value.slice(tokenStart, i))) return true;
    tokenStart = i + 1;
  }
  if (end - tokenStart < MIN_IDENTIFIER_LENGTH) return false;
  return isIdentifierToken(tokenStart === 0 && end === value.length ? value : value.slice(tokenStart, end));
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** Whether the `=` at `i` and everything after it up to `end` is `=`. */
function isPadding(s: string, i: number, end: number): boolean {
  while (i < end && s.charCodeAt(i) === EQUALS) i++;
  return i === end;
}

/**
 * Words, not random letters: camelCase or joined words, pronounceable (a vowel in every five
 * letters, no more than four consonants in a row). Random base64 of 16 characters passes for
 * words about 5 times in 100,000.
 */
function isWords(t: string): boolean {
  if (!CAMEL_CASE_WORDS.test(t) && !JOINED_WORDS.test(t)) return false;
  let letters = 0;
  let vowels = 0;
  let consonantRun = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i) | 32;
    if (c < 97 || c > 122) {
      consonantRun = 0;
      continue;
    }
    letters++;
    // a e i o u y
    if (c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121) {
      vowels++;
      consonantRun = 0;
    } else if (++consonantRun > 4) return false;
  }
  return vowels * 5 >= letters;
}

/** One token, without separators, of at least MIN_IDENTIFIER_LENGTH characters. */
function isIdentifierToken(t: string): boolean {
  let digits = 0;
  let letters = 0;
  let hexLetters = 0;
  let dots = 0;
  let dashes = 0;
  let underscores = 0;
  // `:` and `%`, which an address has.
  let colons = 0;
  // Anything outside base64 and base64url: [A-Za-z0-9+/_-], with `=` padding at the end.
  let other = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      letters++;
      if ((c | 32) <= 102) hexLetters++;
    } else if (c === 45) dashes++;
    else if (c === 95) underscores++;
    else if (c !== 43 && c !== 47 && c !== EQUALS) {
      other++;
      if (c === 46) dots++;
      else if (c === 58 || c === 37) colons++;
    }
  }
  // Each pattern is tried only on tokens that have the characters it needs: this runs for every
  // long query value of every request.
  if (dots > 0 && digits >= 11 && (GOOGLE_CLIENT_ID.test(t) || META_BROWSER_ID.test(t))) return true;
  // Not the nil UUID, nor one of repeated digits.
  if (dashes === 4 && t.length === 36 && UUID.test(t)) return shannonEntropy(t) >= 2;
  if (colons > 0 && ADDRESS.test(t)) return false;
  if (dashes >= 2 && digits >= 8 && ISO_DATE.test(t)) return false;
  if (other === 0 && dashes === 0 && underscores === 0 && digits >= 8 && GOOGLE_TAG_BUILD.test(t)) return false;
  if (letters > digits && (digits === 0 || dots + dashes + underscores > 0) && isWords(t)) return false;
  // Long hex (a hash, a 128-bit id) and base64 mixing letters and digits are ids by their alphabet
  // alone; the bar only keeps out repetitions (`ab12ab12…`). Random 16-character hex has an
  // entropy of 2.2 bits per character at the lowest, base64 2.9.
  if (other === 0 && digits > 0 && letters > 0) return shannonEntropy(t) >= (hexLetters === letters ? 2 : 2.5);
  // Anything else, digits alone included (a 16-digit Meta pixel id is the same for every visitor):
  // random 32-character hex has about 3.6 bits per character, and 3 leaves room for repetition.
  return shannonEntropy(t) >= 3;
}
