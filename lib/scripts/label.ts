/**
 * The words for the script a page reported writing a cookie: "a script from
 * googletagmanager.com", "an inline script of recipes.test", "code built from a string by a
 * script from facebook.net". A message (lib/phrases.ts), so the UI says it in its own language;
 * `scriptLabel` is its English. The URL itself goes in a tooltip; all of it is the page's word
 * and is only ever rendered as text.
 */
import { english, msg, type Msg } from '../phrases';
import { hostOfUrl, siteOfUrl } from '../site';
import type { ScriptKind } from './stack';

/** Where a script URL is from, in a few words: its site for web URLs. */
function fromWhere(url: string): Msg {
  if (url.startsWith('blob:')) {
    const host = hostOfUrl(url.slice(5));
    return host === null ? msg('script_label_blob') : msg('script_label_blob_host', host);
  }
  if (url.startsWith('data:')) return msg('script_label_data');
  if (url.startsWith('chrome-extension:') || url.startsWith('moz-extension:')) return msg('script_label_extension');
  const site = siteOfUrl(url);
  return site === null ? msg('script_label_url', url) : msg('script_label_site', site);
}

function inlineOf(url: string): Msg {
  if (url.startsWith('about:srcdoc')) return msg('script_label_inline_srcdoc');
  const host = hostOfUrl(url);
  return host === null ? msg('script_label_inline_page') : msg('script_label_inline', host);
}

/** The label for a reported script, as a message; null when the page reported none. */
export function scriptLabelMsg(script: string | undefined, kind: ScriptKind | undefined): Msg | null {
  switch (kind) {
    case undefined:
      return null;
    case 'inline':
      return inlineOf(script ?? '');
    case 'eval':
      return script === undefined ? msg('script_label_eval_unnamed') : msg('script_label_eval', fromWhere(script));
    case 'file':
      return script === undefined ? msg('script_label_unnamed') : fromWhere(script);
  }
}

/** The label for a reported script, in English; null when the page reported none. */
export function scriptLabel(script: string | undefined, kind: ScriptKind | undefined): string | null {
  const label = scriptLabelMsg(script, kind);
  return label === null ? null : english(label);
}
