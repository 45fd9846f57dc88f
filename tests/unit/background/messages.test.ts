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
import { cookieKey, type BrowserCookie, type CookieId } from '../../../lib/cookies/cookie';
import type { CookieDraft } from '../../../lib/cookies/edit';
import type { Replies } from '../../../lib/messages';
import { clearLearned } from '../../../lib/knowledge/learned';
import { parseView } from '../../../lib/messages';

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

  /** Names whose `set` the browser refuses, as Chrome does: the promise rejects. */
  refuse = new Set<string>();

  /**
   * `cookies.set`: replaces the cookie of the same identity in that store and partition; no
   * `domain` makes a host-only cookie of the URL's host, a `domain` a `.domain` cookie.
   */
  set = vi.fn(async (d: { url: string; name: string; value: string; domain?: string; path: string; secure: boolean; httpOnly: boolean; sameSite?: string; expirationDate?: number; storeId?: string; partitionKey?: { topLevelSite: string } }) => {
    if (this.refuse.has(d.name)) throw new Error(`Failed to parse or set cookie named "${d.name}".`);
    const cookie = stored({
      name: d.name,
      value: d.value,
      domain: d.domain ? `.${d.domain}` : new URL(d.url).hostname,
      path: d.path,
      secure: d.secure,
      httpOnly: d.httpOnly,
      sameSite: d.sameSite ?? 'unspecified',
      session: d.expirationDate === undefined,
      ...(d.expirationDate === undefined ? {} : { expirationDate: d.expirationDate }),
      storeId: d.storeId ?? DEFAULT_STORE,
      partitionKey: d.partitionKey ?? null,
    });
    this.cookies = this.cookies.filter((c) => describeCookie(c) !== describeCookie(cookie) || c.hostOnly !== cookie.hostOnly);
    this.cookies.push(cookie);
    return cookie;
  });

  names = () => this.cookies.map(describeCookie).sort();
  values = () => this.cookies.map((c) => `${describeCookie(c)}=${c.value}`).sort();
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
  vi.spyOn(fakeBrowser.cookies, 'set').mockImplementation(jar.set as never);
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
  const monitor = { tab: async () => undefined, failedSaves: () => 0, version: () => 0, pending: () => false } as unknown as MonitorStore;
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

