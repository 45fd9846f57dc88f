// @vitest-environment jsdom
// (jsdom, so that Svelte compiles the module for the browser: on the server `$state` makes no proxies.)
/**
 * The popup's commands (components/tabView.svelte.ts) against a background faked at
 * `runtime.sendMessage`, which clones each message as the browsers do: Firefox refuses to send a
 * proxy, and Svelte's reactive state is made of proxies.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { begin, tabIdFor, takeView } from '../../entrypoints/popup/early';
import { useMessages } from '../../components/i18n';
import en from '../../public/_locales/en/messages.json';
import de from '../../public/_locales/de/messages.json';
import { ReportState } from '../../components/tabView.svelte';
import { cookieIdOf } from '../../lib/cookies/cookie';
import type { Message } from '../../lib/messages';
import type { PopupView } from '../../lib/view';
import { encodeView } from '../../lib/view-wire';
import { makeViewCookie } from '../unit/cookies/helpers';

const TAB = 7;
const partitioned = makeViewCookie({
  name: 'embed_id',
  domain: 'cdn-embed.example',
  sameSite: 'no_restriction',
  partitionKey: { topLevelSite: 'https://site.example', hasCrossSiteAncestor: true },
  partitionSite: 'site.example',
});
let view: PopupView;

let sent: Message[];
let removed: number;
/** Whether the background's kept view is older than the tab's last change (`getView` without `fresh`). */
let keptStale: boolean;
/** The view the background kept, answered without `fresh`. */
let kept: PopupView | null;
let onFresh: () => void;
let shownBeforeFresh: string[] | null;

beforeEach(() => {
  fakeBrowser.reset();
  sent = [];
  removed = 1;
  view = { cookies: [partitioned] } as unknown as PopupView;
  kept = null;
  keptStale = false;
  onFresh = () => {};
  shownBeforeFresh = null;
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: Message) => {
    // What the browser does to every message: a structured clone, which a Proxy fails.
    const copy = structuredClone(message);
    sent.push(copy);
    // What a message's answer is in the browsers: a copy, never the background's own objects.
    if (copy.type === 'getView') {
      if (!copy.fresh && kept) return { ok: true, result: { view: encodeView(kept), stale: keptStale } };
      if (copy.fresh) onFresh();
      return { ok: true, result: { view: encodeView(view), stale: false } };
    }
    if (copy.type === 'getValue') return { ok: true, result: { value: 'dark' } };
    if (copy.type === 'getActivity') return { ok: true, result: { activity: null } };
    if (copy.type === 'getFindings') return { ok: true, result: { findings: [] } };
    if (copy.type === 'deleteCookie') return { ok: true, result: { removed } };
    return { ok: false, error: 'unexpected' };
  }) as never);
});

async function loaded(count = 1): Promise<ReportState> {
  const state = new ReportState(TAB, takeView);
  await state.load();
  expect(state.cookies).toHaveLength(count);
  return state;
}

describe('the popup’s delete command', () => {
  it('sends the identity of a cookie taken from the reactive report as a plain, cloneable message', async () => {
    const state = await loaded();
    await state.deleteCookie(cookieIdOf(state.cookies[0]));
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
    expect(sent.at(-1)).toMatchObject({ type: 'getView', tabId: TAB });
  });

  it('says so when nothing was deleted, and the reload after it does not hide that', async () => {
    removed = 0;
    const state = await loaded();
    await state.deleteCookie(cookieIdOf(state.cookies[0]));
    expect(sent.at(-1)).toMatchObject({ type: 'getView' });
    expect(state.error).toBe('Cookie embed_id was not deleted: it is no longer stored, or the browser refused.');
  });

  it('says it in the UI’s language', async () => {
    removed = 0;
    useMessages(de);
    try {
      const state = await loaded();
      await state.deleteCookie(cookieIdOf(state.cookies[0]));
      expect(state.error).toBe('Das Cookie embed_id wurde nicht gelöscht: Es ist nicht mehr gespeichert, oder der Browser hat es abgelehnt.');
    } finally {
      useMessages(en);
    }
  });
});

