import { describe, expect, it } from 'vitest';
import { auditSite } from '../../lib/audit';
import { cookieKey, type Cookie } from '../../lib/cookies/cookie';
import { sessionExamples, trackingExample } from '../../lib/learn';
import { english } from '../../lib/phrases';
import type { Report, ReportCookie, ReportThirdParty } from '../../lib/report';
import { NOW, PAGE_URL, makeCookie } from './audit/helpers';

const ID = '3f2a9c0e7b5d4a1f8e6c2b9d0a7f3e5c';
const FLASK = `${Buffer.from('{"_user_id":"42"}').toString('base64url')}.aGgaAA.c2lnbmF0dXJlLWJ5dGVzLW9mLWZsYXNr`;

/** The report's cookies as the background gives them to the page: audited, with values. */
function reportCookies(cookies: Cookie[]): ReportCookie[] {
  const audit = auditSite(cookies, { pageUrl: PAGE_URL, hsts: false, now: NOW });
  return cookies.map((c) => ({ ...c, findings: audit.findings[cookieKey(c)], purpose: null, phase: null }));
}

function thirdParty(overrides: Partial<ReportThirdParty>): ReportThirdParty {
  return {
    site: 'pixel.example',
    tracking: true,
    hosts: ['pixel.example'],
    requests: 1,
    types: ['image'],
    cookiesSent: true,
    cookiesSet: [],
    identifierCookies: [],
    bytesReceived: 43,
    pixels: [],
    beacons: [],
    wroteFirstPartyCookies: [],
    wroteFirstPartyStorage: [],
    firstSeen: 0,
    firstTracked: null,
    lastTracked: null,
    phase: null,
    tracker: null,
    learned: null,
    ...overrides,
  };
}

const activity = (thirdParties: ReportThirdParty[]) => ({ activity: { thirdParties } }) as unknown as Pick<Report, 'activity'>;

describe('sessionExamples', () => {
  it("lists the page's flagged cookies first, in the report's order, then its opaque session ids as the example to follow", () => {
    const cookies = reportCookies([
      makeCookie({ name: 'sessionid', value: ID }),
      makeCookie({ name: 'session', value: FLASK }),
      makeCookie({ name: 'isLoggedIn', value: 'true', httpOnly: false }),
      makeCookie({ name: 'theme', value: 'dark' }),
      makeCookie({ name: 'sid', value: ID, domain: 'tracker.example', hostOnly: false }),
    ]);
    const examples = sessionExamples({ cookies });
    // The verdict's message (for the page's language) says the same in English.
    for (const example of examples) expect(english(example.verdictMsg)).toBe(example.verdict);
    expect(examples.map(({ verdictMsg: _msg, ...example }) => example)).toEqual([
      {
        name: 'session',
        good: false,
        verdict: `Flask's signed session (itsdangerous): base64 JSON with the key "_user_id"`,
      },
      { name: 'isLoggedIn', good: false, verdict: 'a login or privilege flag ("isLoggedIn" set to yes or no)' },
      { name: 'sessionid', good: true, verdict: 'an opaque value: a random-looking id' },
    ]);
  });

  it('needs the values: without them it lists nothing', () => {
    const cookies = reportCookies([makeCookie({ name: 'session', value: FLASK })]).map(({ value: _value, ...c }) => c);
    expect(sessionExamples({ cookies })).toEqual([]);
  });
});

describe('trackingExample', () => {
  const pixel = { url: 'https://pixel.example/p.gif?uid=…', reasons: ['tiny image'], time: 0 };

  it("tells the page's pixel with its identifier cookie, its owner and how often it was met", () => {
    const report = {
      cookies: [],
      ...activity([
        thirdParty({ site: 'cdn.example', tracking: false }),
        thirdParty({
          identifierCookies: ['uid'],
          cookiesSet: ['uid', 'opt'],
          pixels: [pixel],
          tracker: { source: 'third-party-web', owner: 'Pixel Inc.' },
          learned: { sites: 4, firstParties: [], how: ['pixel'] },
        }),
      ]),
    };
    expect(trackingExample(report)).toEqual({ cookie: 'uid', site: 'pixel.example', pixel: true, owner: 'Pixel Inc.', sitesSeen: 4 });
  });

  it("falls back to a third-party cookie flagged as a cross-site identifier", () => {
    const cookies = reportCookies([
      makeCookie({ name: 'IDE', value: ID, domain: 'ads.example', hostOnly: false, httpOnly: false, sameSite: 'no_restriction', expirationDate: NOW / 1000 + 365 * 86_400 }),
    ]);
    expect(trackingExample({ cookies, ...activity([thirdParty({ pixels: [pixel] })]) })).toEqual({
      cookie: 'IDE',
      site: 'ads.example',
      pixel: false,
      owner: null,
      sitesSeen: null,
    });
  });

  it('is null when nothing tracked', () => {
    expect(trackingExample({ cookies: reportCookies([makeCookie()]), activity: null })).toBeNull();
  });
});
