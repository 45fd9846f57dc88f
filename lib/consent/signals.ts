/**
 * What a page says about the visitor's consent, read in its own world (MAIN) from the standard
 * APIs consent platforms expose, and what each reading means: no choice yet, or a choice
 * (refused, accepted, partial).
 *
 * - IAB TCF v2.2: `__tcfapi('addEventListener', 2, cb)` calls `cb(tcData, success)` now and on
 *   every change; `tcData.eventStatus` is `tcloaded` (a choice stored earlier was loaded, no
 *   banner), `cmpuishown` (the banner shows: no choice yet) or `useractioncomplete` (the visitor
 *   just chose); `tcData.purpose.consents` maps purpose ids (1–11 in v2.2) to booleans.
 *   https://github.com/InteractiveAdvertisingBureau/GDPR-Transparency-and-Consent-Framework/blob/master/TCFv2/IAB%20Tech%20Lab%20-%20CMP%20API%20v2.md
 * - IAB GPP 1.1: `__gpp('addEventListener', cb)` calls `cb(event, success)`; `event.pingData`
 *   has `cmpId`, `cmpDisplayStatus` (`visible` | `hidden` | `disabled`) and `parsedSections`
 *   (`tcfeuv2` with `PurposeConsents`, `usnat` with `SaleOptOut` … 0 n/a, 1 opted out, 2 did not).
 *   https://github.com/InteractiveAdvertisingBureau/Global-Privacy-Platform/blob/main/Core/CMP%20API%20Specification.md
 * - Google Consent Mode v2: `gtag('consent', 'default' | 'update', { ad_storage, analytics_storage,
 *   ad_user_data, ad_personalization })` pushes its `arguments` onto `window.dataLayer`.
 *   https://developers.google.com/tag-platform/security/guides/consent
 *
 * Everything here is the page's word: any page can define these APIs and say anything. Readings
 * are checked, capped and shown as "reported by the page".
 */
import { isRecord, isSafeInteger } from '../guards';

/**
 * Where a choice is known from, best first; `test` is Cookie Audit's own consent test (a first
 * visit it loaded, the banner answered through autoconsent: it knows the moment); `cmp` is the consent platform `@duckduckgo/autoconsent`
 * found (its banner, a click on its refuse or accept control); `user` is what the user told Cookie Audit.
 */
export type ConsentSource = 'test' | 'tcf' | 'gpp' | 'consent-mode' | 'cmp' | 'user';
export const CONSENT_SOURCES: readonly ConsentSource[] = ['test', 'tcf', 'gpp', 'consent-mode', 'cmp', 'user'];

/** `none`: no choice made yet (the banner shows, or only defaults are set). */
export type ChoiceKind = 'none' | 'refused' | 'accepted' | 'partial';

export type ConsentModeValue = 'granted' | 'denied';
export const CONSENT_MODE_KEYS = ['ad_storage', 'analytics_storage', 'ad_user_data', 'ad_personalization'] as const;
export type ConsentModeKey = (typeof CONSENT_MODE_KEYS)[number];
export type ConsentModeState = Partial<Record<ConsentModeKey, ConsentModeValue>>;

/** One reading, as the page world hands it over and the background keeps it. */
export interface ConsentSignal {
  source: ConsentSource;
  /** Epoch ms when it was read (or told). */
  time: number;
  kind: ChoiceKind;
  /** A choice made before this page (a stored one the platform loaded): it holds from the page's start. */
  earlier: boolean;
  /** TCF and GPP: the platform's id in the IAB's CMP list; null when it did not say. */
  cmpId?: number | null;
  /** TCF (or GPP's tcfeuv2): the purposes consented to, ascending. */
  purposes?: number[];
  /** Consent Mode: the state after this command (defaults merged with updates), and which command. */
  consentMode?: ConsentModeState;
  command?: 'default' | 'update';
  /** `cmp`: autoconsent's name of the platform (its rule), and whether its banner showed (false: detected only, no phase). */
  cmp?: string;
  popup?: boolean;
}

/** TCF v2.2 has purposes 1–11; GPP's tcfeuv2 lists 24 slots. Higher ids are ignored. */
const MAX_PURPOSE = 24;
/** The purposes every TCF v2 banner asks for: all consented is "accept all". */
const CORE_PURPOSES = 10;

/** Refused, accepted or partial, from the purposes consented among those listed. */
export function choiceOfPurposes(consented: readonly number[], listed: number): ChoiceKind {
  if (consented.length === 0) return 'refused';
  const core = consented.filter((p) => p <= CORE_PURPOSES).length;
  return consented.length >= listed || core >= CORE_PURPOSES ? 'accepted' : 'partial';
}

