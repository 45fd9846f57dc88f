/**
 * Export (lib/cookies/export.ts) and import (lib/cookies/import.ts): each format round-trips
 * through our own reader, Cookie-Editor's JSON and curl's cookies.txt are read as those tools
 * write them, a malformed file is refused whole with its line, and hostile files are capped.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { draftOf } from '../../../lib/cookies/edit';
import { exportCookies, exportFileName } from '../../../lib/cookies/export';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, checkRows, decodeImportFile, parseImport, type ImportRow } from '../../../lib/cookies/import';
import type { ReportCookie } from '../../../lib/report';
import { DAY, NOW_MS, NOW_S, makeReportCookie } from './helpers';

const NOW = new Date(NOW_MS);

/** The page's cookies as a site with Google Analytics and a Django login would have them. */
const COOKIES: ReportCookie[] = [
  makeReportCookie({ name: 'sessionid', value: 'x7k2mq9z0vwl4h8n3d5r1t6y', domain: 'www.site.example', httpOnly: true, expirationDate: NOW_S + 14 * DAY }),
  makeReportCookie({
    name: '_ga',
    value: 'GA1.1.1234567890.1700000000',
    domain: 'site.example',
    hostOnly: false,
    httpOnly: false,
    sameSite: 'unspecified',
    expirationDate: NOW_S + 395 * DAY,
    purpose: { category: 'Analytics', platform: 'Google Analytics', match: 'name' },
    findings: [{ id: 'cookies-samesite-unset', severity: 'low', title: 'SameSite not set', why: 'w', fix: 'f' }],
  }),
  makeReportCookie({ name: 'cart', value: '%7B%22items%22%3A2%7D', domain: 'www.site.example', path: '/shop', secure: false, httpOnly: false, session: true, expirationDate: undefined }),
  makeReportCookie({
    name: '__Host-embed',
    value: 'p1',
    domain: 'widget.embed.example',
    sameSite: 'no_restriction',
    partitionKey: { topLevelSite: 'https://site.example' },
    partitionSite: 'site.example',
  }),
];

