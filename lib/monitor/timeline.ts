/**
 * The cookie timeline of each tab: every cookie created, changed or removed while the tab's page
 * could have caused it, and who wrote it. A change is put down to a response when one of the
 * tab's responses had a Set-Cookie of that name for the cookie's domain within a few seconds;
 * otherwise to a script.
 */
import { cookieKey } from '../cookies/cookie';
import type { SeenSetCookie } from '../requests/cookie-headers';
import type { SetCookieAttributes } from '../setCookie';
import { cookieGoesTo, tabsForCookie } from './attribution';
import type { CookieChangedEvent } from './events';
import { claimHeld, holdUnclaimed } from './firefox-order';
import { creditScript, forgetScript } from './scripts';
import { MAX_TIMELINE_ENTRIES, noteLastChange, type CookieChange, type MonitorState, type RecentSetCookie, type TabRecord } from './state';

/**
 * How far apart a Set-Cookie header and the cookie change it caused may be. cookies.onChanged
 * and webRequest are separate event streams with no order between them, so this is either way.
 */
export const COOKIE_ATTRIBUTION_WINDOW_MS = 3000;
const MAX_RECENT_SET_COOKIES = 64;

/** A tab's cookies live in its own store (private window, Firefox container); unknown matches any. */
export function tabHasStore(tab: TabRecord, storeId: string): boolean {
  return tab.storeId === null || tab.storeId === storeId;
}

/** Put a change down to a response: its URL, its Set-Cookie line (value redacted) and attributes. */
function creditResponse(entry: CookieChange, url: string, setter: { line: string; attributes: SetCookieAttributes }): void {
  entry.setBy = 'http';
  forgetScript(entry);
  entry.response = url;
  entry.setCookie = setter.line;
  entry.attributes = setter.attributes;
}

/**
 * Remember the cookies a response of `tab` set, and credit to it the changes already in the
 * timeline, or claimed by no tab yet (their change event came first).
 */
export function noteSetCookies(
  state: MonitorState,
  tabId: number,
  tab: TabRecord,
  host: string,
  url: string,
  setCookies: readonly SeenSetCookie[],
  time: number,
): void {
  const recent = tab.recentSetCookies;
  for (const { name, line, attributes } of setCookies) recent.push({ name, line, attributes, host, url, time });
  if (recent.length > MAX_RECENT_SET_COOKIES) recent.splice(0, recent.length - MAX_RECENT_SET_COOKIES);
  if (state.unclaimed.length > 0) claimChanges(state, tabId, tab, host, url, setCookies, time);
  const since = time - COOKIE_ATTRIBUTION_WINDOW_MS;
  const recredit = (entry: CookieChange) => {
    if (entry.setBy !== 'script' || !cookieGoesTo(entry.cookie, host)) return;
    const setter = setCookies.find((c) => c.name === entry.cookie.name);
    if (setter !== undefined) creditResponse(entry, url, setter);
  };
  for (let i = tab.timeline.length - 1; i >= 0; i--) {
    const entry = tab.timeline[i];
    if (entry.time < since) break;
    recredit(entry);
  }
  // A burst of more changes than the timeline keeps, within the window (an ad-heavy page's
  // frames): the first ones may have left it before their response was heard of. Each cookie's
  // latest change is still in lastChanges, the same entry the timeline held (crediting one
  // twice does nothing).
  if (tab.dropped.timeline > 0 && tab.timeline.length > 0 && tab.timeline[0].time >= since) {
    for (const entry of tab.lastChanges.values()) if (entry.time >= since) recredit(entry);
  }
}

/** Changes held until a response claimed them (firefox-order.ts): this response's, if it set them. */
function claimChanges(state: MonitorState, tabId: number, tab: TabRecord, host: string, url: string, setCookies: readonly SeenSetCookie[], time: number): void {
  const claimed = claimHeld(state, time, COOKIE_ATTRIBUTION_WINDOW_MS, (event) =>
    tabHasStore(tab, event.cookie.storeId) && cookieGoesTo(event.cookie, host) ? setCookies.find((c) => c.name === event.cookie.name) : undefined,
  );
  for (const { event, change, claim } of claimed) {
    const entry: CookieChange = { time: event.timeStamp, change, cause: event.cause, cookie: event.cookie };
    creditResponse(entry, url, claim);
    addEntry(tab, cookieKey(event.cookie), entry);
    state.dirty.add(tabId);
  }
}

/** The Set-Cookie of `tab` that wrote this cookie within the window, the most recent one. */
function setterOf(tab: TabRecord, event: CookieChangedEvent): RecentSetCookie | null {
  const { cookie } = event;
  for (let i = tab.recentSetCookies.length - 1; i >= 0; i--) {
    const seen = tab.recentSetCookies[i];
    if (
      seen.name === cookie.name &&
      Math.abs(seen.time - event.timeStamp) <= COOKIE_ATTRIBUTION_WINDOW_MS &&
      cookieGoesTo(cookie, seen.host)
    ) {
      return seen;
    }
  }
  return null;
}

/** Add a change of the cookie `key` (its cookieKey) to the timeline, and make it the cookie's latest. */
function addEntry(tab: TabRecord, key: string, entry: CookieChange): void {
  tab.timeline.push(entry);
  // Drop the oldest: in a tab left open for days, the recent changes are the interesting ones.
  // Who set each cookie stays in lastChanges.
  if (tab.timeline.length > MAX_TIMELINE_ENTRIES) {
    tab.timeline.shift();
    tab.dropped.timeline++;
  }
  noteLastChange(tab, key, entry);
}

/** Record a cookie change in the timeline of every tab it belongs to. */
export function recordCookieChange(state: MonitorState, event: CookieChangedEvent): boolean {
  const key = cookieKey(event.cookie);
  // Overwriting a cookie is reported as its removal (cause 'overwrite') then its insertion: one change.
  if (event.removed && event.cause === 'overwrite') {
    state.overwritten = key;
    return false;
  }
  const change = event.removed ? 'removed' : state.overwritten === key ? 'changed' : 'created';
  state.overwritten = null;
  // Expiry, eviction and cookies API removals are the browser's doing; anything else was written.
  const written = !event.removed || event.cause === 'expired_overwrite';
  const tabIds = tabsForCookie(state, event.cookie);
  if (tabIds.length === 0 && written) {
    // Possibly a response whose request we have not heard of yet (firefox-order.ts).
    holdUnclaimed(state, event, change, COOKIE_ATTRIBUTION_WINDOW_MS);
    return false;
  }
  for (const tabId of tabIds) {
    const tab = state.tabs.get(tabId) as TabRecord;
    const entry: CookieChange = { time: event.timeStamp, change, cause: event.cause, cookie: event.cookie };
    if (written) {
      const setter = setterOf(tab, event);
      if (setter === null) {
        entry.setBy = 'script';
        creditScript(tab, entry);
      } else creditResponse(entry, setter.url, setter);
    }
    addEntry(tab, key, entry);
    state.dirty.add(tabId);
  }
  return tabIds.length > 0;
}
