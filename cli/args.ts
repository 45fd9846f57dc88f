/**
 * The command line: `cookie-audit scan …` and `cookie-audit merge …`, parsed and checked before
 * any browser starts. A mistake is a UsageError (exit 2) that says what to write instead.
 */
import { parseArgs } from 'node:util';
import { GRADE_BANDS } from '@/lib/audit/score';
import type { Grade } from './types';

export class UsageError extends Error {}

export const FORMATS = ['json', 'sarif', 'junit', 'md', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** What `--fail-on` accepts. `error` (a page that could not be audited) is ours, beyond the list. */
export const FAIL_ON = ['high', 'medium', 'consent', 'tracker', 'rejected', 'error'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export const CONSENT_MODES = ['none', 'refuse', 'accept', 'both'] as const;
export type ConsentMode = (typeof CONSENT_MODES)[number];

export interface Gates {
  minGrade: Grade | null;
  failOn: FailOn[];
  /** A previous run's JSON output: only what it did not have fails. */
  baseline: string | null;
}

export interface OutputOptions {
  formats: Format[];
  /** Directory for the files; null: the one format goes to standard output. */
  out: string | null;
}

export interface ScanOptions extends OutputOptions {
  command: 'scan';
  urls: string[];
  urlsFile: string | null;
  sitemaps: string[];
  maxPages: number | null;
  consent: ConsentMode;
  gates: Gates;
  concurrency: number;
  timeoutMs: number;
  retries: number;
  resume: boolean;
  shard: { index: number; count: number } | null;
  session: boolean;
  loginScript: string | null;
  insecure: boolean;
  browser: string | null;
  browserArgs: string[];
  progress: 'auto' | 'bar' | 'lines' | 'none';
}

export interface MergeOptions extends OutputOptions {
  command: 'merge';
  inputs: string[];
  gates: Gates;
}

export type Command = ScanOptions | MergeOptions | { command: 'help'; topic: string | null } | { command: 'version' };

export const USAGE = `Usage:
  cookie-audit scan <url…> [options]      audit pages in Chromium with the built Cookie Audit extension
  cookie-audit merge <json…> [options]    join the JSON of several runs (shards) into one

Pages:
  --urls FILE            one URL per line (# comments and blank lines ignored)
  --sitemap URL          a sitemap or sitemap index, gzip included (repeatable)
  --max-pages N          audit at most N pages of the list (before sharding)
  --shard I/N            audit only this machine's share (I of N, from 1), the same split everywhere

Audit:
  --consent MODE         none | refuse | accept | both: the consent test's phases (default none)
  --session              one browser profile per worker for the whole run (default: fresh per page)
  --login-script FILE    an ES module whose default export runs once per worker before the scan ({ page, context }); needs --session
  --insecure             accept invalid TLS certificates (staging servers)
  --browser PATH         Chromium to run (default: found on this machine)
  --browser-arg ARG      a flag for Chromium, e.g. --browser-arg=--host-resolver-rules="MAP www.example.com 10.0.0.5" (repeatable)
  --concurrency N        pages audited at once, each in a browser of its own (default 2)
  --timeout SECONDS      per page load (default 30)
  --retries N            tries again after a failed load (default 1)
  --resume               keep the pages already audited in --out and do the rest

Output:
  --format LIST          json, sarif, junit, md, html; several at once with --out (default md)
  --out DIR              write cookie-audit.<format> files there, and pages.jsonl as pages finish
  --progress MODE        auto | bar | lines | none (default auto: a bar on a terminal, lines otherwise)

Gates (exit 1 when one fails):
  --min-grade GRADE      fail a page graded below GRADE (A+ … F)
  --fail-on LIST         high, medium (or worse), consent, tracker, rejected, error
  --baseline FILE        a previous run's cookie-audit.json: fail only on what is new

Exit codes: 0 passed, 1 a gate failed, 2 usage or environment error (nothing could be audited).`;

const GRADES = GRADE_BANDS.map(([, grade]) => grade) as Grade[];

function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${option} ${value}: expected one of ${allowed.join(', ')}`);
  return value as T;
}

function positiveInt(option: string, value: string | undefined, fallback: number | null, min = 1): number | null {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${option} ${value}: expected a whole number from ${min}`);
  return Number(value);
}

