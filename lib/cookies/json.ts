/**
 * A strict JSON reader (RFC 8259) that remembers the line each object starts on, so an import
 * can say "line 12" for a malformed file and for each cookie the browser would refuse.
 * `JSON.parse` names no line in V8 and words its errors differently in each engine.
 * Containers are read with an explicit stack and nesting is bounded: a hostile file cannot exhaust the call stack.
 */
import { english, msg, type Msg } from '../phrases';

/** `error` in English, `errorMsg` the same as a message, for the UI's language. */
export type JsonResult = { ok: true; value: unknown; lineOf: WeakMap<object, number> } | { ok: false; line: number; error: string; errorMsg: Msg };

const MAX_DEPTH = 32;

class JsonError extends Error {
  constructor(
    readonly at: number,
    readonly reason: Msg,
  ) {
    super(english(reason));
  }
}

export function parseJsonWithLines(text: string): JsonResult {
  const lineOf = new WeakMap<object, number>();
  let i = 0;
  let line = 1;

  const skipSpace = () => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') return;
    }
  };
  const fail = (what: Msg): never => {
    throw new JsonError(line, i >= text.length ? msg('import_err_json_ends', what) : msg('import_err_json_found', what, text[i]));
  };
  const expect = (word: string, value: unknown) => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return value;
    }
    return fail(msg('import_err_json_value'));
  };

  const SIMPLE_STRING = /"([^"\\\x00-\x1f]*)"/y;
  const readString = (): string => {
    // Most strings have no escape: one sticky match instead of a loop per character.
    SIMPLE_STRING.lastIndex = i;
    const simple = SIMPLE_STRING.exec(text);
    if (simple) {
      i = SIMPLE_STRING.lastIndex;
      return simple[1];
    }
    // Opening quote already checked.
    i++;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= text.length) fail(msg('import_err_json_string_end'));
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c < 0x20) fail(msg('import_err_json_control'));
      if (c === 0x5c) {
        out += text.slice(start, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          i++;
          fail(msg('import_err_json_escape'));
        }
        start = i;
        continue;
      }
      i++;
    }
  };

  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const readNumber = (): number => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0] === '' || m[0] === '-') return fail(msg('import_err_json_value'));
    i += m[0].length;
    return Number(m[0]);
  };

  // Containers are built on an explicit stack, so nesting never recurses.
  type Frame = { kind: 'array'; value: unknown[] } | { kind: 'object'; value: Record<string, unknown>; key: string | null };
  const stack: Frame[] = [];

  const readScalarOrOpen = (): { value: unknown; opened: boolean } => {
    skipSpace();
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.length >= MAX_DEPTH) fail(msg('import_err_json_depth', MAX_DEPTH));
      const frame: Frame = c === '{' ? { kind: 'object', value: {}, key: null } : { kind: 'array', value: [] };
      lineOf.set(frame.value, line);
      stack.push(frame);
      i++;
      return { value: frame.value, opened: true };
    }
    if (c === '"') return { value: readString(), opened: false };
    if (c === 't') return { value: expect('true', true), opened: false };
    if (c === 'f') return { value: expect('false', false), opened: false };
    if (c === 'n') return { value: expect('null', null), opened: false };
    return { value: readNumber(), opened: false };
  };

  try {
    const { value: root, opened } = readScalarOrOpen();
    let justOpened = opened;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      skipSpace();
      const close = frame.kind === 'array' ? ']' : '}';
      if (justOpened && text[i] === close) {
        i++;
        stack.pop();
        justOpened = false;
        continue;
      }
      if (!justOpened) {
        if (text[i] === close) {
          i++;
          stack.pop();
          continue;
        }
        if (text[i] !== ',') fail(msg('import_err_json_comma', close));
        i++;
        skipSpace();
      }
      justOpened = false;
      if (frame.kind === 'object') {
        if (text[i] !== '"') fail(msg('import_err_json_property'));
        frame.key = readString();
        skipSpace();
        if (text[i] !== ':') fail(msg('import_err_json_colon'));
        i++;
      }
      const next = readScalarOrOpen();
      if (frame.kind === 'array') frame.value.push(next.value);
      // A "__proto__" key stays data instead of replacing the prototype.
      else if (frame.key !== '__proto__') frame.value[frame.key as string] = next.value;
      else Object.defineProperty(frame.value, frame.key, { value: next.value, enumerable: true, writable: true, configurable: true });
      justOpened = next.opened;
    }
    skipSpace();
    if (i < text.length) fail(msg('import_err_json_end'));
    return { ok: true, value: root, lineOf };
  } catch (error) {
    if (error instanceof JsonError) return { ok: false, line: error.at, error: error.message, errorMsg: error.reason };
    throw error;
  }
}
