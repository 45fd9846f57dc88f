/**
 * "Test this site's consent" (issue #10), the pure part: the steps of a run, when the page's
 * network counts as quiet, and what each run found, phase by phase. The background
 * (entrypoints/background/consentTest.ts) does the browser work step by step: keep a copy of
 * the site's cookies and storage in memory, clear them, reload as a first visit, record what
 * happens before any choice, refuse (or accept) through the banner with autoconsent's own
 * `optOut` (`optIn`), scroll, record what follows, and put the copy back.
 */
import type { Msg, PhraseKey } from '../phrases';
import type { ConsentFinding, ReportConsent } from './audit';
import { phaseOfChoice, type Phase } from './phases';

export type TestChoice = 'refuse' | 'accept';

/** The choices a test may be asked for, as the message documents them. */
export function readChoices(raw: unknown): TestChoice[] | null {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 2) return null;
  if (!raw.every((c) => c === 'refuse' || c === 'accept')) return null;
  if (raw.length === 2 && raw[0] === raw[1]) return null;
  return [...raw] as TestChoice[];
}

export type TestStep = 'snapshot' | 'clear' | 'reload' | 'before-choice' | 'banner' | 'choose' | 'after-choice' | 'restore';

export interface PlannedStep {
  step: TestStep;
  /** The run the step belongs to; null for the snapshot and the restore around them. */
  run: TestChoice | null;
}

/** Every step of a test, in order: the progress list the popup shows before it starts. */
export function planSteps(choices: readonly TestChoice[]): PlannedStep[] {
  const steps: PlannedStep[] = [{ step: 'snapshot', run: null }];
  for (const run of choices) {
    for (const step of ['clear', 'reload', 'before-choice', 'banner', 'choose', 'after-choice'] as const) steps.push({ step, run });
  }
  steps.push({ step: 'restore', run: null });
  return steps;
}

/** The message (`_locales`) that names a step in the progress list, in the UI's language. */
export function stepKey({ step, run }: PlannedStep): string {
  const refusing = run === 'refuse';
  switch (step) {
    case 'snapshot':
      return 'ctest_progress_snapshot';
    case 'clear':
      return 'ctest_progress_clear';
    case 'reload':
      return 'ctest_progress_reload';
    case 'before-choice':
      return 'ctest_progress_before_choice';
    case 'banner':
      return 'ctest_progress_banner';
    case 'choose':
      return refusing ? 'ctest_progress_refuse' : 'ctest_progress_accept';
    case 'after-choice':
      return refusing ? 'ctest_progress_after_refusal' : 'ctest_progress_after_acceptance';
    case 'restore':
      return 'ctest_progress_restore';
  }
}

/**
 * Progress, sent by the background to the extension's pages as each step starts
 * (`runtime.sendMessage`): `index` into planSteps(choices).
 */
export interface ConsentTestProgress {
  type: 'consentTestProgress';
  tabId: number;
  index: number;
  step: TestStep;
  run: TestChoice | null;
}

export function isConsentTestProgress(raw: unknown): raw is ConsentTestProgress {
  const m = raw as Partial<ConsentTestProgress> | null;
  return typeof m === 'object' && m !== null && m.type === 'consentTestProgress' && typeof m.tabId === 'number' && typeof m.index === 'number';
}

/** No request started or ended for this long, none still open: the page is quiet. */
export const QUIET_MS = 600;
/** A wait for quiet ends after this long whatever the page does (analytics that poll, a chat widget). */
export const QUIET_CAP_MS = 10_000;
/** A request open this long is a long poll or a stream: it does not keep the page busy. */
export const LONG_REQUEST_MS = 4000;

/**
 * The page's network, as the background saw its requests start and end. Quiet is a condition
 * on them, like Playwright's `networkidle` but on the extension's own observations.
 */
export class QuietWatch {
  private open = new Map<string, number>();
  private last: number;

  constructor(now: number) {
    this.last = now;
  }

  started(id: string, time: number): void {
    this.open.set(id, time);
    this.last = Math.max(this.last, time);
  }

  ended(id: string, time: number): void {
    if (this.open.delete(id)) this.last = Math.max(this.last, time);
  }

  /** Whether the page is quiet at `now`; `since` is when the wait began (for the cap). */
  state(now: number, since: number): 'quiet' | 'busy' | 'capped' {
    let busy = now - this.last < QUIET_MS;
    for (const started of this.open.values()) if (now - started < LONG_REQUEST_MS) busy = true;
    if (!busy) return 'quiet';
    return now - since >= QUIET_CAP_MS ? 'capped' : 'busy';
  }
}

export interface PhaseCookie {
  name: string;
  domain: string;
  /** The Open Cookie Database's category; null when it does not know the cookie. */
  category: string | null;
}

export interface PhaseSummary {
  phase: Phase;
  /** Cookies first written in this phase. */
  cookies: PhaseCookie[];
  /** Third parties that tracked in this phase (first contacted then, or a finding of that phase). */
  trackers: string[];
}

