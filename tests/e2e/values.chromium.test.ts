/**
 * What cookie values hold, in real Chromium: login.test keeps its session in its cookies, and the
 * popup, the findings' details and getReport say so for exactly those cookies, with none of their
 * values; the "How cookies and sessions work" page tells the tab's own examples.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditView } from './audit';
import { waitUntil } from './popup';
import { chromiumDemo } from './support/browsers.mjs';
import { HOSTS, startFixtureServer } from './support/server.mjs';
import {
  EXPECTED_LOGIN_FINDINGS,
  EXPECTED_SEEN,
  VALUE_RULES,
  assertLoginLearnPage,
  assertLoginReport,
  assertNoLoginValues,
  readFindingDetails,
  readLearnPage,
} from './values';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof chromiumDemo>>;
let context: BrowserContext;
let loginTab: number;

async function report(page: Page, tabId: number) {
  return (await page.evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId)).result;
}

/** A popup for login.test once the background has seen the script write isLoggedIn. */
async function loginPopup(): Promise<Page> {
  const popup = await demo.openPopup(loginTab);
  await waitUntil('isLoggedIn set by script', async () => {
    const cookies: { name: string; setBy?: string }[] = (await report(popup, loginTab)).cookies;
    return cookies.find((c) => c.name === 'isLoggedIn')?.setBy === 'script';
  });
  await popup.reload();
  return popup;
}

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await chromiumDemo(server);
  context = demo.context;
  const login = await context.newPage();
  await login.goto(server.url(HOSTS.login), { waitUntil: 'load' });
  loginTab = await demo.tabIdOf(server.url(HOSTS.login));
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

describe('Chromium: what the values of login.test hold', () => {
  it('getReport flags exactly the readable session, the JWT and the login flag, without their values', async () => {
    const probe = await loginPopup();
    assertLoginReport(await report(probe, loginTab));
    // Exported the same way: the report without values.
    assertNoLoginValues(await probe.evaluate(() => document.body.textContent ?? ''));
    await probe.close();
  });

  it("shows each finding in the popup, what was seen in its details, and the lesson's link", async () => {
    const popup = await loginPopup();
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
    expect(await popup.locator('tr.cookie-row[data-name="__Host-sid"]').textContent()).toContain('No findings');

    for (const name of Object.keys(EXPECTED_SEEN)) await popup.locator(`tr.cookie-row[data-name="${name}"] button.worst`).click();
    const details = await waitUntil('three findings expanded', async () => {
      const d = await popup.evaluate(readFindingDetails);
      return d.length === 3 ? d : null;
    });
    for (const { cookie, findings } of details) {
      expect(findings.map((f) => `${f.id}`), cookie).toEqual(EXPECTED_LOGIN_FINDINGS[cookie].map((f) => f.split(':')[0]));
      const [finding] = findings;
      expect(VALUE_RULES).toContain(finding.id);
      expect(finding.why, cookie).toMatch(EXPECTED_SEEN[cookie]);
      expect(finding.learn).toBe('How cookies and sessions work');
    }
    assertNoLoginValues(await popup.evaluate(() => document.body.textContent ?? ''));
    await popup.close();
  });

  it("opens the lesson from a finding, told with the tab's own cookies", async () => {
    const popup = await loginPopup();
    await popup.locator('tr.cookie-row[data-name="session"] button.worst').click();
    const [learn] = await Promise.all([context.waitForEvent('page'), popup.locator('tr.findings-row .learn-link').click()]);
    await learn.waitForLoadState('load');
    expect(learn.url()).toBe(`chrome-extension://${demo.extensionId}/learn.html?tabId=${loginTab}`);
    const page = await waitUntil('the tab\'s examples', async () => {
      const p = await learn.evaluate(readLearnPage);
      return Object.keys(p.sessions).length > 0 && p.tracking ? p : null;
    });
    assertLoginLearnPage(page);
    await Promise.all([popup.close(), learn.close()]);
  });
});

describe('Chromium: the lesson from the footer', () => {
  it('tells the tracking-pixel story with the demo page\'s own pixel and cookie', async () => {
    const popup = await demo.openPopup(demo.tabId);
    await waitUntil('pixel.test seen', async () => (await report(popup, demo.tabId)).activity?.thirdParties.some((p: { pixels: unknown[] }) => p.pixels.length > 0));
    const [learn] = await Promise.all([context.waitForEvent('page'), popup.locator('footer').getByRole('button', { name: 'How cookies and sessions work' }).click()]);
    await learn.waitForLoadState('load');
    expect(learn.url()).toBe(`chrome-extension://${demo.extensionId}/learn.html?tabId=${demo.tabId}`);
    const page = await waitUntil('the pixel story', async () => {
      const p = await learn.evaluate(readLearnPage);
      return p.tracking ? p : null;
    });
    expect(page.tracking).toBe('On site.test: uid from pixel.test goes with every 1×1 image pixel.test serves, here and on every other site that embeds it.');
    // site.test's session_id is 128 random bits: the page holds it up as the example to follow.
    expect(page.sessions).toEqual({ session_id: 'session_id holds an opaque value: a random-looking id: as a session cookie should.' });
    await Promise.all([popup.close(), learn.close()]);
  });

  it('reads well without a tab', async () => {
    const learn = await context.newPage();
    await learn.goto(`chrome-extension://${demo.extensionId}/learn.html`);
    const page = await learn.evaluate(readLearnPage);
    expect(page.title).toBe('How cookies and sessions work');
    expect(page.body).toContain('What HttpOnly and Secure stop');
    expect(page.tracking).toBe('');
    await learn.close();
  });
});