function parseShard(value: string | undefined): ScanOptions['shard'] {
  if (value === undefined) return null;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard ${value}: expected I/N with 1 ≤ I ≤ N, e.g. 2/4`);
  return { index, count };
}

function parseGates(values: { 'min-grade'?: string; 'fail-on'?: string[]; baseline?: string }): Gates {
  const grade = values['min-grade'];
  return {
    minGrade: grade === undefined ? null : oneOf('--min-grade', grade.toUpperCase(), GRADES),
    failOn: [...new Set(list(values['fail-on']).map((v) => oneOf('--fail-on', v, FAIL_ON)))],
    baseline: values.baseline ?? null,
  };
}

function parseOutput(values: { format?: string[]; out?: string }): OutputOptions {
  const formats = [...new Set(list(values.format).map((v) => oneOf('--format', v, FORMATS)))];
  if (formats.length === 0) formats.push(values.out ? 'json' : 'md');
  const out = values.out ?? null;
  if (!out && formats.length > 1) throw new UsageError(`--format ${formats.join(',')}: several formats need --out DIR`);
  return { formats, out };
}

const GATE_OPTIONS = {
  'min-grade': { type: 'string' },
  'fail-on': { type: 'string', multiple: true },
  baseline: { type: 'string' },
  format: { type: 'string', multiple: true },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** node:util's own parse errors, said as usage errors. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message = (error as Error).message;
    const ambiguous = /Option '(--[\w-]+)' argument is ambiguous/.exec(message);
    // node:util reads `--browser-arg --lang=de` as a missing value: the value must be attached.
    if (ambiguous) throw new UsageError(`${ambiguous[1]}: a value starting with "-" is written ${ambiguous[1]}=VALUE`);
    throw new UsageError(message.replace(/\. To specify a positional.*$/s, ''));
  }
}

export function parseCommand(argv: string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help', topic: rest[0] ?? null };
  if (command === '--version') return { command: 'version' };
  if (command === 'merge') {
    const { values, positionals } = usage(() => parseArgs({ args: rest, options: GATE_OPTIONS, allowPositionals: true, strict: true }));
    if (values.help) return { command: 'help', topic: 'merge' };
    if (positionals.length === 0) throw new UsageError('merge: name the cookie-audit.json files (or --out directories) to join');
    return { command: 'merge', inputs: positionals, gates: parseGates(values), ...parseOutput(values) };
  }
  if (command !== 'scan') throw new UsageError(`unknown command ${JSON.stringify(command)}: expected scan or merge`);

  const options = {
    ...GATE_OPTIONS,
    urls: { type: 'string' },
    sitemap: { type: 'string', multiple: true },
    'max-pages': { type: 'string' },
    consent: { type: 'string' },
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
    retries: { type: 'string' },
    resume: { type: 'boolean' },
    shard: { type: 'string' },
    session: { type: 'boolean' },
    'login-script': { type: 'string' },
    insecure: { type: 'boolean' },
    browser: { type: 'string' },
    'browser-arg': { type: 'string', multiple: true },
    progress: { type: 'string' },
  } as const;
  const { values, positionals } = usage(() => parseArgs({ args: rest, options, allowPositionals: true, strict: true }));
  if (values.help) return { command: 'help', topic: 'scan' };
  for (const url of positionals) {
    if (!/^https?:\/\//i.test(url)) throw new UsageError(`${url}: expected an http(s):// address`);
  }
  for (const sitemap of values.sitemap ?? []) {
    if (!/^https?:\/\//i.test(sitemap)) throw new UsageError(`--sitemap ${sitemap}: expected an http(s):// address`);
  }
  if (positionals.length === 0 && !values.urls && !values.sitemap) throw new UsageError('scan: give URLs, --urls FILE or --sitemap URL');
  const output = parseOutput(values);
  if (values.resume && !output.out) throw new UsageError('--resume reads what an earlier run wrote to --out DIR: give --out');
  if (values['login-script'] && !values.session) throw new UsageError('--login-script needs --session (otherwise each page starts logged out)');
  const gates = parseGates(values);
  const consent = oneOf('--consent', values.consent ?? 'none', CONSENT_MODES);
  if (gates.failOn.includes('consent') && consent === 'none') throw new UsageError('--fail-on consent needs --consent refuse, accept or both');
  return {
    command: 'scan',
    urls: positionals,
    urlsFile: values.urls ?? null,
    sitemaps: values.sitemap ?? [],
    maxPages: positiveInt('--max-pages', values['max-pages'], null),
    consent,
    gates,
    concurrency: positiveInt('--concurrency', values.concurrency, 2)!,
    timeoutMs: positiveInt('--timeout', values.timeout, 30)! * 1000,
    retries: positiveInt('--retries', values.retries, 1, 0)!,
    resume: values.resume ?? false,
    shard: parseShard(values.shard),
    session: values.session ?? false,
    loginScript: values['login-script'] ?? null,
    insecure: values.insecure ?? false,
    browser: values.browser ?? null,
    browserArgs: values['browser-arg'] ?? [],
    progress: oneOf('--progress', values.progress ?? 'auto', ['auto', 'bar', 'lines', 'none'] as const),
    ...output,
  };
}
