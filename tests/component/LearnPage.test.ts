// @vitest-environment jsdom
/**
 * "How cookies and sessions work" (components/LearnPage.svelte): the lesson in the browser's
 * language, told with the audited tab's own session cookies and tracking pixel, whose names and
 * sites are shown as text.
 */
import { render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import LearnPage from '../../components/LearnPage.svelte';
import { useMessages } from '../../components/i18n';
import { auditSite } from '../../lib/audit';
import { cookieKey, type Cookie } from '../../lib/cookies/cookie';
import type { Report, ReportCookie, ReportThirdParty } from '../../lib/report';
import de from '../../public/_locales/de/messages.json';
import en from '../../public/_locales/en/messages.json';
import { NOW, PAGE_SITE, PAGE_URL, makeCookie } from '../unit/audit/helpers';

const TAB = 7;
const ID = '3f2a9c0e7b5d4a1f8e6c2b9d0a7f3e5c';
// Flask's default session cookie: base64url JSON, a timestamp and an itsdangerous signature.
const FLASK = `${Buffer.from('{"_user_id":"42"}').toString('base64url')}.aGgaAA.c2lnbmF0dXJlLWJ5dGVzLW9mLWZsYXNr`;

// The Meta Pixel's <noscript> image (https://developers.facebook.com/docs/meta-pixel/get-started),
// sent with Meta's advertising cookie `fr` (https://www.facebook.com/privacy/policies/cookies/).
function metaPixel(cookie = 'fr'): ReportThirdParty {
  return {
    site: 'facebook.com',
    tracking: true,
    hosts: ['www.facebook.com'],
    requests: 1,
    types: ['image'],
    cookiesSent: true,
    cookiesSet: [cookie],
    identifierCookies: [cookie],
    bytesReceived: 44,
    pixels: [{ url: 'https://www.facebook.com/tr?id=1234567890&ev=PageView&noscript=1', reasons: ['tiny image'], time: 0 }],
    beacons: [],
    wroteFirstPartyCookies: [],
    wroteFirstPartyStorage: [],
    firstSeen: 0,
    firstTracked: 0,
    lastTracked: 0,
    phase: null,
    tracker: { source: 'third-party-web', owner: 'Facebook' },
    learned: { sites: 4, firstParties: [], how: ['pixel'] },
  } as unknown as ReportThirdParty;
}

/** The report the background sends the page: audited cookies with their values, and the tab's third parties. */
function report(cookies: Cookie[], thirdParties: ReportThirdParty[]): Report {
  const audit = auditSite(cookies, { pageUrl: PAGE_URL, hsts: false, now: NOW });
  const reportCookies: ReportCookie[] = cookies.map((c) => ({ ...c, findings: audit.findings[cookieKey(c)], purpose: null, phase: null }));
  return {
    access: { ok: true },
    tab: { id: TAB, url: PAGE_URL, site: PAGE_SITE, incognito: false, storeId: null },
    cookies: reportCookies,
    activity: { thirdParties },
  } as unknown as Report;
}

const sessionCookies = () => [makeCookie({ name: 'sessionid', value: ID }), makeCookie({ name: 'session', value: FLASK })];
const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const sessionLine = (name: string) => text(document.querySelector(`li[data-cookie="${name}"]`));
const trackingStory = () => text(document.querySelector('[data-tracking]'));

function serve(result: Report) {
  return vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async () => ({ ok: true, result })) as never);
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => useMessages(en));

describe('LearnPage', () => {
  it("tells the lesson with the tab's own session cookies and pixel, asking the background for values", async () => {
    const sendMessage = serve(report(sessionCookies(), [metaPixel()]));
    render(LearnPage, { tabId: TAB });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('How cookies and sessions work');
    expect(document.title).toBe('How cookies and sessions work — Cookie Audit');
    expect((await screen.findByRole('heading', { level: 3 })).textContent).toBe('On example.com');
    expect(sendMessage).toHaveBeenCalledExactlyOnceWith({ type: 'getReport', tabId: TAB, includeValues: true });

    expect(sessionLine('sessionid')).toBe('sessionid holds an opaque value: a random-looking id: as a session cookie should.');
    expect(sessionLine('session')).toMatch(/^session holds Flask's signed session \(itsdangerous\).*"_user_id"\.$/);
    expect(trackingStory()).toBe(
      'On example.com: fr from facebook.com goes with every 1×1 image facebook.com serves, here and on every other site that embeds it. ' +
        'facebook.com belongs to Facebook. This browser has met it on 4 sites.',
    );
    // The values were read to judge the cookies; the page shows none of them.
    expect(document.body.textContent).not.toContain(ID);
    expect(document.body.textContent).not.toContain(FLASK.slice(0, 20));
  });

  it('reads in German when the browser is in German', async () => {
    useMessages(de);
    serve(report(sessionCookies(), []));
    render(LearnPage, { tabId: TAB });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Wie Cookies und Sitzungen funktionieren');
    expect(document.title).toBe('Wie Cookies und Sitzungen funktionieren – Cookie Audit');
    expect((await screen.findByRole('heading', { level: 3 })).textContent).toBe('Auf example.com');
    expect(screen.getByRole('columnheader', { name: 'Sitzung' })).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: 'Sichtbar für' }).nextElementSibling?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Sie, die Website, jedes Skript auf der Seite (nur ohne HttpOnly) und jeden im Netzwerk (nur ohne Secure).',
    );
    // The audit's description of the value (lib/audit/value.ts) in German too.
    expect(sessionLine('sessionid')).toBe('sessionid enthält nichts Lesbares: eine zufällig wirkende ID, so wie es sich für ein Sitzungs-Cookie gehört.');
    expect(sessionLine('session')).toBe('session enthält die signierte Sitzung von Flask (itsdangerous): Base64-JSON mit dem Schlüssel "_user_id".');
    expect(trackingStory()).toBe('Cookie Audit hat auf example.com kein Tracking-Pixel gesehen.');
  });

  it('shows a hostile cookie name as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    serve(report([], [metaPixel(hostile)]));
    render(LearnPage, { tabId: TAB });
    await vi.waitFor(() => expect(document.querySelector('[data-tracking] code')?.textContent).toBe(hostile));
    expect(document.querySelector('img')).toBeNull();
  });

  it('tells the lesson without examples when opened for no tab', async () => {
    const sendMessage = serve(report(sessionCookies(), [metaPixel()]));
    render(LearnPage, { tabId: null });
    expect(screen.getByRole('heading', { level: 2, name: 'The tracking pixel' })).toBeTruthy();
    expect(sendMessage).not.toHaveBeenCalled();
    expect(document.querySelector('[data-tracking]')).toBeNull();
    expect(document.querySelector('li[data-cookie]')).toBeNull();
  });
});
