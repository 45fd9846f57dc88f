/**
 * The DevTools panel in real Firefox ESR (the MV2 build), opened for the demo tab as
 * `devtools-panel.html?tabId=N`: the same tasks as in Chromium, with Firefox's own behaviour —
 * Total Cookie Protection partitions every third-party cookie.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, click, confirmImport, exportAs, expectEveryCookieByScrolling, expectFilterKeepsColumns, expectSameCookies, fill, pasteImport, text, waitForNames, type JarCookie } from './devtools';
import { waitUntil } from './popup';
import { firefoxDemo, gotoExtensionPage, launchFirefox } from './support/browsers.mjs';
import { HOSTILE, HOSTS, POPUP_BENCH, startFixtureServer } from './support/server.mjs';

// The extension pages' `browser` global (webextension-polyfill types are not loaded in Node).
declare const browser: typeof chrome;

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let firefox: Browser;
let extensionOrigin: string;
let tabId: number;
let panel: Page;
let site: Page;

/** Every cookie in the browser, partitioned ones included, read from an extension page. */
function jarOf(page: Page): Promise<JarCookie[]> {
  return page.evaluate(async () => {
    const lists = await Promise.all([browser.cookies.getAll({}), browser.cookies.getAll({ partitionKey: {} } as chrome.cookies.GetAllDetails)]);
    const seen = new Map<string, chrome.cookies.Cookie>();
    for (const c of lists.flat()) seen.set(`${c.name} ${c.domain} ${c.path} ${c.partitionKey?.topLevelSite ?? ''}`, c);
    return [...seen.values()] as never;
  });
}

const cellText = (page: Page, name: string, cell: string) =>
  page.evaluate(([n, c]) => [...document.querySelectorAll('tr.dev-row')].find((r) => (r as HTMLElement).dataset.name === n)?.querySelector(c)?.textContent ?? null, [name, cell]);

beforeAll(async () => {
  server = await startFixtureServer();
  const demo = await firefoxDemo(server);
  ({ browser: firefox, extensionOrigin, tabId, site } = demo);
  panel = await firefox.newPage();
  await gotoExtensionPage(panel, `${extensionOrigin}/devtools-panel.html?tabId=${tabId}`);
  await waitForNames(panel, 'the demo’s cookies in the panel', (n) => n.includes('embed_state') && n.includes('_ga'));
});

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

