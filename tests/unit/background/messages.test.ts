/**
 * The background's message handler (entrypoints/background/messages.ts) with the browser APIs it
 * uses faked: a delete message acts only on cookies of the tab's own inventory, and only
 * Cookie Audit's own pages may send one.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMessageListener } from '../../../entrypoints/background/messages';
import type { LearnedStore } from '../../../entrypoints/background/learned';
import type { MonitorStore } from '../../../entrypoints/background/monitor';
import type { BrowserCookie, CookieId } from '../../../lib/cookies/cookie';
import { clearLearned } from '../../../lib/knowledge/learned';

const PAGE = 'https://www.site.example/account';
/** A third-party frame of the page: its cookies belong to the tab's inventory. */
const FRAME = 'https://widget.embed.example/frame';
const DEFAULT_STORE = '0';
const INCOGNITO_STORE = '1';

type StoredCookie = BrowserCookie & { partitionKey: { topLevelSite: string } | null };

function stored(fields: Partial<StoredCookie> & Pick<StoredCookie, 'name' | 'domain'>): StoredCookie {
  return {
    value: 'v',
    path: '/',
    hostOnly: !fields.domain.startsWith('.'),
    secure: true,
    httpOnly: false,
    sameSite: 'lax',
    session: true,
    storeId: DEFAULT_STORE,
    partitionKey: null,
    ...fields,
  };
}

/**
 * A cookie jar with the query semantics of Chrome's `cookies` API
 * (https://developer.chrome.com/docs/extensions/reference/api/cookies): `url` returns the cookies
 * that would be sent to it; `domain` those of that domain and its subdomains; without
 * `partitionKey` only unpartitioned cookies, with `{}` every partition, with a
 * `topLevelSite` that partition and the unpartitioned ones; `remove` deletes the named cookie
 * that would be sent to `url`, in the given store and partition.
 */
class FakeCookieJar {
  constructor(public cookies: StoredCookie[]) {}

  private static domainMatches(host: string, c: StoredCookie): boolean {
    const domain = c.domain.replace(/^\./, '');
    return c.hostOnly ? host === domain : host === domain || host.endsWith(`.${domain}`);
  }

