// Reading Chromium's net log (--log-net-log) to tell who made each request. Debian's Chromium
// contacts a few Google hosts on its own despite the background-networking flags; those carry
// no initiator ("not an origin"), unlike requests made by a page or by an extension.
import { readFileSync } from 'node:fs';

/**
 * Every URL request the browser started: its URL and initiator (an origin, or "not an origin").
 * @param {string} path
 * @returns {{ url: string, initiator: string | null }[]}
 */
export function requestsInNetLog(path) {
  const log = JSON.parse(readFileSync(path, 'utf8'));
  const START_JOB = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events
    .filter((e) => e.type === START_JOB && e.params?.url)
    .map((e) => ({ url: e.params.url, initiator: e.params.initiator ?? null }));
}
