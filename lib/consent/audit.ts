/**
 * The consent audit of a page: the phase in which each cookie, web storage key and third party
 * first appeared, findings about what was stored or tracked before any choice, after a refusal,
 * or against the page's own consent signal, and a site-level verdict. Kept apart from the
 * cookie security grade: a site can have perfect cookie flags and ignore refusals, or the other
 * way round.
 *
 * Whether a cookie (or a storage key) needs consent comes from its purpose in the Open Cookie
 * Database: Functional, Security (and Necessary) are necessary; Analytics, Marketing and
 * Personalization need consent (ePrivacy Directive art. 5(3)); a cookie the database does not
 * know is "check this one", never a failure.
 */
import type { Finding, Severity } from '../audit/types';
import { commaList, english, msg, type Msg, type MsgArg } from '../phrases';
import { bestSource, consentModeAt, phaseAt, phaseSpans, tcfChoiceAt, type Phase } from './phases';
import type { ChoiceKind, ConsentModeState, ConsentSignal, ConsentSource } from './signals';

export type Need = 'necessary' | 'consent' | 'unknown';

const NECESSARY = new Set(['Functional', 'Security', 'Necessary']);
const NEEDS_CONSENT = new Set(['Analytics', 'Marketing', 'Personalization']);

/** A purpose category (Open Cookie Database) as what it needs; null or another category is unknown. */
export function needOf(category: string | null | undefined): Need {
  if (category && NECESSARY.has(category)) return 'necessary';
  if (category && NEEDS_CONSENT.has(category)) return 'consent';
  return 'unknown';
}

/** A cookie written during the page (created or changed), as the timeline saw it. */
export interface CookieWrite {
  /** cookieKey: the same cookie across writes. */
  key: string;
  name: string;
  domain: string;
  time: number;
  /** Open Cookie Database category; null when unknown. */
  category: string | null;
}

/**
 * A web storage key the page set during the page, as the page reported it (lib/monitor/scripts.ts).
 * Storing in `localStorage` or `sessionStorage` is storing on the device as much as a cookie is
 * (ePrivacy art. 5(3), TCF purpose 1).
 */
export interface StorageKeyWrite {
  /** The key across writes: its origin, area and name (lib/storage/merge.ts, storageItemKey). */
  id: string;
  origin: string;
  area: 'local' | 'session';
  key: string;
  /** The times the page reported setting it, as far as they were kept: its first set and its latest. */
  setAt: readonly number[];
  /** Open Cookie Database category of the key's name (it lists storage keys beside cookies); null when unknown. */
  category: string | null;
}

/** A third party of the page, with when it was first contacted and the times of its tracking. */
export interface PartyActivity {
  site: string;
  firstSeen: number;
  tracking: boolean;
  /** Times of its tracking evidence: pixels, beacons, identifier cookies sent or set. */
  trackedAt: number[];
  /** The first pixel or beacon URL, for the finding's evidence. */
  example: string | null;
}

export type ConsentFinding = Finding & {
  subject: { kind: 'cookie'; name: string; domain: string } | { kind: 'third-party'; site: string } | { kind: 'site' };
};

export interface ReportConsent {
  /** The consent platform, as its own API named it (the IAB's CMP id); null when none said. */
  platform: { id: string; source: 'tcf' | 'gpp' | 'autoconsent' } | null;
  /** The platform `@duckduckgo/autoconsent` found when asked: its rule's name, whether its banner showed, a click on its refuse or accept control. */
  cmp?: { name: string; popup: boolean; clicked?: 'refused' | 'accepted'; at?: number };
  tcf?: { cmpId: number | null; purposeConsents: number[] };
  gpp?: { cmpId: number | null; kind: ChoiceKind };
  consentMode?: ConsentModeState & { updated: boolean };
  choice: { kind: ChoiceKind | 'unknown'; at?: number; source: ConsentSource | null };
  /** The page's phases in order, each from when it began. */
  phases: { phase: Phase; from: number }[];
  verdict: 'pass' | 'fail' | 'unknown';
  findings: ConsentFinding[];
}

export interface ConsentAuditInput {
  signals: readonly ConsentSignal[];
  pageStartedAt: number;
  writes: readonly CookieWrite[];
  parties: readonly PartyActivity[];
  /** Web storage keys the page set; none when not given. */
  storage?: readonly StorageKeyWrite[];
}

export interface ConsentAudit {
  report: ReportConsent;
  /** The phase of each cookie's first write during the page, by cookieKey. */
  cookiePhases: Map<string, Phase>;
  /** The phase in which each third party was first contacted, by site. */
  partyPhases: Map<string, Phase>;
  /** The phase of each web storage key's first set during the page, by StorageKeyWrite.id. */
  storagePhases: Map<string, Phase>;
}

const WHY_CONSENT = msg('audit_consent_law');
const FIX_COOKIE = msg('audit_consent_fix_cookie');
const FIX_TRACKER = msg('audit_consent_fix_tracker');

