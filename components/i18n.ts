/**
 * The UI's words in the browser's language: `i18n.getMessage` picks `_locales/<lang>` from the
 * browser's UI language, `default_locale` (English) otherwise. A page without the extension API
 * (the CLI's saved HTML report, component tests) is given a table instead (`useMessages`).
 */
import { formatMessage, type Messages } from '@/lib/i18n';

interface I18nApi {
  getMessage(name: string, substitutions?: string[]): string;
  getUILanguage(): string;
}

let table: Messages | null = null;

/** Use this table instead of the browser's, for pages outside the extension. */
export function useMessages(messages: Messages | null): void {
  table = messages;
}

// Not `wxt/browser`: the saved report aliases it to a module that throws on use.
function api(): I18nApi | null {
  const g = globalThis as { browser?: { i18n?: I18nApi }; chrome?: { i18n?: I18nApi } };
  const i18n = g.browser?.i18n ?? g.chrome?.i18n;
  return typeof i18n?.getMessage === 'function' ? i18n : null;
}

/** The message `key` with `$1`… filled in by `substitutions`; the key itself if there is none. */
export function t(key: string, ...substitutions: (string | number)[]): string {
  const subs = substitutions.map(String);
  if (table) {
    const entry = table[key];
    return entry ? formatMessage(entry, subs) : key;
  }
  return api()?.getMessage(key, subs) || key;
}

/** `key_one` for one, `key_other` otherwise (English and German plurals), with the count as `$1`. */
export function tn(count: number, key: string, ...substitutions: (string | number)[]): string {
  return t(`${key}_${count === 1 ? 'one' : 'other'}`, count, ...substitutions);
}

/** The message `key` if the table has one, else `otherwise` (words the audit wrote, in English). */
export function tOr(key: string, otherwise: string, ...substitutions: (string | number)[]): string {
  const text = t(key, ...substitutions);
  return text === key ? otherwise : text;
}

/** The UI's language for Intl formatting (dates, numbers): the browser's, English without one. */
export function uiLocale(): string {
  if (table) return 'en';
  try {
    return api()?.getUILanguage() || 'en';
  } catch {
    return 'en';
  }
}

/**
 * The page says which language its words are in (`<html lang>`): the messages' own, which is
 * English when the browser's language has none. Screen readers choose their voice by it.
 */
export function setPageLanguage(doc: Document = document): void {
  doc.documentElement.lang = t('page_language');
}
