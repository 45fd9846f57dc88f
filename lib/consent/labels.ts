/** The consent audit in plain words, for the popup (pure: no DOM). */
import type { ReportConsent } from './audit';
import type { Phase } from './phases';
import type { ConsentSource } from './signals';

export const PHASE_LABELS: Record<Phase, string> = {
  'before-choice': 'before any choice',
  'after-refusal': 'after refusal',
  'after-acceptance': 'after acceptance',
  'after-partial': 'after a partial choice',
  unknown: 'choice unknown',
};

export const SOURCE_LABELS: Record<ConsentSource, string> = {
  test: 'Cookie Audit’s consent test (a first visit, the banner answered through autoconsent)',
  tcf: 'the page’s IAB TCF consent platform (reported by the page)',
  gpp: 'the page’s IAB GPP consent platform (reported by the page)',
  'consent-mode': 'Google Consent Mode in the page’s dataLayer (reported by the page)',
  cmp: 'the consent banner autoconsent recognised, and your click on it',
  user: 'what you told Cookie Audit',
};

export const VERDICT_LABELS: Record<ReportConsent['verdict'], string> = {
  pass: 'Consent respected',
  fail: 'Consent not respected',
  unknown: 'Consent not judged',
};

const clock = (time: number) => new Date(time).toLocaleTimeString();

/** "Refused at 10:02:03, according to …", "No choice made yet, according to …", "Choice unknown: …". */
export function choiceSentence(consent: ReportConsent): string {
  const { choice } = consent;
  if (choice.kind === 'unknown' || choice.source === null) {
    return 'Choice unknown: the page’s consent platform said nothing Cookie Audit can read (TCF, GPP, Google Consent Mode). Tell it below what you did.';
  }
  const from = SOURCE_LABELS[choice.source];
  if (choice.kind === 'none') return `No choice made yet, according to ${from}.`;
  const what = choice.kind === 'refused' ? 'Refused' : choice.kind === 'accepted' ? 'Accepted' : 'Partly accepted';
  const when = choice.at === undefined ? ' on an earlier visit' : ` at ${clock(choice.at)}`;
  return `${what}${when}, according to ${from}.`;
}

/** Why the verdict is what it is. */
export function verdictSentence(consent: ReportConsent): string {
  if (consent.verdict === 'fail') return 'This page stored or tracked without consent: see each finding.';
  if (consent.verdict === 'pass') {
    const seen = consent.phases.map((p) => PHASE_LABELS[p.phase]).filter((p) => p === PHASE_LABELS['before-choice'] || p === PHASE_LABELS['after-refusal']);
    return `Nothing that needs consent was stored or tracked ${seen.join(' or ')}.`;
  }
  return 'Judged only once the page is seen before a choice or after a refusal. Reload the page and do not answer its banner yet, or refuse.';
}
