/**
 * Whether a value read back from storage is a message lib/phrases.ts can have written: a known
 * name with as many arguments as its template has placeholders, each text, a number or such a
 * message. Storage outlives versions and can be damaged: a message that fails is left out, and
 * the English beside it is shown.
 */
import { PHRASES, type Msg } from './phrases';

/** Deepest nesting kept: a list nests one level per item (commaList), under its sentence. */
const MAX_DEPTH = 32;
/** Most messages and arguments in one message, nested ones included. */
const MAX_PARTS = 200;
/** Longest text argument kept: names are cut to 40 characters, a media type is short. */
const MAX_ARG_LENGTH = 2000;

const TEMPLATES: Record<string, { placeholders?: Record<string, unknown> }> = PHRASES;

function isMsgAt(x: unknown, depth: number, budget: { parts: number }): x is Msg {
  if (depth > MAX_DEPTH || --budget.parts < 0 || typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const { key, args } = x as { key?: unknown; args?: unknown };
  if (typeof key !== 'string' || !Object.hasOwn(TEMPLATES, key)) return false;
  const expected = Object.keys(TEMPLATES[key].placeholders ?? {}).length;
  if (args === undefined) return expected === 0;
  if (!Array.isArray(args) || args.length !== expected) return false;
  return args.every((arg) => {
    if (typeof arg === 'string') return --budget.parts >= 0 && arg.length <= MAX_ARG_LENGTH;
    if (typeof arg === 'number') return --budget.parts >= 0 && Number.isFinite(arg);
    return isMsgAt(arg, depth + 1, budget);
  });
}

export function isMsg(x: unknown): x is Msg {
  return isMsgAt(x, 0, { parts: MAX_PARTS });
}
