/**
 * Reading cookie files to import: JSON (Cookie Audit's export, a whole report, Cookie-Editor's
 * and EditThisCookie's arrays of `chrome.cookies.Cookie` objects, Playwright's `storageState`)
 * and the Netscape `cookies.txt` format curl and wget use. A malformed file is refused whole,
 * naming its line; rows the browser would refuse are judged separately (`checkRows`), so that
 * the preview can show each reason and nothing is half-applied.
 */
import type { BrowserName } from '../browser';
import { isRecord } from '../guards';
import type { SameSite } from './cookie';
import { MAX_IMPORT_ROWS, draftIdentity, type CookieDraft } from './draft';
import { english, msg, type Msg } from '../phrases';
import { NO_HTTPONLY_NOTE, draftNoteMsgs, whyRefusedMsg } from './edit';
import { parseJsonWithLines } from './json';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export { MAX_IMPORT_ROWS };

export type ImportFormat = 'json' | 'netscape';

export interface ImportRow {
  /** 1-based line of the file where the cookie starts. */
  line: number;
  draft: CookieDraft;
  /** The file carried a value (an export made without values has none: the cookie gets ''). */
  hasValue: boolean;
}

/** Why a file is refused: in English (`error`), and as a message for the UI's language. */
export interface ImportFailure {
  ok: false;
  error: string;
  errorMsg: Msg;
}

export type ImportParse = { ok: true; format: ImportFormat; rows: ImportRow[] } | ImportFailure;

const failure = (errorMsg: Msg): ImportFailure => ({ ok: false, error: english(errorMsg), errorMsg });

/**
 * Bytes to text: refuses what is too big, binary (a NUL byte) or not UTF-8, before anything is
 * parsed. A UTF-8 byte order mark is dropped.
 */
export function decodeImportFile(bytes: Uint8Array): { ok: true; text: string } | ImportFailure {
  if (bytes.length > MAX_IMPORT_BYTES) return failure(msg('import_err_too_big', (bytes.length / 1048576).toFixed(1), MAX_IMPORT_BYTES / 1048576));
  if (bytes.includes(0)) return failure(msg('import_err_binary'));
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text };
  } catch {
    return failure(msg('import_err_not_utf8'));
  }
}

/** JSON when the first character says so, else Netscape. */
export function parseImport(text: string): ImportParse {
  if (text.length > MAX_IMPORT_BYTES) return failure(msg('import_err_text_too_long', MAX_IMPORT_BYTES / 1048576));
  const first = /\S/.exec(text)?.[0];
  if (first === undefined) return failure(msg('import_err_empty'));
  return first === '[' || first === '{' ? parseJsonFile(text) : parseNetscape(text);
}

const tooMany = (n: number): ImportParse => failure(msg('import_err_too_many', n.toLocaleString('en'), MAX_IMPORT_ROWS.toLocaleString('en')));

/** A malformed line: the whole file is refused. */
const badLine = (line: number, why: Msg): ImportParse => failure(msg('import_err_line', line, why));

// ---------------------------------------------------------------------------------------------
// Netscape cookies.txt: https://everything.curl.dev/http/cookies/fileformat
// Seven TAB-separated fields: domain, include subdomains (TRUE/FALSE), path, secure (TRUE/FALSE),
// expires (seconds since the epoch, 0 for a session cookie), name, value. Lines starting with #
// are comments, except curl's `#HttpOnly_` prefix, which marks an HttpOnly cookie.

const HTTP_ONLY_PREFIX = '#HttpOnly_';

function bool(field: string): boolean | null {
  const f = field.toUpperCase();
  return f === 'TRUE' ? true : f === 'FALSE' ? false : null;
}

