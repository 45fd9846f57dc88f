/**
 * `Cookie` and `Set-Cookie` headers reduced to what Cookie Audit keeps: names, redacted lines and
 * a verdict on whether a value looks like an identifier. Values never leave these functions;
 * what is kept must be copied out of the header (see `detach`) so that no value stays in memory.
 */
import { looksLikeIdentifier, MIN_IDENTIFIER_LENGTH } from '../identifiers';
import { identifierHashes } from '../knowledge/sync';
import { parseSetCookie, redactSetCookie, type ParsedSetCookie, type RejectedCookie } from '../setCookie';
import { capText, capUrl, detach } from './url';

const MAX_COOKIE_NAME_LENGTH = 256;
const MAX_SET_COOKIE_LENGTH = 1024;

export const NO_NAMES: readonly string[] = Object.freeze([]);

/** A cookie a response set, as far as Cookie Audit keeps it. */
export interface SetCookie {
  name: string;
  /** The line with its value replaced by `…`: `uid=…; Domain=.t.example; Secure`. */
  header: string;
  /** The value looked like an identifier (a user or session id). */
  identifier: boolean;
  /**
   * The hashes the value is known by for sync detection (lib/knowledge/sync.ts); none when it
   * holds no identifier. A hash cannot give the value back.
   */
  identifierHashes: readonly number[];
}

const NO_HASHES: readonly number[] = Object.freeze([]);

/** A name or line to keep: capped, and copied so that it does not hold on to the header. */
function keep(s: string, max: number): string {
  return s.length <= max ? detach(s) : capText(s, max);
}

/** One Set-Cookie line as Cookie Audit keeps it (lib/setCookie.ts parses it). */
export function setCookieOf(line: string): SetCookie {
  return keptSetCookie(parseSetCookie(line), line);
}

/** `setCookieOf` for a line already parsed (`parsed` is `parseSetCookie(line)`). */
export function keptSetCookie({ name, value }: ParsedSetCookie, line: string): SetCookie {
  const identifier = looksLikeIdentifier(value);
  return {
    name: keep(name, MAX_COOKIE_NAME_LENGTH),
    header: keep(redactSetCookie(line), MAX_SET_COOKIE_LENGTH),
    identifier,
    identifierHashes: identifier ? identifierHashes(value) : NO_HASHES,
  };
}

/** A rejection record to keep: its strings were cut from the line, value included. */
export function keptRejection(rejected: RejectedCookie): RejectedCookie {
  return {
    name: keep(rejected.name, MAX_COOKIE_NAME_LENGTH),
    domain: keep(rejected.domain, MAX_COOKIE_NAME_LENGTH),
    path: keep(rejected.path, MAX_COOKIE_NAME_LENGTH),
    requestUrl: capUrl(rejected.requestUrl),
    reason: keep(rejected.reason, MAX_SET_COOKIE_LENGTH),
    setCookie: keep(rejected.setCookie, MAX_SET_COOKIE_LENGTH),
  };
}

/**
 * Names of the cookies in a `Cookie` request header whose values look like identifiers. It runs
 * for many requests, so it scans in place, cuts out a value only when it is long enough to be an
 * identifier, and leaves the names as cut: whoever keeps one must `detach` it.
 */
export function identifierCookieNames(header: string): readonly string[] {
  let names: string[] | null = null;
  let start = 0;
  // The next '=' at or after `start`; kept across pairs so that pairs without one cost no rescans.
  let eq = -1;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    if (eq < start) eq = header.indexOf('=', start);
    if (eq === -1) break;
    if (eq < end && end - eq - 1 >= MIN_IDENTIFIER_LENGTH && looksLikeIdentifier(header.slice(eq + 1, end))) {
      (names ??= []).push(capText(header.slice(start, eq).trim(), MAX_COOKIE_NAME_LENGTH));
    }
    start = end + 1;
  }
  return names ?? NO_NAMES;
}
