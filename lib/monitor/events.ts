/**
 * The events the monitor is fed: the webRequest and webNavigation ones as lib/requests/normalise.ts
 * makes them, plus cookie changes and closed tabs.
 */
import { cookieIdOf, type BrowserCookie, type CookieId } from '../cookies/cookie';
import { fromBrowserCookie } from '../cookies/normalise';
import type { ClaimSource } from '../scripts/claims';
import type { ScriptWrite } from '../scripts/writes';
import type { ConsentSignal } from '../consent/signals';
import type {
  CompletedEvent,
  HeadersReceivedEvent,
  NavigationEvent,
  RequestErrorEvent,
  RequestEvent,
  SameDocumentEvent,
  SendHeadersEvent,
} from '../requests/normalise';

/** The browser's cause of a cookie change (cookies.onChanged `cause`). */
export type CookieChangeCause = 'explicit' | 'overwrite' | 'expired' | 'evicted' | 'expired_overwrite';

export interface CookieChangedEvent {
  kind: 'cookieChanged';
  cookie: CookieId;
  removed: boolean;
  cause: CookieChangeCause;
  /** Milliseconds since the epoch. */
  timeStamp: number;
}

export interface TabClosedEvent {
  kind: 'tabClosed';
  tabId: number;
}

/**
 * What the tabs API says about a tab: whether it is in a private window and which cookie store
 * it uses (Firefox containers, private windows). Cookie changes are only put down to tabs of
 * their own store, and private tabs teach the learned-trackers list nothing.
 */
export interface TabInfoEvent {
  kind: 'tabInfo';
  tabId: number;
  incognito: boolean;
  storeId: string | null;
}

/** A tab was swapped for another (Chrome's prerendering and instant pages): its record moves. */
export interface TabReplacedEvent {
  kind: 'tabReplaced';
  addedTabId: number;
  removedTabId: number;
}

/**
 * Cookie writes a frame's page reported, with the script that made each (lib/scripts/): the
 * page's claim, shown as such. Its source (tab, frame, document) is the browser's word.
 */
export interface ScriptWritesEvent extends ClaimSource {
  kind: 'scriptWrites';
  writes: ScriptWrite[];
  /** Writes the page world or the relay could not keep (caps). */
  dropped: number;
}

/**
 * What the top frame's consent platform said (TCF, GPP, Consent Mode), read by our page-world
 * script (lib/consent/watch.ts): the page's claim. Its source is the browser's word.
 */
export interface ConsentSignalsEvent extends ClaimSource {
  kind: 'consentSignals';
  signals: ConsentSignal[];
  /** Signals the page handed over that were unreadable or over the caps. */
  dropped: number;
}

/** What the user told Cookie Audit about this page: "I have not chosen yet", "I refused", "I accepted". */
export interface ConsentStatementEvent {
  kind: 'consentStatement';
  tabId: number;
  choice: 'none' | 'refused' | 'accepted';
  timeStamp: number;
  /** `test`: said by Cookie Audit's consent test as it answered the banner; the user's word otherwise. */
  source?: 'user' | 'test';
}

export type MonitorEvent =
  | NavigationEvent
  | RequestEvent
  | SendHeadersEvent
  | HeadersReceivedEvent
  | CompletedEvent
  | RequestErrorEvent
  | SameDocumentEvent
  | CookieChangedEvent
  | TabClosedEvent
  | TabInfoEvent
  | TabReplacedEvent
  | ScriptWritesEvent
  | ConsentSignalsEvent
  | ConsentStatementEvent;

const CAUSE_NAMES: readonly CookieChangeCause[] = ['explicit', 'overwrite', 'expired', 'evicted', 'expired_overwrite'];
const CAUSES = new Set<unknown>(CAUSE_NAMES);

export function isCookieChangeCause(v: unknown): v is CookieChangeCause {
  return CAUSES.has(v);
}

/**
 * cookies.onChanged's `changeInfo` as an event; null when it holds no usable cookie. The browser
 * gives the change no time, so the listener passes `Date.now()`.
 */
export function normaliseCookieChange(
  info: { cookie?: unknown; removed?: unknown; cause?: unknown },
  timeStamp: number,
): CookieChangedEvent | null {
  const raw = info.cookie as Partial<BrowserCookie> | null | undefined;
  if (typeof raw?.name !== 'string' || typeof raw.domain !== 'string' || typeof raw.value !== 'string') return null;
  return {
    kind: 'cookieChanged',
    cookie: cookieIdOf(fromBrowserCookie(raw as BrowserCookie, null)),
    removed: info.removed === true,
    cause: isCookieChangeCause(info.cause) ? info.cause : 'explicit',
    timeStamp,
  };
}
