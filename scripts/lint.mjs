// Lint: Mozilla's add-on linter on the Firefox build (0 errors required), and a guard against
// turning strings into markup anywhere in our sources — cookie names, values and URLs are
// attacker-controlled and must only ever be rendered as text.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let failed = false;

const out = execFileSync('npx', ['web-ext', 'lint', '--source-dir', join(root, '.output/firefox-mv2'), '--output', 'json'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'ignore'],
});
const result = JSON.parse(out);
for (const kind of ['errors', 'warnings']) {
  for (const m of result[kind]) console.log(`web-ext ${kind.slice(0, -1)}: ${m.code} ${m.file ?? ''} ${m.message}`);
}
console.log(`web-ext lint: ${result.summary.errors} errors, ${result.summary.warnings} warnings`);
if (result.summary.errors > 0) failed = true;

const MARKUP = /\{@html|\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write\(/;
function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|svelte|mjs)$/.test(name)) yield path;
  }
}
for (const dir of ['entrypoints', 'components', 'lib', 'cli']) {
  for (const file of files(join(root, dir))) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (MARKUP.test(line)) {
        console.log(`markup from strings: ${relative(root, file)}:${i + 1}: ${line.trim()}`);
        failed = true;
      }
    });
  }
}
process.exit(failed ? 1 : 0);
