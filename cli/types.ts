/**
 * What a scan produces, page by page: the extension's own Report (lib/report.ts, read through
 * `getReport`) or the reason the page could not be audited. Everything in cli/ but the driver
 * (browser.ts) and the entry (main.ts) is pure and works on these.
 */
import type { Report } from '@/lib/report';

export type { Report };

/** Why a page could not be audited, in the words a user acts on. */
export type PageErrorKind = 'dns' | 'tls' | 'timeout' | 'http' | 'connection' | 'access' | 'browser';

export interface PageError {
  kind: PageErrorKind;
  message: string;
  /** The HTTP status, for kind 'http'. */
  status?: number;
}

export interface PageResult {
  /** The address as given (list, sitemap or argument): the page's identity in every output. */
  url: string;
  /** Where the browser ended up after redirects. */
  finalUrl?: string;
  /** HTTP status of the main document. */
  status?: number;
  /** Tries made: 1, or 2 after a retry. */
  attempts: number;
  /** Milliseconds from the first try to the report. */
  ms: number;
  report?: Report;
  error?: PageError;
}

export type Severity = Report['audit']['siteFindings'][number]['severity'];
export type Grade = Report['audit']['grade'];

/**
 * The consent test's part of a report, as issue #10 documents it (`consent: { verdict, findings, … }`),
 * present when the page was audited with `--consent` by an extension that has the test.
 */
export interface ConsentPart {
  verdict: 'pass' | 'fail' | 'unknown';
  findings: Report['audit']['siteFindings'];
}

export function consentOf(report: Report): ConsentPart | null {
  const consent = (report as Report & { consent?: Partial<ConsentPart> | null }).consent;
  if (!consent || typeof consent !== 'object') return null;
  return { verdict: consent.verdict ?? 'unknown', findings: Array.isArray(consent.findings) ? consent.findings : [] };
}
