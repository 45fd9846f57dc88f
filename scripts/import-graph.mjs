/**
 * The static import graph of the extension's own sources, read from the files: what a page's
 * first script reaches before anything it loads with `import()`. Used by the build (the start
 * chunks in wxt.config.ts) and by tests/unit/popup-imports.test.ts, so both see the same graph.
 * `import()` starts a chunk of its own and `import type` is erased, so neither is followed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A file's absolute path, or a package's name. */
function resolveImport(root, from, spec) {
  if (!spec.startsWith('.') && !spec.startsWith('@/')) return spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
  const base = spec.startsWith('@/') ? join(root, spec.slice(2)) : resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Static runtime imports of a source file (a Svelte file's scripts included). */
function importsOf(file) {
  const source = readFileSync(file, 'utf8');
  const specs = [];
  for (const match of source.matchAll(/^\s*import\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    if (match[1]) continue;
    specs.push(match[2]);
  }
  return specs;
}

/**
 * Every module `entry` (a path relative to `root`) reaches statically: the project's files by
 * path relative to `root`, packages by name (not followed into).
 * @param {string} root
 * @param {string} entry
 * @returns {Set<string>}
 */
export function modulesOf(root, entry) {
  const seen = new Set();
  const queue = [join(root, entry)];
  while (queue.length > 0) {
    const file = queue.pop();
    const name = file.startsWith(root) ? file.slice(root.length + 1) : file;
    if (seen.has(name)) continue;
    seen.add(name);
    if (!file.startsWith(root) || file.endsWith('.css')) continue;
    for (const spec of importsOf(file)) {
      const target = resolveImport(root, file, spec);
      if (target === null) throw new Error(`${name}: cannot resolve ${spec}`);
      queue.push(target);
    }
  }
  return seen;
}
