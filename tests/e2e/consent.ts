/**
 * The consent audit in a real browser (both browsers' specs): on the consent fixture sites
 * (support/consent-sites.mjs) the page's own consent signals — Google Consent Mode in its
 * dataLayer, an IAB TCF v2.2 CMP — are read by the page-world script, the banner's "Reject all"
 * is clicked as a visitor clicks it, and getReport and the popup must tell each phase, finding
 * and verdict.
 */
import { expect } from 'vitest';
import { readRows, waitUntil, type EvaluatingPage } from './popup';
import { readStorageView } from './storage';
import { CONSENT, CONSENT_HOSTS } from './support/consent-sites.mjs';

interface Finding {
  id: string;
  severity: string;
  title: string;
  subject: { kind: string; name?: string; site?: string };
}

export interface ConsentReport {
  cookies: { name: string; phase: string | null; findings: { id: string }[] }[];
  storage: { origin: string; area: string; key: string; writtenBy?: string; phase: string | null }[];
  activity: { thirdParties: { site: string; phase: string | null; tracking: boolean }[] } | null;
  consent: {
    platform: { id: string; source: string } | null;
    cmp?: { name: string; popup: boolean; clicked?: string; at?: number };
    consentMode?: Record<string, string | boolean>;
    choice: { kind: string; at?: number; source: string | null };
    phases: { phase: string; from: number }[];
    verdict: string;
    findings: Finding[];
  };
}

export interface ConsentBrowser {
  /** Load `url` in the audited tab and wait for its load event. */
  goto(url: string): Promise<void>;
  /** Click in the audited page, as the visitor does. */
  click(selector: string): Promise<void>;
  report(): Promise<ConsentReport>;
  /** The popup, (re)opened on the audited tab. */
  popup(): Promise<EvaluatingPage>;
  url(host: string, path?: string): string;
}

const GA_SESSION = `_ga_${CONSENT.measurementId.slice(2)}`;

async function reportWhen(browser: ConsentBrowser, what: string, ready: (r: ConsentReport) => boolean): Promise<ConsentReport> {
  return waitUntil(what, async () => {
    const report = await browser.report();
    if (ready(report)) return report;
    // Said when the wait times out: what the report held last.
    throw new Error(`consent ${JSON.stringify({ ...report.consent, findings: report.consent.findings.map((f) => f.title) })}; cookies ${report.cookies.map((c) => `${c.name}:${c.phase}`).join(' ')}`);
  });
}

const phaseOf = (r: ConsentReport, name: string) => r.cookies.find((c) => c.name === name)?.phase;
const storagePhaseOf = (r: ConsentReport, key: string) => r.storage.find((i) => i.key === key)?.phase;

/** The popup's consent section: its verdict and text, once it shows `expected`. */
/**
 * The popup's consent section once it shows `verdict` (and `including`, when given): a popup opens
 * with the view the background kept, and the fresh one follows when the tab changed since.
 */
async function consentShown(popup: EvaluatingPage, verdict: string, including = ''): Promise<string> {
  return waitUntil(`the popup's consent verdict ${verdict} ${including}`, async () => {
    const shown = (await popup.evaluate(() => {
      const section = document.querySelector<HTMLElement>('section.consent-summary');
      return section ? { verdict: section.dataset.verdict, text: section.textContent?.replace(/\s+/g, ' ') ?? '' } : null;
    })) as { verdict: string; text: string } | null;
    return shown?.verdict === verdict && shown.text.includes(including) ? shown.text : null;
  });
}

