/**
 * "Test this site's consent" end to end (both browsers' specs): the user's own cookies
 * (partitioned included) and web storage are on the site, the test is started from the popup (or
 * with its documented message), and the phases, the verdict and the user's copy put back are
 * checked on the OneTrust fixture sites (support/consent-sites.mjs).
 */
import { expect } from 'vitest';
import { waitUntil } from './popup';
import { CONSENT_HOSTS } from './support/consent-sites.mjs';

/** The part of a Playwright or Puppeteer page used here (their generics differ). */
export interface ArgPage {
  evaluate(fn: (arg: never) => unknown, arg?: unknown): Promise<unknown>;
}

export interface TestBrowser {
  /** Load `url` in the audited tab and wait for its load event. */
  goto(url: string): Promise<void>;
  /** Run `fn` in the audited page. */
  inPage(fn: (arg: never) => unknown, arg?: unknown): Promise<unknown>;
  /** The popup, (re)opened on the audited tab. */
  popup(): Promise<ArgPage>;
  tabId: number;
  url(host: string, path?: string): string;
}

interface PhaseSummary {
  phase: string;
  cookies: { name: string; domain: string; category: string | null }[];
  trackers: string[];
}

interface TestResult {
  choices: string[];
  outcome: string;
  message: string | null;
  runs: { choice: string; cmp: string | null; answered: boolean; verdict: string; findings: { id: string; title: string }[]; phases: PhaseSummary[] }[];
  restored: { cookies: number; cookiesFailed: number; storageOrigins: number; storageOriginsMissed: number };
}

const USER_SESSION = 'user-4f9c2a7e';
const USER_PREFS = 'theme=dark';

/** The user's own state on the site before the test: a session cookie, a partitioned cookie, storage. */
async function giveUserState(browser: TestBrowser, host: string): Promise<void> {
  const popup = await browser.popup();
  const url = browser.url(host);
  const set = (await popup.evaluate(
    (async ({ url, host, session, prefs }: { url: string; host: string; session: string; prefs: string }) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      const a = await api.cookies.set({ url, name: 'sid', value: session, httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
      // CHIPS: a cookie kept for this top-level site only (Partitioned).
      const b = await api.cookies.set({ url, name: '__Host-prefs', value: prefs, secure: true, sameSite: 'no_restriction', path: '/', partitionKey: { topLevelSite: `https://${host}` } } as chrome.cookies.SetDetails);
      return Boolean(a && b);
    }) as never,
    { url, host, session: USER_SESSION, prefs: USER_PREFS },
  )) as boolean;
  expect(set, 'the user’s cookies are set').toBe(true);
  await browser.inPage((() => {
    localStorage.setItem('cart', '3 items');
    sessionStorage.setItem('draft', 'half-written review');
  }) as never);
}

/** The site's cookies as the browser holds them, partitioned ones included: `name` → value. */
async function browserCookies(browser: TestBrowser, host: string): Promise<Record<string, string>> {
  const popup = await browser.popup();
  const list = (await popup.evaluate(
    (async (domain: string) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      const all = await api.cookies.getAll({ domain, partitionKey: {} } as chrome.cookies.GetAllDetails);
      return all.map((c) => [`${c.name}${c.partitionKey ? ' (partitioned)' : ''}`, c.value]);
    }) as never,
    host,
  )) as [string, string][];
  return Object.fromEntries(list);
}

async function pageStorage(browser: TestBrowser): Promise<{ cart: string | null; draft: string | null }> {
  return (await browser.inPage((() => ({ cart: localStorage.getItem('cart'), draft: sessionStorage.getItem('draft') })) as never)) as { cart: string | null; draft: string | null };
}

/** Click a button of the consent test section by its text. */
async function clickButton(popup: ArgPage, text: string): Promise<void> {
  const clicked = await waitUntil(`the button “${text}”`, () =>
    popup.evaluate(((t: string) => {
      const button = [...document.querySelectorAll<HTMLButtonElement>('section.consent-test button')].find((b) => b.textContent?.trim() === t && !b.disabled);
      button?.click();
      return Boolean(button);
    }) as never, text) as Promise<boolean>,
  );
  expect(clicked).toBe(true);
}

