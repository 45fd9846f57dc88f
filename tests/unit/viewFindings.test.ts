/** A view cookie's findings in full (components/viewFindings.ts): the rule's words, the cookie's own, and fixes only for the version they were read for. */
import { describe, expect, it } from 'vitest';
import { fixesOf, viewFindings } from '../../components/viewFindings';
import type { Finding } from '../../lib/audit/types';
import { makeViewCookie } from './cookies/helpers';

const RULES = {
  'cookies-without-secure-flag': { title: 'Cookie set without Secure', why: 'It travels over plain HTTP.' },
  'value-jwt': { title: 'A JWT in a cookie', why: 'Its payload is readable.' },
};
const cookie = makeViewCookie({
  name: 'sid',
  findings: [
    { id: 'cookies-without-secure-flag', severity: 'medium', title: 'Cookie set without Secure', why: 'It travels over plain HTTP.', fix: 'Set-Cookie: sid=…; Secure' },
    { id: 'value-jwt', severity: 'high', title: 'A JWT in a cookie', why: 'Its payload is readable.', fix: '', seen: 'The value is a JWT.' },
  ],
});
const read: Finding[] = [{ id: 'cookies-without-secure-flag', severity: 'medium', title: '', why: '', fix: 'Set-Cookie: sid=…; Secure' }];

describe('viewFindings', () => {
  it('gives each finding its rule’s words or its own, and no fix until read', () => {
    const findings = viewFindings(cookie, RULES, null);
    expect(findings.map((f) => [f.id, f.title, f.fix])).toEqual([
      ['cookies-without-secure-flag', 'Cookie set without Secure', ''],
      ['value-jwt', 'A JWT in a cookie', ''],
    ]);
    expect(findings[1].seen).toBe('The value is a JWT.');
  });

  it('adds the fixes read for this version of the cookie, and none read for another', () => {
    expect(viewFindings(cookie, RULES, fixesOf(cookie, read))[0].fix).toBe('Set-Cookie: sid=…; Secure');
    const changed = { ...cookie };
    expect(viewFindings(changed, RULES, fixesOf(cookie, read))[0].fix).toBe('');
  });
});
