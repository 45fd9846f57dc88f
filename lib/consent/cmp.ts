/**
 * The consent platform as `@duckduckgo/autoconsent` (MPL-2.0) finds it: which platform (its rule's
 * name), whether its banner shows, and which of the banner's controls refuse or accept — read
 * from the rule's own `optOut` / `optIn` steps (rules/autoconsent/*.json in the package), so
 * a visitor's click on one of them is their choice.
 *
 * Pure: the content script (entrypoints/autoconsent.content.ts) runs autoconsent and listens
 * for clicks; the background applies what it reports.
 */
import { isRecord } from '../guards';

/** A rule step, as far as these helpers read it (lib/rules.ts in the package). */
type Step = Record<string, unknown>;

/**
 * The controls of a one-click path: a sequence of steps with exactly one click (`click` or
 * `waitForThenClick` on a plain selector) is "that button does it". Paths of several clicks
 * (open the settings, untick, save) say nothing about a single click. `if`/`then`/`else` and
 * `any` branches are paths of their own.
 */
function oneClickControls(steps: unknown, into: Set<string>, depth = 0): void {
  if (!Array.isArray(steps) || depth > 8) return;
  const clicks: string[] = [];
  let multi = false;
  for (const raw of steps) {
    if (!isRecord(raw)) continue;
    const step = raw as Step;
    const target = step.click ?? step.waitForThenClick;
    if (target !== undefined) {
      if (typeof target === 'string' && step.optional !== true) clicks.push(target);
      else multi = true;
    }
    if (isRecord(step.if)) {
      oneClickControls(step.then, into, depth + 1);
      oneClickControls(step.else, into, depth + 1);
    }
    if (Array.isArray(step.any)) for (const alternative of step.any) oneClickControls([alternative], into, depth + 1);
  }
  if (clicks.length === 1 && !multi) into.add(clicks[0]);
}

export interface ChoiceControls {
  refuse: string[];
  accept: string[];
}

/** The selectors of a rule's one-click refuse and accept controls. */
export function choiceControls(rule: unknown): ChoiceControls {
  const refuse = new Set<string>();
  const accept = new Set<string>();
  if (isRecord(rule)) {
    oneClickControls(rule.optOut, refuse);
    oneClickControls(rule.optIn, accept);
  }
  return { refuse: [...refuse], accept: [...accept] };
}

/** What our autoconsent content script tells the background. */
export type CmpReport =
  | { type: 'cmpDetected'; cmp: string }
  | { type: 'popupFound'; cmp: string }
  | { type: 'cmpClicked'; cmp: string; choice: 'refused' | 'accepted'; time: number };

export const CMP_MESSAGE = 'cookieAuditCmp';
export const MAX_CMP_NAME = 100;

/** A report as sent, checked; null when it is not one. */
export function readCmpReport(raw: unknown): CmpReport | null {
  if (!isRecord(raw) || raw.type !== CMP_MESSAGE || !isRecord(raw.report)) return null;
  const { type, cmp, choice, time } = raw.report;
  if (typeof cmp !== 'string' || cmp === '') return null;
  const name = cmp.slice(0, MAX_CMP_NAME);
  if (type === 'cmpDetected' || type === 'popupFound') return { type, cmp: name };
  if (type === 'cmpClicked' && (choice === 'refused' || choice === 'accepted') && typeof time === 'number' && Number.isFinite(time)) {
    return { type, cmp: name, choice, time };
  }
  return null;
}
