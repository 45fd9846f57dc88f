// The generator runs as a child process, as the build runs it, writing to temporary folders.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/data/build-data.mjs');
/** Where the build finds the pinned data when COOKIE_AUDIT_DATA_DIR is not set. */
const DATA_DIR = process.env.COOKIE_AUDIT_DATA_DIR || join(ROOT, '..', 'shared', 'data');
const DATA_FILES = [
  'open-cookie-database/open-cookie-database.csv',
  'open-cookie-database/LICENSE',
  'badger-sett/results.json',
  'badger-sett/LICENSE',
];

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cookie-audit-data-'));
  temporary.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function generate(dataDir: string, outDir: string) {
  return spawnSync(process.execPath, [SCRIPT, '--out', outDir], {
    encoding: 'utf8',
    env: { ...process.env, COOKIE_AUDIT_DATA_DIR: dataDir },
  });
}

/** A copy of the pinned data, which a test may then damage. */
function dataCopy(): string {
  const dir = tempDir();
  for (const file of DATA_FILES) cpSync(join(DATA_DIR, file), join(dir, file));
  return dir;
}

describe('build-data', () => {
  it('fails on a source file that differs from the pin, saying what to do, and writes nothing', () => {
    const data = dataCopy();
    appendFileSync(join(data, 'badger-sett/results.json'), ' ');
    const out = join(tempDir(), 'generated');
    const run = generate(data, out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`sha256 mismatch for ${join(data, 'badger-sett/results.json')}`);
    expect(run.stderr).toContain('expected 44efa401684eeba4bf0112996a8ba0e190314bf275726a7f820a647b4ce966f4');
    expect(run.stderr).toContain('Set COOKIE_AUDIT_DATA_DIR to a folder holding the pinned files');
    expect(run.stderr).toContain('(this one: https://raw.githubusercontent.com/EFForg/badger-sett/c7649c6d30602e69c3048508b9a5ddb860818ed8/results.json)');
    expect(existsSync(out)).toBe(false);
  });

  it('fails on a missing source file, saying what to do', () => {
    const data = dataCopy();
    rmSync(join(data, 'open-cookie-database/LICENSE'));
    const run = generate(data, join(tempDir(), 'generated'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Missing data file ${join(data, 'open-cookie-database/LICENSE')}`);
    expect(run.stderr).toContain('allow network access to the pinned URLs');
  });

  it('generates the same modules from the same data, and reports their sizes', () => {
    const [first, second] = [tempDir(), tempDir()];
    const runs = [generate(DATA_DIR, first), generate(DATA_DIR, second)];
    expect(runs.map((r) => r.status)).toEqual([0, 0]);
    const files = readdirSync(first).sort();
    expect(files).toEqual(['cookies.ts', 'entities.ts', 'notices.ts', 'trackers.ts']);
    for (const file of files) {
      expect(readFileSync(join(second, file), 'utf8'), file).toBe(readFileSync(join(first, file), 'utf8'));
      expect(runs[0].stdout).toMatch(new RegExp(`${file} +[\\d.]+ KiB \\([\\d.]+ KiB gzip\\)`));
    }
    // Two full builds of the data sets in child processes: seconds on a busy machine.
  }, 60_000);
});
