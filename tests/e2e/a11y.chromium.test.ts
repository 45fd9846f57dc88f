/**
 * Accessibility: axe-core on every view of the popup, the side panel and the DevTools panel, in the light and the dark colour scheme,
 * in real Chromium, with the demo sites loaded. Each view is shown in its fullest state (a
 * finding expanded, a full URL shown, identifiers handed on, a tracker learned), so that every
 * component is checked. Zero violations; a failure lists each rule, its targets and its help.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './popup';
import { chromiumDemo } from './support/browsers.mjs';
import { HOSTS, POPUP_BENCH, startFixtureServer } from './support/server.mjs';

// The extension page's CSP refuses `addScriptTag`; `evaluate` runs through the DevTools protocol.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let demo: Awaited<ReturnType<typeof chromiumDemo>>;
let context: BrowserContext;
/** The tab each audited page is in. */
const tabs: Record<'site' | 'audit' | 'news' | 'login' | 'recipes' | 'blank' | 'heavy', number> = { site: 0, audit: 0, news: 0, login: 0, recipes: 0, blank: 0, heavy: 0 };

type Report = { cookies: unknown[]; rejected: unknown[]; activity: { tracking: number; timeline: unknown[]; syncs: unknown[] } | null };

async function report(page: Page, tabId: number): Promise<Report> {
  const reply = await page.evaluate((id) => chrome.runtime.sendMessage({ type: 'getReport', tabId: id }), tabId);
  return reply.result;
}

beforeAll(async () => {
  server = await startFixtureServer();
  demo = await chromiumDemo(server);
  context = demo.context;
  tabs.site = demo.tabId;
  const open = async (url: string) => {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    return demo.tabIdOf(url);
  };
  tabs.audit = await open(server.url(HOSTS.audit));
  tabs.news = await open(server.url(HOSTS.news));
  tabs.login = await open(server.url(HOSTS.login));
  tabs.recipes = await open(server.url(HOSTS.recipes));
  // pixel.test now tracks on site.test and news.test; blog.test makes it a learned tracker.
  await open(server.url(HOSTS.blog));
  tabs.blank = await open('about:blank');
  // Long enough for its tables to render only the rows near the screen.
  tabs.heavy = await open(server.url(POPUP_BENCH.host(300)));

  const probe = await context.newPage();
  await probe.goto(`chrome-extension://${demo.extensionId}/popup.html?tabId=${tabs.site}`);
  await waitUntil('the demo pages recorded', async () => {
    const [site, audit, news] = await Promise.all([report(probe, tabs.site), report(probe, tabs.audit), report(probe, tabs.news)]);
    const state = {
      siteTracking: site.activity?.tracking,
      siteTimeline: site.activity?.timeline.length,
      auditRejected: audit.rejected.length,
      newsSyncs: news.activity?.syncs.length,
    };
    if (state.siteTracking === 2 && state.siteTimeline && state.auditRejected > 0 && (state.newsSyncs ?? 0) >= 2) return true;
    throw new Error(JSON.stringify(state));
  }, 30_000);
  await waitUntil('pixel.test learned', async () => {
    const reply = await probe.evaluate(() => chrome.runtime.sendMessage({ type: 'getLearned' }));
    return reply.result.trackers.length > 0;
  });
  await probe.close();
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Run axe on the page as it is now; WCAG 2.x A and AA rules and axe's best practices. */
async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const { violations } = await (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return violations.map(({ id, impact, help, helpUrl, nodes }) => ({
      id,
      impact,
      help,
      helpUrl,
      nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
    }));
  });
}

