/**
 * Messages in the browser's own format (`_locales/<lang>/messages.json`, see
 * https://developer.chrome.com/docs/extensions/reference/api/i18n) and the substitution rules
 * `i18n.getMessage` applies, for pages that have no extension API (the CLI's HTML report, tests).
 */

export interface MessageEntry {
  message: string;
  description?: string;
  /** Named placeholders: `$name$` in the message stands for `content`, usually `$1`…`$9`. */
  placeholders?: Record<string, { content: string; example?: string }>;
}

export type Messages = Record<string, MessageEntry>;

/** `$$` (a dollar sign), `$name$` (a placeholder), `$1`…`$9` (a substitution). */
const TOKEN = /\$\$|\$([A-Za-z0-9_@]+)\$|\$([1-9])/g;

/** The message with its placeholders and substitutions filled in, as `i18n.getMessage` does. */
export function formatMessage(entry: MessageEntry, substitutions: readonly string[] = []): string {
  const substitute = (text: string): string =>
    text.replace(/\$\$|\$([1-9])/g, (_token, n: string | undefined) => (n ? (substitutions[Number(n) - 1] ?? '') : '$'));
  const placeholders = new Map(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  return entry.message.replace(TOKEN, (token, name: string | undefined, n: string | undefined) => {
    if (name !== undefined) {
      const content = placeholders.get(name.toLowerCase());
      return content === undefined ? token : substitute(content);
    }
    if (n !== undefined) return substitutions[Number(n) - 1] ?? '';
    return '$';
  });
}

/** The placeholder names a message uses, lower-cased and sorted: the same in every language. */
export function placeholdersOf(entry: MessageEntry): string[] {
  return [...entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1].toLowerCase()).sort();
}

/** Finding ids use dashes; message names may not. */
export function ruleKey(id: string, part: 'title' | 'why'): string {
  return `rule_${id.replace(/[^A-Za-z0-9]/g, '_')}_${part}`;
}
