/**
 * The view as the background sends it (lib/view-wire.ts): the popup gets back exactly the view
 * the background built, field for field and in the same order, in far fewer bytes.
 */
import { describe, expect, it } from 'vitest';
import { fromBrowserCookie } from '../../lib/cookies/normalise';
import type { ReportInput } from '../../lib/report';
import { buildView, type PopupView } from '../../lib/view';
import { decodeView, encodeView } from '../../lib/view-wire';
import { FIXTURES, makeViewCookie, NOW_MS, PAGE_SITE } from './cookies/helpers';

function input(browser: keyof typeof FIXTURES): ReportInput {
  return {
    tab: { id: 42, url: 'https://www.site.example/account' },
    storeId: browser === 'chrome' ? '0' : 'firefox-default',
    access: { ok: true },
    cookies: FIXTURES[browser].map((raw) => fromBrowserCookie(raw, PAGE_SITE)),
    monitored: null,
    includeValues: false,
    now: new Date(NOW_MS),
  };
}

const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-R3C1P35X7Q';

/** Cookies with every optional field present or absent: how they were set, by which script, with what purpose. */
const varied: PopupView = {
  ...buildView(input('chrome')),
  cookies: [
    makeViewCookie({ name: '_ga', value: 'GA1.1.1.1', setBy: 'script', script: GTAG, scriptKind: 'file', purpose: { category: 'Analytics', platform: 'Google Analytics', retention: '2 years', controller: 'Google', match: 'name' } as never }),
    makeViewCookie({ name: 'inline', setBy: 'script', script: 'https://www.site.example/', scriptKind: 'inline' }),
    makeViewCookie({ name: 'unnamed', setBy: 'script' }),
    makeViewCookie({ name: 'sid', setBy: 'http', session: true, expirationDate: undefined, value: '' }),
    makeViewCookie({
      name: 'embed',
      domain: 'cdn-embed.example',
      firstParty: false,
      sameSite: 'no_restriction',
      partitionKey: { topLevelSite: 'https://site.example', hasCrossSiteAncestor: false },
      partitionSite: 'site.example',
      findings: [{ id: 'cookies-samesite-none', severity: 'medium', title: '', why: '', fix: '' }],
    }),
    makeViewCookie({ name: 'fpi', firstPartyDomain: 'site.example', storeId: 'firefox-container-1' }),
    makeViewCookie({ name: '<script>alert(1)</script>', path: '/"quoted"\\path' }),
  ],
};

describe('encodeView and decodeView', () => {
  it.each([
    ['Chrome’s recorded cookies', buildView(input('chrome'))],
    ['Firefox’s recorded cookies', buildView(input('firefox'))],
    ['cookies with every optional field set or not', varied],
  ])('give back the view plain JSON would carry, field for field: %s', (_what, view) => {
    // What a cookie does not have is undefined, which plain JSON leaves out.
    expect(JSON.parse(JSON.stringify(decodeView(encodeView(view))))).toStrictEqual(JSON.parse(JSON.stringify(view)));
  });

  it('builds every cookie with the same fields, in the order the background builds them', () => {
    const decoded = decodeView(encodeView(varied)).cookies;
    const fields = Object.keys(decoded[0]);
    for (const c of decoded) expect(Object.keys(c)).toEqual(fields);
    const view = buildView(input('chrome'));
    decodeView(encodeView(view)).cookies.forEach((c, i) => {
      const built = view.cookies[i];
      expect(Object.keys(c).filter((field) => field in built)).toEqual(Object.keys(built));
    });
  });

  it('gives a cookie undefined for what it does not have', () => {
    const decoded = decodeView(encodeView(varied)).cookies;
    expect(decoded.find((c) => c.name === 'sid')!.expirationDate).toBeUndefined();
    expect(decoded.find((c) => c.name === 'unnamed')!.script).toBeUndefined();
    expect(decoded.find((c) => c.name === 'sid')!.scriptLabel).toBeUndefined();
    expect(decoded.find((c) => c.name === 'sid')?.valueEmpty).toBe(true);
  });

  it('takes under a third of the bytes of plain JSON for a tab’s many similar cookies', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      makeViewCookie({
        name: `KRTBCOOKIE_${i}`,
        domain: `exchange-${i % 6}.example`,
        firstParty: false,
        sameSite: 'no_restriction',
        findings: [{ id: 'cookies-samesite-none', severity: 'medium', title: '', why: '', fix: '' }],
        purpose: { category: 'Marketing', platform: 'PubMatic', retention: '30 days', controller: 'PubMatic', match: 'prefix' } as never,
      }),
    );
    const view = { ...varied, cookies: many };
    expect(encodeView(view).length).toBeLessThan(JSON.stringify(view).length / 3);
  });
});
