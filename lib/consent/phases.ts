/**
 * The phases of a page: before any choice, then after refusal, acceptance or a partial choice,
 * from the consent signals of its best source (TCF, then GPP, then Consent Mode, then what the
 * user told Cookie Audit). With no signal at all every moment is `unknown`: never guessed.
 */
import { CONSENT_SOURCES, type ChoiceKind, type ConsentModeState, type ConsentSignal, type ConsentSource } from './signals';

export type Phase = 'before-choice' | 'after-refusal' | 'after-acceptance' | 'after-partial' | 'unknown';

const PHASE_OF: Record<ChoiceKind, Phase> = {
  none: 'before-choice',
  refused: 'after-refusal',
  accepted: 'after-acceptance',
  partial: 'after-partial',
};

export const phaseOfChoice = (kind: ChoiceKind): Phase => PHASE_OF[kind];

/** The best source that said anything, and its signals in time order. */
export function bestSource(signals: readonly ConsentSignal[]): { source: ConsentSource; signals: ConsentSignal[] } | null {
  for (const source of CONSENT_SOURCES) {
    // A platform detected without its banner says nothing about the choice.
    const own = signals.filter((s) => s.source === source && s.popup !== false);
    if (own.length > 0) return { source, signals: own.sort((a, b) => a.time - b.time) };
  }
  return null;
}

/**
 * The signal of a platform (time-ordered `signals` of one source) in force at `time`: the
 * latest one read by then; before the first, the first when it is a choice from an earlier
 * visit, else none (the platform would have said).
 */
export function signalAt(signals: readonly ConsentSignal[], time: number): ConsentSignal | null {
  let current: ConsentSignal | null = null;
  for (const signal of signals) {
    if (signal.time > time) break;
    current = signal;
  }
  if (current !== null) return current;
  const first = signals[0];
  return first?.earlier ? first : null;
}

/**
 * The phase at `time`, from one source's time-ordered signals.
 * - A platform's (tcf, gpp, consent-mode): the choice in force (signalAt); before its first
 *   signal, before any choice, unless that signal restored an earlier visit's choice.
 * - The user's: a choice they stated holds from when they stated it; "I have not chosen yet"
 *   holds for everything before it. Between the two, and with neither, unknown.
 */
export function phaseAt(source: ConsentSource, signals: readonly ConsentSignal[], time: number): Phase {
  if (signals.length === 0) return 'unknown';
  if (source !== 'user') {
    const current = signalAt(signals, time);
    return current === null ? 'before-choice' : PHASE_OF[current.kind];
  }
  let choice: ConsentSignal | null = null;
  let notYet = false;
  for (const signal of signals) {
    if (signal.kind === 'none') {
      if (signal.time >= time) notYet = true;
    } else if (signal.time <= time) choice = signal;
  }
  if (choice !== null) return PHASE_OF[choice.kind];
  return notYet ? 'before-choice' : 'unknown';
}

/** Consent Mode's state at `time` (defaults and updates so far); null when the page set none. */
export function consentModeAt(signals: readonly ConsentSignal[], time: number): ConsentModeState | null {
  const own = signals.filter((s) => s.source === 'consent-mode').sort((a, b) => a.time - b.time);
  if (own.length === 0) return null;
  // Defaults are set before any tag runs (Google's instructions): the first holds from the start.
  const current = signalAt(own, time) ?? (own[0].command === 'default' ? own[0] : null);
  return current?.consentMode ?? null;
}

/**
 * TCF's (or GPP's tcfeuv2) word at `time` when it is an explicit choice: the purposes consented.
 * Null before a choice or without TCF.
 */
export function tcfChoiceAt(signals: readonly ConsentSignal[], time: number): { source: 'tcf' | 'gpp'; purposes: number[] } | null {
  for (const source of ['tcf', 'gpp'] as const) {
    const own = signals.filter((s) => s.source === source && s.purposes !== undefined).sort((a, b) => a.time - b.time);
    const current = signalAt(own, time);
    if (current !== null && current.kind !== 'none') return { source, purposes: current.purposes ?? [] };
  }
  return null;
}

/** The page's moments, in order: each phase with when it began (the page's start for the first). */
export function phaseSpans(source: ConsentSource, signals: readonly ConsentSignal[], pageStartedAt: number): { phase: Phase; from: number }[] {
  // A phase can only change at a signal, or just after one (a user's "not yet" holds up to its moment).
  const moments = new Set([pageStartedAt]);
  for (const { time } of signals) for (const t of [time, time + 1]) if (t > pageStartedAt) moments.add(t);
  const spans: { phase: Phase; from: number }[] = [];
  for (const time of [...moments].sort((a, b) => a - b)) {
    const phase = phaseAt(source, signals, time);
    if (spans.length === 0 || spans[spans.length - 1].phase !== phase) spans.push({ phase, from: time });
  }
  return spans;
}
