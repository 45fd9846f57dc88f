/** Real reports: what the built extension answered `getReport` for three fixture sites (tests/fixtures/cli/pages.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Gates } from '../../../cli/args';
import type { PageResult } from '../../../cli/types';

const file = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/cli/pages.json'), 'utf8')) as { pages: PageResult[] };

/** Fresh copies each call: tests may change them. */
export function fixturePages(): PageResult[] {
  return structuredClone(file.pages);
}

export function page(host: 'audit' | 'site' | 'news'): PageResult {
  return fixturePages().find((p) => new URL(p.url).hostname === `${host}.test`)!;
}

export const NO_GATES: Gates = { minGrade: null, failOn: [], baseline: null };

export const UNREACHABLE: PageResult = {
  url: 'https://nowhere.invalid/',
  attempts: 1,
  ms: 12,
  error: { kind: 'dns', message: 'DNS: the host name does not resolve (ERR_NAME_NOT_RESOLVED)' },
};
