/**
 * The DevTools panel in real Chromium, opened for the demo tab as `devtools-panel.html?tabId=N`:
 * its filters and details, editing and creating cookies through the browser's cookies API,
 * export in each format, and a round trip of the JSON and Netscape files into a clean profile.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, click, confirmImport, exportAs, expectEveryCookieByScrolling, expectFilterKeepsColumns, expectSameCookies, fill, pasteImport, text, waitForNames, type JarCookie } from './devtools';
import { expectFewStartScripts, loadedScripts, waitUntil } from './popup';
import { chromiumDemo, launchChromium } from './support/browsers.mjs';
import { CONSENT_HOSTS } from './support/consent-sites.mjs';
import { HOSTILE, HOSTS, POPUP_BENCH, startFixtureServer } from './support/server.mjs';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let context: BrowserContext;
let worker: Worker;
let extensionId: string;
let tabId: number;
let panel: Page;
let site: Page;

/** Every cookie in the worker's browser, partitioned ones included. */
function jarOf(w: Worker): Promise<JarCookie[]> {
  return w.evaluate(async () => {
    const lists = await Promise.all([chrome.cookies.getAll({}), chrome.cookies.getAll({ partitionKey: {} } as chrome.cookies.GetAllDetails)]);
    const seen = new Map<string, chrome.cookies.Cookie>();
    for (const c of lists.flat()) seen.set(`${c.name} ${c.domain} ${c.path} ${c.partitionKey?.topLevelSite ?? ''}`, c);
    return [...seen.values()] as never;
  });
}

/** Remove every cookie of these sites, partitioned under them or not, so that later tests see the demo's alone. */
async function removeSiteCookies(...sites: string[]): Promise<void> {
  await worker.evaluate(async (names) => {
    const all = [...(await chrome.cookies.getAll({})), ...(await chrome.cookies.getAll({ partitionKey: {} } as chrome.cookies.GetAllDetails))];
    const ofSite = (host: string | undefined) => host !== undefined && names.some((site) => host.replace(/^\./, '').endsWith(site));
    for (const c of all.filter((c) => ofSite(c.domain) || ofSite(c.partitionKey?.topLevelSite))) {
      const details = { url: `https://${c.domain.replace(/^\./, '')}${c.path}`, name: c.name, storeId: c.storeId } as chrome.cookies.CookieDetails;
      if (c.partitionKey) (details as { partitionKey?: object }).partitionKey = c.partitionKey;
      await chrome.cookies.remove(details);
    }
  }, sites);
}

async function openPanel(ctx: BrowserContext, id: string, tab: number): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`chrome-extension://${id}/devtools-panel.html?tabId=${tab}`);
  return page;
}

