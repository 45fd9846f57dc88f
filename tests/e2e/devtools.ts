/**
 * Driving the DevTools panel page (`devtools-panel.html?tabId=N`) as a user does, through
 * `page.evaluate`, which Playwright (Chromium) and Puppeteer (Firefox) pages both have; and
 * reading the browser's own cookie jar to compare with. Shared by both browsers' specs.
 */
import { expect } from 'vitest';
import { waitUntil } from './popup';

/** The part of a Playwright or Puppeteer page these helpers use (their generics differ). */
export interface Page {
  evaluate(fn: any, ...args: any[]): Promise<any>;
}

/** A cookie as the browser's cookies API holds it, for comparisons across profiles. */
export interface JarCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  hostOnly: boolean;
  secure: boolean;
  httpOnly: boolean;
  sameSite: string;
  session: boolean;
  expirationDate?: number;
  partitionKey?: { topLevelSite?: string } | null;
}

/** Click the first button whose text (or aria-label) is `name`, inside `scope` if given. */
export async function click(page: Page, name: string, scope = 'body'): Promise<void> {
  await waitUntil(`a button “${name}”`, () =>
    page.evaluate(
      ([n, s]: [string, string]) => {
        const buttons = [...(document.querySelector(s)?.querySelectorAll('button') ?? [])] as HTMLButtonElement[];
        const button = buttons.find((b) => (b.getAttribute('aria-label') ?? b.textContent?.replace(/\s+/g, ' ').trim()) === n && !b.disabled);
        button?.click();
        return Boolean(button);
      },
      [name, scope],
    ),
  );
}

/** Type into an input, textarea or select as a user would: the value, then input and change events. */
export async function fill(page: Page, selector: string, value: string): Promise<void> {
  await waitUntil(`the field ${selector}`, () =>
    page.evaluate(
      ([sel, v]: [string, string]) => {
        const field = document.querySelector(sel) as HTMLInputElement | null;
        if (!field) return false;
        field.value = v;
        field.dispatchEvent(new Event('input', { bubbles: true }));
        field.dispatchEvent(new Event('change', { bubbles: true }));
        return true;
      },
      [selector, value],
    ),
  );
}

export async function check(page: Page, selector: string, on: boolean): Promise<void> {
  await waitUntil(`the checkbox ${selector}`, () =>
    page.evaluate(
      ([sel, want]: [string, boolean]) => {
        const box = document.querySelector(sel) as HTMLInputElement | null;
        if (!box) return false;
        if (box.checked !== want) box.click();
        return true;
      },
      [selector, on],
    ),
  );
}

export async function text(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel: string) => document.querySelector(sel)?.textContent?.replace(/\s+/g, ' ').trim() ?? '', selector);
}

/** The names in the panel's table, in order. */
export async function panelNames(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll('tr.dev-row')].map((r) => (r as HTMLElement).dataset.name ?? ''));
}

export async function waitForNames(page: Page, what: string, test: (names: string[]) => boolean): Promise<string[]> {
  return waitUntil(what, async () => {
    const names = await panelNames(page);
    return test(names) ? names : null;
  });
}

/**
 * Keep a copy of every file the page hands to the browser to download (the blob given to
 * URL.createObjectURL, and the anchor's download name), so a test can read what was exported.
 */
export async function recordDownloads(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __files: { name: string; text: Promise<string> }[]; __lastBlob?: Promise<string> };
    if (w.__files) return;
    w.__files = [];
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      if (blob instanceof Blob) w.__lastBlob = blob.text();
      return create(blob);
    };
    const clickAnchor = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (this.download && w.__lastBlob) w.__files.push({ name: this.download, text: w.__lastBlob });
      return clickAnchor.call(this);
    };
  });
}

/** Export from the panel's dialog and return the file's name and text. */
export async function exportAs(page: Page, options: { scope?: 'all' | 'filtered' | 'selected'; format: string; values: boolean }): Promise<{ name: string; text: string }> {
  await recordDownloads(page);
  const before = (await page.evaluate(() => (window as unknown as { __files: unknown[] }).__files.length)) as number;
  if (!(await page.evaluate(() => Boolean(document.querySelector('.export-dialog'))))) await click(page, 'Export');
  await check(page, `input[name="export-scope"][value="${options.scope ?? 'all'}"]`, true);
  await fill(page, 'select[name="export-format"]', options.format);
  await check(page, 'input[name="include-values"]', options.values);
  const button = await waitUntil('the download button', () =>
    page.evaluate(() => [...document.querySelectorAll('.export-dialog button')].map((b) => b.textContent ?? '').find((t) => t.startsWith('Download')) ?? null),
  );
  await click(page, button.replace(/\s+/g, ' ').trim(), '.export-dialog');
  return waitUntil('the exported file', () =>
    page.evaluate(async (n: number) => {
      const files = (window as unknown as { __files: { name: string; text: Promise<string> }[] }).__files;
      return files.length > n ? { name: files[n].name, text: await files[n].text } : null;
    }, before),
  );
}