describe('the popup’s reloads', () => {
  const other = makeViewCookie({ name: 'theme', value: 'dark' });

  it('keeps the object of every cookie that did not change, so that only changed rows update', async () => {
    view = { cookies: [partitioned, other] } as unknown as PopupView;
    const state = await loaded(2);
    const [before, otherBefore] = state.cookies;
    const list = state.cookies;

    const shown = state.view;
    await state.load();
    expect(state.cookies, 'nothing changed: the same list').toBe(list);
    expect(state.view, 'nothing changed: the same view').toBe(shown);

    view = { cookies: [partitioned, { ...other, size: 10 }] } as unknown as PopupView;
    await state.load();
    expect(state.cookies[0]).toBe(before);
    expect(state.cookies[1]).not.toBe(otherBefore);
    expect(state.cookies[1].size).toBe(10);
  });

  it('opens with the view the background kept, and replaces it with a fresh one when the tab changed since', async () => {
    kept = { cookies: [partitioned] } as unknown as PopupView;
    view = { cookies: [partitioned, other] } as unknown as PopupView;
    const state = new ReportState(TAB, takeView);
    await state.load(false);
    expect(sent).toEqual([{ type: 'getView', tabId: TAB, fresh: false }]);
    expect(state.cookies.map((c) => c.name), 'the kept view is current').toEqual(['embed_id']);

    keptStale = true;
    const opened = new ReportState(TAB, takeView);
    // When the fresh view is asked for, the kept one is on screen already.
    onFresh = () => (shownBeforeFresh = opened.cookies.map((c) => c.name));
    await opened.load(false);
    expect(shownBeforeFresh).toEqual(['embed_id']);
    expect(sent.slice(1)).toEqual([
      { type: 'getView', tabId: TAB, fresh: false },
      { type: 'getView', tabId: TAB, fresh: true },
    ]);
    expect(opened.cookies.map((c) => c.name)).toEqual(['embed_id', 'theme']);
  });

  it('takes the view asked for before the popup’s code loaded, once, and only for its tab', async () => {
    kept = { cookies: [partitioned] } as unknown as PopupView;
    begin(`?tabId=${TAB}`);
    expect(await tabIdFor(`?tabId=${TAB}`)).toBe(TAB);
    // Asked before any component exists.
    await vi.waitFor(() => expect(sent).toEqual([{ type: 'getView', tabId: TAB, fresh: false }]));
    const state = new ReportState(TAB, takeView);
    await state.load(false);
    expect(sent, 'no second question').toHaveLength(1);
    expect(state.cookies.map((c) => c.name)).toEqual(['embed_id']);
    // Taken once: the next popup state asks again; another tab's state never takes it.
    await new ReportState(TAB, takeView).load(false);
    expect(sent).toHaveLength(2);
    begin(`?tabId=${TAB}`);
    await vi.waitFor(() => expect(sent).toHaveLength(3));
    const other = new ReportState(TAB + 1, takeView);
    await other.load(false);
    expect(sent.slice(3)).toEqual([{ type: 'getView', tabId: TAB + 1, fresh: false }]);
  });

  it('asks for the view without values, a value only when revealed, and what the tab did only when asked', async () => {
    const state = await loaded(1);
    expect(sent).toEqual([{ type: 'getView', tabId: TAB, fresh: true }]);
    expect(await state.value(state.cookies[0])).toBe('dark');
    expect(sent.at(-1)).toEqual({ type: 'getValue', tabId: TAB, cookie: cookieIdOf(partitioned) });
    expect(state.activity).toBeUndefined();
    await state.loadActivity();
    expect(sent.at(-1)).toEqual({ type: 'getActivity', tabId: TAB });
    expect(state.activity).toBeNull();
  });

  it('asks for one cookie’s findings by its identity alone, in a cloneable message', async () => {
    const state = await loaded(1);
    await state.findings(state.cookies[0]);
    const message = sent.at(-1) as Extract<Message, { type: 'getFindings' }>;
    expect(message.type).toBe('getFindings');
    expect(message.cookie).toEqual(cookieIdOf(partitioned));
    expect(message.cookie).not.toHaveProperty('value');
  });
});
