/**
 * `cookie-audit`: the entry. Parses the command, finds Chromium and the built extension, runs the
 * pages through the pool with results streamed to disk, writes the formats, and exits 0 (passed),
 * 1 (a gate failed) or 2 (usage or environment error).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommand, USAGE, UsageError, type MergeOptions, type OutputOptions, type ScanOptions } from './args';
import { ChromiumWorker, extensionHasConsentTest, findChromium, type DriverOptions } from './browser';
import { FILE_NAMES, render } from './formats';
import type { ViewAssets } from './formats/html';
import { runPool } from './pool';
import { startProbe } from './probe';
import { progressBar, progressLine } from './progress';
import { buildRun, exitCodeOf, mergePages, pagesOfRun, type Run } from './run';
import { appendResult, openStream, readResults, STREAM_FILE } from './store';
import type { PageResult } from './types';
import { dedupe, inShard, parseSitemap, parseUrlList } from './urls';

/** The bundle lives in .output/cli/, beside the extension build (.output/chrome-mv3/) and the report view. */
const HERE = dirname(fileURLToPath(import.meta.url));
const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(join(HERE, '../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

class EnvironmentError extends Error {}

function viewAssets(): ViewAssets {
  const dir = join(HERE, 'view');
  const js = join(dir, 'report-view.js');
  const css = join(dir, 'report-view.css');
  if (!existsSync(js) || !existsSync(css)) throw new EnvironmentError(`the HTML report view is not built (${dir}): run npm run build:cli`);
  return { js: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') };
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new EnvironmentError(`${what} ${file}: ${(error as Error).message}`);
  }
}

/** A run JSON file, or an --out directory holding cookie-audit.json. */
function readRunPages(input: string): PageResult[] {
  const file = existsSync(input) && statSync(input).isDirectory() ? join(input, FILE_NAMES.json) : input;
  try {
    return pagesOfRun(readJson(file, 'cannot read'), file);
  } catch (error) {
    throw new EnvironmentError((error as Error).message);
  }
}

function writeOutputs(run: Run, output: OutputOptions): void {
  if (!output.out) {
    process.stdout.write(render(output.formats[0], run, viewAssets));
    return;
  }
  mkdirSync(output.out, { recursive: true });
  for (const format of output.formats) writeFileSync(join(output.out, FILE_NAMES[format]), render(format, run, viewAssets));
  process.stderr.write(`cookie-audit: wrote ${output.formats.map((f) => join(output.out!, FILE_NAMES[f])).join(', ')}\n`);
}

function baselineOf(file: string | null): Map<string, PageResult> | null {
  return file ? new Map(readRunPages(file).map((p) => [p.url, p])) : null;
}

function finish(run: Run): number {
  const s = run.summary;
  process.stderr.write(
    `cookie-audit: ${s.audited}/${s.pages} pages audited, ${s.errors} errors, ${s.failed} failing: ${s.passed ? 'passed' : 'FAILED'}\n`,
  );
  if (s.pages > 0 && s.audited === 0) {
    process.stderr.write('cookie-audit: no page could be audited\n');
    return 2;
  }
  return exitCodeOf(run);
}

/** The pages to audit: the whole list (capped), and this shard's share of it. */
async function collectUrls(options: ScanOptions, fetchBytes: (url: string) => Promise<Uint8Array>): Promise<{ listed: number; urls: string[] }> {
  const urls = [...options.urls];
  if (options.urlsFile) {
    let text: string;
    try {
      text = readFileSync(options.urlsFile, 'utf8');
    } catch (error) {
      throw new EnvironmentError(`--urls ${options.urlsFile}: ${(error as Error).message}`);
    }
    const list = parseUrlList(text);
    if (list.invalid.length) throw new UsageError(`--urls ${options.urlsFile}: not http(s) addresses: ${list.invalid.slice(0, 3).join(', ')}`);
    urls.push(...list.urls);
  }
  // Sitemap indexes are followed (at most 1,000 sitemaps, a cycle is read once).
  const queue = [...options.sitemaps];
  const seen = new Set<string>();
  while (queue.length && seen.size < 1000) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    let sitemap;
    try {
      sitemap = parseSitemap(new TextDecoder().decode(await fetchBytes(url)));
    } catch (error) {
      throw new EnvironmentError(`--sitemap ${url}: ${(error as Error).message}`);
    }
    if (sitemap.kind === 'index') queue.push(...sitemap.locs);
    else urls.push(...sitemap.locs);
    if (options.maxPages && dedupe(urls).length >= options.maxPages) break;
  }
  const all = dedupe(urls);
  const listed = options.maxPages ? all.slice(0, options.maxPages) : all;
  return { listed: listed.length, urls: inShard(listed, options.shard) };
}

async function scan(options: ScanOptions): Promise<number> {
  const extensionDir = resolve(process.env.COOKIE_AUDIT_EXTENSION ?? join(HERE, '../chrome-mv3'));
  if (!existsSync(join(extensionDir, 'manifest.json'))) throw new EnvironmentError(`the extension is not built (${extensionDir}): run npm run build`);
  if (options.consent !== 'none' && !extensionHasConsentTest(extensionDir)) {
    throw new EnvironmentError(
      `--consent ${options.consent} needs the consent test (the extension's runConsentTest message, issue #10), which is not in this build; use --consent none`,
    );
  }
  const executablePath = findChromium(options.browser);
  if (!executablePath) {
    throw new EnvironmentError(options.browser ? `--browser ${options.browser}: no such file` : 'no Chromium found: install chromium, or give --browser PATH (or CHROMIUM_PATH)');
  }
  const baseline = baselineOf(options.gates.baseline);
  if (options.formats.includes('html')) viewAssets();
  const probe = await startProbe();
  try {
    return await scanWith(options, baseline, {
    executablePath,
    extensionDir,
    browserArgs: options.browserArgs,
    insecure: options.insecure,
    session: options.session,
    loginScript: options.loginScript ? resolve(options.loginScript) : null,
    timeoutMs: options.timeoutMs,
    consent: options.consent,
    probeUrl: probe.url,
    });
  } finally {
    await probe.close();
  }
}

async function scanWith(options: ScanOptions, baseline: Map<string, PageResult> | null, driver: DriverOptions): Promise<number> {
  const startedAt = new Date().toISOString();
  const outDir = options.out ?? mkdtempSync(join(tmpdir(), 'cookie-audit-run-'));
  mkdirSync(outDir, { recursive: true });
  const stream = join(outDir, STREAM_FILE);
  openStream(stream, options.resume);

  // The first worker fetches the sitemaps, then audits pages with the others.
  let first: ChromiumWorker | null = null;
  const startWorker = async (slot: number) => {
    if (slot === 0 && first) {
      const worker = first;
      first = null;
      return worker;
    }
    return ChromiumWorker.start(driver);
  };
  let urls: string[];
  let listed: number;
  try {
    if (options.sitemaps.length) {
      try {
        first = await ChromiumWorker.start(driver);
      } catch (error) {
        throw new EnvironmentError(`cannot start Chromium (${driver.executablePath}): ${(error as Error).message.split('\n')[0]}`);
      }
    }
    ({ urls, listed } = await collectUrls(options, (url) => first!.fetchBytes(url)));
  } catch (error) {
    await (first as ChromiumWorker | null)?.close();
    throw error;
  }
  if (listed === 0) {
    await (first as ChromiumWorker | null)?.close();
    throw new EnvironmentError('no pages to audit: the list is empty');
  }
  // A short list can leave a shard nothing: an empty run, which passes (merge judges the whole).
  if (urls.length === 0) process.stderr.write(`cookie-audit: none of the ${listed} pages falls in shard ${options.shard?.index}/${options.shard?.count}\n`);

  const done = new Map(readResults(stream).filter((p) => p.report).map((p) => [p.url, p]));
  const todo = urls.filter((url) => !done.has(url));
  if (options.resume) process.stderr.write(`cookie-audit: resuming, ${urls.length - todo.length} of ${urls.length} pages already audited\n`);

  const mode = options.progress === 'auto' ? (process.stderr.isTTY ? 'bar' : 'lines') : options.progress;
  const begun = Date.now();
  let finished = 0;
  let errors = 0;
  await runPool(todo, {
    concurrency: options.concurrency,
    retries: options.retries,
    startWorker,
    onResult: (result) => {
      appendResult(stream, result);
      finished++;
      if (!result.report) errors++;
      if (mode === 'lines') process.stderr.write(`${progressLine(finished, todo.length, result)}\n`);
      if (mode === 'bar') process.stderr.write(`\r${progressBar(finished, todo.length, errors, Date.now() - begun)}`);
    },
  });
  await (first as ChromiumWorker | null)?.close();
  if (mode === 'bar') process.stderr.write('\n');

  // Read back from disk, in list order: the run's memory stays one page at a time while it crawls.
  const byUrl = new Map(readResults(stream).map((p) => [p.url, p]));
  const pages = urls.map((url) => byUrl.get(url)).filter((p): p is PageResult => p !== undefined);
  const run = buildRun(pages, options.gates, baseline, { version: VERSION, startedAt, finishedAt: new Date().toISOString() });
  writeOutputs(run, options);
  if (!options.out) rmSync(outDir, { recursive: true, force: true });
  return finish(run);
}

function merge(options: MergeOptions): number {
  const pages = mergePages(options.inputs.map(readRunPages));
  const now = new Date().toISOString();
  const run = buildRun(pages, options.gates, baselineOf(options.gates.baseline), { version: VERSION, startedAt: now, finishedAt: now });
  writeOutputs(run, options);
  return finish(run);
}

export async function main(argv: string[]): Promise<number> {
  try {
    const command = parseCommand(argv);
    switch (command.command) {
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return 0;
      case 'version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case 'merge':
        return merge(command);
      case 'scan':
        return await scan(command);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`cookie-audit: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof EnvironmentError) {
      process.stderr.write(`cookie-audit: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`cookie-audit: ${(error as Error).stack ?? String(error)}\n`);
  return 2;
});
