/**
 * The background's listener for the cookie writes pages report (entrypoints/background/claims.ts),
 * beside the extension pages' listener (messages.ts): writes are applied only when a content
 * script of a tab sent them, and a content script gets nothing else from the background.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createClaimListener } from '../../../entrypoints/background/claims';
import { createMessageListener } from '../../../entrypoints/background/messages';
import type { LearnedStore } from '../../../entrypoints/background/learned';
import type { MonitorStore } from '../../../entrypoints/background/monitor';
import type { MonitorEvent } from '../../../lib/monitor/events';

const WRITE = { api: 'cookie', op: 'set', name: '_ga', attributes: 'path=/', kind: 'file', url: 'https://www.googletagmanager.com/gtag/js?id=G-1', time: 1, count: 1 };
const CONTENT_SCRIPT = { id: fakeBrowser.runtime.id, url: 'https://recipes.test/', origin: 'https://recipes.test', frameId: 0, tab: { id: 5 } };

let applied: MonitorEvent[];
let monitor: MonitorStore;

beforeEach(() => {
  fakeBrowser.reset();
  applied = [];
  monitor = { apply: (event: MonitorEvent) => applied.push(event), tab: vi.fn(async () => undefined), failedSaves: () => 0 } as unknown as MonitorStore;
});

describe('reported cookie writes', () => {
  it('are applied when a content script of a tab sends them, with the sender as the browser names it', () => {
    const listener = createClaimListener(monitor);
    expect(listener({ type: 'scriptWrites', writes: [WRITE, { bogus: 1 }], dropped: 4, tabId: 99 }, CONTENT_SCRIPT as never)).toBeUndefined();
    expect(applied).toEqual([
      { kind: 'scriptWrites', tabId: 5, frameId: 0, documentUrl: 'https://recipes.test/', origin: 'https://recipes.test', writes: [WRITE], dropped: 5 },
    ]);
  });

  it.each([
    ['one of our pages', { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html'), frameId: 0, tab: { id: 5 } }],
    ['another extension', { ...CONTENT_SCRIPT, id: 'another-extension' }],
    ['no tab (a worker or a page of ours in no tab)', { ...CONTENT_SCRIPT, tab: undefined }],
  ])('are ignored when sent by %s', (_, sender) => {
    createClaimListener(monitor)({ type: 'scriptWrites', writes: [WRITE], dropped: 0 }, sender as never);
    expect(applied).toEqual([]);
  });

  it('leave every other message to the extension pages’ listener', () => {
    expect(createClaimListener(monitor)({ type: 'getReport', tabId: 5 }, CONTENT_SCRIPT as never)).toBeUndefined();
    expect(applied).toEqual([]);
  });
});

describe('a content script', () => {
  it.each([
    ['a report', { type: 'getReport', tabId: 5 }],
    ['a deletion', { type: 'deleteSiteCookies', tabId: 5, site: 'recipes.test' }],
    ['the learned trackers cleared', { type: 'clearLearned' }],
    ['a cookie set', { type: 'setCookies', tabId: 5, replaces: null, cookies: [{ name: 'sid', value: 'x', domain: 'recipes.test', hostOnly: true, path: '/', secure: true, httpOnly: true, sameSite: 'lax', partitioned: false }] }],
    ['the listed cookies deleted', { type: 'deleteCookies', tabId: 5, cookies: [] }],
  ])('is refused %s by the extension pages’ listener', async (_, message) => {
    const learned = { current: vi.fn(), clear: vi.fn() } as unknown as LearnedStore;
    const reply = (await createMessageListener(monitor, learned)(message, CONTENT_SCRIPT as never)) as { ok: boolean; error: string };
    expect(reply).toEqual({ ok: false, error: expect.stringMatching(/^Refused/) });
    expect(monitor.tab).not.toHaveBeenCalled();
    expect(learned.clear).not.toHaveBeenCalled();
  });

  it.each([
    ['autoconsent’s eval request', { type: 'cookieAuditAutoconsent', message: { type: 'eval', id: 'e1', snippetId: 'EVAL_0' } }],
    ['a consent platform’s report', { type: 'cookieAuditCmp', report: { type: 'popupFound', cmp: 'cookieyes' } }],
    ['anything else', { type: 'somethingElse' }],
  ])('is left to the other listeners for %s: the extension pages’ listener does not answer first', (_, message) => {
    const learned = { current: vi.fn(), clear: vi.fn() } as unknown as LearnedStore;
    expect(createMessageListener(monitor, learned)(message, CONTENT_SCRIPT as never)).toBeUndefined();
  });
});
