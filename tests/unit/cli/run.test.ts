import { describe, expect, it } from 'vitest';
import { classifyNavigationError, isRetryable } from '../../../cli/errors';
import { buildRun, mergePages, pagesOfRun } from '../../../cli/run';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendResult, openStream, parseResults, readResults } from '../../../cli/store';
import { fixturePages, NO_GATES, page, UNREACHABLE } from './fixture';

describe('runs, streams and merges', () => {
  it('reads back a run’s JSON as page results, and refuses other JSON', () => {
    const run = buildRun(fixturePages(), { ...NO_GATES, minGrade: 'A' }, null, { version: '1', startedAt: 'a', finishedAt: 'b' });
    const pages = pagesOfRun(JSON.parse(JSON.stringify(run)), 'run.json');
    expect(pages).toEqual(fixturePages());
    expect(() => pagesOfRun({ version: '2.1.0', runs: [] }, 'x.sarif')).toThrow(/x.sarif: not a cookie-audit JSON output/);
  });

  it('merges shards: each URL once, an audited result over an error', () => {
    const [audit, site, news] = [page('audit'), page('site'), page('news')];
    const failedSite = { ...UNREACHABLE, url: site.url };
    expect(mergePages([[audit, site], [failedSite, news]]).map((p) => [p.url, !!p.report])).toEqual([
      [audit.url, true],
      [site.url, true],
      [news.url, true],
    ]);
    expect(mergePages([[failedSite], [site]])[0].report).toBeDefined();
  });

  it('streams one line per page and reads it back after an interruption cut the last line', () => {
    const [audit, site] = [page('audit'), page('site')];
    const text = `${JSON.stringify({ ...UNREACHABLE, url: audit.url })}\n${JSON.stringify(audit)}\n${JSON.stringify(site).slice(0, 200)}`;
    const pages = parseResults(text);
    expect(pages.map((p) => [p.url, !!p.report])).toEqual([[audit.url, true]]);
  });

  it('resumes after a cut line without losing the next result, and starts afresh without --resume', () => {
    const [audit, site, news] = [page('audit'), page('site'), page('news')];
    const file = join(mkdtempSync(join(tmpdir(), 'cookie-audit-store-')), 'pages.jsonl');
    writeFileSync(file, `${JSON.stringify(audit)}\n${JSON.stringify(site).slice(0, 300)}`);
    openStream(file, true);
    appendResult(file, news);
    expect(readResults(file).map((p) => p.url)).toEqual([audit.url, news.url]);
    openStream(file, false);
    appendResult(file, site);
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([
    ['page.goto: net::ERR_NAME_NOT_RESOLVED at https://nowhere.invalid/', 'dns', false],
    ['page.goto: net::ERR_CERT_AUTHORITY_INVALID at https://self-signed.example/', 'tls', false],
    ['page.goto: net::ERR_CONNECTION_REFUSED at https://localhost:1/', 'connection', true],
    ['page.goto: Timeout 30000ms exceeded.\nCall log:\n  - navigating to "https://slow.example/"', 'timeout', true],
    ['page.goto: Download is starting', 'browser', true],
  ] as const)('says %s as %s', (message, kind, retry) => {
    const error = classifyNavigationError(message);
    expect(error.kind).toBe(kind);
    expect(error.message).not.toContain('\n');
    expect(isRetryable(error)).toBe(retry);
  });

  it('retries a server error, not a missing page', () => {
    expect(isRetryable({ kind: 'http', status: 503, message: '' })).toBe(true);
    expect(isRetryable({ kind: 'http', status: 404, message: '' })).toBe(false);
  });
});
