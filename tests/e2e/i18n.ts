/**
 * The popup in German, read as a user sees it: shared by both browsers' specs. The browser picks
 * `_locales/de` because its own UI is German; nothing in the extension chooses.
 */
import { expect } from 'vitest';
import { waitUntil, type EvaluatingPage } from './popup';
import type { readLearnPage } from './values';

export interface GermanPopup {
  uiLanguage: string;
  /** `<html lang>`: screen readers read the page in its voice. */
  lang: string;
  headings: string[];
  tabs: string[];
  /** js_visit's row: its worst finding's title and its flags. */
  worst: string;
  row: string;
}

export function readGermanPopup(): GermanPopup {
  const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const row = document.querySelector('tr.cookie-row[data-name="js_visit"]');
  return {
    uiLanguage: (globalThis as unknown as { chrome: typeof chrome }).chrome.i18n.getUILanguage(),
    lang: document.documentElement.lang,
    // Without their counts.
    headings: [...document.querySelectorAll('h2')].map((h) => text(h).replace(/\s*\d+$/, '')),
    tabs: [...document.querySelectorAll('[role="tab"]')].map((t) => text(t).replace(/\s*\d+$/, '')),
    worst: text(row?.querySelector('.worst-title')),
    row: text(row),
  };
}

/** Waits for the demo page's popup in German, then checks what a German user reads. */
export async function assertGermanPopup(page: EvaluatingPage): Promise<void> {
  const popup = (await waitUntil('the popup in German with js_visit', async () => {
    const read = (await page.evaluate(readGermanPopup)) as GermanPopup;
    return read.worst ? read : null;
  })) as GermanPopup;
  expect(popup.uiLanguage.toLowerCase()).toMatch(/^de\b/);
  expect(popup.lang).toBe('de');
  expect(popup.headings).toEqual(expect.arrayContaining(['Eigene Cookies (First-Party)', 'Drittanbieter']));
  expect(popup.tabs).toEqual(['Cookies', 'Tracker', 'Zeitleiste', 'Speicher']);
  // js_visit is set over https without Secure (tests/e2e/support/server.mjs).
  expect(popup.worst).toBe('Cookie ohne Secure');
  for (const words of ['Nicht Secure', 'Für Skripte lesbar', 'in 1 Stunde']) expect(popup.row).toContain(words);
  expect(popup.row).not.toContain('Script-readable');
}

/** Expands js_visit's finding and returns why it matters, as shown. */
export function readExpandedWhy(): string {
  return document.querySelector('tr.findings-row .why')?.textContent?.trim() ?? '';
}

export const GERMAN_WHY = 'Ohne Secure wird das Cookie auch über unverschlüsseltes http:// gesendet, wo jeder im Netzwerk es lesen oder verändern kann.';

/**
 * login.test's isLoggedIn (set by its script, tests/e2e/support/server.mjs): expands its finding
 * in the popup, once, and reads what was seen and the fix once the background has sent it; null
 * until then. Runs in the popup.
 */
export function expandLoginFlag(): { why: string; fix: string; code: string[] } | null {
  const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const worst = document.querySelector<HTMLButtonElement>('tr.cookie-row[data-name="isLoggedIn"] button.worst');
  if (!worst) return null;
  if (worst.getAttribute('aria-expanded') !== 'true') {
    worst.click();
    return null;
  }
  const finding = document.getElementById(worst.getAttribute('aria-controls') ?? '')?.querySelector('li[data-finding="cookies-value-holds-session-data"]');
  const fixed = finding?.querySelector('.fix');
  if (!fixed) return null;
  // The fix without its label: prose, and its Set-Cookie line as code.
  const fix = text(fixed).slice(text(fixed.querySelector('.muted')).length).trim();
  return { why: text(finding?.querySelector('.why')), fix, code: [...fixed.querySelectorAll('code')].map(text) };
}

/** What the audit composed for isLoggedIn, in German: what its value holds, and the fix around its own line. */
export function assertGermanLoginFlag(finding: { why: string; fix: string; code: string[] }): void {
  expect(finding.why).toMatch(
    /^Inhalt: ein Anmelde- oder Rechte-Flag \(„isLoggedIn“ auf Ja oder Nein gesetzt\)\. Nichts signiert oder verschlüsselt ihn: .* Eine Sitzung gehört auf den Server;/,
  );
  expect(finding.fix).toMatch(
    new RegExp(
      '^Halten Sie diesen Zustand auf dem Server und schlagen Sie ihn über die Sitzungs-ID nach\\. ' +
        'Ein Skript schreibt dieses Cookie, und Skripte können HttpOnly nicht setzen: Lassen Sie es vom Server setzen, wenn sich der Nutzer anmeldet\\. ' +
        'Der Server weiß, wer angemeldet ist: Lassen Sie die Seiten ihn fragen, statt ein Cookie zu lesen\\. ' +
        'Dann: Set-Cookie: isLoggedIn=…; Path=/; Expires=[^;]+; Secure; HttpOnly; SameSite=Lax$',
    ),
  );
  // Only the line is code; the words around it are prose.
  expect(finding.code).toEqual([finding.fix.slice(finding.fix.indexOf('Set-Cookie: '))]);
}

/**
 * "How cookies and sessions work" in German, told with the demo tab's own examples: its opaque
 * session_id and the pixel.test pixel with its uid cookie (tests/e2e/support/server.mjs). The
 * value's description (lib/audit/value.ts) is German too.
 */
export function assertGermanLesson(page: ReturnType<typeof readLearnPage>, documentTitle: string): void {
  expect(documentTitle).toBe('Wie Cookies und Sitzungen funktionieren – Cookie Audit');
  expect(page.title).toBe('Wie Cookies und Sitzungen funktionieren');
  expect(page.body).toContain('Wovor HttpOnly und Secure schützen');
  expect(page.body).not.toContain('What HttpOnly and Secure stop');
  expect(page.sessions).toEqual({ session_id: 'session_id enthält nichts Lesbares: eine zufällig wirkende ID, so wie es sich für ein Sitzungs-Cookie gehört.' });
  expect(page.tracking).toBe(
    'Auf site.test: uid von pixel.test wird mit jedem 1×1-Bild mitgeschickt, das pixel.test ausliefert, hier und auf jeder anderen Website, die es einbettet.',
  );
}
