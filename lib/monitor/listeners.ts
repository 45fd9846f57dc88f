/**
 * The browser events that feed the monitor: for each, the normaliser of its details and, for
 * webRequest, the extraInfoSpec it must be registered with in each browser. The background
 * registers its listeners from this table; the tests and the benchmark replay recorded details
 * through it, so all three run the same code.
 */
import {
  normaliseCompleted,
  normaliseError,
  normaliseHeadersReceived,
  normaliseNavigation,
  normaliseRequest,
  normaliseSameDocument,
  normaliseSendHeaders,
  type BrowserName,
  type WebNavigationDetails,
  type WebRequestDetails,
} from '../requests/normalise';
import type { MonitorEvent } from './events';

export interface MonitorListener {
  normalise(details: WebRequestDetails, browser: BrowserName): MonitorEvent | null;
  /**
   * Chrome withholds Cookie and Set-Cookie without 'extraHeaders' (Chrome 72+); Firefox
   * rejects that option as invalid.
   */
  extraInfoSpec?: Readonly<Record<BrowserName, readonly string[]>>;
}

export const MONITOR_LISTENERS = {
  /** Top-level frames only; normaliseNavigation drops the rest. */
  'webNavigation.onCommitted': { normalise: normaliseNavigation },
  /** A single-page app's route change: the page stays, its address moves. */
  'webNavigation.onHistoryStateUpdated': { normalise: (details: WebNavigationDetails) => normaliseSameDocument(details, 'history') },
  'webNavigation.onReferenceFragmentUpdated': { normalise: (details: WebNavigationDetails) => normaliseSameDocument(details, 'fragment') },
  'webRequest.onBeforeRequest': { normalise: normaliseRequest, extraInfoSpec: { chrome: [], firefox: [] } },
  'webRequest.onSendHeaders': {
    normalise: normaliseSendHeaders,
    extraInfoSpec: { chrome: ['requestHeaders', 'extraHeaders'], firefox: ['requestHeaders'] },
  },
  'webRequest.onHeadersReceived': {
    normalise: normaliseHeadersReceived,
    extraInfoSpec: { chrome: ['responseHeaders', 'extraHeaders'], firefox: ['responseHeaders'] },
  },
  'webRequest.onCompleted': { normalise: normaliseCompleted, extraInfoSpec: { chrome: [], firefox: [] } },
  'webRequest.onErrorOccurred': { normalise: normaliseError, extraInfoSpec: { chrome: [], firefox: [] } },
} as const satisfies Record<string, MonitorListener>;

export type MonitorListenerName = keyof typeof MONITOR_LISTENERS;
