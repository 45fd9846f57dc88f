import { execFileSync } from 'node:child_process';
import { defineConfig } from 'wxt';
import { modulesOf } from './scripts/import-graph.mjs';

/** Whether a module id (a path, maybe with a query) is one of `names` (`modulesOf`'s files and packages). */
function matcher(root: string, names: Iterable<string>): (id: string) => boolean {
  const files = new Set<string>();
  const packages: string[] = [];
  for (const name of names) {
    if (name.includes('.')) files.add(`${root}/${name}`);
    else packages.push(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
  const inPackage = new RegExp(`[\\\\/]node_modules[\\\\/](${packages.join('|')})[\\\\/]`);
  return (id) => {
    const file = id.split('?')[0];
    return files.has(file) || (packages.length > 0 && inPackage.test(file));
  };
}

/**
 * The popup's and the DevTools panel's first script asks for the report, then loads the
 * components with `import()` (their `early.ts` and `start.ts`). Each of the two loads is one
 * chunk here: left to the automatic split, the start was 17 small files, and each request cost
 * the page 2–18 ms of main thread (docs/benchmarks.md, "Loading the pages' start").
 */
function pageChunks(root: string) {
  const pages = ['popup', 'devtools-panel'];
  const first = new Set<string>();
  const start = new Set<string>();
  for (const page of pages) {
    for (const name of modulesOf(root, `entrypoints/${page}/main.ts`)) if (!name.endsWith('/main.ts')) first.add(name);
  }
  for (const page of pages) {
    for (const name of modulesOf(root, `entrypoints/${page}/start.ts`)) if (!first.has(name)) start.add(name);
  }
  const inFirst = matcher(root, first);
  return [
    // Vite's helper for `import()` runs in the first script too.
    { name: 'first', priority: 2, test: (id: string) => inFirst(id) || id.includes('vite/preload-helper') },
    { name: 'start', priority: 1, test: matcher(root, start) },
  ];
}

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/webextension-polyfill'],
  zip: {
    // The Firefox sources zip is for reviewers to rebuild from: local artefacts and the data
    // generated at build time (rebuilt from the pinned sets) stay out, as they do in git.
    excludeSources: ['screenshots/**', 'test-results/**', 'lib/knowledge/generated/**'],
  },
  hooks: {
    // The pages' build (popup, panels, learn): the content scripts and background build alone.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.some((entry) => entry.name === 'popup')) return;
      const output = config.build?.rolldownOptions?.output;
      if (Array.isArray(output)) throw new Error('wxt.config.ts: expected one output for the pages');
      config.build = {
        ...config.build,
        rolldownOptions: {
          ...config.build?.rolldownOptions,
          output: { ...output, codeSplitting: { groups: pageChunks(config.root ?? process.cwd()) } },
        },
      };
    },
    // Tracker knowledge is generated from pinned, checksummed data sets (scripts/data/build-data.mjs).
    'build:before': (wxt) => {
      execFileSync(process.execPath, ['scripts/data/build-data.mjs'], { cwd: wxt.config.root, stdio: 'inherit' });
    },
  },
  manifest: ({ browser }) => ({
    name: 'Cookie Audit',
    description: '__MSG_extension_description__',
    // The UI's words are in public/_locales; the browser picks its UI language's, else English.
    default_locale: 'en',
    // Each permission is justified in README.md ("Permissions").
    permissions: ['cookies', 'webRequest', 'webNavigation', 'tabs', 'storage', 'scripting'],
    host_permissions: ['<all_urls>'],
    action: { default_title: 'Cookie Audit' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'cookie-audit@cookie-audit.dev',
              strict_min_version: '140.0',
              // The extension collects and transmits nothing.
              data_collection_permissions: { required: ['none'] },
            },
            // data_collection_permissions needs Firefox 140 on desktop and 142 on Android.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