function describeViolations(violations: Violation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}\n` +
        v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n'),
    )
    .join('\n');
}

async function showView(page: Page, name: 'Cookies' | 'Trackers' | 'Timeline' | 'Storage'): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
  await expect.poll(() => page.getByRole('tab', { name: new RegExp(`^${name}`) }).getAttribute('aria-selected')).toBe('true');
}

/** Each view, in the state that shows the most of it. */
const VIEWS: { name: string; tab: keyof typeof tabs; show: (page: Page) => Promise<void> }[] = [
  {
    name: 'Cookies, a value revealed',
    tab: 'site',
    show: async (page) => {
      await page.locator('tr.cookie-row[data-name="prefs"]').waitFor();
      await page.getByRole('button', { name: 'Show value of prefs' }).click();
      await page.locator('code.revealed').waitFor();
    },
  },
  {
    name: 'Cookies, the cookie editor open, its value shown and a refusal said (SameSite=None without Secure)',
    tab: 'site',
    show: async (page) => {
      await page.getByRole('button', { name: 'Edit cookie prefs' }).click();
      await page.getByRole('button', { name: 'Show the value to edit it' }).click();
      await page.locator('dialog[open] textarea[name="value"]').waitFor();
      await page.locator('dialog[open] select[name="sameSite"]').selectOption('no_restriction');
      await page.locator('dialog[open] input[name="secure"]').uncheck();
      await page.locator('dialog[open] .refusal').waitFor();
    },
  },
  {
    name: 'Cookies, a search and the deletion of the listed cookies to confirm',
    tab: 'site',
    show: async (page) => {
      await page.getByRole('searchbox', { name: 'Search cookies by name or domain' }).fill('pixel.test');
      await page.getByRole('button', { name: 'Delete listed…' }).click();
      await page.getByRole('group', { name: 'Confirm deleting the listed cookies' }).waitFor();
    },
  },
  {
    name: 'Cookies with findings expanded, refused cookies and a delete to confirm',
    tab: 'audit',
    show: async (page) => {
      await page.locator('li.rejected-cookie').first().waitFor();
      await page.locator('tr.cookie-row[data-name="PHPSESSID"] button.worst').click();
      await page.locator('tr.findings-row p.fix').first().waitFor();
      await page.getByRole('button', { name: 'Delete all cookies of audit.test' }).click();
      await page.getByRole('group', { name: 'Confirm deleting the cookies of audit.test' }).waitFor();
    },
  },
  {
    name: 'Cookies, a long table showing the rows near the screen, scrolled, a finding expanded',
    tab: 'heavy',
    show: async (page) => {
      await page.locator('table[aria-rowcount]').first().waitFor();
      // A row on screen, a quarter down, named: the rendered rows change as the page scrolls.
      const name = await page.evaluate(async () => {
        scrollTo(0, document.documentElement.scrollHeight / 4);
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        const onScreen = [...document.querySelectorAll('tr.cookie-row')].filter((r) => {
          const { top, bottom } = r.getBoundingClientRect();
          return top > 60 && bottom < innerHeight && r.querySelector('button.worst');
        });
        return onScreen[0]?.getAttribute('data-name') ?? null;
      });
      expect(name).not.toBeNull();
      await page.locator(`tr.cookie-row[data-name="${name}"] button.worst`).click();
      await page.locator('tr.findings-row p.fix').first().waitFor();
    },
  },
  {
    name: 'Cookies with a value finding expanded and its lesson link',
    tab: 'login',
    show: async (page) => {
      await page.locator('tr.cookie-row[data-name="access_token"] button.worst').click();
      await page.locator('tr.findings-row .learn-link').waitFor();
    },
  },
  {
    name: 'Trackers, a full URL shown',
    tab: 'site',
    show: async (page) => {
      await showView(page, 'Trackers');
      await page.locator('li.third-party[data-site="pixel.test"]').getByRole('button', { name: /Show full URL/ }).click();
      await page.locator('dl.params').waitFor();
    },
  },
  {
    name: 'Trackers with identifiers handed on and a learned tracker',
    tab: 'news',
    show: async (page) => {
      await showView(page, 'Trackers');
      await page.locator('section.syncs').waitFor();
      await page.locator('li.learned-tracker').first().waitFor();
    },
  },
  {
    name: 'Timeline',
    tab: 'site',
    show: async (page) => {
      await showView(page, 'Timeline');
      await page.locator('tr.timeline-entry').first().waitFor();
    },
  },
  {
    name: 'Storage, a value revealed and an origin’s delete to confirm',
    tab: 'recipes',
    show: async (page) => {
      await showView(page, 'Storage');
      await page.locator('tr.storage-row[data-key="sync_volume"]').waitFor();
      await page.getByRole('button', { name: 'Show value of ajs_anonymous_id' }).click();
      await page.locator('tr.storage-row code.revealed').waitFor();
      await page.getByRole('button', { name: /^Delete all storage of https:\/\/player\.vimeo\.com/ }).click();
      await page.getByRole('group', { name: /^Confirm deleting the storage of https:\/\/player\.vimeo\.com/ }).waitFor();
    },
  },
  {
    name: 'the notice for a page it cannot inspect',
    tab: 'blank',
    show: async (page) => {
      await expect.poll(() => page.locator('.notice h2').textContent()).toBe('This is a browser page');
    },
  },
];

describe.each(['light', 'dark'] as const)('Chromium: the popup has no accessibility violations, %s colour scheme', (colorScheme) => {
  it.each(VIEWS)('$name', async ({ tab, show }) => {
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme });
    await page.goto(`chrome-extension://${demo.extensionId}/popup.html?tabId=${tabs[tab]}`);
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
    await show(page);
    const violations = await axeViolations(page);
    await page.close();
    expect(violations, `axe violations:\n${describeViolations(violations)}`).toEqual([]);
  });
});

