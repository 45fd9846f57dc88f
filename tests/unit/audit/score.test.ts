import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../../lib/audit';
import { gradeOf, scoreOf } from '../../../lib/audit/score';

const finding = (id: string, severity: Severity): Finding => ({ id, severity, title: id, why: '', fix: '' });
const firstParty = (id: string, severity: Severity) => ({ finding: finding(id, severity), weight: 1 });
const thirdParty = (id: string, severity: Severity) => ({ finding: finding(id, severity), weight: 0.5 });

describe('gradeOf', () => {
  it.each([
    [100, 'A+'],
    [99, 'A'],
    [90, 'A'],
    [89, 'A-'],
    [85, 'A-'],
    [84, 'B+'],
    [80, 'B+'],
    [79, 'B'],
    [70, 'B'],
    [69, 'B-'],
    [65, 'B-'],
    [64, 'C+'],
    [60, 'C+'],
    [59, 'C'],
    [50, 'C'],
    [49, 'C-'],
    [45, 'C-'],
    [44, 'D+'],
    [40, 'D+'],
    [39, 'D'],
    [30, 'D'],
    [29, 'D-'],
    [25, 'D-'],
    [24, 'F'],
    [0, 'F'],
  ])('%i → %s', (score, grade) => {
    expect(gradeOf(score)).toBe(grade);
  });
});

describe('scoreOf', () => {
  it.each([
    ['no findings', [], 100],
    ['info costs nothing', [firstParty('a', 'info'), firstParty('b', 'info')], 100],
    ['one of each severity', [firstParty('a', 'high'), firstParty('b', 'medium'), firstParty('c', 'low')], 65],
    ['a rule counts at most twice', [firstParty('a', 'high'), firstParty('a', 'high'), firstParty('a', 'high')], 60],
    ['different rules add up', [firstParty('a', 'high'), firstParty('b', 'high'), firstParty('c', 'high')], 40],
    ['third party counts half', [thirdParty('a', 'high')], 90],
    ['half of a low rounds', [thirdParty('a', 'low')], 98],
    ['five half-weight findings count as two', [1, 2, 3, 4, 5].map(() => thirdParty('a', 'medium')), 80],
    // Rules whose severity depends on the cookie (the value rules): each finding costs its own.
    ['one rule, a high and a medium finding', [firstParty('a', 'medium'), firstParty('a', 'high')], 70],
    ['one rule: its two worst findings count', [firstParty('a', 'low'), firstParty('a', 'medium'), firstParty('a', 'high')], 70],
    ['one rule: a half-weight high, then full mediums', [thirdParty('a', 'high'), firstParty('a', 'medium'), firstParty('a', 'medium')], 75],
    ['never below 0', ['a', 'b', 'c', 'd', 'e', 'f'].flatMap((id) => [firstParty(id, 'high'), firstParty(id, 'high')]), 0],
  ])('%s → %i', (_description, findings, score) => {
    expect(scoreOf(findings)).toBe(score);
  });
});
