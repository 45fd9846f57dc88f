/**
 * Per-tab observations as a reducer. The background feeds it plain events and persists what it
 * returns; it never touches a browser API. It mutates in place on purpose: the request event is
 * applied once per network request of every tab, and copying state there would cost more than
 * the browser's own work of telling us about the request.
 */

/** Most distinct origins remembered per page; past it they are counted, not kept. */
export const MAX_ORIGINS_PER_TAB = 500;

export interface TabRecord {
  /** The top-level page URL this record belongs to. */
  url: string;
  /** Origins (`https://host:port`) the page's frames sent requests to, including its own. */
  origins: Set<string>;
  /** Origins not kept because the cap was reached. */
  droppedOrigins: number;
}

export type TabsState = Map<number, TabRecord>;

export type TabEvent =
  /** The top frame starts loading a new document: a new page record. */
  | { type: 'navigate'; tabId: number; url: string }
  /** Any request of the tab (frames, subresources, beacons). */
  | { type: 'request'; tabId: number; url: string }
  | { type: 'closed'; tabId: number };

/**
 * The origin of an http(s)/ws(s) URL without building a URL object; null for other schemes.
 * Lower-cases the host part; ports are kept (they do not change cookies, but do change nothing
 * harmful either: `cookies.getAll({url})` ignores them).
 */
export function originOf(url: string): string | null {
  const colon = url.indexOf('://');
  if (colon < 2 || colon > 5) return null;
  const scheme = url.slice(0, colon).toLowerCase();
  if (scheme !== 'https' && scheme !== 'http' && scheme !== 'wss' && scheme !== 'ws') return null;
  let end = colon + 3;
  while (end < url.length) {
    const ch = url.charCodeAt(end);
    // '/', '?', '#', '\\' end the authority (WHATWG URL treats '\' like '/' for special schemes).
    if (ch === 47 || ch === 63 || ch === 35 || ch === 92) break;
    end++;
  }
  let authority = url.slice(colon + 3, end);
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = authority.slice(at + 1);
  if (!authority) return null;
  const httpScheme = scheme === 'wss' ? 'https' : scheme === 'ws' ? 'http' : scheme;
  return `${httpScheme}://${authority.toLowerCase()}`;
}

export function createTabsState(): TabsState {
  return new Map();
}

/** Apply one event. Returns true when the state changed (and so should be persisted). */
export function applyTabEvent(state: TabsState, event: TabEvent): boolean {
  switch (event.type) {
    case 'navigate': {
      const record: TabRecord = { url: event.url, origins: new Set(), droppedOrigins: 0 };
      const origin = originOf(event.url);
      if (origin) record.origins.add(origin);
      state.set(event.tabId, record);
      return true;
    }
    case 'request': {
      if (event.tabId < 0) return false;
      const origin = originOf(event.url);
      if (origin === null) return false;
      let record = state.get(event.tabId);
      if (!record) {
        // A tab that was open before the extension started: record what we see from now on.
        record = { url: '', origins: new Set(), droppedOrigins: 0 };
        state.set(event.tabId, record);
      }
      if (record.origins.has(origin)) return false;
      if (record.origins.size >= MAX_ORIGINS_PER_TAB) {
        record.droppedOrigins++;
        return true;
      }
      record.origins.add(origin);
      return true;
    }
    case 'closed':
      return state.delete(event.tabId);
  }
}