/** A consent finding: its words in English, as the report has them, and as messages for the UI. */
function consentFinding(id: string, severity: Severity, title: Msg, why: Msg, fix: Msg, subject: ConsentFinding['subject']): ConsentFinding {
  return { id, severity, title: english(title), why: english(why), fix: english(fix), titleMsg: title, whyMsg: why, fixMsg: fix, subject };
}

function cookieFinding(write: CookieWrite, phase: 'before-choice' | 'after-refusal', need: Need): ConsentFinding {
  const before = phase === 'before-choice';
  const id = before ? 'consent-cookie-before-choice' : 'consent-cookie-after-refusal';
  const subject = { kind: 'cookie' as const, name: write.name, domain: write.domain };
  if (need === 'unknown') {
    return consentFinding(
      id,
      'info',
      msg(before ? 'audit_consent_check_before_title' : 'audit_consent_check_after_title', write.name),
      msg('audit_consent_check_why', write.name, write.domain, WHY_CONSENT),
      msg('audit_consent_check_fix', FIX_COOKIE),
      subject,
    );
  }
  const category = String(write.category);
  return consentFinding(
    id,
    'high',
    msg(before ? 'audit_consent_cookie_before_title' : 'audit_consent_cookie_after_title', write.name, category),
    msg('audit_consent_cookie_why', write.name, category, WHY_CONSENT),
    FIX_COOKIE,
    subject,
  );
}

function trackerFinding(party: PartyActivity, phase: 'before-choice' | 'after-refusal'): ConsentFinding {
  const before = phase === 'before-choice';
  const why = party.example
    ? msg(before ? 'audit_consent_tracker_before_why_example' : 'audit_consent_tracker_after_why_example', party.site, party.example, WHY_CONSENT)
    : msg(before ? 'audit_consent_tracker_before_why' : 'audit_consent_tracker_after_why', party.site, WHY_CONSENT);
  return consentFinding(
    before ? 'consent-tracker-before-choice' : 'consent-tracker-after-refusal',
    'high',
    msg(before ? 'audit_consent_tracker_before_title' : 'audit_consent_tracker_after_title', party.site),
    why,
    FIX_TRACKER,
    { kind: 'third-party', site: party.site },
  );
}

type SignalSource = 'tcf' | 'gpp' | 'consent-mode';

/** Each source's words: who said denied, and what to do about the tags that went on anyway. */
const IGNORED = {
  tcf: { title: 'audit_consent_ignored_tcf_title', why: 'audit_consent_ignored_tcf_why', fix: 'audit_consent_ignored_tcf_fix' },
  gpp: { title: 'audit_consent_ignored_gpp_title', why: 'audit_consent_ignored_gpp_why', fix: 'audit_consent_ignored_tcf_fix' },
  'consent-mode': { title: 'audit_consent_ignored_mode_title', why: 'audit_consent_ignored_mode_why', fix: 'audit_consent_ignored_mode_fix' },
} as const;

/** Up to five, and how many more. */
function listed(items: readonly Msg[]): MsgArg {
  const shown = commaList(items.slice(0, 5));
  return items.length > 5 ? msg('audit_consent_and_more', shown, items.length - 5) : shown;
}

/**
 * Consent Mode denies storage per kind (analytics_storage: analytics cookies and storage keys;
 * ad_storage: marketing and personalisation ones, and tracking); TCF's purpose 1 is storing or
 * reading on the device, web storage included.
 */
function signalIgnored(input: ConsentAuditInput): ConsentFinding[] {
  // What each source saw done against it, once each, by its English words.
  const bySource = new Map<SignalSource, Map<string, Msg>>();
  const note = (source: SignalSource, what: Msg) => {
    let seen = bySource.get(source);
    if (seen === undefined) bySource.set(source, (seen = new Map()));
    seen.set(english(what), what);
  };
  const judge = (time: number, category: string | null, what: Msg, tracking: boolean) => {
    const mode = consentModeAt(input.signals, time);
    if (mode !== null) {
      const denied =
        (category === 'Analytics' && mode.analytics_storage === 'denied') ||
        ((category === 'Marketing' || category === 'Personalization' || tracking) && mode.ad_storage === 'denied');
      if (denied) note('consent-mode', what);
    }
    const tcf = tcfChoiceAt(input.signals, time);
    if (tcf !== null && !tcf.purposes.includes(1)) note(tcf.source, what);
  };
  for (const write of input.writes) {
    if (write.time < input.pageStartedAt || needOf(write.category) !== 'consent') continue;
    judge(write.time, write.category, msg('audit_consent_what_cookie', write.name), false);
  }
  for (const item of input.storage ?? []) {
    if (needOf(item.category) !== 'consent') continue;
    const what = msg('audit_consent_what_storage', item.area === 'local' ? 'localStorage' : 'sessionStorage', item.key);
    for (const time of item.setAt) if (time >= input.pageStartedAt) judge(time, item.category, what, false);
  }
  for (const party of input.parties) {
    if (!party.tracking) continue;
    for (const time of party.trackedAt) if (time >= input.pageStartedAt) judge(time, null, msg('audit_consent_what_tracked', party.site), true);
  }
  return [...bySource].map(([source, seen]) => {
    const what = listed([...seen.values()]);
    const words = IGNORED[source];
    return consentFinding('consent-signal-ignored', 'high', msg(words.title, what), msg(words.why, what, WHY_CONSENT), msg(words.fix), { kind: 'site' });
  });
}

