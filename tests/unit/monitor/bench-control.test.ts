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
