/**
 * A tab's view as the background built it (lib/view.ts), what the tab did when a view needs it,
 * and the commands the user can give: the state of the popup, the side panel and the DevTools
 * panel. They never re-derive what the background decided.
 */
import { resultOf, send } from '@/components/send.svelte';
import { t } from '@/components/i18n';
import type { Finding } from '@/lib/audit/types';
import { cookieIdOf, type CookieId } from '@/lib/cookies/cookie';
import { reconcileCookies, sameJson } from '@/lib/cookies/view';
import type { CookieDraft } from '@/lib/cookies/draft';
import { parseView, type Message, type Reply, type SetCookiesReply } from '@/lib/messages';
import type { ReportActivity } from '@/lib/report';
import type { PopupView, ViewCookie } from '@/lib/view';

export type ViewMessage = Extract<Message, { type: 'getView' }>;
/** The view a page's first script asked for before its components loaded (popup/early.ts, devtools-panel/early.ts); null when it asked for none of `tabId`. */
export type TakeView = (tabId: number) => Promise<Reply<ViewMessage> | undefined | null>;

/**
 * A view this long (its compact JSON, lib/view-wire.ts: about 300 cookies) is read and shown in
 * tasks of their own; a shorter one takes a few milliseconds at once, and each task boundary
 * waits behind whatever else the page does while it opens.
 */
const LONG_VIEW = 30_000;

