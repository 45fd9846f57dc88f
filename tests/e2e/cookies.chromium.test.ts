/**
 * The cookie inventory in real Chromium: the demo site's cookies, set by HTTP and by script,
 * first- and third-party, partitioned or not, show in the popup with the right flags and party,
 * come back from `getReport`, and hostile names and values stay text.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedCookies } from './expected';
import { assertAuditReport, readAuditView } from './audit';
import { assertReportCookie, assertRows, deleteOneCookie, expectFewStartScripts, loadedScripts, readRows, waitForRows, waitForStillRows, waitUntil, watchRows } from './popup';
import { chromiumDemo, ROOT } from './support/browsers.mjs';
import { HOSTILE, HOSTS, POPUP_BENCH, startFixtureServer } from './support/server.mjs';

const expected = expectedCookies('chromium');
let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof chromiumDemo>>;
let context: BrowserContext;
let worker: Worker;
let popup: Page;
let tabId: number;
const dialogs: string[] = [];

/** Every cookie in the browser, partitioned ones included (they need a `partitionKey` query). */
async function browserCookies(): Promise<string[]> {
  const lists = await Promise.all([chrome.cookies.getAll({}), chrome.cookies.getAll({ partitionKey: {} } as chrome.cookies.GetAllDetails)]);
  const ids = lists.flat().map((c) => `${c.name} ${c.domain} ${c.path} ${c.partitionKey?.topLevelSite ?? ''}`);
  return [...new Set(ids)];
}

async function openPopup(forTabId: number): Promise<Page> {
  const page = await demo.openPopup(forTabId);
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return page;
}

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await chromiumDemo(server);
  ({ context, tabId } = demo);
  worker = demo.worker!;
  popup = await openPopup(tabId);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

