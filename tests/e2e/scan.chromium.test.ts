/**
 * `cookie-audit scan` end to end: the built command drives Chromium with the built extension
 * against the fixture sites (mapped to loopback with --browser-arg, their self-signed certificate
 * accepted with --insecure), as a CI job would run it. Its outputs are checked as their readers
 * read them: SARIF against the official schema, JUnit and the HTML report parsed by Chromium, the
 * HTML report opened with no network; the gates' exit codes; a shard split and a resumed run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../cli/run';
import { sarifValidator } from '../unit/cli/sarif-schema';
import { launchChromium, ROOT } from './support/browsers.mjs';
import { CRAWL, crawlUrls } from './support/crawl.mjs';
import { ALL_HOSTS, HOSTILE, startFixtureServer } from './support/server.mjs';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let browser: BrowserContext;
const UNREACHABLE = 'https://nowhere.invalid/';

/** What a staging CI job passes: the fixture names on loopback, the unreachable one not found, their certificate accepted. */
const hostRules = () =>
  `--browser-arg=--host-resolver-rules=${[...ALL_HOSTS.map((h) => `MAP ${h} 127.0.0.1`), 'MAP nowhere.invalid ~NOTFOUND'].join(', ')}`;

function cookieAudit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/cookie-audit.mjs'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const scan = (...args: string[]) => cookieAudit(['scan', '--insecure', hostRules(), '--progress', 'lines', ...args]);
const readRun = (dir: string) => JSON.parse(readFileSync(join(dir, 'cookie-audit.json'), 'utf8')) as Run;
const tmp = (name: string) => mkdtempSync(join(tmpdir(), `cookie-audit-e2e-${name}-`));