export function parseNetscape(text: string): ImportParse {
  const rows: ImportRow[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const number = index + 1;
    let line = lines[index].endsWith('\r') ? lines[index].slice(0, -1) : lines[index];
    if (line.trim() === '') continue;
    const httpOnly = line.startsWith(HTTP_ONLY_PREFIX);
    if (httpOnly) line = line.slice(HTTP_ONLY_PREFIX.length);
    else if (line.startsWith('#')) continue;
    if (rows.length === MAX_IMPORT_ROWS) return tooMany(MAX_IMPORT_ROWS + 1);
    const fields = line.split('\t');
    const bad = (why: Msg): ImportParse => badLine(number, why);
    if (fields.length !== 7) {
      const spaces = fields.length < 7 && / {1,}/.test(line);
      return bad(msg(spaces ? 'import_err_fields_spaces' : 'import_err_fields', fields.length));
    }
    const [rawDomain, subdomains, path, secure, expires, name, value] = fields as [string, string, string, string, string, string, string];
    const includeSubdomains = bool(subdomains);
    const isSecure = bool(secure);
    if (rawDomain === '' || rawDomain === '.') return bad(msg('import_err_no_domain'));
    if (includeSubdomains === null) return bad(msg('import_err_subdomains', subdomains.slice(0, 20)));
    if (!path.startsWith('/')) return bad(msg('import_err_path'));
    if (isSecure === null) return bad(msg('import_err_secure', secure.slice(0, 20)));
    if (!/^\d{1,12}$/.test(expires)) return bad(msg('import_err_expires', expires.slice(0, 20)));
    const expiry = Number(expires);
    const draft: CookieDraft = {
      name,
      value,
      domain: rawDomain.replace(/^\./, '').toLowerCase(),
      // curl writes host-only cookies as `host FALSE` and domain cookies as `.domain TRUE`.
      hostOnly: !includeSubdomains,
      path,
      secure: isSecure,
      httpOnly,
      // The format has no field for these: the browser's defaults.
      sameSite: 'unspecified',
      partitioned: false,
    };
    if (expiry !== 0) draft.expirationDate = expiry;
    rows.push({ line: number, draft, hasValue: true });
  }
  if (rows.length === 0) return failure(msg('import_err_no_lines'));
  return { ok: true, format: 'netscape', rows };
}

// ---------------------------------------------------------------------------------------------
// JSON

const SAME_SITE = new Map<string, SameSite>([
  ['no_restriction', 'no_restriction'],
  ['none', 'no_restriction'],
  ['lax', 'lax'],
  ['strict', 'strict'],
  ['unspecified', 'unspecified'],
]);

/**
 * One cookie object. Cookie-Editor exports `chrome.cookies.Cookie` objects with `storeId: null`
 * and `sameSite: null` for unspecified (interface/lib/jsonFormat.js in Moustachauve/cookie-editor);
 * browsers write a domain cookie's domain with a leading dot. Playwright's storageState uses
 * `expires` (-1 for a session cookie) and `"Lax"`-style SameSite. Cookie Audit's export is the
 * report's cookie objects.
 */
function readJsonCookie(raw: unknown, line: number): { row: ImportRow } | { error: Msg } {
  if (!isRecord(raw)) return { error: msg('import_err_object') };
  const { name, value, domain, path, hostOnly, secure, httpOnly, sameSite, session, expirationDate, expires, partitionKey } = raw;
  if (typeof name !== 'string') return { error: msg('import_err_name') };
  if (typeof domain !== 'string' || domain.replace(/^\./, '') === '') return { error: msg('import_err_domain', name.slice(0, 60)) };
  if (value !== undefined && value !== null && typeof value !== 'string') return { error: msg('import_err_value') };
  if (path !== undefined && typeof path !== 'string') return { error: msg('import_err_path_string') };
  for (const [key, v] of Object.entries({ hostOnly, secure, httpOnly, session })) {
    if (v !== undefined && v !== null && typeof v !== 'boolean') return { error: msg('import_err_boolean', key) };
  }
  let same: SameSite = 'unspecified';
  if (sameSite !== undefined && sameSite !== null) {
    const known = typeof sameSite === 'string' ? SAME_SITE.get(sameSite.toLowerCase()) : undefined;
    if (!known) return { error: msg('import_err_samesite') };
    same = known;
  }
  let expiry: number | undefined;
  const stamp = expirationDate ?? expires;
  if (stamp !== undefined && stamp !== null) {
    if (typeof stamp !== 'number' || !Number.isFinite(stamp)) return { error: msg('import_err_expiration') };
    // Playwright writes -1 for a session cookie.
    if (stamp > 0) expiry = stamp;
  }
  if (session === true) expiry = undefined;
  let partitioned = false;
  if (partitionKey !== undefined && partitionKey !== null) {
    if (!isRecord(partitionKey)) return { error: msg('import_err_partition') };
    partitioned = typeof partitionKey.topLevelSite === 'string' && partitionKey.topLevelSite !== '';
  }
  const dotted = domain.startsWith('.');
  const draft: CookieDraft = {
    name,
    value: typeof value === 'string' ? value : '',
    domain: domain.replace(/^\./, '').toLowerCase(),
    hostOnly: typeof hostOnly === 'boolean' ? hostOnly : !dotted,
    path: typeof path === 'string' && path !== '' ? path : '/',
    secure: secure === true,
    httpOnly: httpOnly === true,
    sameSite: same,
    partitioned,
  };
  if (expiry !== undefined) draft.expirationDate = expiry;
  return { row: { line, draft, hasValue: typeof value === 'string' } };
}