describe('Chromium: the popup inventories every cookie of the tab', () => {
  it('lists each cookie once, in the right party group, with its flags in words', async () => {
    const rows = await waitForRows(popup, expected);
    assertRows(rows, expected);
    const groups = await popup.locator('section h2').allTextContents();
    expect(groups.map((g) => g.replace(/\s+/g, ' ').trim())).toEqual(['First-party 8', 'Third-party 2']);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await popup.setViewportSize({ width: 800, height: 600 });
    await popup.screenshot({ path: join(ROOT, 'test-results/popup-chromium.png') });
  });

  it('returns the same cookies from getReport, without values unless asked', async () => {
    const reply = await popup.evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId);
    expect(reply.ok).toBe(true);
    const report = reply.result;
    expect(report.schemaVersion).toBe(1);
    expect(report.tab).toMatchObject({ id: tabId, url: server.url(HOSTS.site), site: 'site.test' });
    expect(report.access).toEqual({ ok: true });
    expect(report.cookies).toHaveLength(expected.length);
    for (const cookie of expected) assertReportCookie(report.cookies, cookie);

    const withValues = await popup.evaluate(
      (id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id, includeValues: true }),
      tabId,
    );
    const hostile = withValues.result.cookies.find((c: { name: string }) => c.name === HOSTILE.name);
    expect(hostile.value).toBe(HOSTILE.value);
  });

  it('masks values until revealed and shows hostile names and values as text', async () => {
    const row = popup.locator('tr.cookie-row', { has: popup.locator('.cookie-name', { hasText: HOSTILE.name }) });
    await expect.poll(() => row.locator('.cookie-name').textContent()).toBe(HOSTILE.name);
    expect(await row.textContent()).not.toContain(HOSTILE.value);
    await row.getByRole('button', { name: `Show value of ${HOSTILE.name}` }).click();
    await expect.poll(() => row.locator('code.revealed').textContent()).toBe(HOSTILE.value);
    // Nothing from the cookie became markup, and no script ran.
    expect(await popup.locator('script:not([src]), img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await row.getByRole('button', { name: `Hide value of ${HOSTILE.name}` }).click();
    expect(await row.locator('code.revealed').count()).toBe(0);
  });

  it('updates only the row of a cookie the page changes, keeping every other row as it is', async () => {
    await waitForRows(popup, expected);
    await waitForStillRows(popup);
    const expires = popup.locator('tr.cookie-row[data-name="js_visit"] td.expires');
    const before = await expires.getAttribute('title');
    const read = await watchRows(popup);
    await demo.site.evaluate(() => (document.cookie = 'js_visit=2; path=/; max-age=7200; samesite=lax'));
    // Its exact expiry (the row's title) changed: a retry writes it again, a few seconds later.
    await expect.poll(async () => (await expires.getAttribute('title')) !== before && (await expires.textContent())).toBe('in 2 hours');
    const after = await read();
    expect(after.replaced, 'every row is the element it was').toEqual([]);
    expect(after.touched, after.changes.join('\n')).toEqual(['js_visit']);
  });

  it('filters by name or domain and sorts by a column', async () => {
    await popup.getByPlaceholder('Search by name or domain').fill('pixel');
    await expect.poll(async () => (await popup.locator('tr.cookie-row .cookie-name').allTextContents()).join(',')).toBe('uid');
    await popup.getByPlaceholder('Search by name or domain').fill('');
    await popup.locator('#first-party-title').waitFor();
    const firstParty = popup.locator('section', { has: popup.locator('#first-party-title') });
    await firstParty.getByRole('button', { name: 'Size' }).click();
    const sizes = async () =>
      (await firstParty.locator('tbody[data-site="site.test"] tr.cookie-row td.num').allTextContents()).map((t) => parseInt(t, 10));
    await expect.poll(async () => {
      const s = await sizes();
      return s.length > 1 && s.every((v, i) => i === 0 || s[i - 1] <= v);
    }).toBe(true);
  });

  it('exports the report as JSON, without cookie values', async () => {
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Export JSON' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^cookie-audit-site\.test-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(exported.schemaVersion).toBe(1);
    expect(exported.cookies.map((c: { name: string }) => c.name).sort()).toEqual(expected.map((c) => c.name).sort());
    expect(JSON.stringify(exported)).not.toContain(HOSTILE.value);
    for (const c of exported.cookies) expect(c).not.toHaveProperty('value');
  });

  it('deletes all cookies of one site after confirming', async () => {
    await waitForRows(popup, expected.filter((c) => c.domain === 'pixel.test'));
    const before = (await readRows(popup)).length;
    await popup.getByRole('button', { name: 'Delete all cookies of pixel.test' }).click();
    await popup.getByRole('group', { name: 'Confirm deleting the cookies of pixel.test' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => popup.locator('tbody[data-site="pixel.test"]').count()).toBe(0);
    const left = await worker.evaluate(() => chrome.cookies.getAll({ domain: 'pixel.test' }));
    expect(left).toEqual([]);
    // The rest are untouched.
    expect(await popup.locator('tr.cookie-row').count()).toBe(before - 1);
  });

  // A cookie with its own Path, and a partitioned (CHIPS) one: each needs its identity to be removed.
  it.each([
    { name: 'cart', domain: 'site.test' },
    { name: 'embed_state', domain: 'embed.test' },
  ])('deletes one cookie ($name) with its row\'s control, leaving the others', async (cookie) => {
    await deleteOneCookie(
      popup,
      cookie,
      () => popup.getByRole('button', { name: `Delete cookie ${cookie.name}`, exact: true }).click(),
      () => popup.evaluate(browserCookies),
    );
  });

  it.each([
    ['of a site the tab never loaded', { url: 'https://elsewhere.test/', name: 'elsewhere_id' }],
    ['of the tab’s site, but partitioned under another site', { url: 'https://site.test/', name: 'session_id', partitionKey: { topLevelSite: 'https://news.test' } }],
  ])('refuses a delete message for a cookie %s, outside the tab’s inventory', async (_what, details) => {
    // The cookie exists in the browser; the message names it exactly.
    const cookie = await popup.evaluate(async (d) => {
      const c = await chrome.cookies.set({ ...d, value: 'kept', secure: true, sameSite: 'no_restriction' } as chrome.cookies.SetDetails);
      if (!c) return null;
      const { name, domain, path, hostOnly, storeId, partitionKey } = c;
      return { name, domain: domain.replace(/^\./, ''), path, hostOnly, storeId, partitionKey: partitionKey ?? null, firstPartyDomain: '' };
    }, details);
    expect(cookie, 'the cookie was set').not.toBeNull();
    const reply = await popup.evaluate(([id, c]) => chrome.runtime.sendMessage({ type: 'deleteCookie', tabId: id, cookie: c }), [tabId, cookie] as const);
    expect(reply).toEqual({ ok: true, result: { removed: 0 } });
    const still = await popup.evaluate(
      (c) => chrome.cookies.getAll({ name: c!.name, partitionKey: {} } as chrome.cookies.GetAllDetails),
      cookie,
    );
    expect(still.filter((c) => c.value === 'kept' && (c.partitionKey?.topLevelSite ?? null) === (cookie!.partitionKey?.topLevelSite ?? null))).toHaveLength(1);
  });

  it('loads its components in one chunk once it has asked for the view, leaving the rest for later', async () => {
    // Mounted: the components' chunk has loaded (whatever the earlier tests left of the tab's cookies).
    await waitUntil('the popup mounted', () => popup.evaluate(() => document.querySelector('#app header.top') !== null));
    expectFewStartScripts(await loadedScripts(popup));
  });

  it('explains pages it cannot inspect instead of failing', async () => {
    const blank = await context.newPage();
    await blank.goto('about:blank');
    const blankTab = await demo.tabIdOf('about:blank');
    const page = await openPopup(blankTab);
    await expect.poll(() => page.locator('.notice h2').textContent()).toBe('This is a browser page');
    await page.close();
    await blank.close();

    const file = join(mkdtempSync(join(tmpdir(), 'cookie-audit-file-')), 'page.html');
    writeFileSync(file, '<!doctype html><title>A local file</title><p>On disk.</p>');
    const local = await context.newPage();
    await local.goto(`file://${file}`);
    const filePopup = await openPopup(await demo.tabIdOf(`file://${file}`));
    await expect.poll(() => filePopup.locator('.notice h2').textContent()).toBe('Local files have no cookies');
    await filePopup.close();
    await local.close();
  });
});

describe('Chromium: the audit of a site with cookie problems', () => {
  let auditPopup: Page;
  let auditTab: number;

  beforeAll(async () => {
    await demo.site.goto(server.url(HOSTS.audit), { waitUntil: 'load' });
    auditTab = await demo.tabIdOf(server.url(HOSTS.audit));
    auditPopup = await openPopup(auditTab);
  });

  it('reports each finding, the grade and the refused cookies in getReport', async () => {
    const reply = await auditPopup.evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), auditTab);
    assertAuditReport(reply.result);
  });

  it('shows the grade, the worst finding of each cookie and the refused cookies', async () => {
    const view = await waitUntil('the audit view', async () => {
      const v = await auditPopup.evaluate(readAuditView);
      return v.rejected.length > 0 ? v : null;
    });
    expect(view.grade).toBe('D');
    expect(view.worst).toMatchObject({ '__Host-sid': '', PHPSESSID: 'Session cookie without Secure', layout: 'Invalid SameSite' });
    expect(view.rejected.join(' ')).toContain('SameSite=None requires Secure');

    // Expanding a cookie shows every finding with why and the fix.
    const row = auditPopup.locator('tr.cookie-row[data-name="PHPSESSID"]');
    await row.locator('button.worst').click();
    const details = auditPopup.locator('tr.findings-row');
    await expect.poll(() => details.locator('li.finding').count()).toBe(3);
    // The fixes are asked for when the row is expanded.
    await expect.poll(() => details.locator('p.fix').count()).toBe(3);
    expect(await details.textContent()).toContain('Set-Cookie: PHPSESSID=…');

    await auditPopup.getByLabel('Only cookies with findings').check();
    await expect.poll(async () => (await auditPopup.locator('tr.cookie-row .cookie-name').allTextContents()).sort()).toEqual(
      ['PHPSESSID', 'csrftoken', 'layout', 'remember'].sort(),
    );
    await auditPopup.screenshot({ path: join(ROOT, 'test-results/popup-chromium-audit.png'), fullPage: true });
  });
});

