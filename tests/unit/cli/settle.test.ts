/**
 * When the scan takes a page's report as complete (cli/settle.ts), on site.test's real report:
 * a report still missing the pixel the page fetched is not complete; one that holds it is.
 */
import { describe, expect, it } from 'vitest';
import { activityFingerprint, loadAgain, missingHosts, Settling, thirdPartyHosts } from '../../../cli/settle';
import { page } from './fixture';

const site = page('site').report!;
const fetchedBySite = [
  'https://site.test:40443/',
  'https://site.test:40443/app.js',
  'https://pixel.test:40443/pixel.gif?uid=1',
  'https://beacon.test:40443/collect',
  'data:image/gif;base64,R0lGOD',
  'blob:https://site.test:40443/1',
];

describe('a scanned page’s report', () => {
  it('expects the hosts of other sites the page fetched, not its own, nor data: and blob: URLs', () => {
    expect([...thirdPartyHosts(fetchedBySite, 'site.test')].sort()).toEqual(['beacon.test', 'pixel.test']);
  });

  it('is incomplete while a fetched host is missing from its third parties, complete once listed', () => {
    const expected = thirdPartyHosts(fetchedBySite, site.tab.site);
    expect(missingHosts(site, expected)).toEqual([]);
    const early = structuredClone(site);
    early.activity!.thirdParties = early.activity!.thirdParties.filter((p) => p.site !== 'pixel.test');
    expect(missingHosts(early, expected)).toEqual(['pixel.test']);
  });

  it('is loaded again when the extension saw nothing of the load, or missed hosts the page fetched', () => {
    expect(loadAgain(site, [])).toBe(false);
    expect(loadAgain(site, ['pixel.test'])).toBe(true);
    expect(loadAgain({ ...site, activity: null }, [])).toBe(true);
  });

  it('changes its fingerprint when a request, a pixel, an identifier or a cookie arrives late', () => {
    const base = activityFingerprint(site);
    expect(activityFingerprint(structuredClone(site))).toBe(base);
    const pixel = site.activity!.thirdParties.find((p) => p.site === 'pixel.test')!;
    const variants = [
      (r: typeof site) => void r.activity!.thirdParties.find((p) => p.site === 'pixel.test')!.requests++,
      (r: typeof site) => void r.activity!.thirdParties.find((p) => p.site === 'pixel.test')!.pixels.push(structuredClone(pixel.pixels[0])),
      (r: typeof site) => void r.activity!.thirdParties.find((p) => p.site === 'pixel.test')!.identifierCookies.push('late'),
      (r: typeof site) => void r.cookies.pop(),
      (r: typeof site) => void r.activity!.syncs.push({ ...(r.activity!.syncs[0] ?? {}) } as never),
    ];
    for (const change of variants) {
      const later = structuredClone(site);
      change(later);
      expect(activityFingerprint(later)).not.toBe(base);
    }
  });
});

describe('settling', () => {
  it('is settled once complete readings have agreed for a second, not at the second reading', () => {
    const settling = new Settling(1000);
    expect(settling.settled(null, 0)).toBe(false);
    expect(settling.settled('a', 250)).toBe(false);
    expect(settling.settled('a', 500)).toBe(false);
    // A late change starts the second again.
    expect(settling.settled('b', 1000)).toBe(false);
    expect(settling.settled('b', 1750)).toBe(false);
    expect(settling.settled('b', 2000)).toBe(true);
  });

  it('starts again when a reading is incomplete', () => {
    const settling = new Settling(1000);
    settling.settled('a', 0);
    expect(settling.settled(null, 900)).toBe(false);
    expect(settling.settled('a', 1200)).toBe(false);
    expect(settling.settled('a', 2200)).toBe(true);
  });
});
