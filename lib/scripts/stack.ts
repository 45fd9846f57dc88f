/**
 * Which script wrote a cookie, from the call stack our MAIN-world wrapper captures
 * (`new Error().stack` inside the `document.cookie` setter): the first frame that is not ours.
 * Both engines' formats, as recorded in real browsers (tests/fixtures/stacks-*.json):
 *
 *   Chromium (V8)                                    Firefox (SpiderMonkey)
 *     at fn (https://x.test/a.js:1:2)                  fn@https://x.test/a.js:1:2
 *     at https://x.test/a.js:1:2                       @https://x.test/a.js:1:2
 *     at eval (eval at f (https://x.test/a.js:6:1), <anonymous>:1:17)
 *                                                      @https://x.test/a.js line 6 > eval:1:1
 *     at <anonymous>:1:17   (an inline script inserted by another script, a string timer)
 *                                                      @https://x.test/ line 41 > injectedScript:1:1
 *     at Reflect.set (<anonymous>)   (a built-in: skipped)
 *
 * A stack is the page's word: a page can rename its code with `//# sourceURL=` or replace
 * `Error.prepareStackTrace`. The result is shown as "reported by the page" and used for nothing
 * else. Runs in the page on every write: no regular expressions over the whole stack, one pass
 * over its lines, stopping at the first frame that answers.
 */

/**
 * - `file`: a script file (https:, blob:, data:, an extension's script).
 * - `inline`: an inline script or event-handler attribute of the document; `url` is the document's.
 * - `eval`: code a script built from a string (eval, new Function, a string timer, an inline
 *   script inserted by another script); `url` is that script's, null when the stack does not say.
 */
export type ScriptKind = 'file' | 'inline' | 'eval';

const KINDS = new Set<unknown>(['file', 'inline', 'eval']);

export function isScriptKind(v: unknown): v is ScriptKind {
  return KINDS.has(v);
}

export interface ScriptRef {
  kind: ScriptKind;
  url: string | null;
}

export interface StackContext {
  /** Where our own frames are: the location of the first frame of a stack captured by our script. */
  ownLocation: string;
  /** Whether `url` (without its fragment) is an address of the writing document: then it is an inline script. */
  isDocument: (url: string) => boolean;
}

/** Script URLs are kept to this length; a data: URL to its type (its code follows the comma). */
export const MAX_SCRIPT_URL_LENGTH = 300;

/** A frame's location: a URL, or code made from a string. Null for built-ins and unreadable lines. */
type Frame =
  | { made: false; location: string }
  /** Code built from a string by the script at `maker` (null: unknown). */
  | { made: 'eval'; maker: string | null }
  /** Code without a URL: an inserted inline script or a string timer; its maker is the next frame. */
  | { made: 'anonymous' };

const ANONYMOUS: Frame = { made: 'anonymous' };

/** `location:line:column` → `location`; null when there is no position (a built-in). */
function withoutPosition(location: string): string | null {
  const col = location.lastIndexOf(':');
  if (col <= 0 || !isDigits(location, col + 1, location.length)) return null;
  const line = location.lastIndexOf(':', col - 1);
  if (line <= 0 || !isDigits(location, line + 1, col)) return null;
  return location.slice(0, line);
}

function isDigits(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The index of the '(' that the ')' at `close` ends; -1 when unbalanced. */
function openingParen(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 41) depth++;
    else if (c === 40 && --depth === 0) return i;
  }
  return -1;
}

/**
 * The script that called eval, from V8's eval origin `eval at fn (ORIGIN), <position>` where
 * ORIGIN is a `url:line:column` or another eval origin (nested evals).
 */
function evalMaker(location: string): string | null {
  let s = location;
  while (s.startsWith('eval at ')) {
    if (!s.endsWith(')')) {
      // Drop the eval code's own position: ", <anonymous>:1:17".
      const end = s.lastIndexOf('), ');
      if (end === -1) return null;
      s = s.slice(0, end + 1);
    }
    const open = openingParen(s, s.length - 1);
    if (open === -1) return null;
    s = s.slice(open + 1, -1);
  }
  const url = withoutPosition(s);
  return url === null || url === '<anonymous>' ? null : url;
}

/** A V8 frame line (`    at …`); null for the header line and built-ins. */
function chromiumFrame(line: string, start: number): Frame | null {
  let body = line.slice(start + 3);
  let location: string;
  if (body.endsWith(')')) {
    const open = openingParen(body, body.length - 1);
    if (open === -1) return null;
    location = body.slice(open + 1, -1);
  } else {
    if (body.startsWith('async ')) body = body.slice(6);
    // A bare location is a URL: V8 prints no spaces in one.
    if (body.includes(' ')) return null;
    location = body;
  }
  if (location.startsWith('eval at ')) return { made: 'eval', maker: evalMaker(location) };
  const url = withoutPosition(location);
  if (url === null) return null;
  return url === '<anonymous>' ? ANONYMOUS : { made: false, location: url };
}

