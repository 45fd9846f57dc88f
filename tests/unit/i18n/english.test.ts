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
import { formatMessage } from '../../../lib/i18n';
import { PHRASES, english } from '../../../lib/phrases';
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

  it('fills in each template as the browser’s i18n.getMessage would, arguments with dollar signs as they are', () => {
    for (const [key, template] of Object.entries(PHRASES)) {
      const args = Object.keys(template.placeholders ?? {}).map((name, i) => `<${name}$${i + 1}$$>`);
      expect(english({ key, args }), key).toBe(formatMessage(template, args));
    }
    expect(() => english({ key: 'no_such_message' })).toThrow();
  });
});
