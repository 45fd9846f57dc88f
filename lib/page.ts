/**
 * Which pages the extension may inspect. Browsers keep their own pages, other extensions and
 * their add-on stores out of every extension's reach; `file:` URLs have no cookies at all.
 */
export type PageAccess =
  | { ok: true }
  | { ok: false; reason: 'no-tab' | 'browser-page' | 'extension-page' | 'store' | 'file' | 'no-host' | 'no-permission' };

/** Stores whose pages no extension may touch (Chrome Web Store, addons.mozilla.org). */
const PROTECTED_STORE_HOSTS = new Set(['chromewebstore.google.com', 'chrome.google.com', 'addons.mozilla.org']);

export function pageAccess(url: string | undefined): PageAccess {
  if (!url) return { ok: false, reason: 'no-tab' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'no-host' };
  }
  switch (parsed.protocol) {
    case 'http:':
    case 'https:':
      break;
    case 'file:':
      return { ok: false, reason: 'file' };
    case 'chrome-extension:':
    case 'moz-extension:':
    case 'extension:':
      return { ok: false, reason: 'extension-page' };
    case 'chrome:':
    case 'about:':
    case 'edge:':
    case 'brave:':
    case 'view-source:':
    case 'devtools:':
    case 'chrome-search:':
    case 'chrome-untrusted:':
    case 'resource:':
    case 'jar:':
      return { ok: false, reason: 'browser-page' };
    default:
      return { ok: false, reason: 'no-host' };
  }
  if (!parsed.hostname) return { ok: false, reason: 'no-host' };
  const host = parsed.hostname.toLowerCase();
  if (PROTECTED_STORE_HOSTS.has(host) && (host !== 'chrome.google.com' || parsed.pathname.startsWith('/webstore'))) {
    return { ok: false, reason: 'store' };
  }
  return { ok: true };
}

/** Plain-words explanation of why a page cannot be inspected, for the popup. */
export const ACCESS_EXPLANATIONS: Record<Exclude<PageAccess, { ok: true }>['reason'], { title: string; detail: string }> = {
  'no-tab': {
    title: 'No tab to inspect',
    detail: 'Open a web page, then open Cookie Audit again.',
  },
  'browser-page': {
    title: 'This is a browser page',
    detail: 'Pages such as settings, new tab and about: pages belong to the browser. They have no website cookies, and extensions are not allowed to look at them.',
  },
  'extension-page': {
    title: 'This page belongs to an extension',
    detail: 'Extension pages are private to their extension. Open a website to see its cookies.',
  },
  store: {
    title: 'The browser protects its add-on store',
    detail: 'No extension may inspect the Chrome Web Store or addons.mozilla.org, so Cookie Audit cannot show this page.',
  },
  file: {
    title: 'Local files have no cookies',
    detail: 'Cookies belong to websites. A file opened from your disk (file://) cannot set or receive them.',
  },
  'no-host': {
    title: 'This page has no website address',
    detail: 'Only pages loaded from http:// or https:// addresses have cookies.',
  },
  'no-permission': {
    title: 'Cookie Audit may not read this site',
    detail: 'Site access for this site is turned off. Allow Cookie Audit to read this site to see its cookies.',
  },
};
