/**
 * Builds `cookie-audit` (cli/) into .output/cli/: the command, for Node (its dependencies, such
 * as playwright-core, stay imports), and the HTML report's view, the popup's Svelte components
 * bundled into one script and one style sheet that the command inlines into each report.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, '.output/cli');
const alias = { '@': ROOT };

rmSync(OUT, { recursive: true, force: true });

await build({
  root: ROOT,
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  plugins: [svelte({ configFile: false })],
  resolve: {
    // The components import wxt/browser for controls a saved report hides (see no-extension.ts).
    alias: { ...alias, 'wxt/browser': join(ROOT, 'cli/report-view/no-extension.ts') },
  },
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: join(OUT, 'view'),
    emptyOutDir: true,
    cssCodeSplit: false,
    lib: { entry: join(ROOT, 'cli/report-view/main.ts'), formats: ['iife'], name: 'CookieAuditReport', fileName: () => 'report-view.js', cssFileName: 'report-view' },
  },
});

await build({
  root: ROOT,
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  resolve: { alias },
  build: {
    outDir: OUT,
    emptyOutDir: false,
    ssr: join(ROOT, 'cli/main.ts'),
    target: 'node20',
    rollupOptions: { output: { entryFileNames: 'cookie-audit.mjs', format: 'es' } },
  },
});