/** Paste a file's text into the import dialog and check it; returns the dialog's verdict. */
export async function pasteImport(page: Page, fileText: string): Promise<{ error: string; status: string; refused: string[] }> {
  if (!(await page.evaluate(() => Boolean(document.querySelector('.import-dialog'))))) await click(page, 'Import');
  await page.evaluate(() => document.querySelector('.import-dialog details')?.setAttribute('open', ''));
  await fill(page, 'textarea[name="import-text"]', fileText);
  await click(page, 'Check pasted text', '.import-dialog');
  return waitUntil('the import check', async () => {
    const verdict = (await page.evaluate(() => ({
      error: document.querySelector('.import-error')?.textContent?.trim() ?? '',
      status: document.querySelector('.import-dialog p.status')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      refused: [...document.querySelectorAll('.refused-rows li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
    }))) as { error: string; status: string; refused: string[] };
    return verdict.error || verdict.status ? verdict : null;
  });
}

export async function confirmImport(page: Page): Promise<string> {
  const label = await waitUntil('the import button', () =>
    page.evaluate(() => [...document.querySelectorAll('.import-dialog button')].map((b) => b.textContent?.replace(/\s+/g, ' ').trim() ?? '').find((t) => t.startsWith('Import ')) ?? null),
  );
  await click(page, label, '.import-dialog');
  return waitUntil('the import result', async () => (await text(page, '.import-result')) || null);
}

/**
 * Compare two jars: the same cookies with the same fields. `full` false for Netscape files, which
 * have no SameSite and no partition.
 */
export function expectSameCookies(actual: JarCookie[], expected: JarCookie[], { full, withValues }: { full: boolean; withValues: boolean }): void {
  const shape = (c: JarCookie) => ({
    name: c.name,
    value: withValues ? c.value : '',
    domain: c.domain,
    path: c.path,
    hostOnly: c.hostOnly,
    secure: c.secure,
    httpOnly: c.httpOnly,
    session: c.session,
    // Netscape files keep whole seconds.
    expires: c.expirationDate === undefined ? null : Math.trunc(c.expirationDate),
    // Imported into another page, a partitioned cookie is kept under that page's site.
    ...(full ? { sameSite: c.sameSite, partitioned: Boolean(c.partitionKey?.topLevelSite) } : {}),
  });
  const sort = (list: ReturnType<typeof shape>[]) => list.sort((a, b) => `${a.domain} ${a.path} ${a.name}`.localeCompare(`${b.domain} ${b.path} ${b.name}`));
  expect(sort(actual.map(shape))).toEqual(sort(expected.map(shape)));
}

/** What scrolling a long panel table from top to bottom showed (see `scrollThroughPanel`). */
export interface PanelScroll {
  /** `name domain` of every row rendered on the way. */
  seen: Set<string>;
  /** Rows in the DOM at the top: a windowed table renders only a screenful and a little more. */
  renderedAtTop: number;
  /** The table's own count of its rows (`aria-rowcount`, the header row included). */
  rowCount: number | null;
  /** Scroll positions where the screen showed a gap in the rows, the columns had other widths than at the top, or the headings had scrolled away. */
  faults: string[];
}

/**
 * Scroll the panel's table (its own box, under the toolbars) from top to bottom half a box at a
 * time, as a user reading every row would, waiting at each step until the rendered rows cover
 * all of the table's rows on screen; note each rendered row, any step where they never do (a gap
 * in a windowed table), any step where the columns changed width (rows coming and going must not
 * move them) and any where the column headings were not at the top of the box.
 */
export async function scrollThroughPanel(page: Page): Promise<PanelScroll> {
  const read = () =>
    page.evaluate(() => {
      const rows = [...document.querySelectorAll<HTMLElement>('tr.dev-row')];
      const box = document.querySelector<HTMLElement>('.dev-table-wrap')!;
      const table = box.querySelector('table.dev-table')!;
      const view = box.getBoundingClientRect();
      const screen = { top: Math.max(view.top, 0), bottom: Math.min(view.bottom, innerHeight) };
      // The rows' area, from where the first row would be to below the last, and what of it is on screen.
      const spacers = [...table.querySelectorAll('tbody.spacer')].map((t) => t.getBoundingClientRect());
      const area = spacers.length === 2 ? { top: spacers[0].top, bottom: spacers[1].bottom } : null;
      const first = rows[0]?.getBoundingClientRect();
      const last = rows.at(-1)?.getBoundingClientRect();
      return {
        rows: rows.map((r) => `${r.dataset.name} ${r.dataset.domain}`),
        widths: [...table.querySelectorAll('thead th')].map((th) => Math.round(th.getBoundingClientRect().width)).join(' '),
        // Rendered rows cover all of the area on screen: no gap above, below or between them.
        covered:
          area === null ||
          (first !== undefined && last !== undefined && first.top <= Math.max(area.top, screen.top) + 0.5 && last.bottom >= Math.min(area.bottom, screen.bottom) - 0.5),
        headingsOnTop: Math.abs(table.querySelector('thead th')!.getBoundingClientRect().top - view.top) < 1 && view.top >= 0 && view.top < innerHeight / 2,
        rowCount: table.getAttribute('aria-rowcount'),
        scrollY: box.scrollTop,
        end: box.scrollTop + box.clientHeight >= box.scrollHeight - 1,
        step: box.clientHeight / 2,
      };
    });
  await page.evaluate(() => document.querySelector('.dev-table-wrap')!.scrollTo(0, 0));
  const top = await read();
  const result: PanelScroll = { seen: new Set(top.rows), renderedAtTop: top.rows.length, rowCount: top.rowCount === null ? null : Number(top.rowCount), faults: [] };
  let at = top;
  while (!at.end) {
    const target = at.scrollY + at.step;
    await page.evaluate((y: number) => document.querySelector('.dev-table-wrap')!.scrollTo(0, y), target);
    // The rows for the new position are rendered on the scroll event's next frame.
    at = await waitUntil(`rows on screen at ${target}`, async () => {
      const now = await read();
      return now.covered ? now : null;
    }).catch(async () => {
      const now = await read();
      result.faults.push(`a gap in the rows on screen at ${now.scrollY}`);
      return now;
    });
    if (at.widths !== top.widths) result.faults.push(`columns ${at.widths} at ${at.scrollY}, ${top.widths} at the top`);
    if (!at.headingsOnTop) result.faults.push(`the column headings not at the top of the table's box at ${at.scrollY}`);
    for (const row of at.rows) result.seen.add(row);
  }
  return result;
}

/**
 * A long table as its user reads it (`scrollThroughPanel`): no gap and no column moving on the
 * way, a screenful and a little more rendered at the top, the table's count of its rows, and every
 * cookie of `jar` (as the browser holds them) reached.
 */
export async function expectEveryCookieByScrolling(page: Page, jar: JarCookie[]): Promise<PanelScroll> {
  const scroll = await scrollThroughPanel(page);
  expect(scroll.faults).toEqual([]);
  expect(scroll.rowCount).toBe(jar.length + 1);
  expect(scroll.renderedAtTop).toBeLessThan(80);
  expect([...scroll.seen].sort()).toEqual(jar.map((c) => `${c.name} ${c.domain.replace(/^\./, '')}`).sort());
  return scroll;
}

/**
 * The filter finds a cookie far down a long list (the last `scroll` reached), which the table
 * then renders in columns as wide as before: they are sized for every cookie of the tab, listed
 * or not. The filter box is left holding the query.
 */
export async function expectFilterKeepsColumns(page: Page, scroll: PanelScroll): Promise<void> {
  const widths = (): Promise<number[]> => page.evaluate(() => [...document.querySelectorAll('.dev-table thead th')].map((th) => Math.round(th.getBoundingClientRect().width)));
  const before = await widths();
  const deep = [...scroll.seen].sort().at(-1)!.split(' ')[0];
  await fill(page, 'input[name="query"]', `name:${deep}`);
  expect(await waitForNames(page, `the cookie ${deep}`, (n) => n.length > 0 && n.every((name) => name.toLowerCase().includes(deep.toLowerCase())))).toContain(deep);
  expect(await widths()).toEqual(before);
}
