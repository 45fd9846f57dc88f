// Vitest global setup: the knowledge modules are generated, not committed, so a checkout without
// them gets them built once. The generator needs the pinned data (see scripts/data/build-data.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const MODULES = ['cookies.ts', 'trackers.ts', 'entities.ts', 'notices.ts'];

export default function generateKnowledge(): void {
  if (MODULES.every((m) => existsSync(join(root, 'lib/knowledge/generated', m)))) return;
  execFileSync(process.execPath, ['scripts/data/build-data.mjs'], { cwd: root, stdio: 'inherit' });
}
