/**
 * When a scanned page's report is complete. The browser hands the extension its webRequest and
 * cookie events on their own channel, and a message asking for the report can overtake them: on
 * a busy CI machine a page's last pixel reached the report after Playwright's `networkidle`.
 * So the scan reads the report until it holds every third-party host the page's own requests
 * reached, and its readings have agreed for STABLE_MS (one redirect's identifier handed on, or a
 * cookie's change, can follow the request that listed its host by a few hundred milliseconds).
 */
import { hostOfUrl, siteOfHost } from '@/lib/site';
import type { Report } from './types';

/** Hosts of the page's requests to other sites than `pageSite`, from the URLs Playwright saw. */
export function thirdPartyHosts(urls: Iterable<string>, pageSite: string | null): Set<string> {
  const hosts = new Set<string>();
  for (const url of urls) {
    if (!url.startsWith('https:') && !url.startsWith('http:')) continue;
    const host = hostOfUrl(url);
    if (host !== null && siteOfHost(host) !== pageSite) hosts.add(host);
  }
  return hosts;
}

/** The hosts of `expected` the report does not list under any third party yet. */
export function missingHosts(report: Report, expected: ReadonlySet<string>): string[] {
  const listed = new Set((report.activity?.thirdParties ?? []).flatMap((p) => p.hosts));
  return [...expected].filter((h) => !listed.has(h));
}

/**
 * Whether a load's report is worth loading the page again for: the extension saw nothing of it
 * (a freshly started worker's listeners are not live at once), or its settled report still
 * lacks hosts the page fetched (on a busy CI machine the extension once missed site.test's
 * first images, pixel.test's among them). Not for readings that merely kept changing: a page
 * that never goes quiet would be loaded three times for nothing.
 */
export function loadAgain(report: Report, missing: readonly string[]): boolean {
  return report.activity === null || missing.length > 0;
}

/** What changes while the extension is still catching up with the page. */
export function activityFingerprint(report: Report): string {
  const activity = report.activity;
  const parties = (activity?.thirdParties ?? []).map((p) => `${p.site}:${p.requests}:${p.pixels.length}:${p.beacons.length}:${p.identifierCookies.length}`).join(',');
  return `${report.cookies.length}|${activity?.timeline.length ?? -1}|${activity?.tracking ?? -1}|${activity?.syncs.length ?? -1}|${parties}`;
}

/** How long the readings of a complete report must agree. */
export const STABLE_MS = 1000;

/** Readings of a page's report in turn: settled once complete ones have agreed for `stableMs`. */
export class Settling {
  private fingerprint: string | null = null;
  private since = 0;

  constructor(private readonly stableMs = STABLE_MS) {}

  /** A reading at `now`: its fingerprint when complete, null when a fetched host is missing. */
  settled(fingerprint: string | null, now: number): boolean {
    if (fingerprint === null || fingerprint !== this.fingerprint) {
      this.fingerprint = fingerprint;
      this.since = now;
      return false;
    }
    return now - this.since >= this.stableMs;
  }
}
