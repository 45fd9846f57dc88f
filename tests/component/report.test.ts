// @vitest-environment jsdom
// (jsdom, so that Svelte compiles the module for the browser: on the server `$state` makes no proxies.)
/**
 * The popup's commands (entrypoints/popup/report.svelte.ts) against a background faked at
 * `runtime.sendMessage`, which clones each message as the browsers do: Firefox refuses to send a
 * proxy, and Svelte's reactive state is made of proxies.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ReportState } from '../../entrypoints/popup/report.svelte';
import { cookieIdOf } from '../../lib/cookies/cookie';
import type { Message } from '../../lib/messages';
import type { Report } from '../../lib/report';
import { makeReportCookie } from '../unit/cookies/helpers';

const TAB = 7;
const partitioned = makeReportCookie({
  name: 'embed_id',
  domain: 'cdn-embed.example',
  sameSite: 'no_restriction',
  partitionKey: { topLevelSite: 'https://site.example', hasCrossSiteAncestor: true },
  partitionSite: 'site.example',
});
const report = { cookies: [partitioned] } as unknown as Report;

let sent: Message[];
let removed: number;

beforeEach(() => {
  fakeBrowser.reset();
  sent = [];
  removed = 1;
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: Message) => {
    // What the browser does to every message: a structured clone, which a Proxy fails.
    const copy = structuredClone(message);
    sent.push(copy);
    if (copy.type === 'getReport') return { ok: true, result: report };
    if (copy.type === 'deleteCookie') return { ok: true, result: { removed } };
    return { ok: false, error: 'unexpected' };
  }) as never);
});

async function loaded(): Promise<ReportState> {
  const state = new ReportState(TAB);
  await state.load();
  expect(state.report?.cookies).toHaveLength(1);
  return state;
}

describe('the popup’s delete command', () => {
  it('sends the identity of a cookie taken from the reactive report as a plain, cloneable message', async () => {
    const state = await loaded();
    await state.deleteCookie(cookieIdOf(state.report!.cookies[0]));
    expect(state.error).toBeNull();
    expect(sent.find((m) => m.type === 'deleteCookie')).toEqual({
      type: 'deleteCookie',
      tabId: TAB,
      cookie: {
        name: 'embed_id',
        domain: 'cdn-embed.example',
        path: '/',
        hostOnly: true,
        storeId: '0',
        partitionKey: { topLevelSite: 'https://site.example', hasCrossSiteAncestor: true },
        firstPartyDomain: '',
      },
    });
    // Then it shows the tab as it is now.
    expect(sent.at(-1)).toMatchObject({ type: 'getReport', tabId: TAB });
  });

  it('says so when nothing was deleted, and the reload after it does not hide that', async () => {
    removed = 0;
    const state = await loaded();
    await state.deleteCookie(cookieIdOf(state.report!.cookies[0]));
    expect(sent.at(-1)).toMatchObject({ type: 'getReport' });
    expect(state.error).toBe('Cookie embed_id was not deleted: it is no longer stored, or the browser refused.');
  });
});
