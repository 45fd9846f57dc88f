/**
 * What a cookie's value is: an opaque id, as a session cookie should hold, or readable state
 * (JSON, a signed-but-readable framework session, a JWT, a login flag), or an id weak enough to
 * guess. Judged in memory when the report is built, like the session detector; the verdict keeps
 * only a format's name, key and claim names (filtered, see `keyList`), a JWT's `alg` and `exp`,
 * and an estimate of bits, never any part of the value, so it can go into a finding's text.
 *
 * Formats, each as its framework documents it:
 * - JWT (RFC 7519) and JWE (RFC 7516): `header.payload.signature`, five parts for JWE.
 * - Flask's session (itsdangerous `URLSafeTimedSerializer`): `payload.timestamp.signature`, the
 *   payload base64url JSON, or zlib-compressed and prefixed with `.` (`.eJ…`)
 *   (https://itsdangerous.palletsprojects.com/en/stable/url_safe/).
 * - Django's signed cookies (`django.core.signing`, the `signed_cookies` session engine):
 *   `payload:timestamp:signature`, the same payload encoding
 *   (https://docs.djangoproject.com/en/stable/topics/signing/).
 * - Express: cookie-session's base64 JSON, signed in a companion `<name>.sig` cookie
 *   (https://github.com/expressjs/cookie-session#readme); cookie-parser's `j:` JSON cookies and
 *   `s:<value>.<signature>` signed ones, the form express-session's `connect.sid` takes
 *   (https://expressjs.com/en/api.html#res.cookie).
 * - Rails: signed cookies `base64(data)--hexdigest`, Rails 5.2+ wrapping the data in a `_rails`
 *   envelope; encrypted cookies `data--iv--authTag` (AES-256-GCM), before 5.2
 *   `base64(base64(data)--base64(iv))--hexdigest` (AES-CBC)
 *   (https://api.rubyonrails.org/classes/ActionDispatch/Cookies.html).
 * - Laravel's encrypted cookies: base64 JSON `{"iv", "value", "mac", "tag"}`
 *   (https://laravel.com/docs/encryption).
 * - ASP.NET Core Data Protection payloads start with the magic header 09 F0 C9 F0, `CfDJ8` in
 *   base64url (https://learn.microsoft.com/aspnet/core/security/data-protection/implementation/authenticated-encryption-details);
 *   iron (hapi, iron-session) seals start with `Fe26.2*` (https://hapi.dev/module/iron/api/).
 * - PHP `serialize()`: `a:2:{s:7:"user_id";i:42;…}` (https://www.php.net/manual/en/function.serialize.php).
 */
import { unzlibSync } from 'fflate';
import { looksLikeIdentifier } from '../identifiers';
import { english, msg, plural, type Msg } from '../phrases';

/** Readable data in the value: what format, which keys, whether it is signed. */
export interface ReadableValue {
  kind: 'readable';
  /** The format in plain words, e.g. "Flask's session cookie: base64 JSON". */
  format: string;
  /** `format` as a message, for the UI's language. */
  formatMsg: Msg;
  /** Key names worth naming (see `keyList`); never values. */
  keys: string[];
  /** Keys not named: too many, or names that look like data themselves. */
  otherKeys: number;
  /** Who signs it, in plain words, when it is signed but readable; null when not signed. */
  signedBy: string | null;
  signedByMsg: Msg | null;
  /** Its keys or its name say who is logged in or what they may do (user, role, admin …). */
  auth: boolean;
  /** Holds an e-mail address. */
  email: boolean;
  /** The framework behind the format, for advice on server-side sessions; null when unknown. */
  framework: Framework | null;
}

export interface JwtValue {
  kind: 'jwt';
  /** The header's `alg`, or "unknown" when missing or not a plain algorithm name. */
  alg: string;
  claims: string[];
  otherClaims: number;
  /** The `exp` claim, seconds since the epoch; null when missing. */
  exp: number | null;
}

/** An encrypted or signed envelope, or a random id: nothing in it can be read. */
export interface OpaqueValue {
  kind: 'opaque';
  format: string;
  formatMsg: Msg;
}

