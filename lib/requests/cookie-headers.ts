/**
 * `Cookie` and `Set-Cookie` headers reduced to what Cookie Audit keeps: names, redacted lines and
 * a verdict on whether a value looks like an identifier. Values never leave these functions;
 * what is kept must be copied out of the header (see `detach`) so that no value stays in memory.
 */
import { looksLikeIdentifier, MIN_IDENTIFIER_LENGTH } from '../identifiers';
import { identifierHashes } from '../knowledge/sync';
import type { Msg, MsgArg } from '../phrases';
import { parseSetCookie, redactSetCookie, type ParsedSetCookie, type RejectedCookie, type SetCookieAttributes } from '../setCookie';
import { capText, capUrl, detach } from './url';

const MAX_COOKIE_NAME_LENGTH = 256;
const MAX_SET_COOKIE_LENGTH = 1024;

export const NO_NAMES: readonly string[] = Object.freeze([]);

/** A cookie a response set, as far as Cookie Audit keeps it: parsed once, on the hot path. */
export interface SeenSetCookie {
  name: string;
  /** The line with its value replaced by `…`: `uid=…; Domain=.t.example; Secure`, to show. */
  line: string;
  /** Its attributes as the browser read them, for the audit; no value. */
  attributes: SetCookieAttributes;
  /** The value looked like an identifier (a user or session id). */
  identifier: boolean;
  /**
   * The hashes the value is known by for sync detection (lib/knowledge/sync.ts); none when it
   * holds no identifier. A hash cannot give the value back.
   */
  identifierHashes: readonly number[];
}

/** A SameSite value longer than any real one is kept cut: the audit only needs to see it is invalid. */
const MAX_SAME_SITE_LENGTH = 32;

const NO_HASHES: readonly number[] = Object.freeze([]);

/** A name or line to keep: capped, and copied so that it does not hold on to the header. */
function keep(s: string, max: number): string {
  return s.length <= max ? detach(s) : capText(s, max);
}

/** One Set-Cookie line as Cookie Audit keeps it (lib/setCookie.ts parses it). */
export function setCookieOf(line: string): SeenSetCookie {
  return keptSetCookie(parseSetCookie(line), line);
}

/** `setCookieOf` for a line already parsed (`parsed` is `parseSetCookie(line)`). */
export function keptSetCookie(parsed: ParsedSetCookie, line: string): SeenSetCookie {
  const name = keep(parsed.name, MAX_COOKIE_NAME_LENGTH);
  const identifier = looksLikeIdentifier(parsed.value);
  // Copied out of the line, which holds the value; absent attributes stay absent.
  const attributes: SetCookieAttributes = { name, secure: parsed.secure, httpOnly: parsed.httpOnly, partitioned: parsed.partitioned };
  if (parsed.domain !== undefined) attributes.domain = keep(parsed.domain, MAX_COOKIE_NAME_LENGTH);
  if (parsed.path !== undefined) attributes.path = keep(parsed.path, MAX_COOKIE_NAME_LENGTH);
  if (parsed.expires !== undefined) attributes.expires = parsed.expires;
  if (parsed.maxAge !== undefined) attributes.maxAge = parsed.maxAge;
  if (parsed.sameSite !== undefined) attributes.sameSite = keep(parsed.sameSite, MAX_SAME_SITE_LENGTH);
  return {
    name,
    line: keep(redactSetCookie(line), MAX_SET_COOKIE_LENGTH),
    attributes,
    identifier,
    identifierHashes: identifier ? identifierHashes(parsed.value) : NO_HASHES,
  };
}

/** A rejection record to keep: its strings were cut from the line, value included. */
export function keptRejection(rejected: RejectedCookie): RejectedCookie {
  const kept: RejectedCookie = {
    name: keep(rejected.name, MAX_COOKIE_NAME_LENGTH),
    domain: keep(rejected.domain, MAX_COOKIE_NAME_LENGTH),
    path: keep(rejected.path, MAX_COOKIE_NAME_LENGTH),
    requestUrl: capUrl(rejected.requestUrl),
    reason: keep(rejected.reason, MAX_SET_COOKIE_LENGTH),
    setCookie: keep(rejected.setCookie, MAX_SET_COOKIE_LENGTH),
  };
  if (rejected.reasonMsg) kept.reasonMsg = keptMsg(rejected.reasonMsg);
  return kept;
}

/** A reason's message to keep: its arguments (domains and hosts from the line) capped and copied like the names. */
function keptMsg(m: Msg): Msg {
  if (!m.args) return { key: m.key };
  const arg = (a: MsgArg): MsgArg => (typeof a === 'string' ? keep(a, MAX_COOKIE_NAME_LENGTH) : typeof a === 'number' ? a : keptMsg(a));
  return { key: m.key, args: m.args.map(arg) };
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
