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

const WHY_CONSENT =
  'The ePrivacy Directive (art. 5(3)) and the GDPR allow storing or reading anything on a visitor’s device without consent only when it is strictly necessary for the service asked for; the EDPB’s cookie-banner taskforce (January 2023) lists storing before consent and ignoring a refusal among the common violations.';
const FIX_COOKIE =
  'Load the script that sets it only once the visitor accepts: through the consent platform’s callback, or with Google Consent Mode’s defaults `denied` and the tag blocked until `granted`.';
const FIX_TRACKER =
  'Block this third party’s tags, pixels and beacons until the visitor accepts (most consent platforms block by category), and keep them blocked after a refusal.';

function cookieFinding(write: CookieWrite, phase: 'before-choice' | 'after-refusal', need: Need): ConsentFinding {
  const before = phase === 'before-choice';
  const when = before ? 'before any choice' : 'after the visitor refused';
  const id = before ? 'consent-cookie-before-choice' : 'consent-cookie-after-refusal';
  const subject = { kind: 'cookie' as const, name: write.name, domain: write.domain };
  if (need === 'unknown') {
    return {
      id,
      severity: 'info',
      title: `Check this one: ${write.name} was stored ${when}`,
      why: `Cookie Audit does not know what ${write.name} (${write.domain}) is for. If it is not strictly necessary for what the visitor asked for, it needs consent first. ${WHY_CONSENT}`,
      fix: `If it is necessary (a session, a load balancer, the consent choice itself), nothing to do. Otherwise: ${FIX_COOKIE}`,
      subject,
    };
  }
  return {
    id,
    severity: 'high',
    title: `${write.name} (${write.category}) was stored ${when}`,
    why: `The Open Cookie Database lists ${write.name} as ${write.category}: it needs consent. ${WHY_CONSENT}`,
    fix: FIX_COOKIE,
    subject,
  };
}

function trackerFinding(party: PartyActivity, phase: 'before-choice' | 'after-refusal'): ConsentFinding {
  const before = phase === 'before-choice';
  const evidence = party.example ? ` (for one, ${party.example})` : '';
  return {
    id: before ? 'consent-tracker-before-choice' : 'consent-tracker-after-refusal',
    severity: 'high',
    title: `${party.site} tracked ${before ? 'before any choice' : 'after the visitor refused'}`,
    why: `The page sent ${party.site} a tracking pixel, a beacon or an identifier cookie${evidence} ${before ? 'before the visitor chose' : 'after the visitor refused'}. ${WHY_CONSENT}`,
    fix: FIX_TRACKER,
    subject: { kind: 'third-party', site: party.site },
  };
}

const SOURCE_NAMES = { tcf: 'The page’s TCF consent platform', gpp: 'The page’s GPP consent platform', 'consent-mode': 'Google Consent Mode' } as const;

/** Up to five names, and how many more. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

/**
 * Consent Mode denies storage per kind (analytics_storage: analytics cookies and storage keys;
 * ad_storage: marketing and personalisation ones, and tracking); TCF's purpose 1 is storing or
 * reading on the device, web storage included.
 */
function signalIgnored(input: ConsentAuditInput): ConsentFinding[] {
  const bySource = new Map<'tcf' | 'gpp' | 'consent-mode', Set<string>>();
  const note = (source: 'tcf' | 'gpp' | 'consent-mode', what: string) => {
    let set = bySource.get(source);
    if (set === undefined) bySource.set(source, (set = new Set()));
    set.add(what);
  };
  const judge = (time: number, category: string | null, what: string, tracking: boolean) => {
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
    judge(write.time, write.category, `the cookie ${write.name}`, false);
  }
  for (const item of input.storage ?? []) {
    if (needOf(item.category) !== 'consent') continue;
    const what = `the ${item.area === 'local' ? 'localStorage' : 'sessionStorage'} key ${item.key}`;
    for (const time of item.setAt) if (time >= input.pageStartedAt) judge(time, item.category, what, false);
  }
  for (const party of input.parties) {
    if (!party.tracking) continue;
    for (const time of party.trackedAt) if (time >= input.pageStartedAt) judge(time, null, `${party.site} tracked`, true);
  }
  return [...bySource].map(([source, what]) => ({
    id: 'consent-signal-ignored',
    severity: 'high' as Severity,
    title: `${SOURCE_NAMES[source]} said denied, yet ${listed([...what])}`,
    why: `${SOURCE_NAMES[source]} told the page’s tags that the visitor did not consent${source === 'consent-mode' ? ' (ad_storage or analytics_storage denied)' : ' (no consent to purpose 1, storing or reading on the device)'}, and still: ${listed([...what])}. A tag that ignores the page’s own consent signal stores and tracks whatever the visitor chose. ${WHY_CONSENT}`,
    fix: source === 'consent-mode'
      ? 'Tags that do not read Consent Mode (non-Google pixels, custom scripts) must be blocked by the consent platform until consent is granted; Google’s own tags must be given the defaults before they load.'
      : 'Have every vendor’s tag wait for the TCF API’s answer and honour it, or block it through the consent platform.',
    subject: { kind: 'site' },
  }));
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