/** An id that can be guessed: numeric, counter-like, repetitive or under 64 bits. */
export interface WeakIdValue {
  kind: 'weak-id';
  /** Why, in plain words, e.g. "only digits, 6 of them (about 20 bits)". */
  reason: string;
  reasonMsg: Msg;
  bits: number;
}

/** Nothing to judge: empty, or a short word or number that is no id (`dark`, `3`). */
export interface PlainValue {
  kind: 'plain';
}

export type ValueVerdict = ReadableValue | JwtValue | OpaqueValue | WeakIdValue | PlainValue;

export type Framework = 'flask' | 'django' | 'express' | 'rails' | 'php';

/** OWASP: a session id needs at least 64 bits of entropy (https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html). */
export const MIN_SESSION_ID_BITS = 64;

/** Most names listed in a finding; the rest are counted. */
const MAX_NAMED_KEYS = 8;
/** Decompressed Flask and Django payloads larger than this are not read (a cookie holds 4 KB). */
const MAX_INFLATED_BYTES = 16 * 1024;
const MAX_DEPTH = 4;

/**
 * Key names that say who is logged in or what they may do, compared lower-case without `_`,
 * `-` or `.`: Flask-Login's `_user_id`, Django's `_auth_user_id`, `isLoggedIn`, `role` …
 */
const AUTH_KEY =
  /^(is)?(user(id|name|email)?|uid|login|loggedin|signedin|authenticated|authed|auth(user(id|backend|hash))?|email|mail|account(id)?|customer(id)?|member(id)?|admin|superuser|staff|role|roles|usertype|accesslevel|permissions?|perms|(access|refresh|id)?token|password|passwd|pwd)$/;
