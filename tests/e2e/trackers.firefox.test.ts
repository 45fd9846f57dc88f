/**
 * Background monitoring in real Firefox ESR: the same demo page's third parties, pixel and
 * beacon (Firefox calls sendBeacon requests `beacon`, Chrome `ping`), badge and timeline.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './popup';
import { firefoxDemo } from './support/browsers.mjs';
import { HOSTS, startFixtureServer } from './support/server.mjs';
import { assertNewsReport, assertThirdParties, readTrackerCards } from './trackers';

// The extension pages' `browser` global (webextension-polyfill types are not loaded in Node).
declare const browser: typeof chrome & { browserAction: typeof chrome.action };

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof firefoxDemo>>;
let firefox: Browser;
let popup: Page;
let tabId: number;

type Report = { activity: { tracking: number; thirdParties: Parameters<typeof assertThirdParties>[0]; timeline: { cookie: { name: string }; setBy?: string }[] } | null };

async function report(): Promise<Report> {
  const reply = await popup.evaluate((id) => browser.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId);
  expect(reply.ok).toBe(true);
  return reply.result;
}

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await firefoxDemo(server);
  ({ browser: firefox, popup, tabId } = demo);
  await waitUntil('both trackers recorded', async () => {
    const { activity } = await report();
    if (activity?.tracking !== 2) throw new Error(`tracking: ${JSON.stringify(activity?.thirdParties.map((p) => [p.site, p.tracking]) ?? null)}`);
    return true;
  });
});

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

describe('Firefox: the background watches the tab', () => {
  it('reports third parties with the pixel and beacon evidence', async () => {
    assertThirdParties((await report()).activity!.thirdParties);
  });

  it('shows them in the Trackers view and counts them on the badge', async () => {
    await popup.evaluate(() => document.getElementById('tab-trackers')?.click());
    const cards = await waitUntil('tracker cards', async () => {
      const read = await popup.evaluate(readTrackerCards);
      return read.length > 0 ? read : null;
    });
    expect(cards.filter((c) => c.tracking).map((c) => c.site).sort()).toEqual(['beacon.test', 'pixel.test']);
    expect(cards.find((c) => c.site === 'pixel.test')!.text).toContain('sets cookie uid');
    expect(await popup.evaluate((id) => browser.browserAction.getBadgeText({ tabId: id }), tabId)).toBe('2');
  });

  it('attributes each cookie to the response that set it, or to script', async () => {
    const { activity } = await waitUntil('the cookie changes recorded', async () => {
      const r = await report();
      const names = r.activity?.timeline.map((e) => e.cookie.name) ?? [];
      if (!['uid', 'session_id', 'js_visit'].every((n) => names.includes(n))) throw new Error(`timeline has ${names.join(', ')}`);
      return r;
    });
    const entry = (name: string) => activity!.timeline.find((e) => e.cookie.name === name);
    expect(entry('uid')).toMatchObject({ setBy: 'http' });
    expect(entry('session_id')).toMatchObject({ setBy: 'http' });
    expect(entry('js_visit')).toMatchObject({ setBy: 'script' });
  });

  it('names known trackers and catches identifiers handed between parties', async () => {
    await demo.site.goto(server.url(HOSTS.news), { waitUntil: 'load' });
    const news = await waitUntil('the syncs recorded', async () => {
      const reply = await popup.evaluate((id) => browser.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId);
      return (reply.result.activity?.syncs.length ?? 0) >= 2 ? reply.result : null;
    });
    assertNewsReport(news);
  });
});
