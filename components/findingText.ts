/**
 * A finding's words in the UI's language. A cookie rule's title and why are looked up by its
 * rule's id; what the audit composed for this cookie (what it saw, its fix, a value's verdict, a
 * consent finding's words) comes as a message (lib/phrases.ts) and is rendered here with `t()`.
 * Whatever the table lacks stays as the audit wrote it, in English. Arguments (cookie names,
 * sites, `Set-Cookie` lines) go in as they are: components show the result as text.
 */
import { ruleKey } from '@/lib/i18n';
import type { Msg, MsgArg } from '@/lib/phrases';
import { t } from './i18n';

/** The UI speaks English (its messages' own language): the audit's words are shown as written. */
const inEnglish = (): boolean => t('page_language').toLowerCase().startsWith('en');

function translated(key: string): string | null {
  if (inEnglish()) return null;
  const text = t(key);
  return text === key ? null : text;
}

/** The message in the UI's language; null when the table lacks it or one of its parts. */
function rendered(m: MsgArg): string | null {
  if (typeof m !== 'object') return String(m);
  const args: string[] = [];
  for (const arg of m.args ?? []) {
    const text = rendered(arg);
    if (text === null) return null;
    args.push(text);
  }
  const text = t(m.key, ...args);
  return text === m.key ? null : text;
}

/** `m` in the UI's language, else `english` (the audit's own words). */
export function msgText(m: Msg | null | undefined, english: string): string {
  return (m && !inEnglish() ? rendered(m) : null) ?? english;
}

export function findingTitle(finding: { id: string; title: string; titleMsg?: Msg }): string {
  if (finding.titleMsg) return msgText(finding.titleMsg, finding.title);
  return translated(ruleKey(finding.id, 'title')) ?? finding.title;
}

export function findingWhy(finding: { id: string; why: string; seen?: string; seenMsg?: Msg; whyMsg?: Msg }): string {
  if (finding.whyMsg) return msgText(finding.whyMsg, finding.why);
  const why = translated(ruleKey(finding.id, 'why'));
  if (why === null) return finding.why;
  return finding.seen ? `${msgText(finding.seenMsg, finding.seen)} ${why}` : why;
}

/** The fix: a message's words around its `Set-Cookie` line, or the bare line. */
export function findingFix(finding: { fix: string; fixMsg?: Msg }): string {
  return msgText(finding.fixMsg, finding.fix);
}