/** Cookie names that are a login or privilege flag when the value is a yes/no. */
const AUTH_FLAG_NAME = /^(is)?(loggedin|login|signedin|authenticated|authed|auth|admin|superuser|staff)$/;
const BOOLEAN = /^(true|false|yes|no|y|n|on|off|1|0)$/i;
const ROLE_NAME = /^(user)?(roles?|accesslevel)$|^user(type|group)$/;
const ROLE_VALUE = /^[A-Za-z][A-Za-z_-]{1,23}$/;
const USER_ID_NAME = /^(uid|userid|user|customerid|memberid|accountid)$/;
const EMAIL = /^[^\s@"<>()]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
/** A key worth naming: a short programming name, not data (an address, a random string). */
const NAMEABLE_KEY = /^[A-Za-z_$][\w$.:-]{0,31}$/;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const HEX_DIGEST = /^(?:[\da-f]{40}|[\da-f]{64}|[\da-f]{128})$/;
const FLASK = /^(\.?)([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{4,8})\.([A-Za-z0-9_-]{20,})$/;
const DJANGO = /^(\.?)([A-Za-z0-9_-]+):([A-Za-z0-9]{4,8}):([A-Za-z0-9_-]{20,})$/;
/** cookie-signature's signature: base64 HMAC-SHA256 without padding, after the value's last `.`. */
const EXPRESS_SIGNATURE = /^[A-Za-z0-9+/]{43}$/;
const PHP_SERIALIZED = /^(?:a:\d+:\{|O:\d+:"[^"]*":\d+:\{)/;

const normalisedKey = (key: string): string => key.toLowerCase().replace(/[-_.\s]/g, '');

/** The names of `keys` fit to show, and how many were left out. */
export function keyList(keys: readonly string[]): { keys: string[]; other: number } {
  // `_auth_user_backend` is a name: the leading `_` only marks it private.
  const named = [...new Set(keys)].filter((k) => NAMEABLE_KEY.test(k) && !looksLikeIdentifier(k.replace(/^[_$]+/, ''))).slice(0, MAX_NAMED_KEYS);
  return { keys: named, other: new Set(keys).size - named.length };
}

/** Decode percent-escapes and strip the quotes a cookie value may be wrapped in. */
function unwrap(raw: string): { value: string; urlEncoded: boolean } {
  let value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (/%[\da-f]{2}/i.test(value)) {
    try {
      return { value: decodeURIComponent(value), urlEncoded: true };
    } catch {
      // A stray % is not an escape: judge the value as it is.
    }
  }
  return { value, urlEncoded: false };
}

function base64Bytes(text: string): Uint8Array | null {
  if (!BASE64.test(text) && !BASE64URL.test(text)) return null;
  const standard = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (standard.length % 4 === 1) return null;
  try {
    const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Uint8Array | null): string | null {
  if (!bytes) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

function base64Text(encoded: string): string | null {
  return text(base64Bytes(encoded));
}

/** zlib-inflate, refusing anything larger than a cookie's data could fairly be. */
function inflate(bytes: Uint8Array | null): string | null {
  if (!bytes) return null;
  try {
    const out = unzlibSync(bytes, { out: new Uint8Array(MAX_INFLATED_BYTES) });
    // A full buffer may have been cut short.
    return out.length >= MAX_INFLATED_BYTES ? null : text(out);
  } catch {
    return null;
  }
}

/** JSON objects and arrays only: a bare number or string is no structure. */
function parseJson(source: string | null): unknown {
  if (source === null) return undefined;
  const trimmed = source.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Key names at every level (objects in lists included), and whether a string in it is an e-mail address. */
function walk(data: unknown, keys: string[] = [], depth = 0): { keys: string[]; email: boolean } {
  let email = false;
  if (depth > MAX_DEPTH) return { keys, email };
  if (typeof data === 'string') return { keys, email: EMAIL.test(data.trim()) };
  const children = Array.isArray(data) ? data : isObject(data) ? Object.values(data) : [];
  if (isObject(data)) keys.push(...Object.keys(data));
  for (const child of children) email = walk(child, keys, depth + 1).email || email;
  return { keys, email };
}

/** An opaque value of a format, with the format's words in English and as a message. */
function opaque(format: Msg): OpaqueValue {
  return { kind: 'opaque', format: english(format), formatMsg: format };
}

function weak(reason: Msg, bits: number): WeakIdValue {
  return { kind: 'weak-id', reason: english(reason), reasonMsg: reason, bits };
}

function readable(
  format: Msg,
  data: unknown,
  extra: { signedBy?: Msg | null; framework?: Framework | null; keys?: string[]; email?: boolean; auth?: boolean } = {},
): ReadableValue {
  const found = walk(data);
  const all = [...(extra.keys ?? []), ...found.keys];
  const { keys, other } = keyList(all);
  return {
    kind: 'readable',
    format: english(format),
    formatMsg: format,
    keys,
    otherKeys: other,
    signedBy: extra.signedBy ? english(extra.signedBy) : null,
    signedByMsg: extra.signedBy ?? null,
    auth: (extra.auth ?? false) || all.some((k) => AUTH_KEY.test(normalisedKey(k))),
    email: (extra.email ?? false) || found.email,
    framework: extra.framework ?? null,
  };
}

/** `payload` of Flask and Django: base64url JSON, or zlib-compressed JSON after a `.`. */
function signedPayload(compressed: boolean, payload: string): unknown {
  const bytes = base64Bytes(payload);
  return parseJson(compressed ? inflate(bytes) : text(bytes));
}

function jwt(value: string): JwtValue | OpaqueValue | null {
  const parts = value.split('.');
  // A JWE's second part, the encrypted key, is empty with direct encryption ("dir").
  if ((parts.length !== 3 && parts.length !== 5) || !BASE64URL.test(parts[0])) return null;
  const header = parseJson(base64Text(parts[0]));
  if (!isObject(header)) return null;
  if (parts.length === 5) return typeof header.enc === 'string' ? opaque(msg('audit_format_jwe')) : null;
  if (typeof header.alg !== 'string') return null;
  const payload = parseJson(base64Text(parts[1]));
  if (!isObject(payload)) return null;
  const { keys, other } = keyList(Object.keys(payload));
  return {
    kind: 'jwt',
    alg: /^[A-Za-z0-9+_-]{1,16}$/.test(header.alg) ? header.alg : 'unknown',
    claims: keys,
    otherClaims: other,
    exp: typeof payload.exp === 'number' && Number.isFinite(payload.exp) ? payload.exp : null,
  };
}

/** Rails: `data--digest` (signed) or `data--iv--tag` (encrypted, 5.2+). */
function rails(value: string): ReadableValue | OpaqueValue | null {
  const parts = value.split('--');
  if (parts.length === 3 && parts.every((p) => BASE64.test(p)) && /^[A-Za-z0-9+/]{16}$/.test(parts[1]) && /^[A-Za-z0-9+/]{22}==$/.test(parts[2])) {
    return opaque(msg('audit_format_rails_encrypted', 'AES-256-GCM'));
  }
  if (parts.length !== 2 || !HEX_DIGEST.test(parts[1])) return null;
  const data = base64Text(parts[0]);
  if (data === null) return null;
  // Before Rails 5.2, encrypted cookies were signed `base64(data)--base64(iv)`.
  if (/^[A-Za-z0-9+/]+={0,2}--[A-Za-z0-9+/]+={0,2}$/.test(data)) return opaque(msg('audit_format_rails_encrypted', 'AES-CBC'));
  let inner: unknown = parseJson(data);
  const envelope = isObject(inner) && isObject(inner._rails) ? inner._rails : null;
  if (envelope) {
    // Rails 7.1 keeps the data in `data`; 5.2 to 7.0 as base64 in `message`.
    inner = 'data' in envelope ? envelope.data : typeof envelope.message === 'string' ? parseJson(base64Text(envelope.message)) ?? envelope.message : undefined;
  }
  const signedBy = msg('audit_signer_rails');
  if (inner === undefined) return readable(msg('audit_format_rails_marshal'), null, { signedBy, framework: 'rails' });
  const format = msg(isObject(inner) || Array.isArray(inner) ? 'audit_format_rails_json' : 'audit_format_rails_plain');
  return readable(format, inner, { signedBy, framework: 'rails', email: typeof inner === 'string' && EMAIL.test(inner) });
}

/** The top-level keys of a PHP `serialize()` array or object, and its class name. */
function phpKeys(value: string): { keys: string[]; className: string | null } | null {
  const head = /^(?:a|O:\d+:"([^"]*)"):(\d+):\{/.exec(value);
  if (!head) return null;
  const keys: string[] = [];
  let i = head[0].length;
  const count = Number(head[2]);
  // Each entry: a key (s:N:"…"; or i:N;), then a value, skipped by its length or nesting.
  for (let entry = 0; entry < count * 2 && i < value.length; entry++) {
    const m = /^(?:s:(\d+):"|i:-?\d+;|d:[^;]*;|b:[01];|N;|a:\d+:\{|O:\d+:"[^"]*":\d+:\{)/.exec(value.slice(i));
    if (!m) return null;
    if (m[1] !== undefined) {
      const length = Number(m[1]);
      const start = i + m[0].length;
      // PHP counts bytes; this counts UTF-16 units, close enough for key names.
      if (entry % 2 === 0) keys.push(value.slice(start, start + length));
      i = start + length + 2;
    } else if (m[0].endsWith('{')) {
      // A nested array or object: skip to its matching brace, outside strings.
      let depth = 0;
      let j = i;
      for (; j < value.length; j++) {
        const c = value[j];
        if (c === '"') {
          const len = /s:(\d+):$/.exec(value.slice(Math.max(0, j - 12), j));
          if (len) j += Number(len[1]) + 1;
        } else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
      }
      i = j + 1;
    } else i += m[0].length;
  }
  return { keys, className: head[1] ?? null };
}

/** `a=1&b=2`: two pairs or more, or one whose key says who is logged in. */
function keyValueList(value: string): string[] | null {
  if (!value.includes('=')) return null;
  const pairs = value.split('&');
  const keys: string[] = [];
  for (const pair of pairs) {
    const m = /^([A-Za-z_][\w.-]{0,39})=([^=]*)$/.exec(pair);
    if (!m) return null;
    keys.push(m[1]);
  }
  if (pairs.length === 1 && !AUTH_KEY.test(normalisedKey(keys[0]))) return null;
  return keys;
}

/** Bits an attacker must guess: length × log2 of the alphabet the value draws from. */
export function estimatedBits(value: string): number {
  let digits = false;
  let lower = false;
  let upper = false;
  let hexOnly = true;
  let symbols = 0;
  const seenSymbols = new Set<string>();
  for (const c of value) {
    if (c >= '0' && c <= '9') digits = true;
    else if (c >= 'a' && c <= 'z') {
      lower = true;
      if (c > 'f') hexOnly = false;
    } else if (c >= 'A' && c <= 'Z') {
      upper = true;
      if (c > 'F') hexOnly = false;
    } else {
      hexOnly = false;
      if (!seenSymbols.has(c)) symbols++;
      seenSymbols.add(c);
    }
  }
  const letters = (lower ? 26 : 0) + (upper ? 26 : 0);
  const alphabet = hexOnly && letters > 0 && !(lower && upper) ? 16 : (digits ? 10 : 0) + letters + symbols;
  return alphabet <= 1 ? 0 : Math.floor(value.length * Math.log2(alphabet));
}

/**
 * A fixed word and a number, like a counter: `sess_000123`, `user-42`. Words are joined by one
 * separator each, so that the pattern cannot backtrack without end on a long run of letters.
 */
const COUNTER = /^[A-Za-z]+(?:[_.:-][A-Za-z]+)*[_.:-]?\d{1,12}$/;

function token(value: string): ValueVerdict {
  // A bare yes/no or a short word is a flag or a setting, not an id.
  if (BOOLEAN.test(value) || /^[A-Za-z]{1,12}$/.test(value)) return { kind: 'plain' };
  const bits = estimatedBits(value);
  if (/^\d+$/.test(value)) {
    if (bits < MIN_SESSION_ID_BITS) {
      return weak(msg('audit_weak_digits', value.length, bits), bits);
    }
  } else if (COUNTER.test(value) && !looksLikeIdentifier(value)) {
    return weak(msg('audit_weak_counter'), bits);
  } else if (bits < MIN_SESSION_ID_BITS) {
    return weak(msg('audit_weak_short', value.length, bits), bits);
  } else if (value.length >= 16 && !looksLikeIdentifier(value)) {
    return weak(msg('audit_weak_repeated'), bits);
  }
  return opaque(msg('audit_format_random'));
}

export interface ValueOptions {
  /** The page also has `<name>.sig` for this cookie: cookie-session's signature. */
  signatureCookie?: boolean;
}

/** Judge a cookie's value. The value is only read here; the verdict holds none of it. */
export function inspectValue(name: string, raw: string, options: ValueOptions = {}): ValueVerdict {
  const { value, urlEncoded } = unwrap(raw);
  if (value === '') return { kind: 'plain' };
  const bareName = normalisedKey(name.replace(/^__(host|secure)-/i, ''));

  // Flags and ids that are readable by their name: isLoggedIn=true, role=admin, user_id=42.
  if (AUTH_FLAG_NAME.test(bareName) && BOOLEAN.test(value)) {
    return readable(msg('audit_format_auth_flag', name), null, { auth: true });
  }
  if (ROLE_NAME.test(bareName) && ROLE_VALUE.test(value) && !BOOLEAN.test(value)) {
    return readable(msg('audit_format_role', name), null, { auth: true });
  }
  if (USER_ID_NAME.test(bareName) && /^\d{1,12}$/.test(value)) {
    return readable(msg('audit_format_user_id', name), null, { auth: true });
  }
  if (EMAIL.test(value)) return readable(msg('audit_format_email'), null, { email: true, auth: AUTH_KEY.test(bareName) });

  const token_ = jwt(value);
  if (token_) return token_;

  if (value.startsWith('CfDJ8')) return opaque(msg('audit_format_aspnet'));
  if (value.startsWith('Fe26.2*')) return opaque(msg('audit_format_iron'));

  const lastDot = value.lastIndexOf('.');
  if (value.startsWith('s:') && lastDot > 2 && EXPRESS_SIGNATURE.test(value.slice(lastDot + 1))) {
    const inner = value.slice(2, lastDot);
    if (inner.startsWith('j:')) {
      const data = parseJson(inner.slice(2));
      if (data !== undefined) return readable(msg('audit_format_express_signed_json'), data, { signedBy: msg('audit_signer_cookie_parser'), framework: 'express' });
    }
    return opaque(msg('audit_format_express_session_id'));
  }

  const flask = FLASK.exec(value);
  if (flask) {
    const data = signedPayload(flask[1] === '.', flask[2]);
    if (data !== undefined) {
      return readable(msg(flask[1] ? 'audit_format_flask_zlib' : 'audit_format_flask'), data, {
        signedBy: msg('audit_signer_flask'),
        framework: 'flask',
      });
    }
  }
  const django = DJANGO.exec(value);
  if (django) {
    const data = signedPayload(django[1] === '.', django[2]);
    if (data !== undefined) {
      return readable(msg(django[1] ? 'audit_format_django_zlib' : 'audit_format_django'), data, {
        signedBy: msg('audit_signer_django'),
        framework: 'django',
      });
    }
  }
  const railsValue = rails(value);
  if (railsValue) return railsValue;

  const json = parseJson(value);
  if (json !== undefined) return readable(msg(urlEncoded ? 'audit_format_json_url' : 'audit_format_json'), json);
  if (value.startsWith('j:')) {
    const data = parseJson(value.slice(2));
    if (data !== undefined) return readable(msg('audit_format_express_json'), data, { framework: 'express' });
  }

  const decoded = base64Text(value);
  const decodedJson = parseJson(decoded);
  if (decodedJson !== undefined) {
    if (isObject(decodedJson) && typeof decodedJson.iv === 'string' && typeof decodedJson.value === 'string' && typeof decodedJson.mac === 'string') {
      return opaque(msg('audit_format_laravel'));
    }
    if (options.signatureCookie) {
      return readable(msg('audit_format_cookie_session'), decodedJson, {
        signedBy: msg('audit_signer_cookie_session', name),
        framework: 'express',
      });
    }
    return readable(msg('audit_format_base64_json'), decodedJson);
  }

  if (PHP_SERIALIZED.test(value)) {
    const php = phpKeys(value);
    const format = !php?.className
      ? msg('audit_format_php')
      : NAMEABLE_KEY.test(php.className)
        ? msg('audit_format_php_class', php.className)
        : msg('audit_format_php_unnamed');
    return readable(format, null, { keys: php?.keys ?? [], framework: 'php', email: /"[^"\s@]+@[^"\s@]+\.[^"\s@]+"/.test(value) });
  }

  const pairs = keyValueList(value);
  if (pairs) return readable(msg('audit_format_key_value'), null, { keys: pairs, email: value.split('&').some((p) => EMAIL.test(p.slice(p.indexOf('=') + 1))) });

  return token(value);
}

/** "the keys "a", "b" and 2 more", from names `keyList` let through; null when there are none. */
function namesOf(noun: 'keys' | 'claims', names: readonly string[], other: number): Msg | null {
  if (names.length === 0) return other > 0 ? plural(other, `audit_${noun}_unnamed`) : null;
  const listed = names.map((n) => `"${n}"`).join(', ');
  if (other > 0) return msg(`audit_${noun}_more`, listed, other);
  return msg(names.length === 1 ? `audit_${noun}_one` : `audit_${noun}_other`, listed);
}

/** The verdict in plain words, as a message: for a finding or the "How cookies and sessions work" page. */
export function describeValueMsg(v: ValueVerdict): Msg {
  switch (v.kind) {
    case 'readable': {
      const keys = namesOf('keys', v.keys, v.otherKeys);
      if (keys && v.email) return msg('audit_value_keys_email', v.formatMsg, keys);
      if (keys) return msg('audit_value_keys', v.formatMsg, keys);
      return v.email ? msg('audit_value_email', v.formatMsg) : v.formatMsg;
    }
    case 'jwt': {
      const none = v.alg.toLowerCase() === 'none';
      const claims = namesOf('claims', v.claims, v.otherClaims);
      if (none) return claims ? msg('audit_value_jwt_none_claims', claims) : msg('audit_value_jwt_none');
      return claims ? msg('audit_value_jwt_claims', v.alg, claims) : msg('audit_value_jwt', v.alg);
    }
    case 'opaque':
      return msg('audit_value_opaque', v.formatMsg);
    case 'weak-id':
      return msg('audit_value_weak', v.reasonMsg);
    case 'plain':
      return msg('audit_value_plain');
  }
}

/** The verdict in plain words, in English. */
export function describeValue(v: ValueVerdict): string {
  return english(describeValueMsg(v));
}
