/**
 * The page-load benchmark's control extension (tests/bench/control-extension/) stands for Cookie
 * Audit minus its work: it must register the listeners the background registers in Chrome, with
 * the same filter and extraInfoSpec, or the floor it measures would be another extension's.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { MONITOR_LISTENERS } from '../../../lib/monitor/listeners';

const ALL_URLS = { urls: ['<all_urls>'] };

it("registers the monitor's listeners with Chrome's extraInfoSpec", () => {
  // What each `chrome.<namespace>.<event>.addListener` call passed after the listener.
  const registered: Record<string, unknown[]> = {};
  const namespace = (ns: string) =>
    new Proxy({}, { get: (_, event: string) => ({ addListener: (_listener: unknown, ...rest: unknown[]) => (registered[`${ns}.${event}`] = rest) }) });
  const chrome = new Proxy({}, { get: (_, ns: string) => namespace(ns) });
  runInNewContext(readFileSync(new URL('../../bench/control-extension/background.js', import.meta.url), 'utf8'), { chrome });

  const expected: Record<string, unknown[]> = { 'cookies.onChanged': [] };
  for (const [name, listener] of Object.entries(MONITOR_LISTENERS)) {
    const spec = 'extraInfoSpec' in listener ? listener.extraInfoSpec.chrome : null;
    expected[name] = spec === null ? [] : spec.length > 0 ? [ALL_URLS, [...spec]] : [ALL_URLS];
  }
  expect(registered).toEqual(expected);
});

// Content scripts cost a page load by being there (an isolated world per frame, scripts to run):
// the control declares the same ones, empty, so that the floor includes that price too.
it("declares Cookie Audit's content scripts, in the same worlds, frames and moment", async () => {
  const manifest = JSON.parse(readFileSync(new URL('../../bench/control-extension/manifest.json', import.meta.url), 'utf8')) as {
    content_scripts: Record<string, unknown>[];
  };
  const ours = await Promise.all(
    ['script-writes-relay', 'script-writes'].map(async (name) => (await import(`../../../entrypoints/${name}.content.ts`)).default as Record<string, unknown>),
  );
  // WXT writes each entrypoint's options as these manifest keys.
  const declared = (o: Record<string, unknown>) => ({
    matches: o.matches,
    run_at: o.runAt,
    all_frames: o.allFrames,
    match_about_blank: o.matchAboutBlank,
    match_origin_as_fallback: o.matchOriginAsFallback,
    world: o.world ?? 'ISOLATED',
  });
  const control = manifest.content_scripts.map(({ js: _js, ...rest }) => ({ world: 'ISOLATED', ...rest }));
  expect(control).toEqual(ours.map(declared));
});
