/**
 * The cookie inventory in real Firefox ESR (the MV2 build): the same demo site as in Chromium,
 * with Firefox's own behaviour — Total Cookie Protection partitions every third-party cookie.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedCookies } from './expected';
import { assertAuditReport, readAuditView } from './audit';
import { assertReportCookie, assertRows, deleteOneCookie, readRows, waitForRows, waitForStillRows, waitUntil, watchRows } from './popup';
import { firefoxDemo, gotoExtensionPage, ROOT } from './support/browsers.mjs';
import { HOSTILE, HOSTS, POPUP_BENCH, startFixtureServer } from './support/server.mjs';

// The extension pages' `browser` global (webextension-polyfill types are not loaded in Node).
declare const browser: typeof chrome;

const expected = expectedCookies('firefox');
let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof firefoxDemo>>;
let firefox: Browser;
let popup: Page;
let tabId: number;
const dialogs: string[] = [];

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await firefoxDemo(server);
  ({ browser: firefox, popup, tabId } = demo);
  popup.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

describe('Firefox: the popup inventories every cookie of the tab', () => {
  it('lists each cookie once, in the right party group, with its flags in words', async () => {
    const rows = await waitForRows(popup, expected);
    assertRows(rows, expected);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await popup.setViewport({ width: 800, height: 600 });
    await popup.screenshot({ path: join(ROOT, 'test-results/popup-firefox.png') });
  });

  it('returns the same cookies from getReport, partitioned third parties included', async () => {
    const reply = await popup.evaluate((id) => browser.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId);
    expect(reply.ok).toBe(true);
    const report = reply.result;
    expect(report.schemaVersion).toBe(1);
    expect(report.tab).toMatchObject({ id: tabId, url: server.url(HOSTS.site), site: 'site.test' });
    expect(report.cookies).toHaveLength(expected.length);
    for (const cookie of expected) assertReportCookie(report.cookies, cookie);
  });

  it('masks values until revealed and shows hostile names and values as text', async () => {
    const revealed = await popup.evaluate((name) => {
      const row = [...document.querySelectorAll('tr.cookie-row')].find((r) => r.querySelector('.cookie-name')?.textContent === name);
      if (!row) return 'no row';
      if (row.textContent?.includes('onerror')) return 'value shown before reveal';
      row.querySelector<HTMLButtonElement>(`button[aria-label="Show value of ${CSS.escape(name)}"]`)?.click();
      return null;
    }, HOSTILE.name);
    expect(revealed).toBeNull();
    const text = await waitUntil('revealed value', () =>
      popup.evaluate(() => document.querySelector('code.revealed')?.textContent ?? null, undefined),
    );
    expect(text).toBe(HOSTILE.value);
    expect(await popup.evaluate(() => document.querySelectorAll('script:not([src]), img[src="x"]').length, undefined)).toBe(0);
    expect(dialogs).toEqual([]);
  });
});

describe('Firefox: deleting', () => {
  // A cookie with its own Path, and a third-party one, which Total Cookie Protection partitions.
  it.each([
    { name: 'cart', domain: 'site.test' },
    { name: 'uid', domain: 'pixel.test' },
  ])('deletes one cookie ($name) with its row\'s control, leaving the others', async (cookie) => {
    await deleteOneCookie(
      popup,
      cookie,
      () =>
        popup.evaluate((name) => {
          const button = [...document.querySelectorAll<HTMLButtonElement>('tr.cookie-row button')].find((b) => b.getAttribute('aria-label') === `Delete cookie ${name}`);
          if (!button) throw new Error(`no delete control for ${name}`);
          button.click();
        }, cookie.name),
      () =>
        popup.evaluate(async () =>
          // Partitioned and unpartitioned cookies, in every first-party domain.
          (await browser.cookies.getAll({ firstPartyDomain: null, partitionKey: {} } as chrome.cookies.GetAllDetails)).map(
            (c) => `${c.name} ${c.domain} ${c.path} ${c.partitionKey?.topLevelSite ?? ''}`,
          ),
        ),
    );
  });
});

describe('Firefox: what its cookies API reports', () => {
  it('reports a cookie set without SameSite as unspecified, by HTTP and by script', async () => {
    // Firefox once reported a missing SameSite as `no_restriction` (https://bugzil.la/1624668);
    // the audit relies on it saying `unspecified`, as Chrome does.
    const page = await firefox.newPage();
    await page.goto(server.url(HOSTS.probe, '/samesite'), { waitUntil: 'load' });
    const raw = await popup.evaluate(async (domain) => {
      const cookies = await browser.cookies.getAll({ domain, firstPartyDomain: null } as chrome.cookies.GetAllDetails);
      return cookies.map((c) => [c.name, c.sameSite]);
    }, HOSTS.probe);
    await page.close();
    expect(Object.fromEntries(raw)).toEqual({
      http_unset: 'unspecified',
      // An invalid value is ignored, as if the attribute were missing.
      http_invalid: 'unspecified',
      http_none: 'no_restriction',
      script_unset: 'unspecified',
      script_lax: 'lax',
    });
  });
});

describe('Firefox: the audit of a site with cookie problems', () => {
  it('reports each finding, the grade and the refused cookies, and shows them', async () => {
    await demo.site.goto(server.url(HOSTS.audit), { waitUntil: 'load' });
    await gotoExtensionPage(popup, `${demo.extensionOrigin}/popup.html?tabId=${tabId}`);
    const report = await waitUntil('the refused cookies recorded', async () => {
      const reply = await popup.evaluate((id) => browser.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId);
      return reply.result.rejected.length > 0 ? reply.result : null;
    });
    assertAuditReport(report);
    const view = await waitUntil('the audit view', async () => {
      const v = await popup.evaluate(readAuditView);
      return v.rejected.length > 0 ? v : null;
    });
    expect(view.grade).toBe('D');
    expect(view.worst).toMatchObject({ PHPSESSID: 'Session cookie without Secure', layout: 'Invalid SameSite' });
  });
});

describe('Firefox: a tab with 1,000 cookies', () => {
  let heavyPage: Page;
  let heavyPopup: Page;
  let heavyTab: number;
  const sections = () => heavyPopup.evaluate(() => [...document.querySelectorAll('section h2')].map((h) => h.textContent?.replace(/\s+/g, ' ').trim()));

  beforeAll(async () => {
    heavyPage = await firefox.newPage();
    const url = server.url(POPUP_BENCH.host(1000));
    await heavyPage.goto(url, { waitUntil: 'load' });
    heavyTab = await waitUntil('the heavy tab', () => popup.evaluate(async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id ?? null, url));
    // Its cookies are all there before the popup opens (Total Cookie Protection partitions the frames').
    await waitUntil(
      'the 1,000 cookies in getReport',
      async () => (await popup.evaluate((id) => browser.runtime.sendMessage({ type: 'getReport', tabId: id }), heavyTab)).result.summary.total === 1000,
      60_000,
    );
    heavyPopup = await firefox.newPage();
    await heavyPopup.setViewport({ width: 800, height: 600 });
    await gotoExtensionPage(heavyPopup, `${demo.extensionOrigin}/popup.html?tabId=${heavyTab}`);
  }, 120_000);

  it('renders the rows near the screen and counts them all', async () => {
    expect(await waitUntil('the counts', async () => ((await sections()).length === 2 ? sections() : null), 30_000)).toEqual(['First-party 160', 'Third-party 840']);
    // The rows fill the screen, and they are a few of the thousand.
    const rows = await waitUntil('rows filling the screen', async () => {
      const filled = await heavyPopup.evaluate(() => {
        const all = document.querySelectorAll('tr.cookie-row');
        return all.length > 0 && all[all.length - 1].getBoundingClientRect().bottom >= innerHeight;
      });
      return filled ? readRows(heavyPopup) : null;
    });
    expect(rows.length).toBeLessThan(60);
    expect(await heavyPopup.evaluate(() => document.querySelector('table[aria-rowcount]')?.getAttribute('aria-rowcount'))).toBe(String(1 + 1 + 160));
  });

  it('still knows who set its first cookies after more changes than the timeline keeps', async () => {
    type Heavy = { cookies: { name: string; firstParty: boolean; setBy?: string }[]; activity: { dropped: { timeline: number } } };
    // More changes than the timeline keeps: the first ones were let go. Their change events may
    // still be on their way when the store already holds all 1,000 cookies.
    const report = await waitUntil('the timeline letting go of its first changes', async () => {
      const read = (await popup.evaluate((id) => browser.runtime.sendMessage({ type: 'getReport', tabId: id }), heavyTab)).result as Heavy;
      return read.activity.dropped.timeline > 0 ? read : null;
    }, 30_000);
    // The page's script writes the GA4, Hotjar, VWO and Baidu families; its document's response
    // the Imperva ones, first of all (tests/e2e/support/server.mjs).
    const byScript = /^(_ga_|_hjSessionUser_|_vis_opt_exp_|Hm_lvt_)/;
    const own = report.cookies.filter((c) => c.firstParty);
    expect(own).toHaveLength(160);
    expect(own.filter((c) => c.setBy !== (byScript.test(c.name) ? 'script' : 'http')).map((c) => `${c.name}: ${c.setBy}`)).toEqual([]);
    // The exchange frames' responses set theirs, 840 in one burst that Firefox may report before
    // any event of the responses (lib/monitor/firefox-order.ts): none of them is lost.
    const theirs = report.cookies.filter((c) => !c.firstParty);
    expect(theirs).toHaveLength(840);
    expect(theirs.filter((c) => c.setBy !== 'http').length).toBe(0);
  });

  it('finds any cookie by search', async () => {
    await heavyPopup.type('input[type="search"]', 'krtbcookie_236');
    const found = await waitUntil('the search results', async () => {
      const rows = await readRows(heavyPopup);
      return rows.length === 6 && rows.every((r) => r.name === 'KRTBCOOKIE_236') ? rows : null;
    });
    expect(found.map((r) => r.site).sort()).toEqual(Array.from({ length: 6 }, (_, k) => `exchange-1000-${k + 1}.test`));
    await heavyPopup.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await waitUntil('all rows back', async () => (await sections())[0] === 'First-party 160');
  });

  it('touches only the row of the cookie the page rewrites', async () => {
    // A popup of its own, at the top of its table with nothing typed or focused, whatever ran before.
    const page = await firefox.newPage();
    try {
      await page.setViewport({ width: 800, height: 600 });
      await gotoExtensionPage(page, `${demo.extensionOrigin}/popup.html?tabId=${heavyTab}`);
      const rows = (await waitForStillRows(page)).filter((r) => r.section === 'first-party');
      // One of the page's GA4 session cookies on screen, not rewritten yet (a retry takes the next).
      const target = rows.find((r) => r.name.startsWith('_ga_') && !r.text.includes('in 2 hours'));
      expect(target, 'a _ga_ row on screen').toBeDefined();
      const name = target!.name;
      const read = await watchRows(page);
      await heavyPage.evaluate((cookie) => (document.cookie = `${cookie}=GS1.1.1732611634.1.1.1732611900.0.0.0; path=/; domain=${location.hostname}; max-age=7200; samesite=lax`), name);
      await waitUntil(
        'the rewritten row',
        () => page.evaluate((n) => document.querySelector(`tr.cookie-row[data-name="${CSS.escape(n)}"] td.expires`)?.textContent === 'in 2 hours', name),
        30_000,
      );
      const after = await read();
      expect(after.replaced, 'every row is the element it was').toEqual([]);
      expect(after.touched, after.changes.join('\n')).toEqual([name]);
    } finally {
      await page.close();
    }
  });
});
