/**
 * The events the monitor is fed: the webRequest and webNavigation ones as lib/requests/normalise.ts
 * makes them, plus cookie changes and closed tabs.
 */
import { cookieIdOf, type BrowserCookie, type CookieId } from '../cookies/cookie';
import { fromBrowserCookie } from '../cookies/normalise';
import type {
  CompletedEvent,
  HeadersReceivedEvent,
  NavigationEvent,
  RequestErrorEvent,
  RequestEvent,
  SendHeadersEvent,
} from '../requests/normalise';
import type { CookieChangeCause } from './state';

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

export type MonitorEvent =
  | NavigationEvent
  | RequestEvent
  | SendHeadersEvent
  | HeadersReceivedEvent
  | CompletedEvent
  | RequestErrorEvent
  | CookieChangedEvent
  | TabClosedEvent;

const CAUSES = new Set<unknown>(['explicit', 'overwrite', 'expired', 'evicted', 'expired_overwrite']);

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
    cause: CAUSES.has(info.cause) ? (info.cause as CookieChangeCause) : 'explicit',
    timeStamp,
  };
}