const rowsOf = (text: string): ImportRow[] => {
  const parsed = parseImport(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.rows;
};

describe('JSON export', () => {
  it('holds the report’s cookie objects, values only when asked, and imports back to the same cookies', () => {
    const without = JSON.parse(exportCookies(COOKIES, 'json', { includeValues: false, now: NOW }).text) as ReportCookie[];
    expect(without.map((c) => 'value' in c)).toEqual([false, false, false, false]);
    expect(without[1]).toMatchObject({ name: '_ga', findings: [{ id: 'cookies-samesite-unset' }], purpose: { category: 'Analytics' } });

    const file = exportCookies(COOKIES, 'json', { includeValues: true, now: NOW });
    expect(file.mime).toBe('application/json');
    const rows = rowsOf(file.text);
    expect(rows.map((r) => r.draft)).toEqual(COOKIES.map(draftOf));
    expect(rows.every((r) => r.hasValue)).toBe(true);
    // Each cookie object starts on its own line of the pretty-printed file.
    expect(rows.map((r) => r.line)).toEqual([2, expect.any(Number), expect.any(Number), expect.any(Number)]);
    expect(new Set(rows.map((r) => r.line)).size).toBe(4);
  });

  it('imports an export made without values with empty values, and says so', () => {
    const rows = rowsOf(exportCookies(COOKIES, 'json', { includeValues: false, now: NOW }).text);
    expect(rows.map((r) => r.draft.value)).toEqual(['', '', '', '']);
    const checked = checkRows(rows, 'chrome', NOW_S, new Set());
    expect(checked[0].notes[0]).toMatch(/No value in the file/);
  });

  it('imports a whole report (Export JSON of the popup): its "cookies" array', () => {
    const report = { schemaVersion: 1, tab: { url: 'https://www.site.example/' }, cookies: JSON.parse(exportCookies(COOKIES, 'json', { includeValues: false, now: NOW }).text) };
    expect(rowsOf(JSON.stringify(report)).map((r) => r.draft.name)).toEqual(COOKIES.map((c) => c.name));
  });
});

describe('Cookie-Editor’s JSON', () => {
  // As Cookie-Editor writes it (interface/lib/jsonFormat.js, Moustachauve/cookie-editor):
  // chrome.cookies.Cookie objects, storeId null, sameSite null when unspecified, 4-space indent.
  const text = readFileSync(new URL('../../fixtures/cookie-editor-export.json', import.meta.url), 'utf8');

  it('reads domains with a leading dot as domain cookies, session flags and null SameSite', () => {
    const rows = rowsOf(text);
    expect(rows.map((r) => [r.line, r.draft.name, r.draft.domain, r.draft.hostOnly, r.draft.sameSite, r.draft.expirationDate ?? 'session'])).toEqual([
      [2, 'logged_in', 'github.com', false, 'lax', 1799999999.123456],
      [15, '_gh_sess', 'github.com', true, 'lax', 'session'],
      [27, '_octo', 'github.com', false, 'unspecified', 1799999999],
      [40, '__Host-user_session_same_site', 'github.com', true, 'strict', 'session'],
    ]);
    expect(rows[1].draft.value).toBe('k3Jx%2FqZ0aW5nLXNlc3Npb24tZGF0YQ%3D%3D--a1b2c3');
    expect(checkRows(rows, 'chrome', NOW_S, new Set()).map((r) => r.refused)).toEqual([null, null, null, null]);
  });

  it('reads Playwright’s storageState: "expires" (-1 for a session) and "Lax"-style SameSite', () => {
    const state = { cookies: [{ name: 'sid', value: 'a1', domain: '.shop.example', path: '/', expires: -1, httpOnly: true, secure: true, sameSite: 'Lax' }], origins: [] };
    expect(rowsOf(JSON.stringify(state))[0].draft).toEqual({
      name: 'sid', value: 'a1', domain: 'shop.example', hostOnly: false, path: '/', secure: true, httpOnly: true, sameSite: 'lax', partitioned: false,
    });
  });
});

describe('Netscape cookies.txt', () => {
  it('writes curl’s fields: #HttpOnly_, TRUE/FALSE, a dot for domain cookies, 0 for a session cookie', () => {
    const file = exportCookies(COOKIES, 'netscape', { includeValues: true, now: NOW });
    const lines = file.text.split('\n');
    expect(lines[0]).toBe('# Netscape HTTP Cookie File');
    const cookieLines = lines.filter((l) => l !== '' && (!l.startsWith('#') || l.startsWith('#HttpOnly_')));
    expect(cookieLines).toEqual([
      `#HttpOnly_www.site.example\tFALSE\t/\tTRUE\t${NOW_S + 14 * DAY}\tsessionid\tx7k2mq9z0vwl4h8n3d5r1t6y`,
      `.site.example\tTRUE\t/\tTRUE\t${NOW_S + 395 * DAY}\t_ga\tGA1.1.1234567890.1700000000`,
      'www.site.example\tFALSE\t/shop\tFALSE\t0\tcart\t%7B%22items%22%3A2%7D',
      `#HttpOnly_widget.embed.example\tFALSE\t/\tTRUE\t${NOW_S + 30 * DAY}\t__Host-embed\tp1`,
    ]);
    expect(file.text).toContain('# 1 partitioned cookie written without a partition.');
  });

  it('round-trips everything the format holds; SameSite and partitions fall back to defaults', () => {
    const rows = rowsOf(exportCookies(COOKIES, 'netscape', { includeValues: true, now: NOW }).text);
    expect(rows.map((r) => r.draft)).toEqual(COOKIES.map((c) => ({ ...draftOf(c), sameSite: 'unspecified', partitioned: false })));
  });

  it('writes empty values without “include values”', () => {
    const rows = rowsOf(exportCookies(COOKIES, 'netscape', { includeValues: false, now: NOW }).text);
    expect(rows.map((r) => r.draft.value)).toEqual(['', '', '', '']);
  });

  it('leaves out a cookie whose value holds a tab (Firefox stores those), and says which', () => {
    const file = exportCookies([makeReportCookie({ name: 'tabbed', value: 'a\tb' }), COOKIES[0]], 'netscape', { includeValues: true, now: NOW });
    expect(file.skipped).toEqual([{ name: 'tabbed', reason: expect.stringMatching(/tab or line break/), reasonMsg: { key: 'export_skip_tab_or_line_break' } }]);
    expect(rowsOf(file.text).map((r) => r.draft.name)).toEqual(['sessionid']);
  });

  it('reads a file curl wrote, CRLF line ends and comments included', () => {
    // curl's cookie jar header and line shapes (https://everything.curl.dev/http/cookies/fileformat).
    const jar = [
      '# Netscape HTTP Cookie File',
      '# https://curl.se/docs/http-cookies.html',
      '# This file was generated by libcurl! Edit at your own risk.',
      '',
      '#HttpOnly_.example.com\tTRUE\t/\tTRUE\t1799999999\tsession\tabc123',
      'example.com\tFALSE\t/foobar/\tFALSE\t0\tperson\tdaniel',
      '',
    ].join('\r\n');
    const rows = rowsOf(jar);
    expect(rows).toEqual([
      { line: 5, hasValue: true, draft: { name: 'session', value: 'abc123', domain: 'example.com', hostOnly: false, path: '/', secure: true, httpOnly: true, sameSite: 'unspecified', partitioned: false, expirationDate: 1799999999 } },
      { line: 6, hasValue: true, draft: { name: 'person', value: 'daniel', domain: 'example.com', hostOnly: true, path: '/foobar/', secure: false, httpOnly: false, sameSite: 'unspecified', partitioned: false } },
    ]);
  });

  it.each([
    ['spaces for tabs', 'example.com FALSE / FALSE 0 a b', /^Line 3: expected 7 fields.*found 1\. It has spaces where tabs belong/],
    ['a bad flag', 'example.com\tMAYBE\t/\tFALSE\t0\ta\tb', /^Line 3: field 2 \(include subdomains\) must be TRUE or FALSE/],
    ['a bad expiry', 'example.com\tFALSE\t/\tFALSE\ttomorrow\ta\tb', /^Line 3: field 5 \(expires\)/],
    ['a relative path', 'example.com\tFALSE\tshop\tFALSE\t0\ta\tb', /^Line 3: field 3 \(path\)/],
    ['an eighth field', 'example.com\tFALSE\t/\tFALSE\t0\ta\tb\tc', /^Line 3: expected 7 fields.*found 8/],
  ])('refuses the whole file for %s, naming the line', (_what, bad, error) => {
    const text = ['# Netscape HTTP Cookie File', 'example.com\tFALSE\t/\tFALSE\t0\tok\t1', bad, 'example.com\tFALSE\t/\tFALSE\t0\tafter\t2'].join('\n');
    const parsed = parseImport(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(error);
    expect(!parsed.ok && parsed.error).toMatch(/Nothing was imported\.$/);
  });
});

describe('CSV and the Cookie header', () => {
  it('writes RFC 4180 CSV with the audit beside each cookie, values only when asked', () => {
    const without = exportCookies(COOKIES, 'csv', { includeValues: false, now: NOW }).text.split('\r\n');
    expect(without[0]).toBe('name,domain,hostOnly,path,expires,secure,httpOnly,sameSite,partitionSite,size,party,site,purpose,setBy,script,worstSeverity,worstFinding,findings');
    expect(without[2]).toBe(`_ga,site.example,false,/,${new Date((NOW_S + 395 * DAY) * 1000).toISOString()},true,false,unspecified,,30,first,site.example,Analytics,,,low,SameSite not set,1`);
    expect(without.join('\n')).not.toContain('GA1.1.');
    const withValues = exportCookies(COOKIES, 'csv', { includeValues: true, now: NOW }).text.split('\r\n');
    expect(withValues[0].startsWith('name,value,domain')).toBe(true);
    expect(withValues[3].startsWith('cart,%7B%22items%22%3A2%7D,www.site.example,true,/shop,session,')).toBe(true);
  });

  it('keeps a site’s names and values from running as spreadsheet formulas, and quotes commas and quotes', () => {
    const hostile = makeReportCookie({ name: '=HYPERLINK("https://evil.example")', value: '+1,"2"' });
    const [, row] = exportCookies([hostile], 'csv', { includeValues: true, now: NOW }).text.split('\r\n');
    expect(row.startsWith(`"'=HYPERLINK(""https://evil.example"")","'+1,""2"""`)).toBe(true);
  });

  it('writes one Cookie header, longer paths first', () => {
    expect(exportCookies(COOKIES.slice(0, 3), 'header', { includeValues: true, now: NOW }).text).toBe(
      'Cookie: cart=%7B%22items%22%3A2%7D; sessionid=x7k2mq9z0vwl4h8n3d5r1t6y; _ga=GA1.1.1234567890.1700000000\n',
    );
    expect(exportCookies(COOKIES.slice(0, 2), 'header', { includeValues: false, now: NOW }).text).toBe('Cookie: sessionid=; _ga=\n');
  });

  it('names the file by site, kind and date', () => {
    const file = exportCookies(COOKIES, 'netscape', { includeValues: false, now: NOW });
    expect(exportFileName('site.example', 'netscape', file, NOW)).toBe('site.example-cookies-2026-01-15.txt');
    expect(exportFileName('../evil', 'json', { extension: 'json' }, NOW)).toBe('.._evil-cookies-2026-01-15.json');
  });
});

describe('malformed JSON', () => {
  it.each([
    ['a missing comma', '[\n  {"name": "a", "domain": "x.example"}\n  {"name": "b"}\n]', /^Line 3: not valid JSON \(expected “,” or “]”, found “\{”\)/],
    ['a trailing comma', '[\n  {"name": "a", "domain": "x.example"},\n]', /^Line 3: not valid JSON \(expected a value, found “]”\)/],
    ['a cut-off file', '[\n  {"name": "a",\n', /^Line 3: not valid JSON \(the file ends early/],
    ['a cookie without a domain', '[\n  {"name": "a", "domain": "x.example"},\n  {"name": "b"}\n]', /^Line 3: the cookie "b" has no "domain" string\./],
    ['a number for a flag', '[\n\n  {"name": "a", "domain": "x.example", "secure": 1}\n]', /^Line 3: "secure" must be true or false\./],
    ['an unknown SameSite', '[{"name": "a", "domain": "x.example", "sameSite": "sometimes"}]', /^Line 1: "sameSite" must be/],
    ['an object without cookies', '{"tab": {"url": "https://www.site.example/"}}', /^Line 1: expected an array of cookies/],
    ['deep nesting', '['.repeat(100000), /nesting deeper than 32 levels/],
  ])('refuses %s, naming the line', (_what, text, error) => {
    const parsed = parseImport(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(error);
  });

  it('keeps a "__proto__" key as data', () => {
    const rows = rowsOf('[{"name": "a", "domain": "x.example", "__proto__": {"secure": true}}]');
    expect(rows[0].draft.secure).toBe(false);
    expect(({} as { secure?: boolean }).secure).toBeUndefined();
  });
});

describe('hostile files', () => {
  it('refuses a file over the size cap before reading it', () => {
    const decoded = decodeImportFile(new Uint8Array(MAX_IMPORT_BYTES + 1));
    expect(decoded).toEqual({ ok: false, error: 'The file has 5.0 MB; Cookie Audit imports files up to 5 MB.', errorMsg: { key: 'import_err_too_big', args: ['5.0', 5] } });
  });

  it('refuses binary and non-UTF-8 files', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);
    expect(decodeImportFile(png)).toEqual({ ok: false, error: expect.stringMatching(/not a text file/), errorMsg: { key: 'import_err_binary' } });
    expect(decodeImportFile(new Uint8Array([0x5b, 0xff, 0xfe, 0x5d]))).toEqual({ ok: false, error: expect.stringMatching(/not UTF-8/), errorMsg: { key: 'import_err_not_utf8' } });
    expect(decodeImportFile(new TextEncoder().encode('\ufeff[]'))).toEqual({ ok: true, text: '[]' });
  });

  it('refuses 100,000 rows with a clear message, in either format', () => {
    const netscape = Array.from({ length: 100_000 }, (_, i) => `example.com\tFALSE\t/\tFALSE\t0\tc${i}\tv`).join('\n');
    const n = parseImport(netscape);
    expect(!n.ok && n.error).toBe(`The file has 5,001 cookies or more; Cookie Audit imports at most ${MAX_IMPORT_ROWS.toLocaleString('en')} at once. Nothing was imported.`);
    const json = JSON.stringify(Array.from({ length: 100_000 }, (_, i) => ({ name: `c${i}`, domain: 'x.example' })));
    const j = parseImport(json);
    expect(!j.ok && j.error).toMatch(/^The file has 100,000 cookies or more; Cookie Audit imports at most 5,000/);
    // Two 4 MB files on a shared 2-core machine.
  }, 30_000);
});

describe('checkRows', () => {
  it('refuses each row the browser would refuse, with its line, and flags a duplicate and an overwrite', () => {
    const text = [
      '[',
      '  {"name": "ok", "value": "1", "domain": "www.site.example", "secure": true},',
      '  {"name": "cross", "value": "1", "domain": "site.example", "sameSite": "no_restriction"},',
      '  {"name": "__Host-x", "value": "1", "domain": ".site.example", "secure": true},',
      '  {"name": "ok", "value": "2", "domain": "www.site.example", "secure": true},',
      '  {"name": "sessionid", "value": "3", "domain": "www.site.example", "secure": true}',
      ']',
    ].join('\n');
    const existing = new Set(COOKIES.map((c) => draftOf(c)).map((d) => ['', d.hostOnly ? 'h' : 'd', d.domain, d.path, d.name].join('\u0000')));
    const checked = checkRows(rowsOf(text), 'chrome', NOW_S, existing);
    expect(checked.map((r) => [r.line, r.refused])).toEqual([
      [2, null],
      [3, expect.stringMatching(/SameSite=None requires Secure/)],
      [4, expect.stringMatching(/__Host-.*no Domain attribute/)],
      [5, 'The same cookie (name, domain, path) is already on line 2.'],
      [6, null],
    ]);
    expect(checked.map((r) => r.replaces)).toEqual([false, false, false, false, true]);
  });
});
