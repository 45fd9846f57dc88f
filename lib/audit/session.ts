/**
 * Which cookies carry a login: the ones whose theft is an account takeover, so that a missing
 * Secure or HttpOnly on them is high severity. ("Session" as in a user's login session, not a
 * browser-session cookie without an expiry date, which is what `Cookie.session` means.)
 *
 * The HTTP Observatory only tests the name for "sess" or "login". We keep that test, so that
 * our verdicts include Observatory's, and add two that catch what it misses:
 *  - the default session cookie names of common frameworks (`connect.sid`, `.AspNetCore.Cookies`
 *    and `sid` contain neither word);
 *  - credential-like names (auth, token, jwt, sid, remember …) whose value also looks like an
 *    identifier (long, varied: `looksLikeIdentifier`): `token=1` is a flag, a random 40-character
 *    `token` is a credential.
 * Anti-CSRF tokens are not sessions: scripts must read them (double-submit), so HttpOnly would
 * break them; `cookies-anticsrf-without-samesite-flag` judges them instead.
 * The value is only passed to `looksLikeIdentifier`; no part of it is kept.
 */
import type { Cookie } from '../cookies/cookie';
import { looksLikeIdentifier } from '../identifiers';

export interface SessionVerdict {
  session: boolean;
  /** Why, in plain words, for the popup to explain the verdict; empty when not a session cookie. */
  reasons: string[];
}

/** Names of anti-CSRF token cookies: Django `csrftoken`, Angular `XSRF-TOKEN`, ASP.NET Core antiforgery. */
export const ANTI_CSRF_NAME = /csrf|xsrf|antiforgery|requestverificationtoken/i;

const OBSERVATORY_SESSION_NAME = /sess|login/i;

const CREDENTIAL_NAME = /auth|token|jwt|remember|credential|bearer|(^|[^a-z])(sid|sso)([^a-z]|$)/i;

/** Default session and login cookie names, matched without a `__Host-`/`__Secure-` prefix. */
const KNOWN_SESSION_NAMES: readonly (readonly [RegExp, string])[] = [
  [/^phpsessid$/i, "PHP's session cookie"],
  [/^jsessionid$/i, 'the Java servlet session cookie'],
  [/^asp\.net_sessionid$/i, "ASP.NET's session cookie"],
  [/^aspsessionid/i, "classic ASP's session cookie"],
  [/^\.aspxauth$/i, "ASP.NET's forms login cookie"],
  [/^\.aspnetcore\.(session|cookies|identity\.application)$/i, "an ASP.NET Core session or login cookie"],
  [/^connect\.sid$/i, "Express's session cookie"],
  [/^laravel_session$/i, "Laravel's session cookie"],
  [/^remember_web_/i, "Laravel's remember-me login cookie"],
  [/^ci_session$/i, "CodeIgniter's session cookie"],
  [/^sessionid$/i, "Django's session cookie"],
  [/^wordpress_(logged_in|sec)_/i, "WordPress's login cookie"],
  [/^(next-auth|authjs)\.session-token$/i, "Auth.js's session cookie"],
  [/^(cfid|cftoken)$/i, "ColdFusion's session cookie"],
  [/^(sid|session)$/i, 'a common session cookie name'],
];

/**
 * Heroku's router sets this for sticky load balancing; it identifies a dyno, not a user, and
 * Observatory skips it too (https://github.com/mozilla/http-observatory/issues/282).
 */
const NOT_SESSION_NAME = /^heroku-session-affinity$/i;

export function detectSessionCookie(cookie: Pick<Cookie, 'name' | 'value'>): SessionVerdict {
  const name = cookie.name.replace(/^__(host|secure)-/i, '');
  if (NOT_SESSION_NAME.test(name)) return { session: false, reasons: [] };
  const reasons: string[] = [];
  if (OBSERVATORY_SESSION_NAME.test(name)) {
    reasons.push('Its name contains "sess" or "login", the HTTP Observatory\'s test for session cookies.');
  }
  const known = KNOWN_SESSION_NAMES.find(([pattern]) => pattern.test(name));
  if (known) reasons.push(`"${cookie.name}" is ${known[1]}.`);
  if (!ANTI_CSRF_NAME.test(name) && CREDENTIAL_NAME.test(name) && looksLikeIdentifier(cookie.value)) {
    reasons.push('Its name suggests a credential (auth, token, sid …) and its value looks like a random identifier.');
  }
  return { session: reasons.length > 0, reasons };
}
