/**
 * What both browsers must show for login.test (tests/e2e/support/server.mjs), a logged-in app
 * whose cookies hold the session itself: Flask's readable session, a JWT scripts can read,
 * `isLoggedIn=true` written by script, and an opaque HttpOnly session id that passes.
 */
import { expect } from 'vitest';
import { LOGIN } from './support/server.mjs';

export const VALUE_RULES = ['cookies-value-holds-session-data', 'cookies-value-is-jwt', 'cookies-session-id-predictable'];

/** Each cookie's findings by rule id, with severity: exactly the first three are flagged. */
export const EXPECTED_LOGIN_FINDINGS: Record<string, string[]> = {
  session: ['cookies-value-holds-session-data:medium'],
  access_token: ['cookies-value-is-jwt:high'],
  isLoggedIn: ['cookies-value-holds-session-data:high'],
  '__Host-sid': [],
};

/**
 * What each finding's details must say was seen: formats and names, never values. The JWT was
 * made with 15 minutes to live when the fixture server started, a minute or so before.
 */
export const EXPECTED_SEEN: Record<string, RegExp> = {
  session:
    /^What it holds: Flask's signed session \(itsdangerous\): zlib-compressed base64 JSON with the keys "_fresh", "_id", "_user_id", "basket"\. Flask signs it with the app's SECRET_KEY: signed, so it cannot be forged, but anyone with the cookie can read it\./,
  access_token:
    /^What it holds: a JWT signed with HS256, with the claims "sub", "email", "role", "iat", "exp"\. The token expires in 1\d minutes, the cookie in 1 day\. After that the browser keeps sending a dead token\./,
  isLoggedIn: /^What it holds: a login or privilege flag \("isLoggedIn" set to yes or no\)\./,
};

interface ValuesReport {
  audit: { grade: string; score: number; counts: Record<string, number> };
  cookies: { name: string; setBy?: string; findings: { id: string; severity: string; why: string; fix: string }[] }[];
}

export function assertLoginReport(report: ValuesReport): void {
  const findings = Object.fromEntries(report.cookies.map((c) => [c.name, c.findings.map((f) => `${f.id}:${f.severity}`)]));
  expect(findings).toEqual(EXPECTED_LOGIN_FINDINGS);
  // The session-data rule: a high (isLoggedIn) and a medium (session); the JWT's high. 100 − 20 − 10 − 20.
  expect(report.audit).toMatchObject({ grade: 'C', score: 50, counts: { high: 2, medium: 1, low: 0, info: 0 } });
  expect(report.cookies.find((c) => c.name === 'isLoggedIn')?.setBy).toBe('script');
  for (const [name, seen] of Object.entries(EXPECTED_SEEN)) {
    const finding = report.cookies.find((c) => c.name === name)!.findings[0];
    expect(finding.why, name).toMatch(seen);
  }
  assertNoLoginValues(JSON.stringify(report));
}

/** None of login.test's values, nor what they hold, in `text`. */
export function assertNoLoginValues(text: string): void {
  for (const value of [LOGIN.session, LOGIN.accessToken, LOGIN.sid, LOGIN.email, 'isLoggedIn=true', 'espresso-beans']) {
    expect(text).not.toContain(value);
  }
  // The JWT's and the Flask payload's parts, in case one is shown on its own.
  for (const part of [...LOGIN.accessToken.split('.'), ...LOGIN.session.split('.')].filter((p) => p.length > 8)) {
    expect(text).not.toContain(part);
  }
}

/** The expanded findings of each cookie row, as the popup shows them: id, why, and the link to the lesson. */
export function readFindingDetails() {
  const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  return [...document.querySelectorAll('tr.findings-row')].map((row) => {
    const cookieRow = row.previousElementSibling;
    return {
      cookie: text(cookieRow?.querySelector('.cookie-name') ?? null),
      findings: [...row.querySelectorAll('li.finding')].map((li) => ({
        id: li.getAttribute('data-finding') ?? '',
        why: text(li.querySelector('.why')),
        learn: text(li.querySelector('.learn-link')),
      })),
    };
  });
}

/** The "How cookies and sessions work" page: its heading, the tab's own cookies, and its pixel story. */
export function readLearnPage() {
  const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  return {
    title: text(document.querySelector('h1')),
    sessions: Object.fromEntries([...document.querySelectorAll('li[data-cookie]')].map((li) => [li.getAttribute('data-cookie'), text(li)])),
    tracking: text(document.querySelector('[data-tracking]')),
    body: document.body.textContent ?? '',
  };
}

export function assertLoginLearnPage(page: ReturnType<typeof readLearnPage>): void {
  expect(page.title).toBe('How cookies and sessions work');
  expect(Object.keys(page.sessions).sort()).toEqual(['__Host-sid', 'access_token', 'isLoggedIn', 'session']);
  expect(page.sessions['__Host-sid']).toBe('__Host-sid holds an opaque value: a random-looking id: as a session cookie should.');
  expect(page.sessions.session).toMatch(/^session holds Flask's signed session \(itsdangerous\): zlib-compressed base64 JSON with the keys/);
  expect(page.sessions.access_token).toMatch(/^access_token holds a JWT signed with HS256/);
  expect(page.tracking).toBe('Cookie Audit saw no tracking pixel on login.test.');
  assertNoLoginValues(page.body);
}
