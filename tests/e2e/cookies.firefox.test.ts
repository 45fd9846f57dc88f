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
import { assertReportCookie, assertRows, deleteOneCookie, waitForRows, waitUntil } from './popup';
import { firefoxDemo, gotoExtensionPage, ROOT } from './support/browsers.mjs';
import { HOSTILE, HOSTS, startFixtureServer } from './support/server.mjs';

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
