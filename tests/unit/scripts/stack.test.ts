/**
 * The stack parser (lib/scripts/stack.ts) on stacks recorded in real Chromium 156 and Firefox ESR
 * 153 (scripts/record-stacks.mjs, tests/fixtures/stacks-*.json): one cookie written from each
 * kind of script on the fixture page stacks.test, and what the parser must name for each.
 */
import { describe, expect, it } from 'vitest';
import chromeStacks from '../../fixtures/stacks-chrome.json';
import firefoxStacks from '../../fixtures/stacks-firefox.json';
import { firstFrameLocation, keptScriptUrl, MAX_SCRIPT_URL_LENGTH, scriptOfStack, type ScriptRef, type StackContext } from '../../../lib/scripts/stack';

const ORIGIN = 'https://stacks.test:8443';
const file = (path: string): ScriptRef => ({ kind: 'file', url: ORIGIN + path });
const made = (path: string | null): ScriptRef => ({ kind: 'eval', url: path === null ? null : ORIGIN + path });
const WRITER = '/js/writer.js';

/** What each recorded write must be put down to, in each browser (where they differ, both say why). */
const EXPECTED: Record<string, { chrome: ScriptRef; firefox: ScriptRef }> = {
  file: { chrome: file(WRITER), firefox: file(WRITER) },
  file_function: { chrome: file(WRITER), firefox: file(WRITER) },
  // A library's function writing for its caller: the library wrote it.
  helper: { chrome: file('/js/helper.js'), firefox: file('/js/helper.js') },
  eval_in_file: { chrome: made(WRITER), firefox: made(WRITER) },
  function_in_file: { chrome: made(WRITER), firefox: made(WRITER) },
  nested_eval: { chrome: made(WRITER), firefox: made(WRITER) },
  // `//# sourceURL=` renames eval'd code in both engines: the page's word, shown as such.
  source_url: { chrome: { kind: 'file', url: 'https://spoof.test/fake.js' }, firefox: { kind: 'file', url: 'https://spoof.test/fake.js' } },
  async: { chrome: file(WRITER), firefox: file(WRITER) },
  async_timer: { chrome: file(WRITER), firefox: file(WRITER) },
  // An async function called by another: the writing one, not its `async` caller below it.
  async_nested: { chrome: file(WRITER), firefox: file(WRITER) },
  timeout: { chrome: file(WRITER), firefox: file(WRITER) },
  // setTimeout(string): V8 runs it as code without a URL or caller; SpiderMonkey names the file.
  timeout_string: { chrome: made(null), firefox: file(WRITER) },
  promise: { chrome: file(WRITER), firefox: file(WRITER) },
  for_each: { chrome: file(WRITER), firefox: file(WRITER) },
  descriptor: { chrome: file(WRITER), firefox: file(WRITER) },
  // V8 lists Reflect.set as a built-in frame: skipped.
  reflect: { chrome: file(WRITER), firefox: file(WRITER) },
  cookie_store: { chrome: file(WRITER), firefox: file(WRITER) },
  // An inline script inserted by a file, as tag managers run custom HTML: the file made it.
  injected_by_file: { chrome: made(WRITER), firefox: made(WRITER) },
  at_in_url: { chrome: file('/npm/consent-lib@1.2.3/dist/consent.min.js'), firefox: file('/npm/consent-lib@1.2.3/dist/consent.min.js') },
  module: { chrome: file('/js/module.js'), firefox: file('/js/module.js') },
  inline: { chrome: { kind: 'inline', url: `${ORIGIN}/` }, firefox: { kind: 'inline', url: `${ORIGIN}/` } },
  eval_in_inline: { chrome: made('/'), firefox: made('/') },
  // An event-handler attribute: V8 names the address the page loaded with, SpiderMonkey the one now.
  handler: { chrome: { kind: 'inline', url: `${ORIGIN}/` }, firefox: { kind: 'inline', url: `${ORIGIN}/moved?step=2` } },
  inline_after_move: { chrome: made('/'), firefox: made('/') },
  // The code of a data: URL is not kept, only its type.
  data: { chrome: { kind: 'file', url: 'data:text/javascript' }, firefox: { kind: 'file', url: 'data:text/javascript' } },
  blob: { chrome: { kind: 'file', url: expect.stringMatching(/^blob:https:\/\/stacks\.test:8443\/[0-9a-f-]{36}$/) as unknown as string }, firefox: { kind: 'file', url: expect.stringMatching(/^blob:https:\/\/stacks\.test:8443\/[0-9a-f-]{36}$/) as unknown as string } },
  // A frame the page made and wrote into: the page's inline script wrote it.
  about_blank: { chrome: { kind: 'inline', url: `${ORIGIN}/` }, firefox: { kind: 'inline', url: `${ORIGIN}/` } },
  srcdoc: { chrome: { kind: 'inline', url: 'about:srcdoc' }, firefox: { kind: 'inline', url: 'about:srcdoc' } },
};