describe('the popup’s view of the tab', () => {
  type Reply<T> = { ok: true; result: T };
  const ask = async <T,>(message: object) => ((await listener(message, OURS as never)) as Reply<T>).result;
  const view = async <T,>(message: object) => parseView((await ask<{ view: string }>(message)).view) as T;

  it('lists the report’s cookies, asking the cookie store once per site, frame and path', async () => {
    const report = await ask<{ cookies: CookieId[] }>({ type: 'getReport', tabId });
    vi.mocked(fakeBrowser.cookies.getAll).mockClear();
    const answer = await view<{ cookies: (CookieId & { findings: { id: string }[] })[]; rules: Record<string, unknown> }>({ type: 'getView', tabId });
    expect(answer.cookies.map((c) => `${c.domain} ${c.name}`)).toEqual(report.cookies.map((c) => `${c.domain} ${c.name}`));
    // The page's site whole (every host and path of it), and the third-party frame's URL; every partition at once.
    expect(vi.mocked(fakeBrowser.cookies.getAll).mock.calls.map(([details]) => details)).toEqual([
      { storeId: DEFAULT_STORE, domain: 'site.example', partitionKey: {} },
      { storeId: DEFAULT_STORE, url: FRAME, partitionKey: {} },
    ]);
    for (const id of answer.cookies.flatMap((c) => c.findings.map((f) => f.id))) expect(answer.rules).toHaveProperty(id);
  });

  it('still lists the unpartitioned cookies where the browser refuses a partition key', async () => {
    vi.mocked(fakeBrowser.cookies.getAll).mockImplementation((async (details: { partitionKey?: object }) => {
      if (details.partitionKey) throw new Error('Unexpected property: partitionKey');
      return jar.getAll(details);
    }) as never);
    const answer = await view<{ cookies: CookieId[] }>({ type: 'getView', tabId });
    expect(answer.cookies.map((c) => `${c.domain} ${c.name}`).sort()).toEqual(['site.example _ga', 'www.site.example cart', 'www.site.example sessionid']);
  });

  it('gives a cookie’s findings with their fixes, and none for a cookie outside the inventory', async () => {
    const flagged = stored({ name: 'PHPSESSID', domain: 'www.site.example', value: '9b2e7d4a1c8f3e6b0a5d2c7f4e1b8a3d', secure: false, httpOnly: false });
    jar.cookies.push(flagged);
    const { findings } = await ask<{ findings: { id: string; fix: string }[] }>({ type: 'getFindings', tabId, cookie: idOf(flagged) });
    expect(findings.map((f) => f.id)).toContain('cookies-session-without-secure-flag');
    for (const f of findings) expect(f.fix).not.toContain(flagged.value);
    expect(await ask({ type: 'getFindings', tabId, cookie: idOf(OTHER_SITE) })).toEqual({ findings: [] });
  });

  it('holds no cookie value; gives one value of the tab’s inventory when asked, and none of another tab, store or partition', async () => {
    const secret = stored({ name: 'sessionid', domain: 'www.site.example', value: 'q3v8k2m9x7c1b5n4z6w0' });
    jar.cookies[0] = secret;
    const reply = await ask<{ view: string; stale: boolean }>({ type: 'getView', tabId });
    expect(reply.stale).toBe(false);
    expect(reply.view).not.toContain(secret.value);
    expect(await ask({ type: 'getValue', tabId, cookie: idOf(secret) })).toEqual({ value: secret.value });
    for (const other of [OTHER_SITE, OTHER_STORE, OTHER_PARTITION]) {
      expect(await ask({ type: 'getValue', tabId, cookie: idOf(other) })).toEqual({ value: null });
    }
  });

  it('gives every value of the tab’s inventory when all are shown, by cookie key, and none of another tab, store or partition', async () => {
    const secret = stored({ name: 'sessionid', domain: 'www.site.example', value: 'q3v8k2m9x7c1b5n4z6w0' });
    jar.cookies[0] = secret;
    const { values } = await ask<{ values: [string, string][] }>({ type: 'getValues', tabId });
    const byKey = new Map(values);
    expect(byKey.get(cookieKey(idOf(secret)))).toBe(secret.value);
    for (const other of [OTHER_SITE, OTHER_STORE, OTHER_PARTITION]) expect(byKey.has(cookieKey(idOf(other)))).toBe(false);
    expect(values.length).toBe(parseView((await ask<{ view: string }>({ type: 'getView', tabId, fresh: true })).view).cookies.length);
  });

  it('answers the kept view until a delete, and a view without the deleted cookie right after it', async () => {
    const names = (reply: { view: string }) => parseView(reply.view).cookies.map((c) => c.name).sort();
    const first = await ask<{ view: string; stale: boolean }>({ type: 'getView', tabId });
    expect(names(first)).toEqual(['_ga', 'cart', 'sessionid', 'widget']);
    vi.mocked(fakeBrowser.cookies.getAll).mockClear();
    expect(await ask({ type: 'getView', tabId })).toEqual(first);
    expect(fakeBrowser.cookies.getAll, 'the kept view costs no cookie query').not.toHaveBeenCalled();
    await deleteCookie(idOf(TAB_COOKIES[1]));
    // The monitor has not said anything yet: the delete itself made the kept view stale.
    expect(await ask({ type: 'getView', tabId })).toEqual({ ...first, stale: true });
    expect(names(await ask({ type: 'getView', tabId, fresh: true }))).toEqual(['_ga', 'sessionid', 'widget']);
  });

  it('refuses a value to a sender that is not one of Cookie Audit’s pages', async () => {
    const reply = (await listener({ type: 'getValue', tabId, cookie: idOf(TAB_COOKIES[0]) }, { id: fakeBrowser.runtime.id, url: 'https://evil.example/' } as never)) as { ok: boolean };
    expect(reply.ok).toBe(false);
  });

  it('has no activity for a tab the background was not watching', async () => {
    expect(await ask({ type: 'getActivity', tabId })).toEqual({ activity: null });
  });
});

/** A draft as the editor sends it: a first-party session cookie of the page. */
const draft = (overrides: Partial<CookieDraft> = {}): CookieDraft => ({
  name: 'theme',
  value: 'dark',
  domain: 'www.site.example',
  hostOnly: true,
  path: '/',
  secure: true,
  httpOnly: false,
  sameSite: 'lax',
  partitioned: false,
  ...overrides,
});

const setCookies = async (cookies: CookieDraft[], replaces: CookieId | null = null, sender: object = OURS) =>
  (await listener({ type: 'setCookies', tabId, cookies, replaces }, sender as never)) as { ok: boolean; error?: string; result: Replies['setCookies'] };