/** Resolves in a task of its own, after the browser had its turn (input, rendering). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class ReportState {
  /** What the Cookies view shows but its cookies (`cookies`). Raw state: no deep proxies over a thousand cookies. */
  view = $state.raw<Omit<PopupView, 'cookies'> | null>(null);
  /** The view's cookies, each object kept as long as the cookie does not change (`reconcileCookies`). */
  cookies = $state.raw<readonly ViewCookie[]>([]);
  /** What the tab did, for the Trackers and Timeline views: undefined until asked for (`loadActivity`). */
  activity = $state.raw<ReportActivity | null | undefined>(undefined);
  error = $state<string | null>(null);
  loading = $state(false);
  /** The tab's version the view shown is of (getView's answer), for following it. */
  version: number | undefined = undefined;
  /** The latest reload wins; an older answer arriving late is dropped. */
  private generation = 0;
  /** The view's JSON last shown: an identical answer changes nothing. */
  private shown: string | null = null;
  private activityGeneration = 0;

  constructor(
    readonly tabId: number,
    private readonly takeView: TakeView = async () => null,
  ) {}

  /**
   * Show the tab's view as it is now. Without `fresh` (the popup opening), the view the background
   * kept is shown at once, and when the tab changed since, the fresh one replaces it a moment later.
   */
  async load(fresh = true): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    try {
      // The page's first view was asked for before its code loaded (its early.ts).
      const asked = fresh ? null : await this.takeView(this.tabId);
      const { view, stale, version } = asked === null ? await send({ type: 'getView', tabId: this.tabId, fresh }) : resultOf<ViewMessage>(asked);
      if (view !== this.shown) {
        // A thousand cookies' view is read, then shown, each in a task of its own: the page
        // stays responsive and no task runs long.
        const long = view.length > LONG_VIEW;
        if (long) await nextTask();
        if (generation !== this.generation) return;
        const parsed = parseView(view);
        if (long) await nextTask();
        if (generation !== this.generation) return;
        this.show(view, parsed);
      }
      if (generation !== this.generation) return;
      this.version = version;
      if (stale) return this.load(true);
      this.error = null;
    } catch (error) {
      if (generation !== this.generation) return;
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  private show(json: string, view: PopupView): void {
    this.shown = json;
    const { cookies, ...rest } = view;
    // What did not change keeps its objects: a reload after a change elsewhere in the tab redraws nothing.
    this.cookies = reconcileCookies(this.cookies, cookies);
    if (!sameJson(this.view, rest)) this.view = rest;
  }

  /** One cookie's value, when the user reveals or copies it; travels to this page only, never stored. */
  async value(cookie: CookieId): Promise<string | null> {
    return (await send({ type: 'getValue', tabId: this.tabId, cookie: cookieIdOf(cookie) })).value;
  }

  /** Every value of the tab's cookies by `cookieKey`, when the user shows them all; held by the caller only, never stored. */
  async values(): Promise<Map<string, string>> {
    return new Map((await send({ type: 'getValues', tabId: this.tabId })).values);
  }

  /** The report's `activity`, asked for when the Trackers or Timeline view is opened, and again after each change. */
  async loadActivity(): Promise<void> {
    const generation = ++this.activityGeneration;
    try {
      const { activity } = await send({ type: 'getActivity', tabId: this.tabId });
      if (generation === this.activityGeneration) this.activity = activity;
    } catch (error) {
      if (generation === this.activityGeneration) this.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** One cookie's findings with their fixes, for its expanded row. */
  async findings(cookie: CookieId): Promise<Finding[]> {
    return (await send({ type: 'getFindings', tabId: this.tabId, cookie: cookieIdOf(cookie) })).findings;
  }

  async deleteCookie(cookie: CookieId): Promise<void> {
    await this.run(async () => {
      const { removed } = await send({ type: 'deleteCookie', tabId: this.tabId, cookie });
      if (removed === 0) throw new Error(t('error_cookie_not_deleted', cookie.name));
    });
  }

  /** Delete the cookies listed (the search's), after the user confirmed. */
  async deleteCookies(cookies: CookieId[]): Promise<void> {
    await this.run(async () => {
      const { removed } = await send({ type: 'deleteCookies', tabId: this.tabId, cookies: cookies.map(cookieIdOf) });
      if (removed < cookies.length) throw new Error(t('error_cookies_partly_deleted', removed, cookies.length));
    });
  }

  /**
   * Create cookies or replace one (the editor's Save, an import), then show the tab as it is now:
   * the rows show what the browser stored. The reply says what that was, or why nothing was set.
   */
  async setCookies(drafts: CookieDraft[], replaces: CookieId | null): Promise<SetCookiesReply> {
    try {
      return await send({ type: 'setCookies', tabId: this.tabId, cookies: drafts, replaces: replaces && cookieIdOf(replaces) });
    } finally {
      await this.load();
    }
  }

  async deleteSite(site: string): Promise<void> {
    await this.run(async () => {
      const { removed } = await send({ type: 'deleteSiteCookies', tabId: this.tabId, site });
      if (removed === 0) throw new Error(t('error_site_not_deleted', site));
    });
  }

  /** Ask the background to look for the page's consent platform (autoconsent, injected now, never on page load). */
  async detectConsentPlatform(): Promise<void> {
    await send({ type: 'detectConsentPlatform', tabId: this.tabId }).catch(() => {});
  }

  /** The user's own word about the page's consent (lib/consent/phases.ts says what it means). */
  async consentStatement(choice: 'none' | 'refused' | 'accepted'): Promise<void> {
    await this.run(async () => {
      const { recorded } = await send({ type: 'consentStatement', tabId: this.tabId, choice });
      if (!recorded) throw new Error(t('error_statement_not_recorded'));
    });
  }

  async clearLearned(): Promise<void> {
    await this.run(() => send({ type: 'clearLearned' }));
  }

  /** The report as exported: the same object `getReport` returns, without cookie values. */
  async exportJson(): Promise<string> {
    const report = await send({ type: 'getReport', tabId: this.tabId });
    return JSON.stringify(report, null, 2);
  }

  /** Run a command, then show the tab as it is now; a failed command's error stays on screen. */
  private async run(command: () => Promise<unknown>): Promise<void> {
    let failure: string | null = null;
    try {
      await command();
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    await this.load();
    if (failure) this.error = failure;
  }
}
