/**
 * The audit's composed words are messages now (lib/phrases.ts); the English they render must be
 * what the audit wrote before, word for word, on cases that take every branch (cases.ts). The
 * expected words were written by the audit before it composed messages (english-findings.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSite } from '../../../lib/audit';
import { describeValue, inspectValue } from '../../../lib/audit/value';
import { auditConsent } from '../../../lib/consent/audit';
import { englishOf } from './cases';

const expected = JSON.parse(readFileSync(join(__dirname, 'english-findings.json'), 'utf8'));
const actual = englishOf(auditSite, inspectValue, describeValue, auditConsent);

describe('the English the audit writes from its messages', () => {
  it('is each rule’s fix, what it saw and why, as before', () => {
    expect(Object.keys(actual.findings)).toEqual(Object.keys(expected.findings));
    for (const label of Object.keys(expected.findings)) expect(actual.findings[label], label).toEqual(expected.findings[label]);
  });

  it('is each value verdict as before', () => {
    expect(actual.values).toEqual(expected.values);
  });

  it('is each consent finding’s title, why and fix as before', () => {
    expect(actual.consent).toEqual(expected.consent);
  });
});