describe('Firefox: the DevTools panel', () => {
  it('filters by words and chips; Total Cookie Protection partitions both third parties', async () => {
    await fill(panel, 'input[name="query"]', 'party:third');
    expect((await waitForNames(panel, 'third parties', (n) => n.length === 2)).sort()).toEqual(['embed_state', 'uid']);
    await fill(panel, 'input[name="query"]', '');
    await click(panel, 'Partitioned');
    expect((await waitForNames(panel, 'partitioned cookies', (n) => n.length === 2)).sort()).toEqual(['embed_state', 'uid']);
    await click(panel, 'Partitioned');
    await fill(panel, 'input[name="query"]', 'setby:script');
    expect((await waitForNames(panel, 'script-set cookies', (n) => n.length === 3)).sort()).toEqual([HOSTILE.name, '_ga', 'js_visit'].sort());
    await fill(panel, 'input[name="query"]', '');
    expect(await panel.evaluate(() => document.querySelectorAll('script:not([src]), img[src="x"]').length)).toBe(0);
  });

  it('masks every value until the user shows them all, then shows them as text and follows their changes', async () => {
    expect(await cellText(panel, 'session_id', '.cell-value')).toBe('••••••Value hidden');
    expect(await panel.content()).not.toContain('8f14e45fceea167a5a36dedd4bea2543');
    await check(panel, 'input[name="show-values"]', true);
    await waitUntil('the values shown', async () => (await cellText(panel, 'session_id', '.cell-value')) === '8f14e45fceea167a5a36dedd4bea2543');
    await site.evaluate(() => {
      document.cookie = 'js_visit=shown-after-change; path=/; max-age=3600; samesite=lax';
    });
    await waitUntil('the changed value', async () => (await cellText(panel, 'js_visit', '.cell-value')) === 'shown-after-change');
    await check(panel, 'input[name="show-values"]', false);
    await waitUntil('the values masked', async () => (await cellText(panel, 'session_id', '.cell-value')) === '••••••Value hidden');
    expect(await panel.content()).not.toContain('shown-after-change');
  });

  it('follows the tab live: a cookie the page writes appears without a reload', async () => {
    await site.evaluate(() => {
      document.cookie = 'live_check=1; path=/; max-age=600; samesite=lax';
    });
    await waitForNames(panel, 'the new cookie in the panel', (n) => n.includes('live_check'));
    await site.evaluate(() => {
      document.cookie = 'live_check=; path=/; max-age=0';
    });
    await waitForNames(panel, 'the removed cookie gone', (n) => !n.includes('live_check'));
  });

  it('opens a cookie’s details with every finding', async () => {
    const report = (await panel.evaluate((id) => browser.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId)).result;
    await click(panel, '_ga', '.dev-table');
    await waitUntil('the details pane', async () => (await text(panel, '#details-title')) === '_ga');
    const ga = report.cookies.find((c: { name: string }) => c.name === '_ga');
    const shown = await panel.evaluate(() => [...document.querySelectorAll('.details li.finding')].map((li) => (li as HTMLElement).dataset.finding));
    expect(shown).toEqual(ga.findings.map((f: { id: string }) => f.id));
    expect(await text(panel, '.details')).toContain('Analytics · Google Analytics');
    expect(await text(panel, '.details')).not.toContain('GA1.1.1234567890.1700000000');
    await click(panel, 'Show value of _ga', '.details');
    await waitUntil('the value shown', async () => (await text(panel, '.details .details-value')).includes('GA1.1.1234567890.1700000000'));
    await click(panel, 'Close details');
  });

  it('exports JSON, CSV, Netscape and a Cookie header, values only when asked', async () => {
    const json = JSON.parse((await exportAs(panel, { format: 'json', values: false })).text);
    expect(json.every((c: object) => !('value' in c))).toBe(true);
    expect(json.find((c: { name: string }) => c.name === 'uid').partitionKey).toMatchObject({ topLevelSite: expect.stringMatching(/site\.test$/) });
    const csv = (await exportAs(panel, { format: 'csv', values: true })).text;
    expect(csv).toContain('session_id,8f14e45fceea167a5a36dedd4bea2543,site.test,true,/,session,true,true,lax,');
    const netscape = (await exportAs(panel, { format: 'netscape', values: true })).text;
    expect(netscape.split('\n')).toContain('#HttpOnly_site.test\tFALSE\t/\tTRUE\t0\tsession_id\t8f14e45fceea167a5a36dedd4bea2543');
    expect(netscape).toContain('# 2 partitioned cookies written without a partition.');
    await fill(panel, 'input[name="query"]', 'name:cart');
    await waitForNames(panel, 'one cookie', (n) => n.length === 1);
    expect((await exportAs(panel, { format: 'header', values: true, scope: 'filtered' })).text).toBe('Cookie: cart=3\n');
    await fill(panel, 'input[name="query"]', '');
    await click(panel, 'Close export');
  });

  it('edits a value and a flag, and the row shows what the browser stored', async () => {
    await click(panel, 'Edit prefs');
    // Values masked: the editor shows this one when asked.
    await click(panel, 'Show the value to edit it', '.cookie-editor');
    await fill(panel, '.cookie-editor textarea[name="value"]', 'theme-light');
    await check(panel, '.cookie-editor input[name="httpOnly"]', true);
    await click(panel, 'Save', '.cookie-editor');
    await waitUntil('the saved status', async () => (await text(panel, '.cookie-editor .status')).startsWith('Saved. The browser stored it'));
    const stored = await panel.evaluate(() => browser.cookies.getAll({ name: 'prefs', domain: 'site.test' }));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ value: 'theme-light', httpOnly: true, secure: true, sameSite: 'strict', hostOnly: true });
    await click(panel, 'Close editor');
    await check(panel, 'input[name="show-values"]', true);
    await waitUntil('the row’s new value', async () => (await cellText(panel, 'prefs', '.cell-value')) === 'theme-light');
    await check(panel, 'input[name="show-values"]', false);
  });

  it('blocks a create the browser would refuse, with the reason, and creates a valid one', async () => {
    await click(panel, 'New cookie');
    await fill(panel, '.cookie-editor input[name="name"]', 'widget_consent');
    await fill(panel, '.cookie-editor textarea[name="value"]', '%7B%22ads%22%3Afalse%7D');
    await fill(panel, '.cookie-editor select[name="sameSite"]', 'no_restriction');
    await check(panel, '.cookie-editor input[name="secure"]', false);
    await waitUntil('the refusal', async () => (await text(panel, '.cookie-editor .refusal')).startsWith('The browser will refuse this: SameSite=None requires Secure'));
    expect(await panel.evaluate(() => (document.querySelector('.cookie-editor button[type="submit"]') as HTMLButtonElement).disabled)).toBe(true);
    expect(await panel.evaluate(() => browser.cookies.getAll({ name: 'widget_consent' }))).toEqual([]);
    await check(panel, '.cookie-editor input[name="secure"]', true);
    await click(panel, 'Create', '.cookie-editor');
    await waitUntil('the created status', async () => (await text(panel, '.cookie-editor .status')).startsWith('Saved.'));
    const [created] = await panel.evaluate(() => browser.cookies.getAll({ name: 'widget_consent' }));
    expect(created).toMatchObject({ domain: 'site.test', value: '%7B%22ads%22%3Afalse%7D', secure: true, sameSite: 'no_restriction', hostOnly: true });
    await click(panel, 'Close editor');
    await check(panel, 'input[name="show-values"]', true);
    await check(panel, 'input[name="decode-values"]', true);
    await waitUntil('the decoded value', async () => (await cellText(panel, 'widget_consent', '.cell-value')) === '{"ads":false}');
    await check(panel, 'input[name="decode-values"]', false);
    await check(panel, 'input[name="show-values"]', false);
  });

  it('refuses a malformed file whole, naming its line, and changes nothing', async () => {
    const before = await jarOf(panel);
    const verdict = await pasteImport(panel, '[\n  {"name": "a", "domain": "site.test"}\n  {"name": "b", "domain": "site.test"}\n]');
    expect(verdict.error).toMatch(/^Line 3: not valid JSON \(expected “,” or “]”, found “\{”\)\. Nothing was imported\./);
    expect(await jarOf(panel)).toEqual(before);
    await click(panel, 'Close import');
  });

  it('lists a 300-cookie tab a screenful at a time: every cookie reachable by scrolling its table, no gap, columns that stay put under headings that stay on screen', async () => {
    const page = await firefox.newPage();
    const url = server.url(POPUP_BENCH.host(300));
    await page.goto(url, { waitUntil: 'load' });
    const sites = [POPUP_BENCH.host(300), ...POPUP_BENCH.frames(300).map((f) => f.host)];
    // Total Cookie Protection keeps the ad exchange's cookies under the page's site.
    const inJar = () => jarOf(panel).then((jar) => jar.filter((c) => sites.includes(c.domain.replace(/^\./, ''))));
    await waitUntil('300 cookies in the browser', async () => (await inJar()).length === 300);
    const heavyTab = await waitUntil('the heavy tab', () => panel.evaluate(async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id ?? null, url));
    const heavyPanel = await firefox.newPage();
    await heavyPanel.setViewport({ width: 1200, height: 600 });
    await gotoExtensionPage(heavyPanel, `${extensionOrigin}/devtools-panel.html?tabId=${heavyTab}`);
    await waitUntil('300 cookies listed', async () => (await text(heavyPanel, '.shown-count')).startsWith('300 of 300'));
    const scroll = await expectEveryCookieByScrolling(heavyPanel, await inJar());
    await expectFilterKeepsColumns(heavyPanel, scroll);
    await heavyPanel.close();
    await page.close();
    // The export tests below take the demo's cookies from the jar by name.
    await panel.evaluate(async (names) => {
      const all = [...(await browser.cookies.getAll({})), ...(await browser.cookies.getAll({ partitionKey: {} } as chrome.cookies.GetAllDetails))];
      for (const c of all.filter((c) => names.includes(c.domain.replace(/^\./, '')))) {
        const details = { url: `https://${c.domain.replace(/^\./, '')}${c.path}`, name: c.name, storeId: c.storeId } as chrome.cookies.CookieDetails;
        if (c.partitionKey) (details as { partitionKey?: object }).partitionKey = c.partitionKey;
        await browser.cookies.remove(details);
      }
    }, sites);
    expect(await inJar()).toEqual([]);
  });
});

