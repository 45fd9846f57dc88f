/**
 * The words the audit composes per cookie (a fix's prose around its `Set-Cookie` line, what was
 * seen in a value, a value's verdict, consent findings) as messages: a name in
 * `_locales/<lang>/messages.json` and its arguments, nested for composed parts. lib/ writes its
 * English strings from these templates (`english`), so the report stays English; the UI renders
 * the same message in its own language (components/findingText.ts). en/messages.json repeats
 * each template word for word (tests/unit/i18n checks), so the two cannot drift apart.
 *
 * Arguments are names, lines, sites and counts: text, never markup, in any language.
 */
import type { MessageEntry } from './i18n';

export interface Msg {
  key: string;
  args?: MsgArg[];
}
export type MsgArg = string | number | Msg;

/** A template; `names` are its placeholders, for arguments 1, 2, … in that order. */
function entry(message: string, ...names: string[]): MessageEntry {
  if (names.length === 0) return { message };
  return { message, placeholders: Object.fromEntries(names.map((name, i) => [name, { content: `$${i + 1}` }])) };
}

const lifetime = (unit: string) => ({
  [`lifetime_${unit}s_one`]: entry(`in $count$ ${unit}`, 'count'),
  [`lifetime_${unit}s_other`]: entry(`in $count$ ${unit}s`, 'count'),
});

const LAW =
  'The ePrivacy Directive (art. 5(3)) and the GDPR allow storing or reading anything on a visitor’s device without consent only when it is strictly necessary for the service asked for; the EDPB’s cookie-banner taskforce (January 2023) lists storing before consent and ignoring a refusal among the common violations.';

