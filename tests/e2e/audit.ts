/**
 * What both browsers must report for audit.test (tests/e2e/support/server.mjs), a site whose
 * Set-Cookie headers show the common mistakes, and two cookies every browser refuses.
 */
import { expect } from 'vitest';

interface AuditedReport {
  audit: { grade: string; score: number; counts: Record<string, number> };
  cookies: { name: string; setBy?: string; findings: { id: string; severity: string; title: string; fix: string }[] }[];
  rejected: { name: string; reason: string; setCookie: string }[];
}

/** The findings of each cookie, by rule id; the safe cookie has none. */
export const EXPECTED_FINDINGS: Record<string, string[]> = {
  '__Host-sid': [],
  PHPSESSID: ['cookies-session-without-secure-flag', 'cookies-session-without-httponly-flag', 'cookies-samesite-unset'],
  csrftoken: ['cookies-anticsrf-without-samesite-flag'],
  remember: ['cookies-lifetime-over-400-days'],
  layout: ['cookies-samesite-flag-invalid'],
};

export function assertAuditReport(report: AuditedReport): void {
  const findings = Object.fromEntries(report.cookies.map((c) => [c.name, c.findings.map((f) => f.id)]));
  expect(findings).toEqual(EXPECTED_FINDINGS);
  // Two high (PHPSESSID), two medium, two low: 100 − 2×20 − 2×10 − 2×5.
  expect(report.audit).toMatchObject({ grade: 'D', score: 30, counts: { high: 2, medium: 2, low: 2, info: 0 } });
  const session = report.cookies.find((c) => c.name === 'PHPSESSID')!;
  expect(session.setBy).toBe('http');
  const httpOnly = session.findings.find((f) => f.id === 'cookies-session-without-httponly-flag')!;
  expect(httpOnly.severity).toBe('high');
  // The fix is the corrected header, never the value.
  expect(httpOnly.fix).toMatch(/^Set-Cookie: PHPSESSID=…;.*HttpOnly/);
  expect(JSON.stringify(report)).not.toContain('9b2e7d4a1c8f3e6b0a5d2c7f4e1b8a3d');

  expect(report.rejected.map((r) => r.name).sort()).toEqual(['__Host-wide', 'crosssite']);
  const crossSite = report.rejected.find((r) => r.name === 'crosssite')!;
  expect(crossSite.reason).toContain('SameSite=None requires Secure');
  expect(crossSite.setCookie).toBe('crosssite=…; Path=/; SameSite=None');
  expect(report.rejected.find((r) => r.name === '__Host-wide')!.reason).toContain('__Host-');
}

/** The popup's audit as text: grade, each row's worst finding, the rejected list. */
export function readAuditView() {
  const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  return {
    grade: text(document.querySelector('.grade-letter')),
    worst: Object.fromEntries(
      [...document.querySelectorAll('tr.cookie-row')].map((row) => [text(row.querySelector('.cookie-name')), text(row.querySelector('.worst-title'))]),
    ),
    rejected: [...document.querySelectorAll('li.rejected-cookie')].map((li) => text(li)),
  };
}
