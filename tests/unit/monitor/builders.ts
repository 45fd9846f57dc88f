/** Normalised events with realistic defaults, for tests that script a page load step by step. */
import type { CookieId } from '../../../lib/cookies/cookie';
import type { CookieChangedEvent } from '../../../lib/monitor/events';
import type {
  CompletedEvent,
  HeadersReceivedEvent,
  NavigationEvent,
  RequestEvent,
  RequestType,
  SendHeadersEvent,
} from '../../../lib/requests/normalise';
import { setCookieOf } from '../../../lib/requests/cookie-headers';

export const T0 = 1_732_611_600_000;
export const ID = '8f14e45fceea167a5a36dedd4bea2543';

export function navigation(tabId: number, url: string, fields: Partial<NavigationEvent> = {}): NavigationEvent {
  return { kind: 'navigation', tabId, url, documentId: null, documentLifecycle: null, timeStamp: T0, ...fields };
}

export function request(requestId: string, url: string, type: RequestType, fields: Partial<RequestEvent> = {}): RequestEvent {
  return {
    kind: 'request',
    requestId,
    tabId: 1,
    frameId: 0,
    type,
    url,
    initiator: null,
    documentId: null,
    documentLifecycle: null,
    parentDocumentId: null,
    timeStamp: T0,
    thirdPartyHint: null,
    topDocumentUrl: null,
    ...fields,
  };
}

export function sent(requestId: string, cookieHeader = 'theme=dark'): SendHeadersEvent {
  return { kind: 'sendHeaders', requestId, cookieHeader };
}

export function received(requestId: string, fields: Partial<HeadersReceivedEvent> & { setCookie?: string[] } = {}): HeadersReceivedEvent {
  const { setCookie = [], ...rest } = fields;
  return {
    kind: 'headersReceived',
    requestId,
    timeStamp: T0,
    statusCode: 200,
    setCookies: setCookie.map(setCookieOf),
    rejected: [],
    contentLength: null,
    contentType: null,
    uncacheable: false,
    hsts: false,
    ...rest,
  };
}

export function completed(requestId: string, fields: Partial<CompletedEvent> = {}): CompletedEvent {
  return { kind: 'completed', requestId, statusCode: 200, fromCache: false, transferSize: null, ...fields };
}

export function cookieId(name: string, domain: string, fields: Partial<CookieId> = {}): CookieId {
  return { name, domain, path: '/', hostOnly: false, storeId: '0', partitionKey: null, firstPartyDomain: '', ...fields };
}

export function cookieChanged(cookie: CookieId, fields: Partial<CookieChangedEvent> = {}): CookieChangedEvent {
  return { kind: 'cookieChanged', cookie, removed: false, cause: 'explicit', timeStamp: T0, ...fields };
}