export interface ConsentTestRun {
  choice: TestChoice;
  /** autoconsent's name of the platform whose banner it answered; null when none was found. */
  cmp: string | null;
  /** Whether the banner was answered (autoconsent's opt-out or opt-in succeeded). */
  answered: boolean;
  verdict: 'pass' | 'fail' | 'unknown';
  findings: ConsentFinding[];
  phases: PhaseSummary[];
}

export type TestOutcome = 'done' | 'cancelled' | 'no-banner-control' | 'failed';

export interface ConsentTestResult {
  choices: TestChoice[];
  outcome: TestOutcome;
  /** What the user should know about the outcome (the manual path when the banner was not found). */
  message: string | null;
  /** `message` as a message (lib/phrases.ts), for the UI's language. */
  messageMsg?: Msg;
  runs: ConsentTestRun[];
  /** How much of the user's copy was put back. */
  restored: { cookies: number; cookiesFailed: number; storageOrigins: number; storageOriginsMissed: number };
  startedAt: number;
  finishedAt: number;
}

// Written out, not through `msg()`: the popup's progress list imports this module, and must not
// carry lib/phrases.ts's English templates (tests/unit/popup-imports.test.ts).
export const NO_BANNER_CONTROL: Msg = { key: 'audit_ctest_no_reject_control' satisfies PhraseKey };
export const NO_ACCEPT_CONTROL: Msg = { key: 'audit_ctest_no_accept_control' satisfies PhraseKey };

/**
 * What a run reads of the report at its end: lib/report.ts's Report, by shape (not imported:
 * the report is built with the consent audit, and carries this module's result).
 */
interface RunReport {
  cookies: readonly { name: string; domain: string; phase: Phase | null; purpose?: { category: string } | null }[];
  activity: { thirdParties: readonly { site: string; tracking: boolean; phase: Phase | null }[] } | null;
  consent: ReportConsent;
}

/** The report's consent audit, with the test's runs in the answer to `runConsentTest` only. */
export interface TestedConsent extends ReportConsent {
  test?: ConsentTestResult;
}

/** What one run found, per phase, from the report read at its end. */
export function summariseRun(report: RunReport, choice: TestChoice, cmp: string | null, answered: boolean): ConsentTestRun {
  const after = phaseOfChoice(choice === 'refuse' ? 'refused' : 'accepted');
  const phases = (answered ? (['before-choice', after] as Phase[]) : (['before-choice'] as Phase[])).map((phase): PhaseSummary => {
    const cookies = report.cookies
      .filter((c) => c.phase === phase)
      .map((c) => ({ name: c.name, domain: c.domain, category: c.purpose?.category ?? null }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.domain.localeCompare(b.domain));
    const trackers = new Set<string>();
    for (const party of report.activity?.thirdParties ?? []) if (party.tracking && party.phase === phase) trackers.add(party.site);
    const findingId = phase === 'before-choice' ? 'consent-tracker-before-choice' : phase === 'after-refusal' ? 'consent-tracker-after-refusal' : null;
    for (const f of report.consent.findings) if (f.id === findingId && f.subject.kind === 'third-party') trackers.add(f.subject.site);
    return { phase, cookies, trackers: [...trackers].sort() };
  });
  return { choice, cmp, answered, verdict: report.consent.verdict, findings: report.consent.findings, phases };
}

/** The site's verdict over the runs: any failing run fails it; a passing one passes it; else unknown. */
export function combinedVerdict(runs: readonly ConsentTestRun[]): 'pass' | 'fail' | 'unknown' {
  if (runs.some((r) => r.verdict === 'fail')) return 'fail';
  return runs.some((r) => r.verdict === 'pass') ? 'pass' : 'unknown';
}

/** The runs' findings, each once (the same cookie before any choice is found by both runs). */
export function combinedFindings(runs: readonly ConsentTestRun[]): ConsentFinding[] {
  const seen = new Set<string>();
  const out: ConsentFinding[] = [];
  for (const run of runs) {
    for (const f of run.findings) {
      const key = `${f.id}\n${f.title}\n${JSON.stringify(f.subject)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
  }
  return out;
}

/**
 * The report the test answers with: the first run's page (its cookies and trackers, each with its
 * phase), its consent section judged over all runs and carrying the test's own account.
 */
export function testReport<R extends RunReport>(report: R, result: ConsentTestResult): R & { consent: TestedConsent } {
  const consent = result.runs.length === 0 ? report.consent : { ...report.consent, verdict: combinedVerdict(result.runs), findings: combinedFindings(result.runs) };
  return { ...report, consent: { ...consent, test: result } };
}

/** Web storage of one origin, as the test keeps it in memory while it runs. Never stored or logged. */
export interface OriginStorage {
  origin: string;
  local: [string, string][];
  session: [string, string][];
}

/** Frames' readings as one copy per origin: frames of one origin share its storage, the first is kept. */
export function storageByOrigin(readings: readonly (OriginStorage | null | undefined)[]): OriginStorage[] {
  const byOrigin = new Map<string, OriginStorage>();
  for (const r of readings) {
    // Opaque origins (sandboxed frames, data: URLs) have no storage to keep.
    if (!r || r.origin === 'null' || !/^https?:\/\//.test(r.origin) || byOrigin.has(r.origin)) continue;
    byOrigin.set(r.origin, r);
  }
  return [...byOrigin.values()];
}
