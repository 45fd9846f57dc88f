/**
 * Writing the tab's cookies out in the formats other tools read: JSON (the report's cookie
 * objects, which Cookie Audit and Cookie-Editor import), CSV (a spreadsheet), the Netscape
 * `cookies.txt` format of curl and wget, and a `Cookie:` request header. Values go in only when
 * asked: a file with session cookies' values logs its holder in wherever it is loaded.
 */
import { english, msg, type Msg } from '../phrases';
import type { ReportCookie } from '../report';

export type ExportFormat = 'json' | 'csv' | 'netscape' | 'header';

export interface ExportOptions {
  includeValues: boolean;
  /** Stamped into the file's header comment (Netscape). */
  now: Date;
}

export interface ExportFile {
  text: string;
  mime: string;
  extension: string;
  /** Cookies the format cannot carry, left out, with why (names only): in English, and as a message for the UI's language. */
  skipped: { name: string; reason: string; reasonMsg: Msg }[];
}

export const EXPORT_FORMATS: readonly { id: ExportFormat; label: string }[] = [
  { id: 'json', label: 'JSON (Cookie Audit, Cookie-Editor)' },
  { id: 'csv', label: 'CSV (spreadsheet)' },
  { id: 'netscape', label: 'Netscape cookies.txt (curl, wget)' },
  { id: 'header', label: 'Cookie: header' },
];

export function exportCookies(cookies: readonly ReportCookie[], format: ExportFormat, options: ExportOptions): ExportFile {
  switch (format) {
    case 'json':
      return { text: toJson(cookies, options), mime: 'application/json', extension: 'json', skipped: [] };
    case 'csv':
      return { text: toCsv(cookies, options), mime: 'text/csv', extension: 'csv', skipped: [] };
    case 'netscape':
      return toNetscape(cookies, options);
    case 'header':
      return toHeader(cookies, options);
  }
}

function skip(name: string, reasonMsg: Msg): ExportFile['skipped'][number] {
  return { name, reason: english(reasonMsg), reasonMsg };
}

function withoutValue(c: ReportCookie): ReportCookie {
  const { value: _value, ...rest } = c;
  return rest;
}

function toJson(cookies: readonly ReportCookie[], { includeValues }: ExportOptions): string {
  return JSON.stringify(
    cookies.map((c) => (includeValues ? { ...c, value: c.value ?? '' } : withoutValue(c))),
    null,
    2,
  );
}

// ---------------------------------------------------------------------------------------------
// CSV: RFC 4180 (CRLF line ends, fields with a comma, quote or line break in double quotes).
// Names and values are the sites' own text: a cell starting with = + - @ or a tab would run as
// a formula in a spreadsheet, so it gets a leading apostrophe (OWASP, "CSV Injection").

const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(v: string | number | boolean | undefined | null): string {
  let s = v === undefined || v === null ? '' : String(v);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toCsv(cookies: readonly ReportCookie[], { includeValues }: ExportOptions): string {
  const header = [
    'name',
    ...(includeValues ? ['value'] : []),
    'domain',
    'hostOnly',
    'path',
    'expires',
    'secure',
    'httpOnly',
    'sameSite',
    'partitionSite',
    'size',
    'party',
    'site',
    'purpose',
    'setBy',
    'script',
    'worstSeverity',
    'worstFinding',
    'findings',
  ];
  const lines = [header.join(',')];
  for (const c of cookies) {
    const worst = c.findings[0];
    const cells = [
      c.name,
      ...(includeValues ? [c.value ?? ''] : []),
      c.domain,
      c.hostOnly,
      c.path,
      c.expirationDate === undefined ? 'session' : new Date(c.expirationDate * 1000).toISOString(),
      c.secure,
      c.httpOnly,
      c.sameSite,
      c.partitionSite ?? '',
      c.size,
      c.firstParty ? 'first' : 'third',
      c.site,
      c.purpose?.category ?? '',
      c.setBy ?? '',
      c.script ?? '',
      worst?.severity ?? '',
      worst?.title ?? '',
      c.findings.length,
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------
// Netscape cookies.txt, as curl writes it (https://everything.curl.dev/http/cookies/fileformat):
// one cookie per line, seven TAB-separated fields — domain (a leading dot for a domain cookie),
// include subdomains TRUE/FALSE, path, secure TRUE/FALSE, expires in seconds since the epoch
// (0: a session cookie), name, value — and curl's `#HttpOnly_` prefix on HttpOnly cookies.
// The format has no SameSite and no partition: those are lost, and said so in the header.

function toNetscape(cookies: readonly ReportCookie[], { includeValues, now }: ExportOptions): ExportFile {
  const skipped: ExportFile['skipped'] = [];
  const lines: string[] = [];
  let partitioned = 0;
  for (const c of cookies) {
    const value = includeValues ? (c.value ?? '') : '';
    // A tab or line break would split the line into other fields or another cookie.
    if (/[\t\r\n]/.test(c.name + c.domain + c.path + value)) {
      skipped.push(skip(c.name, msg('export_skip_tab_or_line_break')));
      continue;
    }
    if (c.partitionKey) partitioned++;
    const domain = c.hostOnly ? c.domain : `.${c.domain}`;
    const expires = c.expirationDate === undefined ? 0 : Math.trunc(c.expirationDate);
    lines.push(
      [
        `${c.httpOnly ? '#HttpOnly_' : ''}${domain}`,
        c.hostOnly ? 'FALSE' : 'TRUE',
        c.path,
        c.secure ? 'TRUE' : 'FALSE',
        String(expires),
        c.name,
        value,
      ].join('\t'),
    );
  }
  const header = [
    '# Netscape HTTP Cookie File',
    '# https://curl.se/docs/http-cookies.html',
    `# Exported by Cookie Audit on ${now.toISOString()}${includeValues ? '' : ', without values'}.`,
    '# This format has no SameSite and no partition: the browser applies its defaults on import.',
  ];
  if (partitioned > 0) header.push(`# ${partitioned} partitioned cookie${partitioned === 1 ? '' : 's'} written without a partition.`);
  return { text: [...header, '', ...lines].join('\n') + '\n', mime: 'text/plain', extension: 'txt', skipped };
}

// ---------------------------------------------------------------------------------------------
// A Cookie request header (RFC 6265 §5.4): `name=value` pairs joined by "; ", longer paths
// first, as a browser orders them. For curl's -H or a fetch in another tool.

function toHeader(cookies: readonly ReportCookie[], { includeValues }: ExportOptions): ExportFile {
  const skipped: ExportFile['skipped'] = [];
  const pairs: string[] = [];
  const ordered = [...cookies].sort((a, b) => b.path.length - a.path.length);
  for (const c of ordered) {
    const value = includeValues ? (c.value ?? '') : '';
    if (/[\r\n]/.test(c.name + value)) {
      skipped.push(skip(c.name, msg('export_skip_line_break')));
      continue;
    }
    pairs.push(c.name === '' ? value : `${c.name}=${value}`);
  }
  return { text: `Cookie: ${pairs.join('; ')}\n`, mime: 'text/plain', extension: 'txt', skipped };
}

/** A file name for the download: site, format, date. */
export function exportFileName(site: string | null, format: ExportFormat, file: Pick<ExportFile, 'extension'>, now: Date): string {
  const safeSite = (site ?? 'page').replace(/[^a-z0-9.-]/gi, '_');
  const kind = format === 'netscape' ? 'cookies' : format === 'header' ? 'cookie-header' : 'cookies';
  return `${safeSite}-${kind}-${now.toISOString().slice(0, 10)}.${file.extension}`;
}