  private static sentTo(url: URL, c: StoredCookie): boolean {
    const pathMatches = url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`);
    return FakeCookieJar.domainMatches(url.hostname, c) && pathMatches && (!c.secure || url.protocol === 'https:');
  }

  private static inPartition(c: StoredCookie, key: { topLevelSite?: string } | undefined): boolean {
    if (!key) return c.partitionKey === null;
    if (key.topLevelSite === undefined) return true;
    return c.partitionKey === null || c.partitionKey.topLevelSite === key.topLevelSite;
  }

  getAll = async (details: { url?: string; domain?: string; name?: string; storeId?: string; partitionKey?: { topLevelSite?: string } }) =>
    this.cookies.filter(
      (c) =>
        c.storeId === (details.storeId ?? DEFAULT_STORE) &&
        FakeCookieJar.inPartition(c, details.partitionKey) &&
        (details.name === undefined || c.name === details.name) &&
        (details.url === undefined || FakeCookieJar.sentTo(new URL(details.url), c)) &&
        (details.domain === undefined || FakeCookieJar.domainMatches(details.domain, { ...c, hostOnly: false }) || c.domain.replace(/^\./, '').endsWith(`.${details.domain}`)),
    );

  remove = vi.fn(async (details: { url: string; name: string; storeId?: string; partitionKey?: { topLevelSite?: string } }) => {
    const url = new URL(details.url);
    const victims = this.cookies.filter(
      (c) =>
        c.name === details.name &&
        c.storeId === (details.storeId ?? DEFAULT_STORE) &&
        (c.partitionKey?.topLevelSite ?? null) === (details.partitionKey?.topLevelSite ?? null) &&
        FakeCookieJar.sentTo(url, c),
    );
    if (victims.length === 0) return null;
    this.cookies = this.cookies.filter((c) => !victims.includes(c));
    return { url: details.url, name: details.name, storeId: victims[0].storeId };
  });

  names = () => this.cookies.map(describeCookie).sort();
}

const describeCookie = (c: StoredCookie) => `${c.storeId} ${c.partitionKey?.topLevelSite ?? '-'} ${c.domain}${c.path} ${c.name}`;

/** The tab's own cookies, and others the browser holds that the tab does not involve. */
const TAB_COOKIES = [
  stored({ name: 'sessionid', domain: 'www.site.example' }),
  stored({ name: 'cart', domain: 'www.site.example', path: '/shop' }),
  stored({ name: '_ga', domain: '.site.example' }),
  stored({ name: 'widget', domain: 'widget.embed.example', sameSite: 'no_restriction', partitionKey: { topLevelSite: 'https://site.example' } }),
];
const OTHER_SITE = stored({ name: 'IDE', domain: '.doubleclick.example', sameSite: 'no_restriction' });
/** Same name and domain as the tab's `sessionid`, in the incognito store. */
const OTHER_STORE = stored({ name: 'sessionid', domain: 'www.site.example', storeId: INCOGNITO_STORE });
/** The embed's cookie as partitioned under another top-level site. */
const OTHER_PARTITION = stored({ name: 'widget', domain: 'widget.embed.example', sameSite: 'no_restriction', partitionKey: { topLevelSite: 'https://news.example' } });

function idOf(c: StoredCookie): CookieId {
  return {
    name: c.name,
    domain: c.domain.replace(/^\./, ''),
    path: c.path,
    hostOnly: c.hostOnly,
    storeId: c.storeId,
    partitionKey: c.partitionKey,
    firstPartyDomain: '',
  };
}

const OURS = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };

let jar: FakeCookieJar;
let tabId: number;
let listener: ReturnType<typeof createMessageListener>;

beforeEach(async () => {
  fakeBrowser.reset();
  jar = new FakeCookieJar([...TAB_COOKIES, OTHER_SITE, OTHER_STORE, OTHER_PARTITION]);
  vi.spyOn(fakeBrowser.cookies, 'getAll').mockImplementation(jar.getAll as never);
  vi.spyOn(fakeBrowser.cookies, 'remove').mockImplementation(jar.remove as never);
  const tab = await fakeBrowser.tabs.create({ url: PAGE });
  tabId = tab.id!;
  // The fake's unmocked functions are typed as returning nothing.
  const stores = [
    { id: DEFAULT_STORE, tabIds: [tabId] },
    { id: INCOGNITO_STORE, tabIds: [] },
  ];
  vi.spyOn(fakeBrowser.cookies, 'getAllCookieStores').mockImplementation((async () => stores) as never);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async () => true) as never);
  // fakeBrowser's webNavigation has events only: the page's frames, as Chrome lists them.
  Object.assign(fakeBrowser.webNavigation, {
    getAllFrames: async () => [
      { frameId: 0, parentFrameId: -1, url: PAGE },
      { frameId: 1, parentFrameId: 0, url: FRAME },
    ],
  });
  // No monitor record: the inventory comes from the page, its frames and its own site.
  const monitor = { tab: async () => undefined, failedSaves: () => 0 } as unknown as MonitorStore;
  const learned = { current: async () => clearLearned() } as unknown as LearnedStore;
  listener = createMessageListener(monitor, learned);
});

const deleteCookie = (cookie: CookieId, sender: { id?: string; url?: string } = OURS) =>
  listener({ type: 'deleteCookie', tabId, cookie }, sender as never);

describe('the background refuses deletes outside the tab’s inventory', () => {
  it('lists the tab’s own cookies in its report, and only those', async () => {
    const reply = (await listener({ type: 'getReport', tabId }, OURS as never)) as { ok: true; result: { cookies: { name: string; domain: string }[] } };
    expect(reply.ok).toBe(true);
    expect(reply.result.cookies.map((c) => `${c.domain} ${c.name}`).sort()).toEqual(
      ['site.example _ga', 'widget.embed.example widget', 'www.site.example cart', 'www.site.example sessionid'].sort(),
    );
  });

  it.each([
    ['a first-party cookie', TAB_COOKIES[0]],
    ['a cookie with its own Path', TAB_COOKIES[1]],
    ['a domain cookie', TAB_COOKIES[2]],
    ['the frame’s partitioned cookie', TAB_COOKIES[3]],
  ])('removes %s of the inventory, and nothing else', async (_what, cookie) => {
    const before = jar.names();
    expect(await deleteCookie(idOf(cookie))).toEqual({ ok: true, result: { removed: 1 } });
    expect(jar.names()).toEqual(before.filter((n) => n !== describeCookie(cookie)));
  });

  it.each([
    ['of a site the tab never involved', OTHER_SITE],
    ['in another cookie store', OTHER_STORE],
    ['in another site’s partition', OTHER_PARTITION],
    ['with the identity of an inventory cookie but another path', { ...TAB_COOKIES[0], path: '/admin' }],
  ])('answers { removed: 0 } and removes nothing for a cookie %s', async (_what, cookie) => {
    const before = jar.names();
    expect(await deleteCookie(idOf(cookie))).toEqual({ ok: true, result: { removed: 0 } });
    expect(jar.names()).toEqual(before);
    expect(jar.remove).not.toHaveBeenCalled();
  });

  it('deletes a site’s cookies only when the site is in the inventory', async () => {
    const before = jar.names();
    expect(await listener({ type: 'deleteSiteCookies', tabId, site: 'doubleclick.example' }, OURS as never)).toEqual({ ok: true, result: { removed: 0 } });
    expect(jar.names()).toEqual(before);
    expect(await listener({ type: 'deleteSiteCookies', tabId, site: 'site.example' }, OURS as never)).toEqual({ ok: true, result: { removed: 3 } });
    // The same names in the other store stay.
    expect(jar.cookies).toEqual([TAB_COOKIES[3], OTHER_SITE, OTHER_STORE, OTHER_PARTITION]);
  });

  it.each([
    ['a web page (content script)', { id: fakeBrowser.runtime.id, url: 'https://evil.example/' }],
    ['another extension', { id: 'another-extension-id', url: 'chrome-extension://another-extension-id/page.html' }],
    ['a page claiming our URL from another extension', { id: 'another-extension-id', url: OURS.url }],
    ['no sender URL', { id: fakeBrowser.runtime.id }],
  ])('refuses a delete sent from %s', async (_who, sender) => {
    const before = jar.names();
    const reply = (await deleteCookie(idOf(TAB_COOKIES[0]), sender)) as { ok: boolean; error?: string };
    expect(reply.ok).toBe(false);
    expect(reply.error).toMatch(/^Refused/);
    expect(jar.names()).toEqual(before);
    expect(jar.remove).not.toHaveBeenCalled();
  });
});