export function parseJsonFile(text: string): ImportParse {
  const parsed = parseJsonWithLines(text);
  if (!parsed.ok) return badLine(parsed.line, msg('import_err_json', parsed.errorMsg));
  const root = parsed.value;
  // An array of cookies, or an object holding one (a Cookie Audit report, Playwright's storageState).
  const list = Array.isArray(root) ? root : isRecord(root) && Array.isArray(root.cookies) ? root.cookies : null;
  if (!list) return badLine(1, msg('import_err_json_root'));
  if (list.length > MAX_IMPORT_ROWS) return tooMany(list.length);
  if (list.length === 0) return failure(msg('import_err_json_none'));
  const rows: ImportRow[] = [];
  for (const item of list) {
    const line = (typeof item === 'object' && item !== null ? parsed.lineOf.get(item) : undefined) ?? parsed.lineOf.get(list) ?? 1;
    const read = readJsonCookie(item, line);
    if ('error' in read) return badLine(line, read.error);
    rows.push(read.row);
  }
  return { ok: true, format: 'json', rows };
}

// ---------------------------------------------------------------------------------------------
// Judging rows before anything is set

export interface RowCheck extends ImportRow {
  /** Why the browser would refuse it, in English; null when it would store it. */
  refused: string | null;
  /** The same as a message, for the UI's language. */
  refusedMsg: Msg | null;
  /** Worth knowing, not blocking: a lifetime capped, a cross-site cookie, no value. In English. */
  notes: string[];
  /** The same as messages. */
  noteMsgs: Msg[];
  /** A cookie of the same identity exists in the tab now and would be overwritten. */
  replaces: boolean;
}

/**
 * Each row judged as the browser would judge it; a later row of the same identity as an earlier
 * one is refused too (the file contradicts itself and only one could be stored).
 * `existing` holds `draftIdentity` of the tab's cookies.
 */
export function checkRows(rows: readonly ImportRow[], browser: BrowserName, nowS: number, existing: ReadonlySet<string>): RowCheck[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const id = draftIdentity(row.draft);
    const first = seen.get(id);
    let refusedMsg = whyRefusedMsg(row.draft, browser, nowS);
    if (refusedMsg === null && first !== undefined) refusedMsg = msg('refused_duplicate', first);
    if (first === undefined) seen.set(id, row.line);
    // Every script-readable row would carry that note: noise in a table of many cookies.
    const noteMsgs = refusedMsg ? [] : draftNoteMsgs(row.draft, nowS).filter((n) => n.key !== NO_HTTPONLY_NOTE);
    if (!row.hasValue) noteMsgs.unshift(msg('editor_note_no_value'));
    return { ...row, refused: refusedMsg && english(refusedMsg), refusedMsg, notes: noteMsgs.map(english), noteMsgs, replaces: existing.has(id) };
  });
}