beforeAll(async () => {
  server = await startFixtureServer();
  // A plain Chromium (no extension) to read the outputs with, as a CI system or a reader would.
  ({ context: browser } = await launchChromium({ extension: null }));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('cookie-audit scan', () => {
  let out: string;
  let first: Awaited<ReturnType<typeof cookieAudit>>;

  beforeAll(async () => {
    out = tmp('formats');
    first = await scan(
      server.url('audit.test'), server.url('site.test'), server.url('news.test'), UNREACHABLE,
      '--concurrency', '2', '--out', out, '--format', 'json,sarif,junit,md,html', '--fail-on', 'rejected',
    );
  }, 240_000);

  it('audits each page with the extension, and reports an unreachable one as such while the others succeed', () => {
    // audit.test's refused cookies fail --fail-on rejected: exit 1.
    expect(first.code, first.stderr).toBe(1);
    const run = readRun(out);
    expect(run.pages.map((p) => p.url)).toEqual([server.url('audit.test'), server.url('site.test'), server.url('news.test'), UNREACHABLE]);
    const [audit, site, news, unreachable] = run.pages;
    // audit.test's report as the popup's getReport gives it (tests/e2e/audit.ts).
    expect(audit.report!.audit).toMatchObject({ grade: 'D', score: 30, counts: { high: 2, medium: 2, low: 2, info: 0 } });
    expect(audit.report!.rejected.map((r) => r.name).sort()).toEqual(['__Host-wide', 'crosssite']);
    expect(site.report!.activity!.thirdParties.filter((t) => t.tracking).map((t) => t.site).sort()).toEqual(['beacon.test', 'pixel.test']);
    // Fresh cookies per page: news.test's report has none of site.test's.
    expect(news.report!.cookies.some((c) => c.name === 'js_visit')).toBe(false);
    expect(news.report!.activity!.syncs.length).toBeGreaterThan(0);
    expect(unreachable).toMatchObject({ error: { kind: 'dns' } });
    expect(unreachable.report).toBeUndefined();
    expect(first.stderr).toMatch(/nowhere\.invalid\/ error DNS: the host name does not resolve/);
    expect(JSON.stringify(run)).not.toContain('"value"');
  });

  it('writes SARIF valid against the official 2.1.0 schema, one result per finding', () => {
    const sarif = JSON.parse(readFileSync(join(out, 'cookie-audit.sarif'), 'utf8'));
    expect(sarifValidator()(sarif)).toEqual([]);
    const findings = readRun(out).pages.reduce((n, p) => n + (p.report ? p.report.audit.siteFindings.length + p.report.cookies.reduce((m, c) => m + c.findings.length, 0) : 0), 0);
    expect(sarif.runs[0].results).toHaveLength(findings);
    const httpOnly = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'cookies-session-without-httponly-flag');
    expect(httpOnly.locations[0].physicalLocation.artifactLocation.uri).toBe(server.url('audit.test'));
    expect(httpOnly.locations[0].logicalLocations[0].name).toBe('PHPSESSID');
  });

  it('writes JUnit XML that parses, one testcase per page', async () => {
    const page = await browser.newPage();
    const junit = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      return {
        errors: doc.getElementsByTagName('parsererror').length,
        tests: doc.documentElement.getAttribute('tests'),
        failures: doc.documentElement.getAttribute('failures'),
        cases: [...doc.getElementsByTagName('testcase')].map((c) => [
          c.getAttribute('name'),
          c.getElementsByTagName('failure').length,
          c.getElementsByTagName('skipped').length,
        ]),
      };
    }, readFileSync(join(out, 'cookie-audit.junit.xml'), 'utf8'));
    await page.close();
    expect(junit).toEqual({
      errors: 0,
      tests: '4',
      failures: '1',
      cases: [[server.url('audit.test'), 1, 0], [server.url('site.test'), 0, 0], [server.url('news.test'), 0, 0], [UNREACHABLE, 0, 1]],
    });
  });

  it('writes an HTML report that shows the popup’s views of each page and loads nothing', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const reportUrl = `file://${join(out, 'cookie-audit.html')}`;
    await page.goto(reportUrl);
    const summaries = await page.locator('details.scanned-page > summary').allTextContents();
    expect(summaries.map((s) => s.replace(/\s+/g, ' ').trim())).toEqual([
      `D ${server.url('audit.test')} 2 failing`,
      `C+ ${server.url('site.test')}`,
      `B- ${server.url('news.test')}`,
      `not audited ${UNREACHABLE}`,
    ]);
    await page.locator('details.scanned-page > summary').nth(1).click();
    const site = page.locator('details.scanned-page').nth(1);
    await site.locator('tr.cookie-row').first().waitFor();
    // The popup's own components: the grade, each cookie row, the trackers with their pixels.
    await expect(site.locator('.grade-letter').last().textContent()).resolves.toBe('C+');
    const names = await site.locator('tr.cookie-row .cookie-name').allTextContents();
    expect(names).toContain(HOSTILE.name);
    expect(await site.locator('.third-party').allTextContents().then((t) => t.join(' '))).toMatch(/pixel\.test/);
    // The hostile cookie name is text: no element of its making.
    expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(2);
    // A finding opens with its why and its fix, as in the popup.
    await site.locator('tr.cookie-row', { hasText: '_ga' }).locator('button.worst').click();
    await expect(site.locator('.findings-row .fix').first().textContent()).resolves.toMatch(/Set-Cookie: _ga=…;.*Secure/);
    await page.close();
    expect(requests).toEqual([reportUrl]);
  });

  it('writes a Markdown summary', () => {
    const md = readFileSync(join(out, 'cookie-audit.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('## Cookie Audit: ❌ 1 of 4 pages failed');
    expect(md).toContain('rejected cookie crosssite');
    expect(md).toContain('3 of 4 pages audited (1 not reachable)');
  });

  it('exits 1 when a gate fails, 0 when it passes, for each gate', async () => {
    // The scan above failed its gate (exit 1). merge judges the same pages with the same code
    // (cli/gates.ts), so every other gate is checked on that run without another crawl.
    const gate = async (...args: string[]) => (await cookieAudit(['merge', out, '--format', 'md', ...args])).code;
    expect(await gate()).toBe(0);
    expect(await gate('--min-grade', 'D')).toBe(0);
    expect(await gate('--min-grade', 'C')).toBe(1);
    expect(await gate('--fail-on', 'high')).toBe(1);
    expect(await gate('--fail-on', 'medium')).toBe(1);
    expect(await gate('--fail-on', 'tracker')).toBe(1);
    expect(await gate('--fail-on', 'rejected')).toBe(1);
    expect(await gate('--fail-on', 'error')).toBe(1);
    // Against itself as the baseline nothing is new.
    expect(await gate('--min-grade', 'A', '--fail-on', 'medium,tracker,rejected', '--baseline', join(out, 'cookie-audit.json'))).toBe(0);
    const junit = await cookieAudit(['merge', out, '--format', 'junit', '--min-grade', 'B']);
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(/<failure type="gate" message="1 gate failure">grade D is below B<\/failure>/);
  }, 60_000);

  it('exits 2 on usage and environment errors, and says what is missing', async () => {
    expect((await cookieAudit(['scan', server.url('site.test'), '--min-grade', 'E'])).code).toBe(2);
    const consent = await cookieAudit(['scan', server.url('site.test'), '--fail-on', 'consent']);
    expect(consent.code).toBe(2);
    expect(consent.stderr).toMatch(/--fail-on consent needs --consent refuse, accept or both/);
    const nothing = await scan(UNREACHABLE, '--format', 'json');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/no page could be audited/);
  }, 120_000);
});

