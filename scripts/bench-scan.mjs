/**
 * How fast `cookie-audit scan` crawls, and what memory it holds: the fixture shop's 200 product
 * pages (tests/e2e/support/crawl.mjs, listed by its sitemap index, one sitemap gzipped) scanned
 * by the built command at concurrency 1, 4 and 8, each run a fresh process as a CI job runs it.
 *
 * - pages/min: pages audited over the run's wall time, browser starts and sitemap reads included.
 * - Memory: every second, the resident memory of the command and all its processes (each
 *   Chromium and its renderers), summed. RSS counts a page shared by several processes once per
 *   process, so the sum overstates the machine's real use; PSS (shared pages divided among their
 *   sharers, /proc/<pid>/smaps_rollup) is printed beside it.
 * - Flat memory: the process tree's RSS in the run's first and last tenth of pages. `--pages N`
 *   scans N distinct addresses (the 200 pages, again with `?visit=<k>`) at concurrency 4 only,
 *   for a long run (the issue asks 1,000).
 *
 * Run: npm run bench:scan [-- --pages 1000] (builds what is missing).
 * Its last line: scan: pages_per_min_c4=<n> rss_mb_peak=<m>
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROME_BUILD, ROOT } from '../tests/e2e/support/browsers.mjs';
import { CRAWL, crawlUrls } from '../tests/e2e/support/crawl.mjs';
import { ALL_HOSTS } from '../tests/e2e/support/server.mjs';

const { values } = parseArgs({ options: { pages: { type: 'string' }, concurrency: { type: 'string' } } });
const soakPages = values.pages ? Number(values.pages) : null;
const levels = values.concurrency ? values.concurrency.split(',').map(Number) : soakPages ? [4] : [1, 4, 8];

if (!existsSync(CHROME_BUILD)) execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (!existsSync(join(ROOT, '.output/cli/cookie-audit.mjs'))) execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, stdio: 'inherit' });

/** Every descendant of `root` (and itself), from /proc's parent links. */
function processTree(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name is in parentheses and may hold spaces: the parent pid follows its closing one.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift();
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function memoryOf(pids) {
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // Gone meanwhile.
    }
  }
  return { rssMb: rss / 1024, pssMb: pss / 1024 };
}

/**
 * The fixture server in a process of its own: reading /proc for the memory samples takes this
 * process's time, and must not delay the pages the browsers load.
 */
async function startServerProcess() {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', `import { startFixtureServer } from ${JSON.stringify(join(ROOT, 'tests/e2e/support/server.mjs'))}; const s = await startFixtureServer(); console.log(s.port);`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`fixture server exited (${code})`)));
  });
  return {
    url: (host, path = '/') => `https://${host}:${port}${path}`,
    close: async () => {
      child.kill();
    },
  };
}

const server = await startServerProcess();
const origin = server.url(CRAWL.host, '').replace(/\/$/, '');
const hostRules = `--browser-arg=--host-resolver-rules=${ALL_HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`;

async function run(concurrency) {
  const out = mkdtempSync(join(tmpdir(), `cookie-audit-bench-c${concurrency}-`));
  const pages = [];
  if (soakPages) {
    const base = crawlUrls(origin);
    const urls = Array.from({ length: soakPages }, (_, i) => (i < base.length ? base[i] : `${base[i % base.length]}?visit=${Math.floor(i / base.length)}`));
    writeFileSync(join(out, 'urls.txt'), `${urls.join('\n')}\n`);
    pages.push('--urls', join(out, 'urls.txt'));
  } else {
    pages.push('--sitemap', server.url(CRAWL.host, CRAWL.sitemap));
  }
  const args = [join(ROOT, 'bin/cookie-audit.mjs'), 'scan', ...pages, '--concurrency', String(concurrency), '--insecure', hostRules, '--out', out, '--format', 'json', '--progress', 'lines'];
  const started = Date.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let done = 0;
  const samples = [];
  let peak = { rssMb: 0, pssMb: 0 };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    done += (text.match(/^\[\s*\d+\/\d+\]/gm) ?? []).length;
  });
  const timer = setInterval(() => {
    const memory = memoryOf(processTree(child.pid));
    samples.push({ done, ...memory });
    peak = { rssMb: Math.max(peak.rssMb, memory.rssMb), pssMb: Math.max(peak.pssMb, memory.pssMb) };
  }, 1000);
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const minutes = (Date.now() - started) / 60_000;
  const run = JSON.parse(readFileSync(join(out, 'cookie-audit.json'), 'utf8'));
  const total = run.summary.pages;
  // Memory while the first and the last tenth of the pages were being audited (all workers busy).
  const inRange = (from, to) => samples.filter((s) => s.done >= from && s.done < to);
  const mean = (list, key) => (list.length ? list.reduce((sum, s) => sum + s[key], 0) / list.length : NaN);
  const early = mean(inRange(Math.ceil(total * 0.1), Math.ceil(total * 0.2)), 'rssMb');
  const late = mean(inRange(Math.floor(total * 0.8), Math.floor(total * 0.9)), 'rssMb');
  const result = {
    concurrency,
    code,
    pages: total,
    audited: run.summary.audited,
    errors: run.summary.errors,
    minutes,
    perMin: run.summary.audited / minutes,
    peak,
    early,
    late,
  };
  console.log(
    `c${concurrency}: ${result.audited}/${total} pages in ${minutes.toFixed(2)} min = ${result.perMin.toFixed(1)} pages/min; ` +
      `peak RSS ${peak.rssMb.toFixed(0)} MB (PSS ${peak.pssMb.toFixed(0)} MB); RSS at 10–20% ${early.toFixed(0)} MB, at 80–90% ${late.toFixed(0)} MB; exit ${code}`,
  );
  return result;
}

try {
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} at start`);
  const results = [];
  for (const concurrency of levels) results.push(await run(concurrency));
  console.log(`load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} at the end`);
  // The headline is concurrency 4's; a run of other levels only (--concurrency) names its own.
  const headline = results.find((r) => r.concurrency === 4) ?? results[0];
  console.log(`scan: pages_per_min_c${headline.concurrency}=${headline.perMin.toFixed(1)} rss_mb_peak=${Math.round(Math.max(...results.map((r) => r.peak.rssMb)))}`);
} finally {
  await server.close();
}
