/**
 * The report: everything the popup shows about a tab, as one JSON-ready object. The popup and
 * "Export JSON" both use it; the schema is documented in the README.
 */
import type { Cookie } from './cookies/cookie';
import { compareCookies } from './cookies/cookie';
import type { PageAccess } from './page';
import { siteOfUrl } from './site';

export const REPORT_SCHEMA_VERSION = 1;

/** A cookie in the report. `value` is present only when values were asked for. */
export type ReportCookie = Omit<Cookie, 'value'> & { value?: string };

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedAt: string;
  tab: { id: number; url: string; site: string | null; incognito: boolean; storeId: string | null };
  access: PageAccess;
  cookies: ReportCookie[];
  summary: { total: number; firstParty: number; thirdParty: number; partitioned: number; sites: number };
}

export interface ReportInput {
  tab: { id: number; url: string; incognito?: boolean };
  storeId: string | null;
  access: PageAccess;
  cookies: readonly Cookie[];
  includeValues: boolean;
  now: Date;
}

export function buildReport(input: ReportInput): Report {
  const sorted = [...input.cookies].sort(compareCookies);
  const cookies: ReportCookie[] = sorted.map((c) => {
    if (input.includeValues) return { ...c };
    const { value: _value, ...rest } = c;
    return rest;
  });
  let firstParty = 0;
  let partitioned = 0;
  const sites = new Set<string>();
  for (const c of sorted) {
    if (c.firstParty) firstParty++;
    if (c.partitionKey) partitioned++;
    sites.add(c.site);
  }
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: input.now.toISOString(),
    tab: {
      id: input.tab.id,
      url: input.tab.url,
      site: siteOfUrl(input.tab.url),
      incognito: input.tab.incognito ?? false,
      storeId: input.storeId,
    },
    access: input.access,
    cookies,
    summary: {
      total: sorted.length,
      firstParty,
      thirdParty: sorted.length - firstParty,
      partitioned,
      sites: sites.size,
    },
  };
}
