/**
 * Reading the popup as a user sees it, through `page.evaluate`, which Playwright (Chromium) and
 * Puppeteer (Firefox) pages both have. Shared by both browsers' specs.
 */
import { expect } from 'vitest';
import type { ExpectedCookie } from './expected';

/** The part of a Playwright or Puppeteer page these helpers use (their generics differ). */
export interface EvaluatingPage {
  evaluate(fn: () => unknown): Promise<unknown>;
}

export interface RenderedRow {
  name: string;
  section: string | null;
  site: string | null;
  text: string;
}

/** Every cookie row with its group ("first-party"/"third-party"), site block and visible text. */
export async function readRows(page: EvaluatingPage): Promise<RenderedRow[]> {
  return (await page.evaluate(
    () =>
      [...document.querySelectorAll<HTMLTableRowElement>('tr.cookie-row')].map((row) => ({
        name: row.querySelector('.cookie-name')?.textContent ?? '',
        section: row.closest('section')?.querySelector('h2')?.id?.replace(/-title$/, '') ?? null,
        site: row.closest('tbody')?.dataset.site ?? null,
        text: row.textContent?.replace(/\s+/g, ' ') ?? '',
      })),
  )) as RenderedRow[];
}

export async function waitUntil<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Wait until the popup lists every expected cookie, then return the rows. */
export async function waitForRows(page: EvaluatingPage, expected: ExpectedCookie[]): Promise<RenderedRow[]> {
  return waitUntil(`rows for ${expected.map((c) => c.name).join(', ')}`, async () => {
    const rows = await readRows(page);
    return expected.every((e) => rows.some((r) => r.name === e.name)) ? rows : null;
  });
}

export function assertRows(rows: RenderedRow[], expected: ExpectedCookie[]): void {
  for (const cookie of expected) {
    const matching = rows.filter((r) => r.name === cookie.name);
    expect(matching, `one row for ${cookie.name}`).toHaveLength(1);
    const [row] = matching;
    expect(row.section, `${cookie.name} party`).toBe(cookie.party === 'first' ? 'first-party' : 'third-party');
    expect(row.text, `${cookie.name} domain`).toContain(cookie.domain);
    for (const text of cookie.shows) expect(row.text, `${cookie.name} shows ${text}`).toContain(text);
    for (const text of cookie.hides ?? []) expect(row.text, `${cookie.name} hides ${text}`).not.toContain(text);
  }
}

/** The report's cookie for `name`, checked field by field against what the site set. */
export function assertReportCookie(cookies: Record<string, unknown>[], cookie: ExpectedCookie): void {
  const found = cookies.filter((c) => c.name === cookie.name && c.domain === cookie.domain);
  expect(found, `report has ${cookie.name} once`).toHaveLength(1);
  const [c] = found;
  expect(c).toMatchObject({
    path: cookie.path,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: cookie.sameSite,
    session: cookie.session,
    hostOnly: cookie.hostOnly,
    firstParty: cookie.party === 'first',
    site: cookie.domain.replace(/^www\./, ''),
  });
  expect(c.partitionKey !== null, `${cookie.name} partitioned`).toBe(cookie.partitioned);
  if (cookie.partitioned) expect(c.partitionSite).toBe('site.test');
  expect(c.size).toBeGreaterThan(cookie.name.length);
  if (cookie.purpose) expect(c.purpose, `${cookie.name} purpose`).toMatchObject(cookie.purpose);
  else expect(c.purpose, `${cookie.name} purpose unknown`).toBeNull();
  expect('value' in c, `${cookie.name} value left out of the report`).toBe(false);
}

/** A cookie as the browser holds it, for before/after comparisons: name, domain, path, partition. */
export type CookieIdentity = string;

/**
 * Delete one cookie with its row's delete control and check that exactly that cookie is gone,
 * from the popup and from the browser (`readBrowser` lists the browser's cookies, partitioned
 * ones included, as `name domain path partition`).
 */
export async function deleteOneCookie(
  page: EvaluatingPage,
  cookie: { name: string; domain: string },
  clickDelete: () => Promise<unknown>,
  readBrowser: () => Promise<CookieIdentity[]>,
): Promise<void> {
  const rowsBefore = await waitUntil(`a row for ${cookie.name}`, async () => {
    const rows = await readRows(page);
    return rows.some((r) => r.name === cookie.name) ? rows : null;
  });
  const inBrowserBefore = await readBrowser();
  const target = inBrowserBefore.filter((id) => id.startsWith(`${cookie.name} `) && id.split(' ')[1].replace(/^\./, '') === cookie.domain);
  expect(target, `${cookie.name} is in the browser before`).toHaveLength(1);

  await clickDelete();
  const rowsAfter = await waitUntil(`${cookie.name} gone from the popup`, async () => {
    const rows = await readRows(page);
    return rows.some((r) => r.name === cookie.name) ? null : rows;
  });
  expect(rowsAfter.map((r) => r.name).sort()).toEqual(rowsBefore.map((r) => r.name).filter((n) => n !== cookie.name).sort());
  expect((await readBrowser()).sort()).toEqual(inBrowserBefore.filter((id) => id !== target[0]).sort());
}