describe.each(['light', 'dark'] as const)('Chromium: "How cookies and sessions work" has no accessibility violations, %s colour scheme', (colorScheme) => {
  it.each([
    { name: "with the demo page's own session cookie and pixel", tab: 'site' as const },
    { name: "with login.test's readable session cookies", tab: 'login' as const },
  ])('$name', async ({ tab }) => {
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme });
    await page.goto(`chrome-extension://${demo.extensionId}/learn.html?tabId=${tabs[tab]}`);
    // The tab's own examples are shown once its report has arrived.
    await page.locator('[data-tracking]').waitFor();
    await page.locator('li[data-cookie]').first().waitFor();
    const violations = await axeViolations(page);
    await page.close();
    expect(violations, `axe violations:\n${describeViolations(violations)}`).toEqual([]);
  });
});

describe.each(['light', 'dark'] as const)('Chromium: the side panel, 320 px wide, has no accessibility violations, %s colour scheme', (colorScheme) => {
  it.each(VIEWS.filter((v) => v.tab === 'site' || v.tab === 'recipes'))('$name', async ({ tab, show }) => {
    // The panel's page in a window of its own, 320 px wide, following the window of the tab.
    const windowId = await demo.worker!.evaluate(async (id) => (await chrome.tabs.get(id)).windowId, tabs[tab]);
    const host = tab === 'recipes' ? HOSTS.recipes : HOSTS.site;
    const tabPage = context.pages().find((p) => p.url() === server.url(host));
    await tabPage!.bringToFront();
    const opened = context.waitForEvent('page');
    await demo.worker!.evaluate((url) => chrome.windows.create({ url }), `chrome-extension://${demo.extensionId}/sidepanel.html?windowId=${windowId}`);
    const page = await opened;
    await page.setViewportSize({ width: 320, height: 800 });
    await page.emulateMedia({ colorScheme });
    await expect.poll(() => page.locator('.top .page').textContent()).toBe(host);
    await show(page);
    const violations = await axeViolations(page);
    await page.close();
    expect(violations, `axe violations:\n${describeViolations(violations)}`).toEqual([]);
  });

  it('the popup’s toolbar with its "Open side panel" button', async () => {
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme });
    // Without ?tabId: the popup as the toolbar opens it, for the active tab (itself: a notice).
    await page.goto(`chrome-extension://${demo.extensionId}/popup.html`);
    await page.getByRole('button', { name: 'Open side panel' }).waitFor();
    const violations = await axeViolations(page);
    await page.close();
    expect(violations, `axe violations:\n${describeViolations(violations)}`).toEqual([]);
  });
});

/** The DevTools panel, each in the state that shows the most of it. */
const PANEL_STATES: { name: string; tab: keyof typeof tabs; show: (page: Page) => Promise<void> }[] = [
  { name: 'its table, values masked', tab: 'site', show: async (page) => void (await page.locator('tr.dev-row[data-name="prefs"]').waitFor()) },
  {
    name: 'its table, values shown and URL-decoded, a cookie’s details open with its fixes and its changes',
    tab: 'site',
    show: async (page) => {
      await page.locator('input[name="show-values"]').check();
      await page.locator('input[name="decode-values"]').check();
      await page.getByRole('button', { name: '_ga', exact: true }).click();
      await page.locator('.details li.finding .fix').first().waitFor();
      await page.locator('.details ol.changes li').first().waitFor();
    },
  },
  {
    name: 'the export dialog',
    tab: 'site',
    show: async (page) => {
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      await page.locator('.export-dialog select[name="export-format"]').waitFor();
    },
  },
  {
    name: 'the import dialog',
    tab: 'site',
    show: async (page) => {
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.locator('.import-dialog').waitFor();
    },
  },
  {
    name: 'a 300-cookie table rendered a screenful at a time, filtered',
    tab: 'heavy',
    show: async (page) => {
      await page.locator('tr.dev-row').first().waitFor();
      await page.locator('input[name="query"]').fill('setby:script');
    },
  },
];

describe.each(['light', 'dark'] as const)('Chromium: the DevTools panel has no accessibility violations, %s colour scheme', (colorScheme) => {
  it.each(PANEL_STATES)('$name', async ({ tab, show }) => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1200, height: 600 });
    await page.emulateMedia({ colorScheme });
    await page.goto(`chrome-extension://${demo.extensionId}/devtools-panel.html?tabId=${tabs[tab]}`);
    await show(page);
    const violations = await axeViolations(page);
    await page.close();
    expect(violations, `axe violations:\n${describeViolations(violations)}`).toEqual([]);
  });
});
