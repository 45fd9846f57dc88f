/**
 * The popup's first script is what it parses and runs before it can show a cookie: it must not
 * pull in the Public Suffix List (tldts, about 280 KB), the audit and tracker data, nor the
 * audit's English templates (lib/phrases.ts), which the background works with. Followed here
 * through the static imports from entrypoints/popup/main.ts and from the components it then
 * loads (start.ts);
 * `import()` starts a chunk of its own and `import type` is erased. The DevTools panel's first
 * script likewise asks for the report before anything else loads, and its start leaves the
 * editor, the import and the Public Suffix List for when they are needed.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulesOf as graphOf } from '../../scripts/import-graph.mjs';

const ROOT = resolve(import.meta.dirname, '../..');

/** Every module `entry` reaches statically, files by path relative to the project, packages by name. */
const modulesOf = (entry: string): Set<string> => graphOf(ROOT, entry);

describe('the popup’s first script', () => {
  const first = modulesOf('entrypoints/popup/main.ts');
  // Loaded by the first script's import() while the background answers it (entrypoints/popup/early.ts).
  const components = modulesOf('entrypoints/popup/start.ts');

  it('asks for the view before it loads Svelte and the components', () => {
    expect(first).toContain('entrypoints/popup/early.ts');
    expect(first).not.toContain('svelte');
    expect(first).not.toContain('entrypoints/popup/App.svelte');
    expect(first.size).toBeLessThanOrEqual(4);
  });

  it('then reaches the Cookies view and its components', () => {
    expect(components).toContain('entrypoints/popup/App.svelte');
    expect(components).toContain('components/CookieTable.svelte');
    expect(components).toContain('components/CookieRow.svelte');
  });

  // lib/phrases.ts: the audit's English templates; the popup renders messages with its own table.
  it.each(['tldts', 'lib/site.ts', 'lib/audit/index.ts', 'lib/knowledge/purpose.ts', 'lib/knowledge/trackers.ts', 'third-party-web', 'lib/phrases.ts'])('does not reach %s', (module) => {
    expect(first).not.toContain(module);
    expect(components).not.toContain(module);
  });
});

describe('the DevTools panel’s first script', () => {
  const first = modulesOf('entrypoints/devtools-panel/main.ts');
  const components = modulesOf('entrypoints/devtools-panel/start.ts');

  it('asks for the view before it loads Svelte and the components', () => {
    expect(first).toContain('entrypoints/devtools-panel/early.ts');
    expect(first).not.toContain('svelte');
    expect(first).not.toContain('entrypoints/devtools-panel/Panel.svelte');
    expect(first.size).toBeLessThanOrEqual(4);
  });

  it('then reaches the panel’s table and the view’s state it shares with the popup', () => {
    expect(components).toContain('components/DevCookieTable.svelte');
    expect(components).toContain('components/tabView.svelte.ts');
    expect(components).not.toContain('entrypoints/popup/early.ts');
  });

  // The editor, the import and the details need them; they load when opened (Panel.svelte).
  it.each(['tldts', 'lib/site.ts', 'lib/phrases.ts', 'lib/audit/index.ts', 'components/CookieEditor.svelte', 'components/ImportDialog.svelte', 'components/CookieDetails.svelte'])('does not reach %s before it is needed', (module) => {
    expect(first).not.toContain(module);
    expect(components).not.toContain(module);
  });
});