describe('Firefox: export and re-import into a clean profile', () => {
  let original: JarCookie[];
  let jsonFile: string;
  let netscapeFile: string;
  let clean: Browser;
  let cleanPanel: Page;

  beforeAll(async () => {
    jsonFile = (await exportAs(panel, { format: 'json', values: true })).text;
    netscapeFile = (await exportAs(panel, { format: 'netscape', values: true })).text;
    const names = new Set((JSON.parse(jsonFile) as { name: string }[]).map((c) => c.name));
    original = (await jarOf(panel)).filter((c) => names.has(c.name));
    await firefox.close();
    const launched = await launchFirefox();
    clean = launched.browser;
    const probe = await clean.newPage();
    cleanPanel = await clean.newPage();
    await gotoExtensionPage(cleanPanel, `${launched.extensionOrigin}/devtools-panel.html?tabId=0`);
    await probe.goto(server.url(HOSTS.probe));
    const probeTab = await waitUntil('the probe tab', () =>
      cleanPanel.evaluate(async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id ?? null, server.url(HOSTS.probe)),
    );
    await gotoExtensionPage(cleanPanel, `${launched.extensionOrigin}/devtools-panel.html?tabId=${probeTab}`);
    await waitUntil('the clean panel', () => cleanPanel.evaluate(() => document.querySelectorAll('.toolbar button').length > 0));
  });

  afterAll(async () => {
    await clean?.close();
  });

  async function clear(): Promise<void> {
    await cleanPanel.evaluate(async () => {
      const all = [...(await browser.cookies.getAll({})), ...(await browser.cookies.getAll({ partitionKey: {} } as chrome.cookies.GetAllDetails))];
      for (const c of all) {
        const details = { url: `https://${c.domain.replace(/^\./, '')}${c.path}`, name: c.name, storeId: c.storeId } as chrome.cookies.CookieDetails;
        if (c.partitionKey) (details as { partitionKey?: object }).partitionKey = c.partitionKey;
        await browser.cookies.remove(details);
      }
    });
    expect(await jarOf(cleanPanel)).toEqual([]);
  }

  it('re-imports the JSON export: the same cookies, values, flags and SameSite', async () => {
    await clear();
    const verdict = await pasteImport(cleanPanel, jsonFile);
    expect(verdict.refused).toEqual([]);
    expect(verdict.status).toBe(`JSON: ${original.length} cookies; the browser would store every one.`);
    expect(await confirmImport(cleanPanel)).toBe(`Imported ${original.length} cookies into this tab’s cookie store.`);
    expectSameCookies(await jarOf(cleanPanel), original, { full: true, withValues: true });
  });

  it('re-imports the Netscape export: the same cookies and values, SameSite left to the browser', async () => {
    await clear();
    const verdict = await pasteImport(cleanPanel, netscapeFile);
    expect(verdict.refused).toEqual([]);
    expect(await confirmImport(cleanPanel)).toBe(`Imported ${original.length} cookies into this tab’s cookie store.`);
    expectSameCookies(await jarOf(cleanPanel), original, { full: false, withValues: true });
  });
});
