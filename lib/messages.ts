/**
 * The one message protocol between extension pages and the background. Both sides import it;
 * the background refuses anything that is not one of these from one of the extension's pages.
 */
import type { CookieId } from './cookies/cookie';
import type { LearnedTracker } from './knowledge/learned';
import type { Report } from './report';

export type Message =
  | { type: 'getReport'; tabId: number; includeValues?: boolean }
  | { type: 'deleteCookie'; tabId: number; cookie: CookieId }
  | { type: 'deleteSiteCookies'; tabId: number; site: string }
  | { type: 'getLearned' }
  | { type: 'clearLearned' };

export interface Replies {
  getReport: Report;
  deleteCookie: { removed: number };
  deleteSiteCookies: { removed: number };
  getLearned: { trackers: (LearnedTracker & { tracker: string })[] };
  clearLearned: { cleared: true };
}

export type Reply<M extends Message> = { ok: true; result: Replies[M['type']] } | { ok: false; error: string };

/**
 * Only the extension's own pages may ask: not content scripts, not web pages, not other
 * extensions. `extensionBase` is `runtime.getURL('/')`. A prefix test, not an origin
 * comparison: by the URL standard `chrome-extension:` and `moz-extension:` URLs have an opaque
 * ("null") origin, the same as an `about:blank` or `data:` frame.
 */
export function isTrustedSender(sender: { id?: string; url?: string }, extensionId: string, extensionBase: string): boolean {
  if (sender.id !== extensionId || !sender.url) return false;
  return extensionBase.endsWith('/') && sender.url.startsWith(extensionBase);
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** Validate an incoming message's shape; anything else is refused, never half-handled. */
export function parseMessage(raw: unknown): Message | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  if (m.type === 'getLearned' || m.type === 'clearLearned') return { type: m.type };
  if (!isInt(m.tabId)) return null;
  switch (m.type) {
    case 'getReport':
      return { type: 'getReport', tabId: m.tabId, includeValues: m.includeValues === true };
    case 'deleteSiteCookies':
      return isStr(m.site) ? { type: 'deleteSiteCookies', tabId: m.tabId, site: m.site } : null;
    case 'deleteCookie': {
      const c = m.cookie as Record<string, unknown> | undefined;
      if (!c || !isStr(c.name) || !isStr(c.domain) || !isStr(c.path) || !isStr(c.storeId)) return null;
      const p = c.partitionKey as Record<string, unknown> | null | undefined;
      if (p != null && !isStr(p.topLevelSite)) return null;
      return {
        type: 'deleteCookie',
        tabId: m.tabId,
        cookie: {
          name: c.name,
          domain: c.domain,
          path: c.path,
          storeId: c.storeId,
          hostOnly: c.hostOnly === true,
          firstPartyDomain: isStr(c.firstPartyDomain) ? c.firstPartyDomain : '',
          partitionKey: p
            ? { topLevelSite: p.topLevelSite as string, ...(typeof p.hasCrossSiteAncestor === 'boolean' ? { hasCrossSiteAncestor: p.hasCrossSiteAncestor } : {}) }
            : null,
        },
      };
    }
    default:
      return null;
  }
}