/** Compliant: Consent Mode defaults denied, tags only after "Accept all"; the visitor refuses. */
export async function compliantSite(browser: ConsentBrowser): Promise<void> {
  await browser.goto(browser.url(CONSENT_HOSTS.consentOk));
  await reportWhen(browser, 'Consent Mode defaults read', (r) => r.consent.choice.kind === 'none');
  // Opening the popup asks for the platform: autoconsent is injected now, not on page load.
  await browser.popup();
  const found = await reportWhen(browser, 'autoconsent finding CookieYes and its banner', (r) => r.consent.cmp?.popup === true);
  expect(found.consent).toMatchObject({ platform: { id: 'cookieyes', source: 'autoconsent' }, cmp: { name: 'cookieyes', popup: true } });
  expect(found.consent.cmp!.clicked).toBeUndefined();
  await browser.click('#reject');
  const report = await reportWhen(browser, 'the refusal read from Consent Mode', (r) => r.consent.choice.kind === 'refused' && phaseOf(r, 'cookieyes-consent') !== undefined && r.consent.cmp?.clicked !== undefined);
  expect(report.consent).toMatchObject({
    platform: { id: 'cookieyes', source: 'autoconsent' },
    // The visitor's click on the control the cookieyes rule opts out with.
    cmp: { name: 'cookieyes', popup: true, clicked: 'refused', at: expect.any(Number) },
    choice: { kind: 'refused', at: expect.any(Number), source: 'consent-mode' },
    consentMode: { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', updated: true },
    verdict: 'pass',
    findings: [],
  });
  expect(report.consent.phases.map((p) => p.phase)).toEqual(['before-choice', 'after-refusal']);
  // Only the consent choice itself was stored, after the refusal; no tag ever ran.
  expect(phaseOf(report, 'cookieyes-consent')).toBe('after-refusal');
  expect(report.cookies.map((c) => c.name)).not.toContain('_ga');
  expect(report.activity!.thirdParties.filter((p) => p.tracking)).toEqual([]);

  // The popup may first show the view kept from before the refusal; the fresh one follows.
  const text = await consentShown(await browser.popup(), 'pass', 'Refused at');
  expect(text).toContain('Consent respected');
  expect(text).toContain('Consent platform: cookieyes (recognised by autoconsent), its banner shown; you clicked its refuse control at');
  expect(text).toContain('Refused at');
  expect(text).toContain('Google Consent Mode in the page’s dataLayer (reported by the page)');
}

/**
 * Violating: the Google tag, the Meta pixel and Segment run before any choice (Segment keeping its
 * visitor id in localStorage), and the pixel fires after "Reject all".
 */
export async function violatingSite(browser: ConsentBrowser): Promise<void> {
  await browser.goto(browser.url(CONSENT_HOSTS.consentBad));
  const before = await reportWhen(browser, '_ga, _fbp, Segment’s localStorage id and the Meta pixel before any choice', (r) =>
    r.consent.choice.kind === 'none' &&
    ['_ga', '_fbp'].every((n) => phaseOf(r, n) === 'before-choice') &&
    storagePhaseOf(r, 'ajs_anonymous_id') === 'before-choice' &&
    r.consent.findings.some((f) => f.id === 'consent-tracker-before-choice' && f.subject.site === 'facebook.com'),
  );
  const segmentId = before.storage.find((i) => i.key === 'ajs_anonymous_id')!;
  expect(segmentId).toMatchObject({ origin: browser.url(CONSENT_HOSTS.consentBad, ''), area: 'local', writtenBy: expect.stringMatching(/^https:\/\/cdn\.segment\.com(:\d+)?\/analytics\.js\/v1\//) });
  await browser.click('#reject');
  const report = await reportWhen(browser, 'the pixel after the refusal', (r) =>
    r.consent.choice.kind === 'refused' && r.consent.findings.some((f) => f.id === 'consent-tracker-after-refusal'),
  );
  expect(report.consent).toMatchObject({ verdict: 'fail', choice: { kind: 'refused', source: 'consent-mode' } });
  const found = report.consent.findings.map((f) => `${f.id} ${f.subject.name ?? f.subject.site ?? f.subject.kind}`).sort();
  expect(found).toEqual(
    [
      'consent-cookie-before-choice _fbp',
      'consent-cookie-before-choice _ga',
      'consent-cookie-before-choice ajs_anonymous_id',
      `consent-cookie-before-choice ${GA_SESSION}`,
      'consent-signal-ignored site',
      'consent-tracker-after-refusal facebook.com',
      'consent-tracker-before-choice facebook.com',
      'consent-tracker-before-choice google-analytics.com',
    ].sort(),
  );
  const ignored = report.consent.findings.find((f) => f.id === 'consent-signal-ignored')!.title;
  expect(ignored).toMatch(/^Google Consent Mode said denied, yet .*the cookie _ga\b/);
  // Web storage is storage on the device as much as a cookie is (analytics_storage denied).
  expect(ignored).toContain('the localStorage key ajs_anonymous_id');
  expect(phaseOf(report, 'cookieyes-consent')).toBe('after-refusal');
  // Stored before the choice, whatever came after: each key keeps the phase of its first write.
  expect(Object.fromEntries(report.storage.map((i) => [i.key, i.phase]))).toEqual({ ajs_anonymous_id: 'before-choice', ajs_user_traits: 'before-choice' });
  const parties = Object.fromEntries(report.activity!.thirdParties.map((p) => [p.site, p.phase]));
  expect(parties).toMatchObject({ 'google-analytics.com': 'before-choice', 'facebook.com': 'before-choice', 'googletagmanager.com': 'before-choice' });
  // Kept apart from the security grade.
  expect(report.cookies.flatMap((c) => c.findings.map((f) => f.id)).filter((id) => id.startsWith('consent-'))).toEqual([]);

  const popup = await browser.popup();
  const text = await consentShown(popup, 'fail', '8 findings');
  expect(text).toContain('Consent not respected');
  expect(text).toContain('8 findings');
  const rows = await waitUntil('the cookie rows', async () => {
    const read = await readRows(popup);
    return read.some((r) => r.name === '_ga') ? read : null;
  });
  expect(rows.find((r) => r.name === '_ga')!.text).toContain('stored before any choice');
  expect(rows.find((r) => r.name === 'cookieyes-consent')!.text).toContain('stored after refusal');
  // The Storage view says it of each key, as the cookie rows do.
  const keys = await waitUntil('the Storage view’s keys with their phase', async () => {
    const read = await readStorageView(popup);
    return read.some((r) => r.key === 'ajs_anonymous_id') ? read : null;
  });
  expect(keys.find((r) => r.key === 'ajs_anonymous_id')!.cells[0]).toBe('ajs_anonymous_id Identifier-like stored before any choice');
  expect(keys.find((r) => r.key === 'ajs_user_traits')!.cells[0]).toBe('ajs_user_traits stored before any choice');
}

/** TCF: the CMP's banner shows (cmpuishown); clicking "Reject all" completes the choice (useractioncomplete). */
export async function tcfSite(browser: ConsentBrowser): Promise<void> {
  await browser.goto(browser.url(CONSENT_HOSTS.consentTcf));
  const before = await reportWhen(browser, 'the TCF banner shown', (r) => r.consent.choice.source === 'tcf');
  expect(before.consent).toMatchObject({ choice: { kind: 'none', source: 'tcf' }, platform: { id: `tcf:${CONSENT.cmpId}`, source: 'tcf' }, verdict: 'pass' });
  await browser.click('#reject');
  const after = await reportWhen(browser, 'the refusal from the TCF API', (r) => r.consent.choice.kind === 'refused' && phaseOf(r, 'euconsent-v2') !== undefined);
  expect(after.consent).toMatchObject({
    choice: { kind: 'refused', at: expect.any(Number), source: 'tcf' },
    platform: { id: `tcf:${CONSENT.cmpId}`, source: 'tcf' },
    tcf: { cmpId: CONSENT.cmpId, purposeConsents: [] },
    verdict: 'pass',
    findings: [],
  });
  expect(after.consent.choice.at!).toBeGreaterThan(after.consent.phases[0].from);
  expect(phaseOf(after, 'euconsent-v2')).toBe('after-refusal');
}

/** A page with no consent signal: "choice unknown", until the user says what they did, in the popup. */
export async function usersWord(browser: ConsentBrowser, host: string, cookie: string): Promise<void> {
  await browser.goto(browser.url(host));
  const unknown = await reportWhen(browser, `${cookie} on ${host}`, (r) => phaseOf(r, cookie) !== undefined && phaseOf(r, cookie) !== null);
  expect(unknown.consent).toMatchObject({ choice: { kind: 'unknown', source: null }, verdict: 'unknown', findings: [] });
  expect(phaseOf(unknown, cookie)).toBe('unknown');
  const popup = await browser.popup();
  expect(await consentShown(popup, 'unknown')).toContain('Choice unknown');
  await popup.evaluate(() => [...document.querySelectorAll<HTMLButtonElement>('.consent-statement button')].find((b) => b.textContent === 'I have not chosen yet')?.click());
  const told = await reportWhen(browser, 'the user’s word kept', (r) => r.consent.choice.source === 'user');
  expect(told.consent.choice).toEqual({ kind: 'none', source: 'user' });
  expect(phaseOf(told, cookie)).toBe('before-choice');
  const word = 'No choice made yet, according to what you told Cookie Audit.';
  expect(await consentShown(popup, told.consent.verdict, word)).toContain(word);
}
