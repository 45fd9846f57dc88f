/**
 * The site's grade, after the HTTP Observatory's method
 * (https://github.com/mozilla/http-observatory/blob/main/httpobs/docs/scoring.md): start at 100,
 * subtract a penalty per finding, and read the letter off Observatory's bands.
 *
 * | Severity | Penalty |
 * | -------- | ------- |
 * | high     | 20      |
 * | medium   | 10      |
 * | low      | 5       |
 * | info     | 0       |
 *
 * - A rule counts at most twice (`MAX_COUNTED_PER_RULE`): ten cookies without Secure are usually
 *   one framework setting, not ten mistakes, but a pattern is worse than a one-off. Observatory's
 *   worst cookie result, a session cookie without Secure, costs 40: here, two of them. Each
 *   finding costs its own severity; for a rule whose severity depends on the cookie, its most
 *   severe findings are the ones counted.
 * - Third-party cookies count half (`THIRD_PARTY_WEIGHT`): the site cannot fix another party's
 *   `Set-Cookie`, only choose what it embeds. Site-wide findings count in full.
 * - The score does not go below 0. There are no bonuses, so A+ means no finding above info.
 */
import type { Finding, Severity } from './types';

export const SEVERITY_PENALTY: Readonly<Record<Severity, number>> = { high: 20, medium: 10, low: 5, info: 0 };
export const MAX_COUNTED_PER_RULE = 2;
export const THIRD_PARTY_WEIGHT = 0.5;

/** Lowest score for each grade, best first. */
export const GRADE_BANDS = [
  [100, 'A+'],
  [90, 'A'],
  [85, 'A-'],
  [80, 'B+'],
  [70, 'B'],
  [65, 'B-'],
  [60, 'C+'],
  [50, 'C'],
  [45, 'C-'],
  [40, 'D+'],
  [30, 'D'],
  [25, 'D-'],
  [0, 'F'],
] as const;

export type Grade = (typeof GRADE_BANDS)[number][1];

export function gradeOf(score: number): Grade {
  return (GRADE_BANDS.find(([min]) => score >= min) ?? GRADE_BANDS[GRADE_BANDS.length - 1])[1];
}

/** A finding and how much it counts: 1, or `THIRD_PARTY_WEIGHT` for a third-party cookie's. */
export interface WeightedFinding {
  finding: Finding;
  weight: number;
}

export function scoreOf(findings: readonly WeightedFinding[]): number {
  const perRule = new Map<string, WeightedFinding[]>();
  for (const weighted of findings) {
    const rule = perRule.get(weighted.finding.id);
    if (rule) rule.push(weighted);
    else perRule.set(weighted.finding.id, [weighted]);
  }
  let penalty = 0;
  for (const rule of perRule.values()) {
    // The rule's worst findings are the ones that count: a rule whose severity depends on the
    // cookie (the value rules) costs what its two worst cookies cost.
    rule.sort((a, b) => SEVERITY_PENALTY[b.finding.severity] - SEVERITY_PENALTY[a.finding.severity]);
    let counted = 0;
    for (const { finding, weight } of rule) {
      const share = Math.min(weight, MAX_COUNTED_PER_RULE - counted);
      if (share <= 0) break;
      penalty += SEVERITY_PENALTY[finding.severity] * share;
      counted += share;
    }
  }
  return Math.max(0, Math.round(100 - penalty));
}