/** `{ '1': true, '2': false, … }` → the consented ids and how many were listed; null if not such a map. */
function purposesOfMap(raw: unknown): { consented: number[]; listed: number } | null {
  if (!isRecord(raw)) return null;
  const consented: number[] = [];
  let listed = 0;
  // A hostile page can hand over a huge object: only purpose ids are looked up, never its keys walked.
  for (let id = 1; id <= MAX_PURPOSE; id++) {
    const value = raw[id];
    if (typeof value !== 'boolean') continue;
    listed++;
    if (value) consented.push(id);
  }
  return listed === 0 ? null : { consented, listed };
}

/** `[true, false, …]` (GPP's PurposeConsents, purpose 1 first) → the same. */
function purposesOfList(raw: unknown): { consented: number[]; listed: number } | null {
  if (!Array.isArray(raw)) return null;
  const consented: number[] = [];
  let listed = 0;
  for (let i = 0; i < Math.min(raw.length, MAX_PURPOSE); i++) {
    if (typeof raw[i] !== 'boolean') continue;
    listed++;
    if (raw[i]) consented.push(i + 1);
  }
  return listed === 0 ? null : { consented, listed };
}

const cmpIdOf = (v: unknown): number | null => (isSafeInteger(v) && v >= 0 && v < 100_000 ? v : null);

/**
 * A TCF `tcData` as a signal; null when it says nothing about a choice (GDPR does not apply to
 * this visitor, the CMP is not loaded, an unknown status).
 */
export function tcfSignal(tcData: unknown, time: number): ConsentSignal | null {
  if (!isRecord(tcData) || tcData.gdprApplies === false) return null;
  const status = tcData.eventStatus;
  const cmpId = cmpIdOf(tcData.cmpId);
  if (status === 'cmpuishown') return { source: 'tcf', time, kind: 'none', earlier: false, cmpId, purposes: [] };
  if (status !== 'tcloaded' && status !== 'useractioncomplete') return null;
  const purposes = purposesOfMap(isRecord(tcData.purpose) ? tcData.purpose.consents : null) ?? { consented: [], listed: 0 };
  return {
    source: 'tcf',
    time,
    kind: choiceOfPurposes(purposes.consented, purposes.listed),
    earlier: status === 'tcloaded',
    cmpId,
    purposes: purposes.consented,
  };
}

const OPTED_OUT = 1;
const DID_NOT_OPT_OUT = 2;
const US_OPT_OUTS = ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'];

/** A US section's opt-outs: refused when any is opted out, accepted when all say "did not"; null when none applies. */
function usChoice(section: unknown): ChoiceKind | null {
  const fields = Array.isArray(section) ? section[0] : section;
  if (!isRecord(fields)) return null;
  const values = US_OPT_OUTS.map((key) => fields[key]).filter((v) => v === OPTED_OUT || v === DID_NOT_OPT_OUT);
  if (values.length === 0) return null;
  return values.includes(OPTED_OUT) ? 'refused' : 'accepted';
}

/**
 * A GPP event (its `pingData`) as a signal; null when it says nothing. `seenBanner`: the page
 * showed its banner earlier in this page, so a choice now is the visitor's, not a stored one.
 */
export function gppSignal(event: unknown, time: number, seenBanner: boolean): ConsentSignal | null {
  const ping = isRecord(event) ? event.pingData : null;
  if (!isRecord(ping)) return null;
  const cmpId = cmpIdOf(ping.cmpId);
  if (ping.cmpDisplayStatus === 'visible') return { source: 'gpp', time, kind: 'none', earlier: false, cmpId };
  if (ping.signalStatus !== 'ready') return null;
  const sections = isRecord(ping.parsedSections) ? ping.parsedSections : {};
  const eu = sections.tcfeuv2;
  const core = Array.isArray(eu) ? eu[0] : eu;
  const purposes = isRecord(core) ? purposesOfList(core.PurposeConsents) : null;
  if (purposes !== null) {
    return { source: 'gpp', time, kind: choiceOfPurposes(purposes.consented, purposes.listed), earlier: !seenBanner, cmpId, purposes: purposes.consented };
  }
  for (const name of ['usnat', 'usca', 'usva', 'usco', 'usut', 'usct']) {
    const kind = usChoice(sections[name]);
    if (kind !== null) return { source: 'gpp', time, kind, earlier: !seenBanner, cmpId };
  }
  return null;
}

