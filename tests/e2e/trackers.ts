/**
 * What both browsers must report about the demo page's third parties: a tracking pixel that
 * sets an identifier cookie, a beacon, a large image that is no pixel, a third-party frame, and
 * a same-site subdomain that is no third party at all.
 */
import { expect } from 'vitest';

interface ThirdParty {
  site: string;
  tracking: boolean;
  hosts: string[];
  types: string[];
  cookiesSet: string[];
  identifierCookies: string[];
  pixels: { url: string; reasons: string[] }[];
  beacons: { url: string; reasons: string[] }[];
}

export function assertThirdParties(thirdParties: ThirdParty[]): void {
  const bySite = new Map(thirdParties.map((p) => [p.site, p]));
  expect([...bySite.keys()].sort()).toEqual(['beacon.test', 'cdn.test', 'embed.test', 'pixel.test']);
  // Most tracking evidence first.
  expect(thirdParties.slice(0, 2).map((p) => p.site).sort()).toEqual(['beacon.test', 'pixel.test']);

  const pixel = bySite.get('pixel.test')!;
  expect(pixel).toMatchObject({ tracking: true, hosts: ['pixel.test'], types: ['image'], cookiesSet: ['uid'], identifierCookies: ['uid'] });
  expect(pixel.pixels).toHaveLength(1);
  expect(pixel.pixels[0].url).toContain('/p.gif?cid=0f9e8d7c6b5a4f3e2d1c');
  const reasons = pixel.pixels[0].reasons.join(' | ');
  expect(reasons).toMatch(/1×1-sized response/);
  expect(reasons).toContain('query parameter `cid` carries an identifier');
  expect(reasons).toContain('sets cookie uid');

  const beacon = bySite.get('beacon.test')!;
  expect(beacon).toMatchObject({ tracking: true, types: ['beacon'], pixels: [] });
  expect(beacon.beacons).toHaveLength(1);
  expect(beacon.beacons[0].reasons.join(' | ')).toContain('beacon request');

  expect(bySite.get('cdn.test')).toMatchObject({ tracking: false, types: ['image'], pixels: [], beacons: [] });
  expect(bySite.get('embed.test')).toMatchObject({ tracking: false, types: ['sub_frame'], cookiesSet: ['embed_state'] });
}

/** The popup's Trackers view, read as text: each third party's card. */
export function readTrackerCards(): { site: string; tracking: boolean; text: string }[] {
  return [...document.querySelectorAll<HTMLElement>('li.third-party')].map((card) => ({
    site: card.dataset.site ?? '',
    tracking: card.classList.contains('tracking'),
    text: card.textContent?.replace(/\s+/g, ' ') ?? '',
  }));
}

interface NewsReport {
  cookies: { name: string; purpose: { category: string; platform?: string } | null }[];
  activity: {
    syncs: { kind: string; from: string; to: string; cookie: string; param: string }[];
    thirdParties: { site: string; tracker: { source: string; owner?: string; category?: string; prevalence?: number } | null }[];
  } | null;
}

/** news.test: pixel.test syncs its id to sync.test, the page hands its _ga id to analytics.test. */
export function assertNewsReport(report: NewsReport): void {
  const syncs = report.activity!.syncs;
  expect(syncs).toEqual(
    expect.arrayContaining([
      { kind: 'cookie-syncing', from: 'pixel.test', to: 'sync.test', cookie: 'uid', param: 'puid' },
      { kind: 'pixel-cookie-sharing', from: 'news.test', to: 'analytics.test', cookie: '_ga', param: 'cid' },
    ]),
  );
  expect(report.cookies.find((c) => c.name === '_ga')?.purpose).toMatchObject({ category: 'Analytics', platform: 'Google Analytics' });
  const known = report.activity!.thirdParties.find((p) => p.site === 'doubleclick.net');
  expect(known?.tracker).toMatchObject({ source: 'both', owner: 'Google', category: 'ad' });
  expect(known?.tracker?.prevalence).toBeGreaterThan(100);
  expect(report.activity!.thirdParties.find((p) => p.site === 'pixel.test')?.tracker).toBeNull();
}