describe('cookie-audit at scale', () => {
  it('splits a list into shards that cover every URL exactly once, and merges them', async () => {
    // The split hashes the addresses, whose port is the fixture server's: a shard may get none.
    const urls = crawlUrls(server.url(CRAWL.host, '').replace(/\/$/, ''), 1, 5);
    const list = join(tmp('list'), 'urls.txt');
    writeFileSync(list, `# five products\n${urls.join('\n')}\n`);
    const dirs = [tmp('shard1'), tmp('shard2')];
    const runs = [];
    for (const [i, dir] of dirs.entries()) {
      const result = await scan('--urls', list, '--shard', `${i + 1}/2`, '--out', dir, '--concurrency', '1');
      expect(result.code, result.stderr).toBe(0);
      runs.push(readRun(dir).pages.map((p) => p.url));
    }
    expect(runs.flat().sort()).toEqual([...urls].sort());
    const merged = tmp('merged');
    expect((await cookieAudit(['merge', ...dirs, '--out', merged])).code).toBe(0);
    expect(readRun(merged).pages.map((p) => p.url).sort()).toEqual([...urls].sort());
  }, 240_000);

  it('resumes an interrupted sitemap crawl without redoing the pages it finished', async () => {
    const dir = tmp('resume');
    const sitemap = server.url(CRAWL.host, CRAWL.sitemap);
    const started = await scan('--sitemap', sitemap, '--max-pages', '3', '--out', dir, '--concurrency', '1');
    expect(started.code, started.stderr).toBe(0);
    // Interrupted while writing its last page: that line is cut short.
    const lines = readFileSync(join(dir, 'pages.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    writeFileSync(join(dir, 'pages.jsonl'), `${lines[0]}\n${lines[1]}\n${lines[2].slice(0, 100)}`);
    const kept = lines.slice(0, 2).map((l) => JSON.parse(l));

    const resumed = await scan('--sitemap', sitemap, '--max-pages', '5', '--out', dir, '--concurrency', '1', '--resume');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('resuming, 2 of 5 pages already audited');
    expect(resumed.stderr.match(/^\[\d\/3\]/gm)).toHaveLength(3);
    const run = readRun(dir);
    expect(run.pages.map((p) => p.url)).toEqual(crawlUrls(server.url(CRAWL.host, '').replace(/\/$/, ''), 1, 5));
    // The two finished pages are the same reports, not new ones.
    for (const page of kept) expect(run.pages.find((p) => p.url === page.url)!.report!.generatedAt).toBe(page.report.generatedAt);
    // Page 4 embeds the tracking pixel (every fourth page does).
    expect(run.pages[3].report!.activity!.tracking).toBe(1);
  }, 240_000);
});

describe('cookie-audit with a session', () => {
  it('runs the login script once, then keeps its cookies for the pages it audits', async () => {
    const dir = tmp('session');
    const script = join(dir, 'login.mjs');
    // A log-in as a script does it: a visit to the site, then the session cookie its server would set.
    writeFileSync(
      script,
      `export default async ({ page, context }) => {
  await page.goto(${JSON.stringify(server.url('site.test', '/'))});
  await context.addCookies([{ name: 'logged_in_as', value: 'alice', domain: 'site.test', path: '/', secure: true, httpOnly: true, sameSite: 'Lax' }]);
};
`,
    );
    const result = await scan(server.url('site.test'), '--session', '--login-script', script, '--out', dir, '--concurrency', '1');
    expect(result.code, result.stderr).toBe(0);
    const [audited] = readRun(dir).pages;
    expect(audited.report!.cookies.find((c) => c.name === 'logged_in_as')).toMatchObject({ httpOnly: true, secure: true, firstParty: true });
  }, 120_000);
});