/** What `watchRows` saw since it started. */
export interface RowChanges {
  /** Rows (`site name`) rendered when the watch started that are no longer the same element: replaced, or gone from the DOM. */
  replaced: string[];
  /** The rows any change in the tables touched: a cookie's by its name, a site heading or findings row by its class, a row group's rows added or removed as `TBODY`. */
  touched: string[];
  /** What changed, a line per change (at most 20), to tell why a row was touched. */
  changes: string[];
}

/**
 * Watch the popup's tables from now on (issue 13: a cookie change touches its row only). Only the
 * tables count: the counts above them may change. The spacers standing for the rows not rendered
 * follow the measured heights: they are not rows. Starting again replaces the previous watch, so
 * a retried test starts clean. Returns the function that reads what it saw.
 */
export async function watchRows(page: EvaluatingPage): Promise<() => Promise<RowChanges>> {
  await page.evaluate(() => {
    type Watch = { observer: MutationObserver; before: Map<string, Element>; touched: Set<string>; changes: string[] };
    const w = window as unknown as { rowWatch?: Watch };
    w.rowWatch?.observer.disconnect();
    const keyOf = (row: Element) => `${row.closest('tbody')?.dataset.site} ${row.getAttribute('data-name')}`;
    const watch: Watch = {
      observer: new MutationObserver((records) => {
        for (const record of records) {
          const node = record.target instanceof Element ? record.target : record.target.parentElement;
          if (!node?.closest('table') || node.closest('tbody.spacer')) continue;
          const row = node.closest('tr.cookie-row, tr.findings-row, tr.site-row');
          const name = row?.getAttribute('data-name') ?? row?.className ?? node.nodeName;
          watch.touched.add(name);
          if (watch.changes.length < 20) {
            const what =
              record.type === 'attributes'
                ? `${record.attributeName} ${JSON.stringify(record.oldValue)} → ${JSON.stringify((record.target as Element).getAttribute(record.attributeName!))}`
                : record.type === 'characterData'
                  ? `text ${JSON.stringify(record.oldValue)} → ${JSON.stringify(record.target.textContent)}`
                  : `+${record.addedNodes.length} −${record.removedNodes.length} nodes`;
            watch.changes.push(`${name}: ${node.nodeName.toLowerCase()}${node.className ? `.${String(node.className).split(' ')[0]}` : ''} ${what}`);
          }
        }
      }),
      before: new Map([...document.querySelectorAll('tr.cookie-row')].map((row) => [keyOf(row), row])),
      touched: new Set(),
      changes: [],
    };
    watch.observer.observe(document.querySelector('main')!, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
      attributeOldValue: true,
      characterDataOldValue: true,
    });
    w.rowWatch = watch;
  });
  return async () =>
    (await page.evaluate(() => {
      const watch = (window as unknown as { rowWatch: { before: Map<string, Element>; touched: Set<string>; changes: string[] } }).rowWatch;
      return {
        replaced: [...watch.before].filter(([, row]) => !row.isConnected).map(([key]) => key),
        touched: [...watch.touched],
        changes: watch.changes,
      };
    })) as RowChanges;
}

/**
 * Wait until the popup has shown the tab's fresh view and its tables' rows stay as they are: the
 * same rows, as tall, two frames apart (a windowed table places, measures and places again).
 * Returns the rows.
 */
export async function waitForStillRows(page: EvaluatingPage): Promise<RenderedRow[]> {
  await waitUntil('the popup’s rows standing still', async () => {
    const still = await page.evaluate(async () => {
      const rows = () =>
        document.querySelector('.app[aria-busy="false"]')
          ? [...document.querySelectorAll('tr.cookie-row')].map((r) => `${r.closest('tbody')?.dataset.site} ${r.getAttribute('data-name')} ${r.getBoundingClientRect().height}`).join('\n')
          : '';
      const before = rows();
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return before !== '' && rows() === before;
    });
    return still === true;
  });
  return readRows(page);
}

/**
 * The scripts an extension page has loaded, by file name (`popup-….js`): its module script and
 * the `modulepreload` links the page and Vite's `import()` helper add for every chunk they load.
 * (Chromium keeps no resource timing entries for `chrome-extension:` files.)
 */
export async function loadedScripts(page: EvaluatingPage): Promise<string[]> {
  return (await page.evaluate(() =>
    [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[rel="modulepreload"]')].map(
      (element) => new URL(element instanceof HTMLScriptElement ? element.src : element.href).pathname.split('/').pop()!,
    ),
  )) as string[];
}

/**
 * The popup and the DevTools panel load their first script, then their components in one go
 * (the `first` and `start` chunks in wxt.config.ts): a handful of files, not one per module,
 * and none of those kept for later (the Public Suffix List in `site`, the audit's templates).
 * `loadedSoon`: chunks the page asks for right after its start (the panel's words for scripts).
 */
export function expectFewStartScripts(scripts: string[], { loadedSoon = [] as string[] } = {}): void {
  const start = scripts.filter((file) => !loadedSoon.some((name) => file.startsWith(`${name}-`)));
  expect(start.length, scripts.join(', ')).toBeLessThanOrEqual(6);
  expect(start.some((file) => file.startsWith('start-')), scripts.join(', ')).toBe(true);
  const later = ['site', 'phrases', 'ImportDialog', 'ExportDialog', 'CookieEditor', 'CookieDetails'].filter((name) => !loadedSoon.includes(name));
  expect(start.filter((file) => later.some((name) => file.startsWith(`${name}-`)))).toEqual([]);
}