interface Shown {
  stage: string;
  outcome: string;
  text: string;
  runs: { choice: string; verdict: string; phases: { phase: string; cookies: string; trackers: string }[] }[];
}

async function shown(popup: ArgPage): Promise<Shown | null> {
  return (await popup.evaluate(() => {
    const section = document.querySelector<HTMLElement>('section.consent-test');
    if (!section) return null;
    return {
      stage: section.dataset.stage ?? '',
      outcome: section.dataset.outcome ?? '',
      text: section.textContent?.replace(/\s+/g, ' ') ?? '',
      runs: [...section.querySelectorAll<HTMLElement>('.consent-test-run')].map((run) => ({
        choice: run.dataset.choice ?? '',
        verdict: run.dataset.verdict ?? '',
        phases: [...run.querySelectorAll<HTMLElement>('.consent-test-phase')].map((p) => ({
          phase: p.dataset.phase ?? '',
          cookies: p.querySelector('.phase-cookies')?.textContent?.replace(/\s+/g, ' ') ?? '',
          trackers: p.querySelector('.phase-trackers')?.textContent?.replace(/\s+/g, ' ') ?? '',
        })),
      })),
    };
  })) as Shown | null;
}

/** Start the test from the popup: the button, the confirmation that explains it, "Start the test". */
async function startFromPopup(popup: ArgPage): Promise<void> {
  await clickButton(popup, 'Test this site’s consent');
  const confirm = await waitUntil('the confirmation', async () => (await shown(popup))?.stage === 'confirming' && (await shown(popup))!.text);
  expect(confirm).toContain('keep a copy of this site’s cookies and web storage, in memory only');
  expect(confirm).toContain('refuse through the consent banner');
  await clickButton(popup, 'Start the test');
}

/** The user's copy is back: the same session cookie, partitioned cookie and storage; nothing of the test's choice left. */
async function expectUserStateBack(browser: TestBrowser, host: string, before: Record<string, string>): Promise<void> {
  const after = await waitUntil('the user’s cookies back', async () => {
    const now = await browserCookies(browser, host);
    return now.sid === USER_SESSION ? now : null;
  });
  expect(after.sid).toBe(USER_SESSION);
  expect(after['__Host-prefs (partitioned)']).toBe(USER_PREFS);
  // The Google tag keeps an existing client id: the user's own `_ga` is the one from before the test.
  if (before._ga) expect(after._ga).toBe(before._ga);
  // The test answered the banner; the user never did.
  expect(Object.keys(after)).not.toContain('OptanonConsent');
  expect(Object.keys(after)).not.toContain('OptanonAlertBoxClosed');
  expect(await waitUntil('the user’s storage back', async () => {
    const storage = await pageStorage(browser);
    return storage.cart !== null ? storage : null;
  })).toEqual({ cart: '3 items', draft: 'half-written review' });
}

/** Refusing through a OneTrust banner on a site that tracks before any choice and after refusal. */
export async function refuseOnViolatingSite(browser: TestBrowser): Promise<void> {
  const host = CONSENT_HOSTS.consentTestBad;
  await browser.goto(browser.url(host));
  await giveUserState(browser, host);
  const before = await browserCookies(browser, host);
  expect(before.sid).toBe(USER_SESSION);

  const popup = await browser.popup();
  await startFromPopup(popup);
  // Progress, step by step, while it runs.
  const progress = await waitUntil('the steps shown', () =>
    popup.evaluate(() => [...document.querySelectorAll('.consent-test-steps li[data-state="current"]')].map((li) => li.textContent?.trim() ?? '')[0]) as Promise<string | undefined>,
  );
  expect(progress).toBeTruthy();
  const result = await waitUntil('the test done', async () => {
    const s = await shown(popup);
    return s?.stage === 'done' ? s : null;
  }, 90_000);
  expect(result.outcome).toBe('done');
  expect(result.runs).toHaveLength(1);
  const [run] = result.runs;
  expect(run).toMatchObject({ choice: 'refuse', verdict: 'fail' });
  expect(run.phases.map((p) => p.phase)).toEqual(['before-choice', 'after-refusal']);
  const [beforeChoice, afterRefusal] = run.phases;
  expect(beforeChoice.cookies).toMatch(/_ga \(consent-test-bad\.test, Analytics\)/);
  expect(beforeChoice.cookies).toMatch(/_fbp \(consent-test-bad\.test, Marketing\)/);
  expect(beforeChoice.trackers).toContain('facebook.com');
  expect(beforeChoice.trackers).toContain('google-analytics.com');
  expect(afterRefusal.cookies).toContain('OptanonConsent (consent-test-bad.test, Functional)');
  expect(afterRefusal.cookies).not.toContain('_ga ');
  expect(afterRefusal.trackers).toContain('facebook.com');
  expect(result.text).toContain('Refused through Onetrust’s banner: Consent not respected');
  expect(result.text).toMatch(/Put back: [1-9]\d* cookies?/);

  await expectUserStateBack(browser, host, before);
}

