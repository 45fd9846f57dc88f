/**
 * A message (lib/phrases.ts) read back from somewhere that may have been damaged or written by
 * something else: stored state the monitor restores, so far. Only a shape `english()` and the
 * UI can render is accepted: a known message, as many arguments as its placeholders, each a
 * string, a finite number or such a message, nested and sized within bounds. Anything else is
 * dropped whole, and the English beside it is shown instead.
 */
import { isRecord } from './guards';
import type { MessageEntry } from './i18n';
import { PHRASES, type Msg, type MsgArg } from './phrases';

/** Deeper than any message lib composes (a comma list nests one level per item). */
export const MAX_MSG_DEPTH = 16;
/** Messages and arguments in all. */
export const MAX_MSG_PARTS = 128;
/** An argument is a name, a domain or a line: kept ones are capped well below this. */
export const MAX_MSG_ARG_LENGTH = 4096;

const TEMPLATES: Record<string, MessageEntry> = PHRASES;

/** The message `raw` holds, copied; undefined when it is not one (see above). */
export function readMsg(raw: unknown): Msg | undefined {
  return read(raw, 0, { parts: MAX_MSG_PARTS }) ?? undefined;
}

function read(raw: unknown, depth: number, budget: { parts: number }): Msg | null {
  if (depth >= MAX_MSG_DEPTH || --budget.parts < 0 || !isRecord(raw)) return null;
  const { key, args } = raw;
  if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(TEMPLATES, key)) return null;
  const expected = Object.keys(TEMPLATES[key].placeholders ?? {}).length;
  if (args === undefined || (Array.isArray(args) && args.length === 0)) return expected === 0 ? { key } : null;
  if (!Array.isArray(args) || args.length !== expected) return null;
  const out: MsgArg[] = [];
  for (const arg of args) {
    if (typeof arg === 'string' || typeof arg === 'number') {
      if (--budget.parts < 0) return null;
      if (typeof arg === 'string' ? arg.length > MAX_MSG_ARG_LENGTH : !Number.isFinite(arg)) return null;
      out.push(arg);
      continue;
    }
    const nested = read(arg, depth + 1, budget);
    if (nested === null) return null;
    out.push(nested);
  }
  return { key, args: out };
}