export const PHRASES = {
  // Sentences side by side, and a list: the same in every language.
  audit_join: entry('$a$ $b$', 'a', 'b'),
  audit_comma: entry('$a$, $b$', 'a', 'b'),

  // Why a request counts as a pixel or beacon (lib/requests/pixel.ts).
  pixel_reason_beacon: entry('beacon request (navigator.sendBeacon or <a ping>)'),
  pixel_reason_redirect: entry('redirects onwards (HTTP $status$) instead of returning an image', 'status'),
  pixel_reason_empty: entry('empty response: 0 bytes'),
  pixel_reason_size: entry('1×1-sized response: $bytes$ bytes', 'bytes'),
  pixel_reason_size_type: entry('1×1-sized response: $bytes$ bytes of $type$', 'bytes', 'type'),
  pixel_reason_size_at_most: entry('1×1-sized response: at most $bytes$ bytes', 'bytes'),
  pixel_reason_size_at_most_type: entry('1×1-sized response: at most $bytes$ bytes of $type$', 'bytes', 'type'),
  pixel_reason_sends_cookies: entry('sends cookies'),
  pixel_reason_sets_cookie: entry('sets cookie $names$', 'names'),
  pixel_reason_sets_cookies: entry('sets cookies $names$', 'names'),
  pixel_reason_uncacheable: entry('response marked uncacheable'),
  pixel_reason_copied_one: entry("query parameter $names$ carries the value of one of this page's cookies", 'names'),
  pixel_reason_copied_other: entry("query parameters $names$ carry the value of one of this page's cookies", 'names'),
  pixel_reason_identifier_one: entry('query parameter $names$ carries an identifier', 'names'),
  pixel_reason_identifier_other: entry('query parameters $names$ carry identifiers', 'names'),
  pixel_names_more: entry('$names$ and $count$ more', 'names', 'count'),
  // The script a page reported writing a cookie (lib/scripts/label.ts).
  script_label_inline: entry('an inline script of $host$', 'host'),
  script_label_inline_page: entry('an inline script of the page'),
  script_label_inline_srcdoc: entry('an inline script of a srcdoc frame'),
  script_label_eval: entry('code built from a string (eval) by $script$', 'script'),
  script_label_eval_unnamed: entry('code built from a string (eval), by a script the page did not name'),
  script_label_unnamed: entry('a script the page did not name'),
  script_label_site: entry('a script from $site$', 'site'),
  script_label_url: entry('a script at $url$', 'url'),
  script_label_blob: entry('a blob: script'),
  script_label_blob_host: entry('a blob: script made on $host$', 'host'),
  script_label_data: entry('a data: URL script'),
  script_label_extension: entry("another extension's script"),
  // Cookies an export format cannot hold (lib/cookies/export.ts).
  export_skip_tab_or_line_break: entry('Its name, value or path contains a tab or line break, which this format cannot hold.'),
  export_skip_line_break: entry('Its name or value contains a line break, which would end the header.'),

  // Fixes: the prose around the corrected Set-Cookie line ($line$).
  audit_fix_https_first: entry('Serve the site over https first: browsers refuse Secure cookies from http:// pages. Then: $line$', 'line'),
  audit_fix_httponly_script: entry('A script writes this cookie, and scripts cannot set HttpOnly: have the server set it instead. $line$', 'line'),
  audit_script_set: entry('A script writes this cookie, and scripts cannot set HttpOnly: let the server set it when the user logs in.'),
  audit_advice_flask: entry('With Flask, keep the session on the server (Flask-Session with Redis or a database) so the cookie holds only its id.'),
  audit_advice_django: entry("With Django, use the default database or cache session engine (SESSION_ENGINE = 'django.contrib.sessions.backends.db'), not signed_cookies."),
  audit_advice_express: entry('With Express, use express-session with a store (Redis, a database) instead of cookie-session.'),
  audit_advice_rails: entry('With Rails, keep it in the session (encrypted by default) or a server-side store, not in a signed cookie.'),
  audit_advice_php: entry('With PHP, keep it in $$_SESSION: PHP stores the data on the server and gives the browser only PHPSESSID.'),
  audit_advice_server: entry('Keep this state on the server, looked up by the session id.'),
  audit_fix_session_data: entry('$advice$ The cookie then holds only a random id: $line$', 'advice', 'line'),
  audit_fix_session_data_script: entry('$advice$ $script$ The server knows who is logged in: let pages ask it instead of reading a cookie. Then: $line$', 'advice', 'script', 'line'),
  audit_jwt_verify: entry(
    'Sign every token and make the server refuse alg "none": verify with a fixed list of algorithms (jsonwebtoken: algorithms: ["HS256"]; jose: jwtVerify(token, key, { algorithms: ["HS256"] })).',
  ),
  audit_fix_jwt: entry("Give the token an \"exp\" and the cookie a life no longer than the token's, or keep the session on the server behind an opaque id: $line$", 'line'),
  audit_fix_session_id: entry(
    'Let the framework make session ids (PHP, Express, Django, Rails and ASP.NET draw 128 bits or more from a secure random generator), or draw 16 random bytes yourself (crypto.randomBytes(16), secrets.token_urlsafe(16)): $line$',
    'line',
  ),
  audit_fix_third_party_script: entry(
    "Load the script from $site$ only after the visitor agrees, or set it up to store no identifier until then (the Google tag's consent mode with analytics_storage 'denied', the Meta pixel's fbq('consent', 'revoke')). Name the cookie and its owner in the site's cookie notice, and shorten its life where the vendor allows it (the Google tag's cookie_expires): $name$ is a tracker's id on your domain.",
    'site',
    'name',
  ),
  audit_fix_size: entry('Keep the data on the server (or in localStorage if only scripts need it) and put a short id in the cookie: $line$', 'line'),
  audit_fix_tracking_id: entry(
    'Ask the vendor for a cookieless or first-party mode, or load the embed only after consent. If you run the embed, partition the cookie so it stays within each site: $line$',
    'line',
  ),
  audit_fix_cross_site: entry('If the embed needs it cross-site: $line$', 'line'),
  audit_fix_header: entry(
    'The Cookie header for this page is $bytes$ bytes; the largest cookies are $largest$. Keep state on the server behind one short id, and delete cookies that are no longer needed: Set-Cookie with the same name, Domain and Path, and Max-Age=0.',
    'bytes',
    'largest',
  ),
  audit_cookie_bytes: entry('$name$ ($bytes$ bytes)', 'name', 'bytes'),

  // What was seen in the cookie, before the rule's why.
  audit_seen_readable: entry('What it holds: $value$. Nothing signs or encrypts it: anyone with the cookie can read it, and change it if the server trusts it.', 'value'),
  audit_seen_readable_signed: entry('What it holds: $value$. $signer$: signed, so it cannot be forged, but anyone with the cookie can read it.', 'value', 'signer'),
  audit_seen_jwt: entry('What it holds: $value$. $expiry$', 'value', 'expiry'),
  audit_seen_jwt_unsigned: entry('What it holds: $value$. A server that accepts it takes any claims anyone writes. $expiry$', 'value', 'expiry'),
  audit_seen_weak_id: entry('What it holds: $reason$.', 'reason'),
  audit_expiry_none: entry('It has no "exp" claim, so it never expires: a copy stays valid until the signing key changes.'),
  audit_expiry_past: entry('The token has expired, but the cookie still carries it.'),
  audit_expiry_session: entry('The token expires $token$; the cookie lasts until the browser closes.', 'token'),
  audit_expiry_both: entry('The token expires $token$, the cookie $cookie$.', 'token', 'cookie'),
  audit_expiry_outlives: entry('The token expires $token$, the cookie $cookie$. A copy taken from the cookie keeps working after the cookie is gone.', 'token', 'cookie'),
  audit_expiry_dead: entry('The token expires $token$, the cookie $cookie$. After that the browser keeps sending a dead token.', 'token', 'cookie'),
  lifetime_expired: entry('Expired'),
  ...lifetime('minute'),
  ...lifetime('hour'),
  ...lifetime('day'),
  ...lifetime('month'),
  ...lifetime('year'),

  // A value's verdict (lib/audit/value.ts).
  audit_value_keys: entry('$format$ with $keys$', 'format', 'keys'),
  audit_value_email: entry('$format$, including an e-mail address', 'format'),
  audit_value_keys_email: entry('$format$ with $keys$, including an e-mail address', 'format', 'keys'),
  audit_value_jwt: entry('a JWT signed with $alg$', 'alg'),
  audit_value_jwt_claims: entry('a JWT signed with $alg$, with $claims$', 'alg', 'claims'),
  audit_value_jwt_none: entry('an unsigned JWT (alg "none")'),
  audit_value_jwt_none_claims: entry('an unsigned JWT (alg "none"), with $claims$', 'claims'),
  audit_value_opaque: entry('an opaque value: $format$', 'format'),
  audit_value_weak: entry('a guessable id: $reason$', 'reason'),
  audit_value_plain: entry('a plain word or number'),
  audit_keys_one: entry('the key $names$', 'names'),
  audit_keys_other: entry('the keys $names$', 'names'),
  audit_keys_more: entry('the keys $names$ and $count$ more', 'names', 'count'),
  audit_keys_unnamed_one: entry('$count$ key not named here', 'count'),
  audit_keys_unnamed_other: entry('$count$ keys not named here', 'count'),
  audit_claims_one: entry('the claim $names$', 'names'),
  audit_claims_other: entry('the claims $names$', 'names'),
  audit_claims_more: entry('the claims $names$ and $count$ more', 'names', 'count'),
  audit_claims_unnamed_one: entry('$count$ claim not named here', 'count'),
  audit_claims_unnamed_other: entry('$count$ claims not named here', 'count'),
  audit_format_jwe: entry('an encrypted JWT (JWE)'),
  audit_format_rails_encrypted: entry("Rails's encrypted cookie ($cipher$)", 'cipher'),
  audit_format_rails_marshal: entry("Rails's signed cookie (Ruby Marshal data)"),
  audit_format_rails_json: entry("Rails's signed cookie: JSON"),
  audit_format_rails_plain: entry("Rails's signed cookie: a plain value"),
  audit_format_auth_flag: entry('a login or privilege flag ("$name$" set to yes or no)', 'name'),
  audit_format_role: entry('a role or user type in plain words ("$name$")', 'name'),
  audit_format_user_id: entry('a numeric user id ("$name$")', 'name'),
  audit_format_email: entry('an e-mail address'),
  audit_format_aspnet: entry('an ASP.NET Core Data Protection payload (encrypted)'),
  audit_format_iron: entry('an iron seal (encrypted, as hapi and iron-session make)'),
  audit_format_express_signed_json: entry('a signed Express JSON cookie (j:)'),
  audit_format_express_session_id: entry('a signed session id (express-session, cookie-parser)'),
  audit_format_flask: entry("Flask's signed session (itsdangerous): base64 JSON"),
  audit_format_flask_zlib: entry("Flask's signed session (itsdangerous): zlib-compressed base64 JSON"),
  audit_format_django: entry("Django's signed cookie (django.core.signing): base64 JSON"),
  audit_format_django_zlib: entry("Django's signed cookie (django.core.signing): zlib-compressed base64 JSON"),
  audit_format_json: entry('JSON'),
  audit_format_json_url: entry('URL-encoded JSON'),
  audit_format_express_json: entry('an Express JSON cookie (j:)'),
  audit_format_laravel: entry("Laravel's encrypted cookie"),
  audit_format_cookie_session: entry("Express cookie-session's session: base64 JSON"),
  audit_format_base64_json: entry('base64 JSON'),
  audit_format_php: entry('PHP serialize() data'),
  audit_format_php_class: entry('PHP serialize() data (an object of class $class$)', 'class'),
  audit_format_php_unnamed: entry('PHP serialize() data (an object of class unnamed)'),
  audit_format_key_value: entry('a key=value list'),
  audit_format_random: entry('a random-looking id'),
  audit_signer_rails: entry("Rails signs it with the app's secret_key_base"),
  audit_signer_cookie_parser: entry("cookie-parser signs it with the app's secret"),
  audit_signer_flask: entry("Flask signs it with the app's SECRET_KEY"),
  audit_signer_django: entry('Django signs it with the SECRET_KEY'),
  audit_signer_cookie_session: entry('cookie-session signs it in "$name$.sig"', 'name'),
  audit_weak_digits: entry('only digits, $count$ of them (about $bits$ bits)', 'count', 'bits'),
  audit_weak_counter: entry('a word and a number, like a counter'),
  audit_weak_short: entry('$count$ characters (about $bits$ bits)', 'count', 'bits'),
  audit_weak_repeated: entry('repeated characters or words rather than random ones'),

  // Consent findings (lib/consent/audit.ts).
  audit_consent_law: entry(LAW),
  audit_consent_fix_cookie: entry(
    'Load the script that sets it only once the visitor accepts: through the consent platform’s callback, or with Google Consent Mode’s defaults `denied` and the tag blocked until `granted`.',
  ),
  audit_consent_fix_tracker: entry(
    'Block this third party’s tags, pixels and beacons until the visitor accepts (most consent platforms block by category), and keep them blocked after a refusal.',
  ),
  audit_consent_check_before_title: entry('Check this one: $name$ was stored before any choice', 'name'),
  audit_consent_check_after_title: entry('Check this one: $name$ was stored after the visitor refused', 'name'),
  audit_consent_check_why: entry(
    'Cookie Audit does not know what $name$ ($domain$) is for. If it is not strictly necessary for what the visitor asked for, it needs consent first. $law$',
    'name',
    'domain',
    'law',
  ),
  audit_consent_check_fix: entry('If it is necessary (a session, a load balancer, the consent choice itself), nothing to do. Otherwise: $fix$', 'fix'),
  audit_consent_cookie_before_title: entry('$name$ ($category$) was stored before any choice', 'name', 'category'),
  audit_consent_cookie_after_title: entry('$name$ ($category$) was stored after the visitor refused', 'name', 'category'),
  audit_consent_cookie_why: entry('The Open Cookie Database lists $name$ as $category$: it needs consent. $law$', 'name', 'category', 'law'),
  audit_consent_tracker_before_title: entry('$site$ tracked before any choice', 'site'),
  audit_consent_tracker_after_title: entry('$site$ tracked after the visitor refused', 'site'),
  audit_consent_tracker_before_why: entry('The page sent $site$ a tracking pixel, a beacon or an identifier cookie before the visitor chose. $law$', 'site', 'law'),
  audit_consent_tracker_after_why: entry('The page sent $site$ a tracking pixel, a beacon or an identifier cookie after the visitor refused. $law$', 'site', 'law'),
  audit_consent_tracker_before_why_example: entry(
    'The page sent $site$ a tracking pixel, a beacon or an identifier cookie (for one, $example$) before the visitor chose. $law$',
    'site',
    'example',
    'law',
  ),
  audit_consent_tracker_after_why_example: entry(
    'The page sent $site$ a tracking pixel, a beacon or an identifier cookie (for one, $example$) after the visitor refused. $law$',
    'site',
    'example',
    'law',
  ),
  audit_consent_what_cookie: entry('the cookie $name$', 'name'),
  audit_consent_what_storage: entry('the $area$ key $key$', 'area', 'key'),
  audit_consent_what_tracked: entry('$site$ tracked', 'site'),
  audit_consent_and_more: entry('$list$ and $count$ more', 'list', 'count'),
  audit_consent_ignored_tcf_title: entry('The page’s TCF consent platform said denied, yet $what$', 'what'),
  audit_consent_ignored_gpp_title: entry('The page’s GPP consent platform said denied, yet $what$', 'what'),
  audit_consent_ignored_mode_title: entry('Google Consent Mode said denied, yet $what$', 'what'),
  audit_consent_ignored_tcf_why: entry(
    'The page’s TCF consent platform told the page’s tags that the visitor did not consent (no consent to purpose 1, storing or reading on the device), and still: $what$. A tag that ignores the page’s own consent signal stores and tracks whatever the visitor chose. $law$',
    'what',
    'law',
  ),
  audit_consent_ignored_gpp_why: entry(
    'The page’s GPP consent platform told the page’s tags that the visitor did not consent (no consent to purpose 1, storing or reading on the device), and still: $what$. A tag that ignores the page’s own consent signal stores and tracks whatever the visitor chose. $law$',
    'what',
    'law',
  ),
  audit_consent_ignored_mode_why: entry(
    'Google Consent Mode told the page’s tags that the visitor did not consent (ad_storage or analytics_storage denied), and still: $what$. A tag that ignores the page’s own consent signal stores and tracks whatever the visitor chose. $law$',
    'what',
    'law',
  ),
  audit_consent_ignored_mode_fix: entry(
    'Tags that do not read Consent Mode (non-Google pixels, custom scripts) must be blocked by the consent platform until consent is granted; Google’s own tags must be given the defaults before they load.',
  ),
  audit_consent_ignored_tcf_fix: entry('Have every vendor’s tag wait for the TCF API’s answer and honour it, or block it through the consent platform.'),
  // The consent test's outcome (lib/consent/test.ts, entrypoints/background/consentTest.ts).
  audit_ctest_no_reject_control: entry(
    'Cookie Audit could not find the banner’s reject control: autoconsent does not know this site’s consent platform, or its banner did not show. Answer the banner yourself, then tell Cookie Audit with “I refused” or “I accepted” below.',
  ),
  audit_ctest_no_accept_control: entry(
    'Cookie Audit could not find the banner’s accept control: autoconsent does not know this site’s consent platform, or its banner did not show. Answer the banner yourself, then tell Cookie Audit with “I refused” or “I accepted” below.',
  ),
  audit_ctest_cancelled: entry('Cancelled: your cookies and storage for this site are back as they were.'),
  audit_ctest_stopped: entry('The test stopped: $reason$. Your cookies and storage for this site are back as they were.', 'reason'),
  audit_ctest_tab_closed: entry('the tab was closed'),
  audit_ctest_not_loaded: entry('the page did not load within 30 seconds'),
  audit_ctest_cannot_test: entry('Cookie Audit cannot test this page: it tests web pages it may inspect, never the browser’s or a store’s pages.'),
  audit_ctest_running: entry('A consent test is already running on this tab.'),

  // Why a browser refuses a cookie: a Set-Cookie line (lib/setCookie.ts), a cookie typed in the
  // editor or read from an import file (lib/cookies/edit.ts), or one the browser refused on save.
  refused_no_name_value: entry('It has neither a name nor a value.'),
  refused_too_big: entry('Its name and value take $bytes$ bytes; browsers drop cookies over $max$ bytes.', 'bytes', 'max'),
  refused_control: entry('Its name or value contains a control character.'),
  refused_tab_chrome: entry('Its name or value contains a tab; Chrome refuses control characters, tabs included (Firefox keeps it).'),
  refused_domain_dot: entry('Domain=$domain$ ends with a dot; browsers refuse it.', 'domain'),
  refused_domain_ascii: entry('Domain=$domain$ is not ASCII; browsers refuse it.', 'domain'),
  refused_public_suffix: entry('Domain=$domain$ is a public suffix; browsers refuse cookies meant for every site under it.', 'domain'),
  refused_domain_mismatch: entry(
    'Domain=$domain$ does not include $host$, the host that set it; a host may only set cookies for itself or a parent domain.',
    'domain',
    'host',
  ),
  refused_secure_http: entry('It is marked Secure but came from an insecure http:// URL; only https pages may set Secure cookies.'),
  refused_samesite_none: entry('SameSite=None requires Secure: browsers refuse cross-site cookies that would also travel over plain http.'),
  refused_nameless_prefix: entry('It has no name and its value starts with $prefix$, so it would pass for a $prefix$ cookie; browsers refuse it.', 'prefix'),
  refused_prefix: entry('Its name starts with $prefix$, which requires $missing$; browsers refuse it otherwise.', 'prefix', 'missing'),
  refused_prefix_no_domain: entry('no Domain attribute'),
  refused_partitioned: entry('Partitioned requires Secure; browsers refuse it otherwise (CHIPS).'),
  refused_no_domain: entry('It has no domain: a cookie belongs to a host or a domain.'),
  refused_leading_dot: entry('Write the domain without a leading dot; untick “host only” to send it to subdomains.'),
  refused_not_host: entry('“$domain$” is not a host name.', 'domain'),
  refused_path_slash: entry('Its path must start with “/”.'),
  refused_name_chars: entry('Its name contains “;” or “=”, which would cut it short in a Set-Cookie or Cookie header.'),
  refused_value_semicolon: entry('Its value contains “;”, which ends a cookie in a Set-Cookie or Cookie header; encode it (e.g. %3B).'),
  refused_nameless_equals: entry('It has no name and its value contains “=”: it would be read back as a name and a value.'),
  refused_spaces: entry('Its name or value starts or ends with a space, which browsers strip.'),
  refused_expiry_nan: entry('Its expiry is not a date.'),
  refused_expired: entry('It expired on $date$: the browser would delete it, not store it.', 'date'),
  refused_duplicate: entry('The same cookie (name, domain, path) is already on line $line$.', 'line'),
  refused_gone: entry('The cookie being edited is no longer stored in this tab: reload and try again.'),
  refused_no_partition: entry('This page has no site to partition the cookie under.'),
  refused_by_browser: entry('The browser refused it: $error$', 'error'),
  refused_not_stored: entry('The browser did not store it.'),
  // What to know before saving a cookie (lib/cookies/edit.ts, lib/cookies/import.ts).
  editor_note_capped: entry('Browsers that follow RFC 6265bis (Chrome) keep a cookie at most 400 days: the stored expiry will be earlier.'),
  editor_note_cross_site: entry('SameSite=None and not partitioned: sent from every site that embeds this one, unless the browser blocks third-party cookies.'),
  editor_note_no_httponly: entry('Without HttpOnly, every script on the page can read it.'),
  editor_note_no_value: entry('No value in the file (exported without values): imported with an empty value.'),
  // How the stored cookie differs from what was asked (lib/cookies/edit.ts).
  editor_stored_value: entry('The stored value differs from the one entered.'),
  editor_stored_with_expiry: entry('Stored with an expiry, not as a session cookie.'),
  editor_stored_session: entry('Stored as a session cookie.'),
  editor_stored_expiry: entry('Stored to expire $stored$, not $asked$.', 'stored', 'asked'),
  editor_stored_secure_on: entry('Stored with secure on.'),
  editor_stored_secure_off: entry('Stored with secure off.'),
  editor_stored_httponly_on: entry('Stored with httpOnly on.'),
  editor_stored_httponly_off: entry('Stored with httpOnly off.'),
  editor_stored_hostonly_on: entry('Stored with hostOnly on.'),
  editor_stored_hostonly_off: entry('Stored with hostOnly off.'),
  editor_stored_partitioned_on: entry('Stored with partitioned on.'),
  editor_stored_partitioned_off: entry('Stored with partitioned off.'),
  editor_stored_samesite: entry('Stored with SameSite $value$.', 'value'),
  // Why an import file is refused whole (lib/cookies/import.ts, lib/cookies/json.ts).
  import_err_too_big: entry('The file has $size$ MB; Cookie Audit imports files up to $max$ MB.', 'size', 'max'),
  import_err_binary: entry('This is not a text file (it contains NUL bytes): choose a JSON or cookies.txt file.'),
  import_err_not_utf8: entry('This file is not UTF-8 text: choose a JSON or cookies.txt file.'),
  import_err_text_too_long: entry('The text is longer than $max$ MB; Cookie Audit imports up to that.', 'max'),
  import_err_empty: entry('The file is empty.'),
  import_err_too_many: entry('The file has $count$ cookies or more; Cookie Audit imports at most $max$ at once. Nothing was imported.', 'count', 'max'),
  import_err_line: entry('Line $line$: $why$ Nothing was imported.', 'line', 'why'),
  import_err_fields: entry('expected 7 fields separated by tabs (domain, include subdomains, path, secure, expires, name, value), found $count$.', 'count'),
  import_err_fields_spaces: entry(
    'expected 7 fields separated by tabs (domain, include subdomains, path, secure, expires, name, value), found $count$. It has spaces where tabs belong (copied from a web page?).',
    'count',
  ),
  import_err_no_domain: entry('the domain (field 1) is empty.'),
  import_err_subdomains: entry('field 2 (include subdomains) must be TRUE or FALSE, not “$value$”.', 'value'),
  import_err_path: entry('field 3 (path) must start with “/”.'),
  import_err_secure: entry('field 4 (secure) must be TRUE or FALSE, not “$value$”.', 'value'),
  import_err_expires: entry('field 5 (expires) must be seconds since 1970, or 0 for a session cookie, not “$value$”.', 'value'),
  import_err_no_lines: entry('The file has no cookie lines (only comments or blank lines).'),
  import_err_json: entry('not valid JSON ($detail$).', 'detail'),
  import_err_json_ends: entry('the file ends early: $what$', 'what'),
  import_err_json_found: entry('$what$, found “$char$”', 'what', 'char'),
  import_err_json_value: entry('expected a value'),
  import_err_json_string_end: entry('expected the end of a string (")'),
  import_err_json_control: entry('a control character or line break inside a string'),
  import_err_json_escape: entry('an invalid escape in a string'),
  import_err_json_depth: entry('nesting deeper than $max$ levels', 'max'),
  import_err_json_comma: entry('expected “,” or “$close$”', 'close'),
  import_err_json_property: entry('expected a property name in double quotes'),
  import_err_json_colon: entry('expected “:” after a property name'),
  import_err_json_end: entry('expected the end of the file'),
  import_err_json_root: entry('expected an array of cookies, or an object with a "cookies" array.'),
  import_err_json_none: entry('The file lists no cookies.'),
  import_err_object: entry('expected a cookie object.'),
  import_err_name: entry('the cookie has no "name" string.'),
  import_err_domain: entry('the cookie "$name$" has no "domain" string.', 'name'),
  import_err_value: entry('"value" must be a string.'),
  import_err_path_string: entry('"path" must be a string.'),
  import_err_boolean: entry('"$key$" must be true or false.', 'key'),
  import_err_samesite: entry('"sameSite" must be "no_restriction", "lax", "strict", "unspecified" or null.'),
  import_err_expiration: entry('"expirationDate" must be a number of seconds since 1970.'),
  import_err_partition: entry('"partitionKey" must be an object or null.'),
} satisfies Record<string, MessageEntry>;

