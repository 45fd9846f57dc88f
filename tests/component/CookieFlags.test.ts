// @vitest-environment jsdom
import { render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import CookieFlags from '../../components/CookieFlags.svelte';
import type { ReportCookie } from '../../lib/report';
import { makeReportCookie } from '../unit/cookies/helpers';

function chips(overrides: Partial<ReportCookie>) {
  const { container } = render(CookieFlags, { cookie: makeReportCookie(overrides) });
  return [...container.querySelectorAll('li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
}

describe('CookieFlags', () => {
  it.each<[string, Partial<ReportCookie>, string[]]>([
    ['a locked-down host-only cookie', { secure: true, httpOnly: true, sameSite: 'strict', hostOnly: true }, ['Secure', 'HttpOnly', 'SameSite=Strict', 'Host-only']],
    ['a domain cookie without flags', { secure: false, httpOnly: false, sameSite: 'unspecified', hostOnly: false }, ['Not Secure', 'Script-readable', 'SameSite unset']],
    ['a Lax cookie', { sameSite: 'lax', hostOnly: false }, ['Secure', 'HttpOnly', 'SameSite=Lax']],
    [
      'a CHIPS cookie',
      {
        sameSite: 'no_restriction',
        hostOnly: false,
        partitionKey: { topLevelSite: 'https://site.test', hasCrossSiteAncestor: true },
        partitionSite: 'site.test',
      },
      ['Secure', 'HttpOnly', 'SameSite=None', 'Partitioned (site.test)'],
    ],
    [
      'a partitioned cookie whose site could not be named',
      { hostOnly: false, partitionKey: { topLevelSite: 'https://site.test:8443' }, partitionSite: null },
      ['Secure', 'HttpOnly', 'SameSite=Lax', 'Partitioned (https://site.test:8443)'],
    ],
  ])('%s', (_what, overrides, expected) => {
    expect(chips(overrides)).toEqual(expected);
  });

  it('marks the risky flags as warnings and explains each flag on hover', () => {
    const { container } = render(CookieFlags, {
      cookie: makeReportCookie({ secure: false, sameSite: 'no_restriction', domain: 'www.site.example', hostOnly: true }),
    });
    const chip = (text: string) => [...container.querySelectorAll('li')].find((li) => li.textContent?.trim() === text)!;
    expect(chip('Not Secure').classList.contains('warn')).toBe(true);
    expect(chip('SameSite=None').classList.contains('warn')).toBe(true);
    expect(chip('HttpOnly').classList.contains('warn')).toBe(false);
    expect(chip('Host-only').title).toBe('No Domain attribute: sent only to www.site.example, not its subdomains');
    for (const li of container.querySelectorAll('li')) expect(li.title).not.toBe('');
  });
});