/** Where a SpiderMonkey frame's location starts: after the first '@' followed by a scheme or '<'. */
function firefoxLocationStart(line: string): number {
  for (let at = line.indexOf('@'); at !== -1; at = line.indexOf('@', at + 1)) {
    const c = line.charCodeAt(at + 1);
    if (c === 60 /* < */) return at + 1;
    // A scheme: letters, then ':' (https:, blob:, data:, moz-extension:, about:).
    let i = at + 1;
    while (i < line.length) {
      const d = line.charCodeAt(i);
      const letter = (d >= 97 && d <= 122) || (d >= 65 && d <= 90);
      if (!(letter || (i > at + 1 && ((d >= 48 && d <= 57) || d === 43 || d === 45 || d === 46)))) break;
      i++;
    }
    if (i > at + 1 && line.charCodeAt(i) === 58 /* : */) return at + 1;
  }
  return -1;
}

/** A SpiderMonkey frame line (`fn@location:line:col`, `async*fn@…`); null when unreadable. */
function firefoxFrame(line: string): Frame | null {
  const start = firefoxLocationStart(line);
  if (start === -1) return null;
  const location = withoutPosition(line.slice(start));
  if (location === null) return null;
  // Code made from a string: "<maker> line <n> > eval", "… > Function", "… > injectedScript".
  const made = location.indexOf(' line ');
  if (made === -1 || location.indexOf(' > ', made) === -1) return { made: false, location };
  // An inserted inline script is named after the document; its inserter is the next frame.
  if (location.endsWith(' > injectedScript')) return ANONYMOUS;
  return { made: 'eval', maker: location.slice(0, made) };
}

function frameOf(line: string): Frame | null {
  let start = 0;
  while (start < line.length && line.charCodeAt(start) === 32) start++;
  if (line.startsWith('at ', start)) return chromiumFrame(line, start);
  return start === 0 ? firefoxFrame(line) : null;
}

/** A script URL as kept: cut to MAX_SCRIPT_URL_LENGTH; a data: URL without its code. */
export function keptScriptUrl(url: string): string {
  if (url.startsWith('data:')) {
    const end = url.search(/[,;]/);
    return (end === -1 ? url : url.slice(0, end)).slice(0, MAX_SCRIPT_URL_LENGTH);
  }
  return url.length > MAX_SCRIPT_URL_LENGTH ? url.slice(0, MAX_SCRIPT_URL_LENGTH) : url;
}

/** The script a frame names: an inline script when its URL is the document's. */
function refOf(location: string, context: StackContext): ScriptRef {
  return context.isDocument(location) ? { kind: 'inline', url: keptScriptUrl(location) } : { kind: 'file', url: keptScriptUrl(location) };
}

const made = (maker: string | null): ScriptRef => ({ kind: 'eval', url: maker === null ? null : keptScriptUrl(maker) });

/**
 * The script that made the write whose stack this is: the first frame that is not ours nor a
 * built-in. Null when the stack names none (a write from the browser's console, say).
 */
export function scriptOfStack(stack: string, context: StackContext): ScriptRef | null {
  /** Code without a URL was found: the next frame is the script that made it. */
  let anonymous = false;
  let from = 0;
  while (from < stack.length) {
    let to = stack.indexOf('\n', from);
    if (to === -1) to = stack.length;
    const frame = frameOf(stack.slice(from, to));
    from = to + 1;
    if (frame === null) continue;
    if (frame.made === false) {
      // Ours, or another extension's page-world script (Firefox names those `<anonymous code>`).
      if (frame.location === context.ownLocation || frame.location.startsWith('<')) continue;
      return anonymous ? made(frame.location) : refOf(frame.location, context);
    }
    // Eval called from code without a URL: that code's maker is further down.
    if (frame.made === 'eval' && frame.maker !== null) return made(frame.maker);
    anonymous = true;
  }
  return anonymous ? made(null) : null;
}

/** The location of a stack's first frame: captured at start by our script, it says where our frames are. */
export function firstFrameLocation(stack: string): string | null {
  let from = 0;
  while (from < stack.length) {
    let to = stack.indexOf('\n', from);
    if (to === -1) to = stack.length;
    const frame = frameOf(stack.slice(from, to));
    from = to + 1;
    if (frame !== null) return frame.made === false ? frame.location : null;
  }
  return null;
}
