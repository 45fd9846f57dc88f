/**
 * A cookie's remaining life as a message ("in 13 months", "in 5 minutes", "Expired"): the audit
 * writes it into a token's expiry (lib/audit/rules.ts), the popup shows it in every row
 * (components/format.ts). Only the messages' names here, not their English (lib/phrases.ts): the
 * popup's first chunk takes this module and must not carry the audit's templates.
 */
import type { Msg } from './phrases';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30.44 * DAY;
const YEAR = 365.25 * DAY;

type Unit = 'minutes' | 'hours' | 'days' | 'months' | 'years';

/** `lifetime_<unit>_one` for one, `_other` otherwise, with the count as the argument. */
const count = (n: number, unit: Unit): Msg => ({ key: `lifetime_${unit}_${n === 1 ? 'one' : 'other'}`, args: [n] });

/** The time left until `expirationDate` (seconds since the epoch) from `nowMs`, in the largest unit that reads naturally. */
export function lifetimeMsg(expirationDate: number, nowMs: number): Msg {
  const left = expirationDate - nowMs / 1000;
  if (left <= 0) return { key: 'lifetime_expired' };
  // Pick the unit from the rounded figure, so 3599 s reads "in 1 hour", not "in 60 minutes".
  const minutes = Math.max(1, Math.round(left / MINUTE));
  if (minutes < 60) return count(minutes, 'minutes');
  const hours = Math.round(left / HOUR);
  if (hours < 24) return count(hours, 'hours');
  const days = Math.round(left / DAY);
  if (days < 45) return count(days, 'days');
  const months = Math.round(left / MONTH);
  if (months < 24) return count(months, 'months');
  return count(Math.round(left / YEAR), 'years');
}
