/**
 * A finding's words in the UI's language, looked up by its rule's id. The audit (lib/) writes
 * English; an English UI shows its words as written, another language the rule's translation,
 * after what was seen in this cookie (`seen`, which stays as the audit wrote it).
 */
import { ruleKey } from '@/lib/i18n';
import { t, uiLocale } from './i18n';

function translated(key: string): string | null {
  if (uiLocale().toLowerCase().startsWith('en')) return null;
  const text = t(key);
  return text === key ? null : text;
}

export function findingTitle(finding: { id: string; title: string }): string {
  return translated(ruleKey(finding.id, 'title')) ?? finding.title;
}

export function findingWhy(finding: { id: string; why: string; seen?: string }): string {
  const why = translated(ruleKey(finding.id, 'why'));
  if (why === null) return finding.why;
  return finding.seen ? `${finding.seen} ${why}` : why;
}
