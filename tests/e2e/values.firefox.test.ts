/**
 * What cookie values hold, in real Firefox ESR (the MV2 build): the same login.test as in
 * Chromium, flagged the same way in getReport, in the popup and its findings' details, with none
 * of the values; the "How cookies and sessions work" page tells the tab's own examples.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditView } from './audit';
import { waitUntil } from './popup';
import { firefoxDemo, gotoExtensionPage } from './support/browsers.mjs';
import { HOSTS, startFixtureServer } from './support/server.mjs';
import {
  EXPECTED_LOGIN_FINDINGS,
  EXPECTED_SEEN,
  assertLoginLearnPage,
  assertLoginReport,
  assertNoLoginValues,
  readFindingDetails,
  readLearnPage,
} from './values';

// The extension pages' `browser` global (webextension-polyfill types are not loaded in Node).
declare const browser: typeof chrome;

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof firefoxDemo>>;
let firefox: Browser;
let popup: Page;
let loginTab: number;

async function report(tabId: number) {
  return (await popup.evaluate((id) => browser.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId)).result;
}

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await firefoxDemo(server);
  ({ browser: firefox, popup } = demo);
  const login = await firefox.newPage();
  await login.goto(server.url(HOSTS.login), { waitUntil: 'load' });
  loginTab = await waitUntil('the login tab', () =>
    popup.evaluate(async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id ?? null, server.url(HOSTS.login)),
  );
  await waitUntil('isLoggedIn set by script', async () => {
    const cookies: { name: string; setBy?: string }[] = (await report(loginTab)).cookies;
    return cookies.find((c) => c.name === 'isLoggedIn')?.setBy === 'script';
  });
});

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

describe('Firefox: what the values of login.test hold', () => {
  it('getReport flags exactly the readable session, the JWT and the login flag, without their values', async () => {
    assertLoginReport(await report(loginTab));
  });

  it("shows each finding in the popup, what was seen in its details, and the lesson's link", async () => {
    await gotoExtensionPage(popup, `${demo.extensionOrigin}/popup.html?tabId=${loginTab}`);
    const view = await waitUntil('the rows', async () => {
      const v = await popup.evaluate(readAuditView);
      return Object.keys(v.worst).length === 4 ? v : null;
    });
    expect(view.grade).toBe('C');
    expect(view.worst).toEqual({
      session: 'Session state readable in the cookie',
      access_token: 'JWT in a cookie',
      isLoggedIn: 'Session state readable in the cookie',
      '__Host-sid': '',
    });
    await popup.evaluate((names) => {
      for (const name of names) document.querySelector<HTMLButtonElement>(`tr.cookie-row[data-name="${name}"] button.worst`)?.click();
    }, Object.keys(EXPECTED_SEEN));
    const details = await waitUntil('three findings expanded', async () => {
      const d = await popup.evaluate(readFindingDetails);
      return d.length === 3 ? d : null;
    });
    for (const { cookie, findings } of details) {
      expect(findings.map((f) => f.id), cookie).toEqual(EXPECTED_LOGIN_FINDINGS[cookie].map((f) => f.split(':')[0]));
      expect(findings[0].why, cookie).toMatch(EXPECTED_SEEN[cookie]);
      expect(findings[0].learn).toBe('How cookies and sessions work');
    }
    assertNoLoginValues(await popup.evaluate(() => document.body.textContent ?? ''));
  });

  it("opens the lesson from a finding, told with the tab's own cookies", async () => {
    await gotoExtensionPage(popup, `${demo.extensionOrigin}/popup.html?tabId=${loginTab}`);
    // Expand the session cookie's findings, then click the lesson's link; again if the popup
    // reloaded in between (it does when what it shows of the tab changes).
    await waitUntil('the lesson link clicked', () =>
      popup.evaluate(() => {
        const link = document.querySelector<HTMLButtonElement>('tr.findings-row .learn-link');
        if (link) {
          link.click();
          return true;
        }
        const worst = document.querySelector<HTMLButtonElement>('tr.cookie-row[data-name="session"] button.worst');
        if (worst?.getAttribute('aria-expanded') === 'false') worst.click();
        return false;
      }),
    );
    const url = `${demo.extensionOrigin}/learn.html?tabId=${loginTab}`;
    // Puppeteer keeps "about:blank" as the url() of a tab the extension opened: ask each page.
    const learn = await waitUntil('the lesson tab', async () => {
      for (const page of await firefox.pages()) {
        if ((await page.evaluate(() => location.href).catch(() => '')) === url) return page;
      }
      return null;
    });
    const page = await waitUntil("the tab's examples", async () => {
      const p = await learn.evaluate(readLearnPage);
      return Object.keys(p.sessions).length > 0 && p.tracking ? p : null;
    });
    assertLoginLearnPage(page);
    await learn.close();
  });
});
