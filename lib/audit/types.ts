import type { Cookie } from '../cookies/cookie';
import type { Msg } from '../phrases';
import type { SetCookieAttributes } from '../setCookie';
import type { SessionVerdict } from './session';
import type { ValueVerdict } from './value';

export type Severity = 'info' | 'low' | 'medium' | 'high';

/** One problem with one cookie, or with the site's cookies as a whole. Never holds a cookie value. */
export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  /** The lesson: what can go wrong, in plain words. */
  why: string;
  /** What to change, usually as the corrected `Set-Cookie` line with `…` for the value. */
  fix: string;
  /** What was seen in this cookie, the start of `why` (the rest is the rule's): kept apart for translations of the rule. */
  seen?: string;
  /**
   * The same words as messages (lib/phrases.ts), for the UI to show in its language: `seen` and
   * `fix` when they have words (a bare `Set-Cookie` line reads the same in every language); a
   * consent finding's `title` and `why` too (a cookie rule's are looked up by its id).
   */
  seenMsg?: Msg;
  fixMsg?: Msg;
  titleMsg?: Msg;
  whyMsg?: Msg;
}

/** A fix: words as a message, or a bare `Set-Cookie` line, which reads the same in every language. */
export type FixText = string | Msg;

/** How a cookie was written: by a `Set-Cookie` response header, or by a script (`document.cookie`, CookieStore). */
export type SetBy = 'http' | 'script';

/** What the audit knows about the page; the maps are keyed by `cookieKey`. */
export interface AuditContext {
  /** The tab's top-level page. */
  pageUrl: string;
  /** The page's main document came with `Strict-Transport-Security` (ignored unless the page is https). */
  hsts: boolean;
  /** Milliseconds since the epoch; rules never read the clock themselves. */
  now: number;
  setBy?: ReadonlyMap<string, SetBy>;
  /** The attributes of the `Set-Cookie` line that set each cookie, parsed when it arrived. */
  setCookies?: ReadonlyMap<string, SetCookieAttributes>;
  /** The URL of the script that wrote each cookie, as the page reported it (lib/monitor/scripts.ts). */
  scripts?: ReadonlyMap<string, string>;
}

/** The page as rules see it. */
export interface PageContext {
  https: boolean;
  host: string | null;
  path: string;
  /** HSTS is in force for the page: it was sent, over https (browsers ignore it over http). */
  hsts: boolean;
  now: number;
}

/**
 * The SameSite the cookie was set with. `unset` covers an invalid value, which browsers treat
 * as absent. Both browsers' cookies APIs report a missing SameSite as `unspecified` (Firefox
 * since https://bugzil.la/1624668 was fixed; measured in Firefox ESR 153 for HTTP- and
 * script-set cookies), so `no_restriction` always means SameSite=None.
 */
export type DeclaredSameSite = 'strict' | 'lax' | 'none' | 'unset';

/** Facts about one cookie, worked out once so that each rule is a short predicate. */
export interface CookieContext extends PageContext {
  /** The page's HSTS covers this cookie: it is in force and the cookie belongs to the page's site. */
  hstsCovers: boolean;
  setBy?: SetBy;
  /**
   * The site of the script the page reported writing the cookie, when it is not the page's own
   * site: a third party's script. Null otherwise.
   */
  thirdPartyScriptSite: string | null;
  setCookie?: SetCookieAttributes;
  sameSite: DeclaredSameSite;
  /**
   * Seconds the cookie was asked to live: from its `Set-Cookie` line when seen (before the
   * browser's 400-day cap), else what is left until it expires; null for a browser-session cookie.
   */
  lifetime: number | null;
  session: SessionVerdict;
  /** What the value is (readable data, a JWT, an opaque or a weak id), judged in memory; holds none of it. */
  value: ValueVerdict;
}

interface RuleText {
  id: string;
  severity: Severity;
  title: string;
  why: string;
}

export interface CookieRule extends RuleText {
  /** Ids of lesser rules that this one replaces when both apply to a cookie. */
  supersedes?: readonly string[];
  applies(cookie: Cookie, ctx: CookieContext): boolean;
  fix(cookie: Cookie, ctx: CookieContext): FixText;
  /** For a rule whose severity depends on the cookie: never above `severity`, the most it can be. */
  severityOf?(cookie: Cookie, ctx: CookieContext): Severity;
  /** What was seen in this cookie, in plain words, put before `why`. Names only, never a value. */
  seen?(cookie: Cookie, ctx: CookieContext): Msg | null;
}

/** A rule about the page's cookies together, such as their total size. */
export interface SiteRule extends RuleText {
  applies(cookies: readonly Cookie[], page: PageContext): boolean;
  fix(cookies: readonly Cookie[], page: PageContext): FixText;
}
