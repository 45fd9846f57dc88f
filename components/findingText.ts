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

/** A piece of a fix as shown: prose, or the corrected `Set-Cookie` line (code). */
export interface FixSegment {
  text: string;
  code: boolean;
}

/** Stands in for the line while the message is rendered: a private-use character no template has. */
const LINE_MARK = '\u{F0001}';

/**
 * `m` with its `Set-Cookie` line replaced by the mark: the last text argument, nested ones
 * included, that the English fix ends with (every fix puts its line last). Null when it has none.
 */
function markLine(m: Msg, fix: string): { marked: Msg; line: string } | null {
  const args = m.args ?? [];
  for (let i = args.length - 1; i >= 0; i--) {
    const arg = args[i];
    const found: { marked: MsgArg; line: string } | null =
      typeof arg === 'object' ? markLine(arg, fix) : typeof arg === 'string' && arg.startsWith('Set-Cookie: ') && fix.endsWith(arg) ? { marked: LINE_MARK, line: arg } : null;
    if (found) return { marked: { ...m, args: args.map((a, j) => (j === i ? found.marked : a)) }, line: found.line };
  }
  return null;
}

/** Whether any text in the message holds the mark, which would make it ambiguous. */
function holdsMark(m: MsgArg): boolean {
  return typeof m === 'object' ? (m.args ?? []).some(holdsMark) : String(m).includes(LINE_MARK);
}

function around(before: string, line: string, after: string): FixSegment[] {
  return [
    { text: before, code: false },
    { text: line, code: true },
    { text: after, code: false },
  ].filter((segment) => segment.text !== '');
}

/**
 * The fix as prose and code: the message rendered in the UI's language with a mark for its
 * line, then cut at the mark, so the line is code wherever the language puts it. A fix with no
 * message is the bare line; the English (shown where the table lacks a part) ends with it.
 */
export function fixSegments(finding: { fix: string; fixMsg?: Msg }): FixSegment[] {
  const text = findingFix(finding);
  const m = finding.fixMsg;
  if (!m) return [{ text, code: finding.fix.startsWith('Set-Cookie: ') }];
  const found = holdsMark(m) ? null : markLine(m, finding.fix);
  if (found === null) return [{ text, code: false }];
  const parts = rendered(found.marked)?.split(LINE_MARK);
  // The marked rendering must be the text shown, the line in place of the mark.
  if (parts?.length === 2 && parts[0] + found.line + parts[1] === text) return around(parts[0], found.line, parts[1]);
  if (text.endsWith(found.line)) return around(text.slice(0, text.length - found.line.length), found.line, '');
  return [{ text, code: false }];
}
