/**
 * A page that could not be audited, said as the network said it. Chromium's net error names
 * (net/base/net_error_list.h), as Playwright reports them in a failed navigation's message.
 */
import type { PageError } from './types';

export function classifyNavigationError(message: string): PageError {
  const net = /net::(ERR_[A-Z_]+)/.exec(message)?.[1];
  const first = message.split('\n')[0];
  if (net) {
    if (net === 'ERR_NAME_NOT_RESOLVED' || net === 'ERR_NAME_RESOLUTION_FAILED') return { kind: 'dns', message: `DNS: the host name does not resolve (${net})` };
    if (net.startsWith('ERR_CERT_') || net.startsWith('ERR_SSL_') || net === 'ERR_BAD_SSL_CLIENT_AUTH_CERT') {
      return { kind: 'tls', message: `TLS: ${net} (use --insecure for a staging server's own certificate)` };
    }
    if (net === 'ERR_TIMED_OUT' || net === 'ERR_CONNECTION_TIMED_OUT') return { kind: 'timeout', message: `timeout: ${net}` };
    return { kind: 'connection', message: `connection: ${net}` };
  }
  if (/Timeout \d+ms exceeded/.test(message)) return { kind: 'timeout', message: `timeout: ${/Timeout \d+ms exceeded/.exec(message)![0]}` };
  return { kind: 'browser', message: first };
}

export function httpError(status: number, statusText: string): PageError {
  return { kind: 'http', status, message: `HTTP ${status}${statusText ? ` ${statusText}` : ''}` };
}

/** Worth a second try: a timeout, a dropped connection, a server error. Not a missing page or a bad name. */
export function isRetryable(error: PageError): boolean {
  if (error.kind === 'http') return (error.status ?? 0) >= 500 || error.status === 429;
  return error.kind === 'timeout' || error.kind === 'connection' || error.kind === 'browser';
}