export function auditConsent(input: ConsentAuditInput): ConsentAudit {
  const best = bestSource(input.signals);
  const phase = (time: number): Phase => (best === null ? 'unknown' : phaseAt(best.source, best.signals, time));
  const findings: ConsentFinding[] = [];
  const cookiePhases = new Map<string, Phase>();
  const flagged = new Set<string>();
  const writes = [...input.writes].filter((w) => w.time >= input.pageStartedAt).sort((a, b) => a.time - b.time);
  for (const write of writes) {
    const at = phase(write.time);
    if (!cookiePhases.has(write.key)) cookiePhases.set(write.key, at);
    const need = needOf(write.category);
    if (need === 'necessary' || (at !== 'before-choice' && at !== 'after-refusal')) continue;
    // One finding per cookie and phase, however often it was rewritten.
    const id = `${at}\n${write.key}`;
    if (flagged.has(id)) continue;
    flagged.add(id);
    findings.push(cookieFinding(write, at, need));
  }
  const partyPhases = new Map<string, Phase>();
  for (const party of input.parties) {
    if (party.firstSeen >= input.pageStartedAt) partyPhases.set(party.site, phase(party.firstSeen));
    if (!party.tracking) continue;
    const phases = new Set(party.trackedAt.filter((t) => t >= input.pageStartedAt).map(phase));
    for (const at of ['before-choice', 'after-refusal'] as const) if (phases.has(at)) findings.push(trackerFinding(party, at));
  }
  const storagePhases = new Map<string, Phase>();
  for (const item of input.storage ?? []) {
    const first = Math.min(...item.setAt.filter((t) => t >= input.pageStartedAt));
    if (first !== Infinity) storagePhases.set(item.id, phase(first));
  }
  findings.push(...signalIgnored(input));
  const observed = new Set(best === null ? [] : phaseSpans(best.source, best.signals, input.pageStartedAt).map((s) => s.phase));
  const failed = findings.some((f) => f.severity === 'high');
  const verdict = failed ? 'fail' : observed.has('before-choice') || observed.has('after-refusal') ? 'pass' : 'unknown';
  return { report: { ...summaryOf(input.signals, best), phases: best === null ? [] : phaseSpans(best.source, best.signals, input.pageStartedAt), verdict, findings }, cookiePhases, partyPhases, storagePhases };
}

/** Which platform, what TCF, GPP and Consent Mode said last, and the choice. */
function summaryOf(signals: readonly ConsentSignal[], best: ReturnType<typeof bestSource>): Pick<ReportConsent, 'platform' | 'cmp' | 'tcf' | 'gpp' | 'consentMode' | 'choice'> {
  const latest = (source: ConsentSource) => [...signals].filter((s) => s.source === source).sort((a, b) => a.time - b.time).at(-1);
  const summary: Pick<ReportConsent, 'platform' | 'cmp' | 'tcf' | 'gpp' | 'consentMode' | 'choice'> = { platform: null, choice: { kind: 'unknown', source: null } };
  const tcf = latest('tcf');
  const gpp = latest('gpp');
  const mode = latest('consent-mode');
  if (tcf) summary.tcf = { cmpId: tcf.cmpId ?? null, purposeConsents: tcf.purposes ?? [] };
  if (gpp) summary.gpp = { cmpId: gpp.cmpId ?? null, kind: gpp.kind };
  if (mode) summary.consentMode = { ...mode.consentMode, updated: signals.some((s) => s.source === 'consent-mode' && s.command === 'update') };
  const platform = [tcf, gpp].find((s) => s?.cmpId !== undefined && s.cmpId !== null);
  if (platform) summary.platform = { id: `${platform.source}:${platform.cmpId}`, source: platform.source as 'tcf' | 'gpp' };
  const cmps = signals.filter((s) => s.source === 'cmp' && s.cmp !== undefined);
  if (cmps.length > 0) {
    // autoconsent names the platform itself (its rule), where the IAB APIs give a number.
    const name = cmps.at(-1)!.cmp as string;
    const click = cmps.filter((s) => s.kind === 'refused' || s.kind === 'accepted').at(-1);
    summary.cmp = { name, popup: cmps.some((s) => s.popup !== false) };
    if (click) Object.assign(summary.cmp, { clicked: click.kind, at: click.time });
    summary.platform = { id: name, source: 'autoconsent' };
  }
  if (best !== null) {
    const choice = best.signals.filter((s) => s.kind !== 'none').at(-1);
    summary.choice = choice === undefined ? { kind: 'none', source: best.source } : { kind: choice.kind, source: best.source, ...(choice.earlier ? {} : { at: choice.time }) };
  }
  return summary;
}