beforeAll(async () => {
  server = await startFixtureServer();
  const demo = await chromiumDemo(server);
  ({ context, tabId, site } = demo);
  extensionId = demo.extensionId!;
  worker = demo.worker!;
  panel = await openPanel(context, extensionId, tabId);
  await waitForNames(panel, 'the demo’s cookies in the panel', (n) => n.includes('embed_state') && n.includes('_ga'));
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

describe('Chromium: the DevTools panel', () => {
  it('lists the tab’s cookies with DevTools’ columns and the audit’s, and filters them by words and chips', async () => {
    const headers = await panel.locator('.dev-table thead th').allTextContents();
    expect(headers.map((h) => h.replace(/[▲▼]/g, '').trim()).filter(Boolean)).toEqual([
      'Name', 'Value', 'Domain', 'Path', 'Expires', 'Size', 'HttpOnly', 'Secure', 'SameSite', 'Partition key', 'Purpose', 'Set by', 'Worst finding', 'Actions',
    ]);
    await fill(panel, 'input[name="query"]', 'party:third');
    expect((await waitForNames(panel, 'third parties', (n) => n.length === 2)).sort()).toEqual(['embed_state', 'uid']);
    await fill(panel, 'input[name="query"]', 'setby:script');
    expect((await waitForNames(panel, 'script-set cookies', (n) => n.length === 3)).sort()).toEqual([HOSTILE.name, '_ga', 'js_visit'].sort());
    await fill(panel, 'input[name="query"]', '');
    await click(panel, 'Partitioned');
    expect(await waitForNames(panel, 'partitioned cookies', (n) => n.length === 1)).toEqual(['embed_state']);
    expect(await panel.inputValue('input[name="query"]')).toBe('partitioned');
    await click(panel, 'Partitioned');
    await fill(panel, 'input[name="query"]', 'purpose:analytics -party:third');
    expect(await waitForNames(panel, 'analytics cookies', (n) => n.length === 1)).toEqual(['_ga']);
    await fill(panel, 'input[name="query"]', '');
    // The hostile name and value are text, not markup.
    expect(await panel.locator('script:not([src]), img[src="x"]').count()).toBe(0);
  });

  it('masks every value until the user shows them all, then shows them as text and follows their changes', async () => {
    const cell = panel.locator('tr.dev-row[data-name="session_id"] .cell-value');
    expect(await cell.textContent()).toBe('••••••Value hidden');
    // Not on the page at all: the view the panel shows carries no values.
    expect(await panel.content()).not.toContain('8f14e45fceea167a5a36dedd4bea2543');
    expect(await panel.locator('.dev-table th.col-value button.sort').isDisabled()).toBe(true);
    await check(panel, 'input[name="show-values"]', true);
    await expect.poll(() => cell.textContent()).toBe('8f14e45fceea167a5a36dedd4bea2543');
    await site.evaluate(() => {
      document.cookie = 'js_visit=shown-after-change; path=/; max-age=3600; samesite=lax';
    });
    await expect.poll(() => panel.locator('tr.dev-row[data-name="js_visit"] .cell-value').textContent()).toBe('shown-after-change');
    await check(panel, 'input[name="show-values"]', false);
    await expect.poll(() => cell.textContent()).toBe('••••••Value hidden');
    expect(await panel.content()).not.toContain('shown-after-change');
  });

  it('loads its components in one chunk once it has asked for the view, leaving the editor, the details and the import for later', async () => {
    await waitUntil('the panel mounted', () => panel.evaluate(() => document.querySelector('#app .panel header.top') !== null));
    expectFewStartScripts(await loadedScripts(panel));
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

  it('redraws only the row of the cookie that changed when the page rewrites one', async () => {
    await waitForNames(panel, 'every row', (n) => n.includes('js_visit') && n.includes('_ga'));
    await check(panel, 'input[name="show-values"]', true);
    await waitUntil('the values shown', async () => (await text(panel, 'tr.dev-row[data-name="session_id"] .cell-value')) === '8f14e45fceea167a5a36dedd4bea2543');
    // Every change inside the table's rows from now on, by the row's cookie name.
    await panel.evaluate(() => {
      const w = window as unknown as { touchedRows: Set<string> };
      w.touchedRows = new Set();
      new MutationObserver((records) => {
        for (const record of records) {
          const node = record.target instanceof Element ? record.target : record.target.parentElement;
          if (!node || node.closest('tbody.sizer, tbody.spacer')) continue;
          w.touchedRows.add(node.closest('tr.dev-row')?.getAttribute('data-name') ?? node.nodeName);
        }
      }).observe(document.querySelector('table.dev-table tbody:not(.sizer):not(.spacer)')!, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await site.evaluate(() => {
      document.cookie = 'js_visit=2; path=/; max-age=3600; samesite=lax';
    });
    await waitUntil('the new value in its row', async () => (await text(panel, 'tr.dev-row[data-name="js_visit"] .cell-value')) === '2');
    expect(await panel.evaluate(() => [...(window as unknown as { touchedRows: Set<string> }).touchedRows])).toEqual(['js_visit']);
    await check(panel, 'input[name="show-values"]', false);
  });

  it('keeps only cookies with findings when asked, and opens a cookie’s details with every finding', async () => {
    const report = (await panel.evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId)).result;
    const withFindings = report.cookies.filter((c: { findings: unknown[] }) => c.findings.length > 0).map((c: { name: string }) => c.name).sort();
    await check(panel, 'input[name="only-findings"]', true);
    expect((await waitForNames(panel, 'cookies with findings', (n) => n.length === withFindings.length)).sort()).toEqual(withFindings);
    await check(panel, 'input[name="only-findings"]', false);

    await click(panel, '_ga', '.dev-table');
    await waitUntil('the details pane', async () => (await text(panel, '#details-title')) === '_ga');
    const ga = report.cookies.find((c: { name: string }) => c.name === '_ga');
    const shown = await panel.locator('.details li.finding').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.finding));
    expect(shown).toEqual(ga.findings.map((f: { id: string }) => f.id));
    const details = await text(panel, '.details');
    expect(details).toContain('Analytics · Google Analytics');
    expect(details).not.toContain('not seen being set');
    // Each finding's fix, read when the details opened.
    await waitUntil('the fixes', async () => (await panel.locator('.details li.finding .fix').count()) === ga.findings.filter((f: { fix: string }) => f.fix).length);
    // The value stays masked until shown, here as in the table.
    expect(details).not.toContain('GA1.1.1234567890.1700000000');
    await click(panel, 'Show value of _ga', '.details');
    await waitUntil('the value shown', async () => (await text(panel, '.details .details-value')).includes('GA1.1.1234567890.1700000000'));
    // What the tab did with it: its write by the page's script.
    await waitUntil('its changes in this tab', async () => (await panel.locator('.details ol.changes li').count()) > 0);
    await click(panel, 'Close details');
  });

  it('exports JSON, CSV, Netscape and a Cookie header, values only when asked', async () => {
    const json = await exportAs(panel, { format: 'json', values: false });
    expect(json.name).toMatch(/^site\.test-cookies-\d{4}-\d{2}-\d{2}\.json$/);
    const cookies = JSON.parse(json.text);
    expect(cookies.map((c: { name: string }) => c.name)).toContain('embed_state');
    expect(cookies.every((c: object) => !('value' in c))).toBe(true);
    expect(cookies.find((c: { name: string }) => c.name === '_ga')).toMatchObject({ purpose: { category: 'Analytics' }, setBy: 'script' });

    const csv = await exportAs(panel, { format: 'csv', values: true });
    expect(csv.text.split('\r\n')[0]).toMatch(/^name,value,domain,hostOnly,path,expires,/);
    expect(csv.text).toContain('session_id,8f14e45fceea167a5a36dedd4bea2543,site.test,true,/,session,true,true,lax,');

    const netscape = await exportAs(panel, { format: 'netscape', values: true });
    expect(netscape.name.endsWith('.txt')).toBe(true);
    expect(netscape.text.split('\n')).toContain('#HttpOnly_site.test\tFALSE\t/\tTRUE\t0\tsession_id\t8f14e45fceea167a5a36dedd4bea2543');
    expect(netscape.text).toMatch(/\nsite\.test\tFALSE\t\/shop\tTRUE\t0\tcart\t3\n/);

    await fill(panel, 'input[name="query"]', 'name:session_id');
    await waitForNames(panel, 'one cookie', (n) => n.length === 1);
    const header = await exportAs(panel, { format: 'header', values: true, scope: 'filtered' });
    expect(header.text).toBe('Cookie: session_id=8f14e45fceea167a5a36dedd4bea2543\n');
    await fill(panel, 'input[name="query"]', '');
    await click(panel, 'Close export');
  });

  it('downloads through the browser without the downloads permission', async () => {
    await click(panel, 'Export');
    await fill(panel, 'select[name="export-format"]', 'netscape');
    const [download] = await Promise.all([panel.waitForEvent('download'), panel.locator('.export-dialog button.primary').click()]);
    expect(download.suggestedFilename()).toMatch(/^site\.test-cookies-\d{4}-\d{2}-\d{2}\.txt$/);
    expect(readFileSync(await download.path(), 'utf8')).toMatch(/^# Netscape HTTP Cookie File\n/);
    const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.permissions).not.toContain('downloads');
    await click(panel, 'Close export');
  });

  it('edits a value and a flag, and the row shows what the browser stored', async () => {
    // Values shown: the editor shows this one too, without asking again.
    await check(panel, 'input[name="show-values"]', true);
    await click(panel, 'Edit prefs');
    await fill(panel, '.cookie-editor textarea[name="value"]', 'theme-light');
    await check(panel, '.cookie-editor input[name="httpOnly"]', true);
    await click(panel, 'Save', '.cookie-editor');
    await waitUntil('the saved status', async () => (await text(panel, '.cookie-editor .status')).startsWith('Saved. The browser stored it'));
    const stored = await worker.evaluate(() => chrome.cookies.getAll({ name: 'prefs', domain: 'site.test' }));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ value: 'theme-light', httpOnly: true, secure: true, sameSite: 'strict', hostOnly: true });
    const row = panel.locator('tr.dev-row[data-name="prefs"]');
    await expect.poll(() => row.locator('.cell-value').textContent()).toBe('theme-light');
    expect(await row.locator('td.flag').first().textContent()).toBe('✓');
    await click(panel, 'Close editor');
    await check(panel, 'input[name="show-values"]', false);
  });

  it('opens the editor with the value masked while values are masked', async () => {
    await click(panel, 'Edit session_id');
    await waitUntil('the editor', () => panel.evaluate(() => Boolean(document.querySelector('dialog.cookie-edit-modal[open] .cookie-editor'))));
    expect(await panel.locator('.cookie-editor textarea[name="value"]').count()).toBe(0);
    expect(await panel.content()).not.toContain('8f14e45fceea167a5a36dedd4bea2543');
    await click(panel, 'Show the value to edit it', '.cookie-editor');
    await expect.poll(() => panel.locator('.cookie-editor textarea[name="value"]').inputValue()).toBe('8f14e45fceea167a5a36dedd4bea2543');
    await click(panel, 'Close editor');
    await waitUntil('the editor closed', () => panel.evaluate(() => !document.querySelector('dialog.cookie-edit-modal')));
  });

  it('blocks a create the browser would refuse, with the reason, and creates a valid one', async () => {
    await check(panel, 'input[name="show-values"]', true);
    await click(panel, 'New cookie');
    await fill(panel, '.cookie-editor input[name="name"]', 'widget_consent');
    await fill(panel, '.cookie-editor textarea[name="value"]', '%7B%22ads%22%3Afalse%7D');
    await fill(panel, '.cookie-editor select[name="sameSite"]', 'no_restriction');
    await check(panel, '.cookie-editor input[name="secure"]', false);
    await waitUntil('the refusal', async () => (await text(panel, '.cookie-editor .refusal')).includes('SameSite=None requires Secure'));
    expect(await text(panel, '.cookie-editor .refusal')).toMatch(/^The browser will refuse this: SameSite=None requires Secure/);
    expect(await panel.locator('.cookie-editor button[type="submit"]').isDisabled()).toBe(true);
    // The background refuses it too, whoever sends it: nothing is set.
    const draft = { name: 'widget_consent', value: 'x', domain: 'site.test', hostOnly: true, path: '/', secure: false, httpOnly: false, sameSite: 'no_restriction', partitioned: false };
    const reply = await panel.evaluate(([id, d]) => chrome.runtime.sendMessage({ type: 'setCookies', tabId: id, cookies: [d], replaces: null }), [tabId, draft] as const);
    expect(reply.result).toMatchObject({ applied: 0, refused: [{ index: 0, reason: expect.stringMatching(/SameSite=None requires Secure/) }] });
    expect(await worker.evaluate(() => chrome.cookies.getAll({ name: 'widget_consent' }))).toEqual([]);

    await check(panel, '.cookie-editor input[name="secure"]', true);
    await click(panel, 'Create', '.cookie-editor');
    await waitUntil('the created status', async () => (await text(panel, '.cookie-editor .status')).startsWith('Saved.'));
    const [created] = await worker.evaluate(() => chrome.cookies.getAll({ name: 'widget_consent' }));
    expect(created).toMatchObject({ domain: 'site.test', value: '%7B%22ads%22%3Afalse%7D', secure: true, sameSite: 'no_restriction', hostOnly: true });
    await click(panel, 'Close editor');
    // Shown as the server reads it when asked.
    const cell = panel.locator('tr.dev-row[data-name="widget_consent"] .cell-value');
    await expect.poll(() => cell.textContent()).toBe('%7B%22ads%22%3Afalse%7D');
    await check(panel, 'input[name="decode-values"]', true);
    await expect.poll(() => cell.textContent()).toBe('{"ads":false}');
    await check(panel, 'input[name="decode-values"]', false);
    await check(panel, 'input[name="show-values"]', false);
  });

  it('refuses a malformed file whole, naming its line, and changes nothing', async () => {
    const before = await jarOf(worker);
    const file = ['# Netscape HTTP Cookie File', 'site.test\tFALSE\t/\tTRUE\t0\tfirst\t1', 'site.test FALSE / TRUE 0 second 2', ''].join('\n');
    const verdict = await pasteImport(panel, file);
    expect(verdict.error).toMatch(/^Line 3: expected 7 fields separated by tabs .* found 1\. It has spaces where tabs belong/);
    expect(await panel.locator('.import-dialog button.primary').count()).toBe(0);
    expect(await jarOf(worker)).toEqual(before);
    await click(panel, 'Close import');
  });

  it('deletes the listed cookies after confirmation, and only those', async () => {
    const before = await jarOf(worker);
    await fill(panel, 'input[name="query"]', 'party:third');
    await waitForNames(panel, 'third parties', (n) => n.length === 2);
    await click(panel, 'Delete listed…');
    await click(panel, 'Delete 2');
    await waitForNames(panel, 'no third party left', (n) => n.length === 0);
    const after = await jarOf(worker);
    expect(after.map((c) => c.name).sort()).toEqual(before.filter((c) => !['embed.test', 'pixel.test'].includes(c.domain)).map((c) => c.name).sort());
    await fill(panel, 'input[name="query"]', '');
  });

  it('adds a Phase column once the consent audit has phases, and follows the visitor’s refusal', async () => {
    // The panel of a page that says nothing about consent has no phases: no column.
    expect(await panel.locator('.dev-table thead th.col-phase').count()).toBe(0);
    const page = await context.newPage();
    const url = server.url(CONSENT_HOSTS.consentBad);
    await page.goto(url, { waitUntil: 'load' });
    const consentPanel = await openPanel(context, extensionId, await waitUntil('the consent tab', () =>
      worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, url),
    ));
    const phase = (name: string) => consentPanel.evaluate((n) => document.querySelector(`tr.dev-row[data-name="${n}"] .cell-phase`)?.textContent ?? null, name);
    // Consent Mode's defaults say no choice yet: Google Analytics' cookie was written before any.
    await waitUntil('_ga before any choice', async () => (await phase('_ga')) === 'before any choice');
    expect(await consentPanel.locator('.dev-table thead th.col-phase').textContent()).toContain('Phase');
    await page.click('#reject');
    await waitUntil('the consent cookie after refusal', async () => (await phase('cookieyes-consent')) === 'after refusal');
    await fill(consentPanel, 'input[name="query"]', 'phase:after');
    expect(await waitForNames(consentPanel, 'the cookies written after the refusal', (n) => n.length > 0 && !n.includes('_ga'))).toContain('cookieyes-consent');
    await consentPanel.close();
    await page.close();
    // The consent site's cookies go: the export tests below compare the demo's cookies by name, and _ga is one.
    await removeSiteCookies(CONSENT_HOSTS.consentBad);
  });

  it('lists a 300-cookie tab a screenful at a time: every cookie reachable by scrolling its table, no gap, columns that stay put under headings that stay on screen', async () => {
    const page = await context.newPage();
    const url = server.url(POPUP_BENCH.host(300));
    await page.goto(url, { waitUntil: 'load' });
    const sites = [POPUP_BENCH.host(300), ...POPUP_BENCH.frames(300).map((f) => f.host)];
    const inJar = () => jarOf(worker).then((jar) => jar.filter((c) => sites.some((s) => c.domain.replace(/^\./, '') === s)));
    await waitUntil('300 cookies in the browser', async () => (await inJar()).length === 300);
    const heavyPanel = await openPanel(context, extensionId, await waitUntil('the heavy tab', () =>
      worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, url),
    ));
    await heavyPanel.setViewportSize({ width: 1200, height: 600 });
    await waitUntil('300 cookies listed', async () => (await text(heavyPanel, '.shown-count')).startsWith('300 of 300'));
    const scroll = await expectEveryCookieByScrolling(heavyPanel, await inJar());
    await expectFilterKeepsColumns(heavyPanel, scroll);
    await heavyPanel.close();
    await page.close();
    await removeSiteCookies(...sites);
  });
});

