/** The consent audit in the UI's language (lib/consent/labels.ts is the English source). */
import type { ReportConsent } from '@/lib/consent/audit';
import type { Phase } from '@/lib/consent/phases';
import type { ConsentSource } from '@/lib/consent/signals';
import { t, uiLocale } from './i18n';

const key = (id: string) => id.replace(/-/g, '_');

export const phaseLabel = (phase: Phase): string => t(`phase_${key(phase)}`);
export const verdictLabel = (verdict: ReportConsent['verdict']): string => t(`verdict_${verdict}`);
const sourceLabel = (source: ConsentSource): string => t(`consent_source_${key(source)}`);

/** A time of day in the UI's language. */
export const clock = (time: number): string => new Date(time).toLocaleTimeString(uiLocale());

/** "Refused at 10:02:03, according to …", "No choice made yet, according to …", "Choice unknown: …". */
export function choiceSentence(consent: ReportConsent): string {
  const { choice } = consent;
  if (choice.kind === 'unknown' || choice.source === null) return t('choice_unknown');
  const from = sourceLabel(choice.source);
  if (choice.kind === 'none') return t('choice_none', from);
  const kind = choice.kind === 'refused' ? 'refused' : choice.kind === 'accepted' ? 'accepted' : 'partial';
  return choice.at === undefined ? t(`choice_${kind}_earlier`, from) : t(`choice_${kind}_at`, clock(choice.at), from);
}

/** Why the verdict is what it is. */
export function verdictSentence(consent: ReportConsent): string {
  if (consent.verdict === 'fail') return t('verdict_fail_sentence');
  if (consent.verdict === 'pass') {
    const before = consent.phases.some((p) => p.phase === 'before-choice');
    const refused = consent.phases.some((p) => p.phase === 'after-refusal');
    return t(before && refused ? 'verdict_pass_both' : before ? 'verdict_pass_before' : refused ? 'verdict_pass_refused' : 'verdict_pass_none');
  }
  return t('verdict_unknown_sentence');
}
