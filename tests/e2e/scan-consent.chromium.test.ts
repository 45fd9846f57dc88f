/**
 * `cookie-audit scan --consent refuse --fail-on consent` end to end: the command runs the
 * extension's own consent test (`runConsentTest`) on each page, and a page that tracks before
 * any choice and after refusal fails the gate in every output, while one that honours the
 * refusal passes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../cli/run';
import { sarifValidator } from '../unit/cli/sarif-schema';
import { ROOT } from './support/browsers.mjs';
import { CONSENT_HOSTS } from './support/consent-sites.mjs';
import { ALL_HOSTS, startFixtureServer } from './support/server.mjs';

let server: Awaited<ReturnType<typeof startFixtureServer>>;

function scan(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const hostRules = `--browser-arg=--host-resolver-rules=${ALL_HOSTS.map((h: string) => `MAP ${h} 127.0.0.1`).join(', ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/cookie-audit.mjs'), 'scan', '--insecure', hostRules, '--progress', 'lines', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  server = await startFixtureServer();
});

afterAll(async () => {
  await server?.close();
});

describe('cookie-audit scan --consent', () => {
  it('fails --fail-on consent on a page that tracks after refusal, in json, sarif, junit and md; passes one that honours it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cookie-audit-e2e-consent-'));
    const bad = server.url(CONSENT_HOSTS.consentTestBad);
    const ok = server.url(CONSENT_HOSTS.consentTestOk);
    const result = await scan([bad, ok, '--consent', 'refuse', '--fail-on', 'consent', '--concurrency', '1', '--out', out, '--format', 'json,sarif,junit,md']);
    expect(result.code, result.stderr).toBe(1);

    const run = JSON.parse(readFileSync(join(out, 'cookie-audit.json'), 'utf8')) as Run;
    const [badPage, okPage] = run.pages;
    const badConsent = badPage.report!.consent;
    expect(badConsent.test).toMatchObject({ choices: ['refuse'], outcome: 'done', runs: [{ choice: 'refuse', cmp: 'Onetrust', answered: true, verdict: 'fail' }] });
    expect(badConsent.verdict).toBe('fail');
    const ids = new Set(badConsent.findings.map((f) => f.id));
    expect([...ids]).toEqual(expect.arrayContaining(['consent-cookie-before-choice', 'consent-tracker-before-choice', 'consent-tracker-after-refusal']));
    expect(badPage.failures.map((f) => f.gate)).toEqual(badPage.failures.map(() => 'consent'));
    expect(badPage.failures.map((f) => f.message)).toContain('consent: facebook.com tracked after the visitor refused [consent-tracker-after-refusal]');
    expect(okPage.report!.consent).toMatchObject({ verdict: 'pass', findings: [], test: { outcome: 'done', runs: [{ verdict: 'pass', answered: true }] } });
    expect(okPage.failures).toEqual([]);
    expect(run.summary).toMatchObject({ audited: 2, failed: 1, passed: false });

    const sarif = JSON.parse(readFileSync(join(out, 'cookie-audit.sarif'), 'utf8'));
    expect(sarifValidator()(sarif)).toEqual([]);
    const results = sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    const afterRefusal = results.filter((r) => r.ruleId === 'consent-tracker-after-refusal');
    expect(afterRefusal.length).toBeGreaterThan(0);
    expect(afterRefusal[0].locations[0].physicalLocation.artifactLocation.uri).toBe(bad);

    const junit = readFileSync(join(out, 'cookie-audit.junit.xml'), 'utf8');
    expect(junit).toMatch(/<failure type="gate"[^>]*>[^<]*consent: facebook\.com tracked after the visitor refused \[consent-tracker-after-refusal\]/);
    const md = readFileSync(join(out, 'cookie-audit.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('## Cookie Audit: ❌ 1 of 2 pages failed');
    expect(md).toContain('consent\\-tracker\\-after\\-refusal');
  }, 240_000);
});