describe('Chromium: a tab with 1,000 cookies', () => {
  let heavyPopup: Page;
  let heavyPage: Page;
  let heavyTab: number;
  /** Every cookie of the tab, as `site name`, from getReport. */
  let all: string[];
  const key = (row: { site: string | null; name: string }) => `${row.site} ${row.name}`;
  /** Scroll the popup and wait for the frame that shows the rows there. */
  const scrollTo = (page: Page, y: number) =>
    page.evaluate(async (top) => {
      window.scrollTo(0, top);
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return { y: window.scrollY, max: document.documentElement.scrollHeight - window.innerHeight };
    }, y);

  beforeAll(async () => {
    const page = await context.newPage();
    const url = server.url(POPUP_BENCH.host(1000));
    await page.goto(url, { waitUntil: 'load' });
    heavyPage = page;
    heavyTab = await demo.tabIdOf(url);
    heavyPopup = await openPopup(heavyTab);
    const report = await waitUntil(
      'the 1,000 cookies in getReport',
      async () => {
        const reply = await heavyPopup.evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), heavyTab);
        return reply.result.summary.total === 1000 ? reply.result : null;
      },
      60_000,
    );
    all = report.cookies.map((c: { site: string; name: string }) => `${c.site} ${c.name}`).sort();
  });

  it('renders the rows near the screen, counts them all, and every row is reached by scrolling', async () => {
    await expect.poll(async () => (await heavyPopup.locator('section h2').allTextContents()).map((g) => g.replace(/\s+/g, ' ').trim())).toEqual([
      'First-party 160',
      'Third-party 840',
    ]);
    // The rows fill the screen below the table's top, and stop soon after it.
    await waitUntil('rows down to the bottom of the screen', () =>
      heavyPopup.evaluate(() => {
        const rows = document.querySelectorAll('tr.cookie-row');
        return rows.length > 0 && rows[rows.length - 1].getBoundingClientRect().bottom >= innerHeight;
      }),
    );
    const first = await readRows(heavyPopup);
    expect(first.length).toBeGreaterThan(2);
    expect(first.length).toBeLessThan(60);
    const seen = new Set(first.map(key));
    for (let y = 0; ; y += 500) {
      const at = await scrollTo(heavyPopup, y);
      for (const row of await readRows(heavyPopup)) seen.add(key(row));
      if (at.y >= at.max) break;
    }
    expect([...seen].sort()).toEqual(all);
    await scrollTo(heavyPopup, 0);
  });

  it('finds any cookie by search, wherever it is in the table', async () => {
    const search = heavyPopup.getByPlaceholder('Search by name or domain');
    await search.fill('krtbcookie_236');
    // One of PubMatic's partner cookies in each of the six ad-exchange frames.
    await expect.poll(async () => (await readRows(heavyPopup)).map(key)).toEqual(
      Array.from({ length: 6 }, (_, k) => `exchange-1000-${k + 1}.test KRTBCOOKIE_236`),
    );
    await search.fill('exchange-1000-3');
    await expect.poll(async () => (await heavyPopup.locator('section h2').allTextContents()).map((g) => g.replace(/\s+/g, ' ').trim())).toEqual([
      'First-party 0',
      'Third-party 140',
    ]);
    expect((await readRows(heavyPopup)).every((r) => r.site === 'exchange-1000-3.test')).toBe(true);
    await search.fill('');
    await expect.poll(() => heavyPopup.locator('section h2').first().textContent()).toContain('160');
  });

  it('moves the keyboard focus through rows beyond those rendered at first', async () => {
    await scrollTo(heavyPopup, 0);
    const lastRendered = await heavyPopup.evaluate(() => Math.max(...[...document.querySelectorAll('tr.cookie-row')].map((r) => Number(r.getAttribute('aria-rowindex')))));
    await heavyPopup.getByPlaceholder('Search by name or domain').focus();
    let reached = 0;
    for (let i = 0; i < 400 && reached <= lastRendered + 10; i++) {
      await heavyPopup.keyboard.press('Tab');
      reached = await heavyPopup.evaluate(() => Number(document.activeElement?.closest('tr.cookie-row')?.getAttribute('aria-rowindex') ?? 0));
    }
    expect(reached).toBeGreaterThan(lastRendered + 10);
  });

  it('touches no row for a cookie change on a site the tab does not involve, and only its row for one on its own site', async () => {
    // A popup of its own, at the top of its table with nothing typed or focused, whatever ran before.
    const page = await openPopup(heavyTab);
    const elsewhere = `elsewhere_${Date.now().toString(36)}`;
    try {
      const rows = (await waitForStillRows(page)).filter((r) => r.section === 'first-party');
      // One of the page's GA4 session cookies, written by its script, on screen; one not rewritten
      // yet (a retry takes the next), so that its row's height changes as it did the first time.
      const target = rows.find((r) => r.name.startsWith('_ga_') && !r.text.includes('in 2 hours'));
      expect(target, 'a _ga_ row on screen').toBeDefined();
      const name = target!.name;
      const row = page.locator(`section[aria-labelledby="first-party-title"] tr.cookie-row[data-name="${name}"]`);
      // The popup's view requests, from now on.
      await page.evaluate(() => {
        const w = window as unknown as { viewRequests: number };
        w.viewRequests = 0;
        const runtimes = new Set([chrome.runtime, (globalThis as { browser?: typeof chrome }).browser?.runtime].filter((r) => r !== undefined));
        for (const runtime of runtimes) {
          const send = runtime.sendMessage.bind(runtime);
          runtime.sendMessage = ((message: { type?: string }, ...rest: unknown[]) => {
            if (message?.type === 'getView') w.viewRequests++;
            return (send as (...args: unknown[]) => unknown)(message, ...rest);
          }) as typeof chrome.runtime.sendMessage;
        }
      });
      const viewRequests = () => page.evaluate(() => (window as unknown as { viewRequests: number }).viewRequests);
      const read = await watchRows(page);

      // The demo site, in another tab, writes a cookie; once the background has saved that tab
      // (after telling any popup following it), nothing in this popup has moved.
      await demo.site.evaluate((cookie) => (document.cookie = `${cookie}=1; path=/; max-age=600`), elsewhere);
      await waitUntil('the demo tab saved with its cookie change', async () => {
        const items = (await worker.evaluate(() => chrome.storage.session.get(null))) as Record<string, string>;
        return items[`tab:${tabId}`]?.includes(`"${elsewhere}"`) ?? false;
      });
      const unrelated = await read();
      expect({ ...unrelated, viewRequests: await viewRequests() }).toEqual({ replaced: [], touched: [], changes: [], viewRequests: 0 });

      // The page itself rewrites that cookie to last two hours: its row, and only it, changes.
      await heavyPage.evaluate((cookie) => (document.cookie = `${cookie}=GS1.1.1732611634.1.1.1732611900.0.0.0; path=/; domain=${location.hostname}; max-age=7200; samesite=lax`), name);
      await expect.poll(() => row.locator('td.expires').textContent(), { timeout: 15_000 }).toBe('in 2 hours');
      const after = await read();
      expect(after.replaced, 'every row is the element it was').toEqual([]);
      expect(after.touched, after.changes.join('\n')).toEqual([name]);
      expect(await viewRequests()).toBeGreaterThan(0);
    } finally {
      await demo.site.evaluate((cookie) => (document.cookie = `${cookie}=; path=/; max-age=0`), elsewhere).catch(() => {});
      await page.close();
    }
  });
});
