/**
 * The words for the script a page reported writing a cookie: "a script from
 * googletagmanager.com", "an inline script of recipes.test", "code built from a string by a
 * script from facebook.net". The URL itself goes in a tooltip; all of it is the page's word and
 * is only ever rendered as text.
 */
import { hostOfUrl, siteOfUrl } from '../site';
import type { ScriptKind } from './stack';

/** Where a script URL is from, in a few words: its site for web URLs. */
function fromWhere(url: string): string {
  if (url.startsWith('blob:')) {
    const host = hostOfUrl(url.slice(5));
    return host === null ? 'a blob: script' : `a blob: script made on ${host}`;
  }
  if (url.startsWith('data:')) return 'a data: URL script';
  if (url.startsWith('chrome-extension:') || url.startsWith('moz-extension:')) return "another extension's script";
  const site = siteOfUrl(url);
  return site === null ? `a script at ${url}` : `a script from ${site}`;
}

function inlineOf(url: string): string {
  if (url.startsWith('about:srcdoc')) return 'an inline script of a srcdoc frame';
  const host = hostOfUrl(url);
  return host === null ? 'an inline script of the page' : `an inline script of ${host}`;
}

/** The label for a reported script; null when the page reported none. */
export function scriptLabel(script: string | undefined, kind: ScriptKind | undefined): string | null {
  switch (kind) {
    case undefined:
      return null;
    case 'inline':
      return inlineOf(script ?? '');
    case 'eval':
      return script === undefined ? 'code built from a string (eval), by a script the page did not name' : `code built from a string (eval) by ${fromWhere(script)}`;
    case 'file':
      return script === undefined ? 'a script the page did not name' : fromWhere(script);
  }
}
