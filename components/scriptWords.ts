/**
 * Who wrote a cookie a script set, in the UI's language: "a script from googletagmanager.com".
 * The words need the Public Suffix List (lib/site) and the English phrases, a few hundred KB the
 * DevTools panel loads beside the report rather than before asking for it (DevCookieTable).
 */
import { english } from '@/lib/phrases';
import { scriptLabelMsg } from '@/lib/scripts/label';
import type { ScriptKind } from '@/lib/scripts/stack';
import { msgText } from './findingText';

/** Null when the page reported no script. */
export function scriptWords(script: string | undefined, kind: ScriptKind | undefined): string | null {
  const label = scriptLabelMsg(script, kind);
  return label === null ? null : msgText(label, english(label));
}