/** A Consent Mode command in `dataLayer`: `gtag('consent', 'default' | 'update', {…})` pushes its `arguments`. */
export interface ConsentModeCommand {
  command: 'default' | 'update';
  values: ConsentModeState;
}

/**
 * A dataLayer entry as a Consent Mode command; null for anything else. gtag pushes an
 * `arguments` object (array-like, not an array); some sites push a real array.
 * A default limited to regions (`region: ['ES', …]`) may not apply to this visitor: ignored.
 */
export function consentModeCommand(entry: unknown): ConsentModeCommand | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const args = entry as Record<number, unknown> & { length?: unknown };
  if (args.length !== 3 || args[0] !== 'consent') return null;
  const command = args[1];
  const params = args[2];
  if ((command !== 'default' && command !== 'update') || !isRecord(params)) return null;
  if (command === 'default' && params.region !== undefined) return null;
  const values: ConsentModeState = {};
  for (const key of CONSENT_MODE_KEYS) {
    const value = params[key];
    if (value === 'granted' || value === 'denied') values[key] = value;
  }
  return Object.keys(values).length === 0 ? null : { command, values };
}

/** What an update's state says: all granted, all denied, or a mix. Defaults are no choice. */
export function choiceOfConsentMode(command: 'default' | 'update', state: ConsentModeState): ChoiceKind {
  if (command === 'default') return 'none';
  const values = CONSENT_MODE_KEYS.map((k) => state[k]).filter((v) => v !== undefined);
  if (values.every((v) => v === 'granted')) return 'accepted';
  if (values.every((v) => v === 'denied')) return 'refused';
  return 'partial';
}

/** Signals a page may hand over at once, and keep per page. */
export const MAX_SIGNALS_PER_HANDOVER = 20;
export const MAX_SIGNALS_PER_PAGE = 50;

const KINDS = new Set<unknown>(['none', 'refused', 'accepted', 'partial']);
const PAGE_SOURCES = new Set<unknown>(['tcf', 'gpp', 'consent-mode']);

/**
 * A signal as the page world handed it over (or as stored), checked again field by field; null
 * when it is not one. `user` signals never come from a page (`fromPage`).
 */
export function readSignal(raw: unknown, fromPage: boolean): ConsentSignal | null {
  if (!isRecord(raw)) return null;
  const { source, kind, time } = raw;
  if (!(fromPage ? PAGE_SOURCES.has(source) : PAGE_SOURCES.has(source) || source === 'user' || source === 'test' || source === 'cmp')) return null;
  if (!KINDS.has(kind) || typeof time !== 'number' || !Number.isFinite(time)) return null;
  const signal: ConsentSignal = { source: source as ConsentSource, time, kind: kind as ChoiceKind, earlier: raw.earlier === true };
  if (source === 'user' || source === 'test') return signal;
  if (source === 'cmp') {
    if (typeof raw.cmp !== 'string') return null;
    return { ...signal, cmp: raw.cmp.slice(0, 100), popup: raw.popup !== false };
  }
  if ('cmpId' in raw) signal.cmpId = cmpIdOf(raw.cmpId);
  if (Array.isArray(raw.purposes)) {
    const ids = raw.purposes.slice(0, MAX_PURPOSE).filter((p): p is number => isSafeInteger(p) && p >= 1 && p <= MAX_PURPOSE);
    signal.purposes = [...new Set(ids)].sort((a, b) => a - b);
  }
  if (isRecord(raw.consentMode)) {
    const state: ConsentModeState = {};
    for (const key of CONSENT_MODE_KEYS) {
      const value = raw.consentMode[key];
      if (value === 'granted' || value === 'denied') state[key] = value;
    }
    signal.consentMode = state;
  }
  if (raw.command === 'default' || raw.command === 'update') signal.command = raw.command;
  return signal;
}

/** A hand-over `{ consent: [...] }` from the page world; null when it is not one. Capped. */
export function readSignals(raw: unknown, max = MAX_SIGNALS_PER_HANDOVER): { signals: ConsentSignal[]; dropped: number } | null {
  if (!isRecord(raw) || !Array.isArray(raw.consent)) return null;
  const signals: ConsentSignal[] = [];
  const read = Math.min(raw.consent.length, max);
  let dropped = raw.consent.length - read;
  for (let i = 0; i < read; i++) {
    const signal = readSignal(raw.consent[i], true);
    if (signal === null) dropped++;
    else signals.push(signal);
  }
  return { signals, dropped };
}