interface Recording {
  initialUrl: string;
  initStack: string;
  missing: string[];
  writes: { api: string; name: string; documentUrl: string; stack: string }[];
}

describe.each([
  ['chrome', chromeStacks as Recording],
  ['firefox', firefoxStacks as Recording],
] as const)('stacks recorded in %s', (browser, recording) => {
  const ownLocation = firstFrameLocation(recording.initStack) as string;

  it('tells our own frames by the first frame of a stack captured at start', () => {
    expect(ownLocation).toEqual(browser === 'chrome' ? expect.stringMatching(/^chrome-extension:\/\/[a-p]{32}\/recorder\.js$/) : '<anonymous code>');
    expect(recording.missing).toEqual([]);
  });

  it.each(recording.writes.map((w) => [`${w.api} ${w.name}`, w] as const))('puts %s down to its script', (_, write) => {
    // As the recorder knows them: the address the document loaded with, the one it has now, and
    // for about:blank and srcdoc frames their creator's.
    const urls = [recording.initialUrl, write.documentUrl];
    const context: StackContext = { ownLocation, isDocument: (url) => urls.includes(url) };
    expect(scriptOfStack(write.stack, context)).toEqual(EXPECTED[write.name][browser]);
  });
});

describe('stacks a page can make up', () => {
  const context: StackContext = { ownLocation: 'chrome-extension://abc/content-scripts/script-writes.js', isDocument: (url) => url === 'https://site.test/' };
  const ours = '    at HTMLDocument.cookie (chrome-extension://abc/content-scripts/script-writes.js:1:2)';

  it.each([
    ['an empty stack', ''],
    ['only our frames', `Error\n${ours}`],
    ['only built-ins', `Error\n${ours}\n    at Array.forEach (<anonymous>)\n    at new Promise (<anonymous>)`],
    ['unbalanced parentheses', `Error\n${ours}\n    at f (https://x.test/a.js:1:2`],
    ['an eval origin that never opens', `Error\n${ours}\n    at eval (eval at f https://x.test/a.js:1:2), <anonymous>:1:1)`],
    ['a location without a position', `Error\n${ours}\n    at https://x.test/a.js`],
    ['Firefox lines without a location', 'set@<anonymous code>:1:2\nfoo@\n@:1:2\n@@@'],
  ])('names nothing for %s', (_, stack) => {
    expect(scriptOfStack(stack, context)).toBeNull();
  });

  it('keeps a script URL to a bounded length', () => {
    const long = `https://x.test/a.js?${'q'.repeat(100_000)}`;
    expect(scriptOfStack(`Error\n${ours}\n    at ${long}:1:2`, context)).toEqual({ kind: 'file', url: long.slice(0, MAX_SCRIPT_URL_LENGTH) });
    expect(keptScriptUrl(`data:text/javascript;base64,${'A'.repeat(5000)}`)).toBe('data:text/javascript');
  });

  it('reads past frames whose function names hold "@" or parentheses', () => {
    expect(scriptOfStack('set@<anonymous code>:1:2\nobj["a@b"]@https://x.test/a.js:3:4', { ...context, ownLocation: '<anonymous code>' })).toEqual({
      kind: 'file',
      url: 'https://x.test/a.js',
    });
    expect(scriptOfStack(`Error\n${ours}\n    at Object.f (x) [as g] (https://x.test/a(1).js:3:4)`, context)).toEqual({ kind: 'file', url: 'https://x.test/a(1).js' });
  });
});