export type PhraseKey = keyof typeof PHRASES;

export function msg(key: PhraseKey, ...args: MsgArg[]): Msg {
  return args.length === 0 ? { key } : { key, args };
}

/** `key_one` for one, `key_other` otherwise, with the count as the first argument (English and German plurals). */
export function plural(count: number, key: string, ...args: MsgArg[]): Msg {
  return msg(`${key}_${count === 1 ? 'one' : 'other'}` as PhraseKey, count, ...args);
}

/** Sentences side by side, skipping the absent ones. */
export function sentences(...parts: (Msg | null)[]): Msg {
  const present = parts.filter((p): p is Msg => p !== null);
  return present.reduceRight((rest, part) => msg('audit_join', part, rest));
}

/** Items separated by commas. */
export function commaList(items: readonly MsgArg[]): MsgArg {
  return items.slice(0, -1).reduceRight<MsgArg>((rest, item) => msg('audit_comma', item, rest), items[items.length - 1]);
}

/**
 * Each template cut once into text and argument numbers, as `formatMessage` would fill it in
 * (`$$` a dollar, `$name$` its argument): the audit writes these words for every cookie.
 */
const compiled = new Map<string, readonly (string | number)[]>();

function compile(key: string): readonly (string | number)[] {
  const template: MessageEntry | undefined = (PHRASES as Record<string, MessageEntry>)[key];
  // A missing template is a bug in lib: the tests render every message.
  if (template === undefined) throw new Error(`No English for ${key}`);
  const names = Object.keys(template.placeholders ?? {});
  const parts = template.message.split(/(\$\$|\$[A-Za-z0-9_]+\$)/).map((part) => {
    if (part === '$$') return '$';
    const index = /^\$([A-Za-z0-9_]+)\$$/.test(part) ? names.indexOf(part.slice(1, -1)) : -1;
    return index >= 0 ? index : part;
  });
  compiled.set(key, parts);
  return parts;
}

/** The message in English, as the report has it. */
export function english(m: MsgArg): string {
  if (typeof m !== 'object') return String(m);
  const parts = compiled.get(m.key) ?? compile(m.key);
  let text = '';
  for (const part of parts) text += typeof part === 'number' ? english(m.args?.[part] ?? '') : part;
  return text;
}