describe('setting cookies (edit, create, import)', () => {
  it('sets each cookie in the tab’s store, a partitioned one under the page’s site, and answers what the browser stored', async () => {
    const reply = await setCookies([draft(), draft({ name: 'embed', domain: 'widget.embed.example', sameSite: 'no_restriction', partitioned: true })]);
    expect(reply.result).toEqual({
      applied: 2,
      refused: [],
      rolledBack: 0,
      stored: [draft(), draft({ name: 'embed', domain: 'widget.embed.example', sameSite: 'no_restriction', partitioned: true })],
    });
    expect(jar.names()).toContain(`${DEFAULT_STORE} - www.site.example/ theme`);
    expect(jar.names()).toContain(`${DEFAULT_STORE} https://site.example widget.embed.example/ embed`);
  });

  it('sets nothing when one draft would be refused, and names it with the browser’s reason', async () => {
    const before = jar.values();
    const reply = await setCookies([draft(), draft({ name: 'x', sameSite: 'no_restriction', secure: false })]);
    expect(reply.result).toEqual({ applied: 0, refused: [{ index: 1, reason: expect.stringMatching(/SameSite=None requires Secure/), reasonMsg: { key: 'refused_samesite_none' } }], stored: [], rolledBack: 0 });
    expect(jar.values()).toEqual(before);
    expect(jar.set).not.toHaveBeenCalled();
  });

  it('puts back what it set when the browser refuses a cookie mid-way: nothing half-applied', async () => {
    const before = jar.values();
    jar.refuse.add('third');
    // The first overwrites the tab's sessionid, the second is new, the third fails.
    const reply = await setCookies([draft({ name: 'sessionid', value: 'changed' }), draft({ name: 'second' }), draft({ name: 'third' })]);
    expect(reply.result).toEqual({ applied: 0, refused: [{ index: 2, reason: expect.stringMatching(/^The browser refused it: Failed to parse or set cookie named "third"/), reasonMsg: { key: 'refused_by_browser', args: [expect.stringMatching(/^Failed to parse or set cookie named "third"/)] } }], stored: [], rolledBack: 2 });
    expect(jar.values()).toEqual(before);
  });

  it('edits a cookie of the inventory in place, and removes the original when the name changes', async () => {
    const original = idOf(TAB_COOKIES[0]);
    const edited = await setCookies([draft({ name: 'sessionid', value: 'new', secure: true, httpOnly: true })], original);
    expect(edited.result.applied).toBe(1);
    expect(jar.values()).toContain(`${DEFAULT_STORE} - www.site.example/ sessionid=new`);
    const renamed = await setCookies([draft({ name: 'sid', value: 'new' })], original);
    expect(renamed.result.applied).toBe(1);
    expect(jar.names()).toContain(`${DEFAULT_STORE} - www.site.example/ sid`);
    expect(jar.names()).not.toContain(`${DEFAULT_STORE} - www.site.example/ sessionid`);
    expect(jar.names()).toContain(`${INCOGNITO_STORE} - www.site.example/ sessionid`);
  });

  it('refuses an edit of a cookie outside the tab’s inventory', async () => {
    const before = jar.values();
    const reply = await setCookies([draft({ name: 'IDE', domain: 'doubleclick.example' })], idOf(OTHER_SITE));
    expect(reply.result.refused).toEqual([{ index: 0, reason: expect.stringMatching(/no longer stored in this tab/), reasonMsg: { key: 'refused_gone' } }]);
    expect(jar.values()).toEqual(before);
  });

  it('accepts drafts only from Cookie Audit’s pages, and only well-formed ones', async () => {
    expect(await setCookies([draft()], null, { id: fakeBrowser.runtime.id, url: 'https://evil.example/' })).toEqual({ ok: false, error: expect.stringMatching(/^Refused/) });
    const malformed = (await listener({ type: 'setCookies', tabId, cookies: [{ ...draft(), secure: 'yes' }] }, OURS as never)) as { ok: boolean; error: string };
    expect(malformed).toEqual({ ok: false, error: 'Refused: not a Cookie Audit message.' });
    expect(jar.set).not.toHaveBeenCalled();
  });
});

describe('deleting the filtered cookies', () => {
  it('removes the listed cookies of the inventory and nothing outside it', async () => {
    const reply = await listener({ type: 'deleteCookies', tabId, cookies: [idOf(TAB_COOKIES[1]), idOf(TAB_COOKIES[3]), idOf(OTHER_SITE), idOf(OTHER_STORE)] }, OURS as never);
    expect(reply).toEqual({ ok: true, result: { removed: 2 } });
    expect(jar.cookies).toEqual([TAB_COOKIES[0], TAB_COOKIES[2], OTHER_SITE, OTHER_STORE, OTHER_PARTITION]);
  });
});
