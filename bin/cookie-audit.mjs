#!/usr/bin/env node
// `cookie-audit` runs the command built from cli/ (npm run build:cli), beside the extension it loads.
import { existsSync } from 'node:fs';

const built = new URL('../.output/cli/cookie-audit.mjs', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('cookie-audit: not built yet: run `npm run build && npm run build:cli` in the Cookie Audit checkout\n');
  process.exit(2);
}
await import(built.href);