/** Both runs through the documented message, on a OneTrust site that honours a refusal. */
export async function bothOnCompliantSite(browser: TestBrowser): Promise<void> {
  const host = CONSENT_HOSTS.consentTestOk;
  await browser.goto(browser.url(host));
  await giveUserState(browser, host);
  const before = await browserCookies(browser, host);
  const popup = await browser.popup();
  // As JSON: WebDriver BiDi hands back an object met twice in a reply (a finding in both lists) as null.
  const reply = JSON.parse((await popup.evaluate(
    (async (tabId: number) => JSON.stringify(await ((globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome).runtime.sendMessage({ type: 'runConsentTest', tabId, choices: ['refuse', 'accept'], confirmed: true }))) as never,
    browser.tabId,
  )) as string) as { ok: boolean; error?: string; result: { consent: { verdict: string; findings: unknown[]; choice: { kind: string; source: string }; test: TestResult }; cookies: { name: string; phase: string | null }[] } };
  expect(reply.error).toBeUndefined();
  const { consent } = reply.result;
  expect(consent.test).toMatchObject({ choices: ['refuse', 'accept'], outcome: 'done', message: null });
  const [refused, accepted] = consent.test.runs;
  expect(refused).toMatchObject({ choice: 'refuse', cmp: 'Onetrust', answered: true, verdict: 'pass', findings: [] });
  expect(refused.phases.map((p) => p.phase)).toEqual(['before-choice', 'after-refusal']);
  expect(refused.phases[0]).toEqual({ phase: 'before-choice', cookies: [], trackers: [] });
  expect(refused.phases[1].cookies.map((c) => c.name)).toEqual(['OptanonAlertBoxClosed', 'OptanonConsent']);
  expect(refused.phases[1].trackers).toEqual([]);
  expect(accepted, JSON.stringify(accepted)).toMatchObject({ choice: 'accept', cmp: 'Onetrust', answered: true, verdict: 'pass' });
  expect(accepted.phases.map((p) => p.phase)).toEqual(['before-choice', 'after-acceptance']);
  expect(accepted.phases[1].cookies.map((c) => c.name), JSON.stringify(accepted)).toContain('_ga');
  // The report is the refusal's page: its choice known from the test itself.
  expect(consent).toMatchObject({ verdict: 'pass', findings: [], choice: { kind: 'refused', source: 'test' } });
  expect(reply.result.cookies.find((c) => c.name === 'OptanonConsent')?.phase).toBe('after-refusal');
  expect(consent.test.restored.cookies).toBeGreaterThanOrEqual(2);
  await expectUserStateBack(browser, host, before);
}

/** A banner autoconsent does not know: the clear message and the manual path. */
export async function unknownBanner(browser: TestBrowser): Promise<void> {
  const host = CONSENT_HOSTS.consentBad;
  await browser.goto(browser.url(host));
  await giveUserState(browser, host);
  const before = await browserCookies(browser, host);
  const popup = await browser.popup();
  await startFromPopup(popup);
  const result = await waitUntil('the test done', async () => {
    const s = await shown(popup);
    return s?.stage === 'done' ? s : null;
  }, 90_000);
  expect(result.outcome).toBe('no-banner-control');
  expect(result.text).toContain('could not find the banner’s reject control');
  expect(result.text).toContain('“I refused”');
  // What happened before any choice is still shown.
  expect(result.runs[0].phases.map((p) => p.phase)).toEqual(['before-choice']);
  expect(result.runs[0].phases[0].cookies).toContain('_ga');
  // The manual path is right there: the user's own word.
  const manual = await popup.evaluate(() => [...document.querySelectorAll('.consent-statement button')].map((b) => b.textContent));
  expect(manual).toContain('I refused');
  await expectUserStateBack(browser, host, before);
}

/** Cancel while it runs: it stops and puts the user's cookies and storage back. */
export async function cancelRestores(browser: TestBrowser): Promise<void> {
  const host = CONSENT_HOSTS.consentTestBad;
  await browser.goto(browser.url(host));
  await giveUserState(browser, host);
  const before = await browserCookies(browser, host);
  const popup = await browser.popup();
  await startFromPopup(popup);
  // Once the page was cleared and reloaded (the user is "logged out" now), cancel.
  await waitUntil(
    'the test past the reload',
    () => popup.evaluate(() => [...document.querySelectorAll('.consent-test-steps li')].findIndex((li) => (li as HTMLElement).dataset.state === 'current') >= 3) as Promise<boolean>,
    60_000,
  );
  await clickButton(popup, 'Cancel the test');
  const result = await waitUntil('the test stopped', async () => {
    const s = await shown(popup);
    return s?.stage === 'done' ? s : null;
  }, 60_000);
  expect(result.outcome).toBe('cancelled');
  expect(result.text).toContain('Cancelled: your cookies and storage for this site are back as they were.');
  await expectUserStateBack(browser, host, before);
}

/**
 * In a private window: the test runs in the window's own cookie store, and nothing of the user's
 * copy (a cookie's value, a storage value) is written anywhere the extension keeps data.
 * `extensionPage` is a Cookie Audit page in the normal window.
 */
export async function privateWindow(extensionPage: ArgPage, privatePage: { goto(url: string): Promise<unknown>; evaluate: ArgPage['evaluate'] }, tabId: number, url: (host: string) => string): Promise<void> {
  const host = CONSENT_HOSTS.consentTestBad;
  const secret = 'private-secret-93c1d7';
  const cart = 'private-cart-5e02aa';
  await privatePage.goto(url(host));
  const storeId = (await extensionPage.evaluate(
    (async ({ tabId, url, secret }: { tabId: number; url: string; secret: string }) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      const store = (await api.cookies.getAllCookieStores()).find((s) => s.tabIds.includes(tabId))!.id;
      await api.cookies.set({ url, name: 'sid', value: secret, secure: true, httpOnly: true, storeId: store });
      return store;
    }) as never,
    { tabId, url: url(host), secret },
  )) as string;
  await privatePage.evaluate(((value: string) => localStorage.setItem('cart', value)) as never, cart);
  const reply = JSON.parse((await extensionPage.evaluate(
    (async (id: number) => JSON.stringify(await ((globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome).runtime.sendMessage({ type: 'runConsentTest', tabId: id, choices: ['refuse'], confirmed: true }))) as never,
    tabId,
  )) as string) as { ok: boolean; error?: string; result: { tab: { incognito: boolean }; consent: { test: TestResult } } };
  expect(reply.error).toBeUndefined();
  expect(reply.result.tab.incognito).toBe(true);
  expect(reply.result.consent.test).toMatchObject({ outcome: 'done', runs: [{ choice: 'refuse', verdict: 'fail', answered: true }] });
  const kept = (await extensionPage.evaluate((async () => {
    const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
    return JSON.stringify([await api.storage.session.get(null), await api.storage.local.get(null)]);
  }) as never)) as string;
  expect(kept).not.toContain(secret);
  expect(kept).not.toContain(cart);
  const back = (await extensionPage.evaluate(
    (async ({ storeId, domain }: { storeId: string; domain: string }) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      const inPrivate = await api.cookies.getAll({ domain, name: 'sid', storeId });
      const elsewhere = (await api.cookies.getAll({ domain, name: 'sid' })).filter((c) => c.storeId !== storeId);
      return { inPrivate: inPrivate.map((c) => c.value), elsewhere: elsewhere.length };
    }) as never,
    { storeId, domain: host },
  )) as { inPrivate: string[]; elsewhere: number };
  expect(back).toEqual({ inPrivate: [secret], elsewhere: 0 });
  expect(await waitUntil('the private storage back', () => privatePage.evaluate((() => localStorage.getItem('cart')) as never) as Promise<string | null>)).toBe(cart);
}
