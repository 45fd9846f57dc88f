/**
 * Query strings and URL parts decoded as browsers decode them, for the pixel classifier and
 * sync detection alike. The query follows the application/x-www-form-urlencoded parser that
 * URLSearchParams implements (https://url.spec.whatwg.org/#concept-urlencoded-parser): pairs split
 * on `&`, name and value on the first `=`, `+` is a space, escapes are UTF-8 bytes, a malformed
 * escape stays as written and bytes that are not UTF-8 become U+FFFD. Nothing here throws.
 *
 * It runs for every query value of the requests it is given, so it scans in place: a name or
 * value without `%` or `+` is a slice of the URL, and only escaped ones are decoded.
 */

const PERCENT = 37;
const PLUS = 43;

/**
 * Calls `visit` with each decoded name and value of a URL's query, in order; nothing when it has
 * none. The fragment (after `#`) is not part of it: it never leaves the browser. Values shorter
 * than `minLength` as sent (decoding never lengthens them) are skipped without being cut out.
 */
export function forEachQueryParameter(url: string, visit: (name: string, value: string) => void, minLength = 0): void {
  const question = url.indexOf('?');
  if (question === -1) return;
  const hash = url.indexOf('#');
  if (hash !== -1 && hash < question) return;
  const end = hash === -1 ? url.length : hash;
  for (let start = question + 1; start < end; ) {
    let stop = url.indexOf('&', start);
    if (stop === -1 || stop > end) stop = end;
    // Empty pairs (`a=1&&b=2`) are skipped; a pair without `=` is a name with an empty value.
    if (stop > start) {
      let eq = url.indexOf('=', start);
      if (eq === -1 || eq > stop) eq = stop;
      const valueLength = eq === stop ? 0 : stop - eq - 1;
      if (valueLength >= minLength) visit(decodeFormPart(url, start, eq), valueLength === 0 ? '' : decodeFormPart(url, eq + 1, stop));
    }
    start = stop + 1;
  }
}

/** `s[start, end)` of a form-encoded string, `+` as a space. */
function decodeFormPart(s: string, start: number, end: number): string {
  let plus = false;
  let percent = false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === PLUS) plus = true;
    else if (c === PERCENT) percent = true;
  }
  let part = s.slice(start, end);
  if (plus) part = part.replaceAll('+', ' ');
  return percent ? decodeEscapes(part) : part;
}

/**
 * Percent-decoding alone, as of a URL path segment, where `+` is a `+`: the same decoding as a
 * query's values otherwise.
 */
export function percentDecode(s: string): string {
  return s.includes('%') ? decodeEscapes(s) : s;
}

function decodeEscapes(s: string): string {
  try {
    // The common case, natively: every escape well formed and the bytes UTF-8.
    return decodeURIComponent(s);
  } catch {
    return decodeLeniently(s);
  }
}

const encoder = new TextEncoder();
/** Not fatal: bytes that are not UTF-8 become U+FFFD, as in URLSearchParams. */
const decoder = new TextDecoder();

/** The URL standard's percent-decode: a `%` not followed by two hex digits stays as it is. */
function decodeLeniently(s: string): string {
  const input = encoder.encode(s);
  const bytes = new Uint8Array(input.length);
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    const high = hexValue(input[i + 1]);
    const low = hexValue(input[i + 2]);
    if (input[i] === PERCENT && high !== -1 && low !== -1) {
      bytes[n++] = high * 16 + low;
      i += 2;
    } else {
      bytes[n++] = input[i];
    }
  }
  return decoder.decode(bytes.subarray(0, n));
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 48 && byte <= 57) return byte - 48;
  const lower = byte | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}
