/**
 * The primitive checks for data that crosses a trust boundary: browser event details, stored
 * state, messages. One definition each, so every reader agrees on what "a count" or "a time" is.
 */
export type Raw = Record<string, unknown>;

export const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
/** A string that says something: '' counts as absent. */
export const nonEmptyString = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
export const stringOrNull = (v: unknown): string | null => (isString(v) ? v : null);
export const isSafeInteger = (v: unknown): v is number => Number.isSafeInteger(v);
export const integerOr = (v: unknown, fallback: number): number => (Number.isSafeInteger(v) ? (v as number) : fallback);
/** A size or count: a non-negative safe integer, or null. */
export const sizeOrNull = (v: unknown): number | null => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : null);
/** A count, 0 when it is not one. */
export const count = (v: unknown): number => sizeOrNull(v) ?? 0;
/** A time in milliseconds, 0 when it is not a finite number. */
export const time = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
export const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
export const strings = (v: unknown, max: number): string[] => list(v).filter(isString).slice(0, max);

/** Keep the entries `read` accepts, at most `max` of them. */
export function readList<T>(v: unknown, max: number, read: (raw: Raw) => T | null): T[] {
  const out: T[] = [];
  for (const raw of list(v)) {
    if (out.length === max) break;
    const item = isRecord(raw) ? read(raw) : null;
    if (item !== null) out.push(item);
  }
  return out;
}
