/**
 * A view cookie's findings in full, as the finding lists show them. The view (lib/view.ts) names
 * each finding by its rule, with the rule's words once in `rules`; a finding's fix (a
 * `Set-Cookie` line of the cookie's own) is read when the cookie is opened (`getFindings`).
 * Shared by the popup's expanded row (FindingsRow) and the DevTools panel's details.
 */
import type { Finding } from '@/lib/audit/types';
import type { RuleText, ViewCookie } from '@/lib/view';

/** Fixes by rule id, for one version of a cookie (the object itself): the English and its message. */
export interface Fixes {
  of: ViewCookie;
  byId: Record<string, Pick<Finding, 'fix' | 'fixMsg'>>;
}

/** The fixes of `of`'s findings as `getFindings` answered them. */
export function fixesOf(of: ViewCookie, findings: readonly Finding[]): Fixes {
  return { of, byId: Object.fromEntries(findings.map((f) => [f.id, f.fixMsg ? { fix: f.fix, fixMsg: f.fixMsg } : { fix: f.fix }])) };
}

/** The cookie's findings with their words, and their fixes once read for this version of it (else no fix yet). */
export function viewFindings(cookie: ViewCookie, rules: Record<string, RuleText>, fixes: Fixes | null): Finding[] {
  return cookie.findings.map(({ id, severity, title, why, seen, seenMsg }): Finding => ({
    id,
    severity,
    title: title ?? rules[id]?.title ?? id,
    why: why ?? rules[id]?.why ?? '',
    ...(fixes?.of === cookie ? (fixes.byId[id] ?? { fix: '' }) : { fix: '' }),
    ...(seen ? { seen } : {}),
    ...(seenMsg ? { seenMsg } : {}),
  }));
}