describe('Chromium: export and re-import into a clean profile', () => {
  let original: JarCookie[];
  let jsonFile: string;
  let netscapeFile: string;
  let clean: Awaited<ReturnType<typeof launchChromium>>;
  let cleanPanel: Page;

  beforeAll(async () => {
    const source = await openPanel(context, extensionId, tabId);
    await waitForNames(source, 'the demo’s cookies', (n) => n.includes('session_id'));
    jsonFile = (await exportAs(source, { format: 'json', values: true })).text;
    netscapeFile = (await exportAs(source, { format: 'netscape', values: true })).text;
    // The tab's own cookies, as the files hold them.
    const names = new Set((JSON.parse(jsonFile) as { name: string }[]).map((c) => c.name));
    original = (await jarOf(worker)).filter((c) => names.has(c.name));
    await context.close();
    clean = await launchChromium();
    const probe = await clean.context.newPage();
    await probe.goto(server.url(HOSTS.probe));
    const probeTab = await waitUntil('the probe tab', () =>
      clean.worker!.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, server.url(HOSTS.probe)),
    );
    cleanPanel = await openPanel(clean.context, clean.extensionId!, probeTab);
    await waitUntil('the clean panel', async () => (await text(cleanPanel, 'h1')) === 'Cookie Audit' && (await cleanPanel.locator('.toolbar').count()) > 0);
  });

  afterAll(async () => {
    await clean?.context.close();
  });

  async function clear(): Promise<void> {
    await clean.worker!.evaluate(async () => {
      const all = [...(await chrome.cookies.getAll({})), ...(await chrome.cookies.getAll({ partitionKey: {} } as chrome.cookies.GetAllDetails))];
      for (const c of all) {
        const details = { url: `https://${c.domain.replace(/^\./, '')}${c.path}`, name: c.name, storeId: c.storeId } as chrome.cookies.CookieDetails;
        if (c.partitionKey) (details as { partitionKey?: object }).partitionKey = c.partitionKey;
        await chrome.cookies.remove(details);
      }
    });
    expect(await jarOf(clean.worker!)).toEqual([]);
  }

  it('re-imports the JSON export: the same cookies, values, flags and SameSite', async () => {
    await clear();
    const verdict = await pasteImport(cleanPanel, jsonFile);
    expect(verdict.refused).toEqual([]);
    expect(verdict.status).toBe(`JSON: ${original.length} cookies; the browser would store every one.`);
    expect(await confirmImport(cleanPanel)).toBe(`Imported ${original.length} cookies into this tab’s cookie store.`);
    expectSameCookies(await jarOf(clean.worker!), original, { full: true, withValues: true });
  });

  it('re-imports the Netscape export: the same cookies and values, SameSite left to the browser', async () => {
    await clear();
    const verdict = await pasteImport(cleanPanel, netscapeFile);
    expect(verdict.refused).toEqual([]);
    expect(verdict.status).toBe(`Netscape cookies.txt: ${original.length} cookies; the browser would store every one.`);
    expect(await confirmImport(cleanPanel)).toBe(`Imported ${original.length} cookies into this tab’s cookie store.`);
    expectSameCookies(await jarOf(clean.worker!), original, { full: false, withValues: true });
  });
});
