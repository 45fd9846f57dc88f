// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import CookieTable from '../../components/CookieTable.svelte';
import type { Sort } from '../../lib/cookies/view';
import type { Finding } from '../../lib/audit/types';
import type { RuleText, ViewCookie } from '../../lib/view';
import { cookieKey } from '../../lib/cookies/cookie';
import { DAY, makeViewCookie, NOW_MS, NOW_S } from '../unit/cookies/helpers';

const SECRET = 'q3v8k2m9x7c1b5n4z6w0';
const HOSTILE_NAME = '<script>alert(1)</script>';
const HOSTILE_VALUE = '<img src=x onerror=alert(1)>';

/** The values the background holds, by cookie: the view carries none, `loadValue` reads one. */
const VALUES = new Map<string, string>();
function withValue(fields: Parameters<typeof makeViewCookie>[0] & { value: string }): ViewCookie {
  const cookie = makeViewCookie(fields);
  VALUES.set(cookieKey(cookie), fields.value);
  return cookie;
}
const readValue = async (cookie: ViewCookie) => VALUES.get(cookieKey(cookie)) ?? null;

const sessionid = withValue({ name: 'sessionid', value: SECRET, session: true, expirationDate: undefined });
const theme = withValue({ name: 'theme', value: 'dark', domain: 'site.example', hostOnly: false, path: '/account', expirationDate: NOW_S + 30 * DAY });
const IDE_VALUE = 'AHWqTUkQ0dGx2bY8m1n4Rz';
const ide = withValue({ name: 'IDE', value: IDE_VALUE, domain: 'doubleclick.net', hostOnly: false, firstParty: false });

function renderTable(
  cookies: ViewCookie[],
  sort: Sort = { column: 'name', direction: 'asc' },
  rules: Record<string, RuleText> = {},
  loadFindings: (cookie: ViewCookie) => Promise<Finding[]> = async () => [],
) {
  const handlers = { onSort: vi.fn(), onDeleteCookie: vi.fn(), onDeleteSite: vi.fn(), onEditCookie: vi.fn(), loadFindings: vi.fn(loadFindings), loadValue: vi.fn(readValue) };
  const result = render(CookieTable, {
    id: 'all',
    title: 'Cookies',
    description: 'Every cookie of this tab.',
    emptyText: 'No cookies here.',
    cookies,
    rules,
    sort,
    now: NOW_MS,
    ...handlers,
  });
  return { ...result, ...handlers };
}

const rowOf = (name: string) => screen.getByText(name).closest('tr')!;
const columnHeader = (label: string) => screen.getByRole('columnheader', { name: label });

describe('CookieTable', () => {
  it('shows one row per cookie, grouped by site in alphabetical order, with counts', () => {
    const { container } = renderTable([sessionid, theme, ide]);
    expect(screen.getByRole('heading', { name: 'Cookies 3' })).toBeTruthy();
    const groups = [...container.querySelectorAll('tbody')].map((tbody) => ({
      site: tbody.querySelector('.site-row')?.textContent?.replace(/\s+/g, ' ').trim(),
      rows: [...tbody.querySelectorAll('tr.cookie-row')].map((tr) => tr.getAttribute('data-name')),
    }));
    expect(groups).toEqual([
      { site: expect.stringMatching(/^doubleclick\.net 1 cookie Delete all$/), rows: ['IDE'] },
      { site: expect.stringMatching(/^site\.example 2 cookies Delete all$/), rows: ['sessionid', 'theme'] },
    ]);
  });

  it('shows domain, path, expiry and size of each cookie as a person reads them', () => {
    renderTable([sessionid, theme]);
    const cells = (name: string) => [...rowOf(name).querySelectorAll('td')].map((td) => td.textContent?.trim());
    // Value, domain, path, flags, expires, size, actions.
    expect(cells('theme')).toEqual(['••••••Value hidden Show Copy', '.site.example', '/account', expect.any(String), 'in 30 days', '9 B', '✎ ✕']);
    expect(cells('sessionid')).toEqual(['••••••Value hidden Show Copy', 'www.site.example', '/', expect.any(String), 'Session', '29 B', '✎ ✕']);
  });

  it('shows the empty text instead of a table when there are no cookies', () => {
    const { container } = renderTable([]);
    expect(screen.getByText('No cookies here.')).toBeTruthy();
    expect(container.querySelector('table')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Cookies 0' })).toBeTruthy();
  });

  it('keeps values out of the page until Show is clicked, then reads and shows them as text', async () => {
    const { container, loadValue } = renderTable([sessionid, ide]);
    expect(container.innerHTML).not.toContain(SECRET);
    expect(container.innerHTML).not.toContain(IDE_VALUE);
    expect(loadValue).not.toHaveBeenCalled();

    const show = screen.getByRole('button', { name: 'Show value of sessionid' });
    expect(show.getAttribute('aria-pressed')).toBe('false');
    await fireEvent.click(show);
    await waitFor(() => expect(within(rowOf('sessionid')).getByText(SECRET).textContent).toBe(SECRET));
    // Only the value asked for is read and revealed.
    expect(loadValue).toHaveBeenCalledExactlyOnceWith(sessionid);
    expect(container.innerHTML).not.toContain(IDE_VALUE);

    const hide = screen.getByRole('button', { name: 'Hide value of sessionid' });
    expect(hide.getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(hide);
    expect(container.innerHTML).not.toContain(SECRET);
  });

  it('renders a hostile name and value as literal text, never as markup', async () => {
    const hostile = withValue({ name: HOSTILE_NAME, value: HOSTILE_VALUE });
    const { container } = renderTable([hostile]);
    await fireEvent.click(screen.getByRole('button', { name: `Show value of ${HOSTILE_NAME}` }));

    expect(screen.getByText(HOSTILE_NAME).textContent).toBe(HOSTILE_NAME);
    expect((await screen.findByText(HOSTILE_VALUE)).textContent).toBe(HOSTILE_VALUE);
    expect(container.querySelector('script, img')).toBeNull();
    expect(screen.getByRole('button', { name: `Delete cookie ${HOSTILE_NAME}` })).toBeTruthy();
  });

  it.each(['Name', 'Domain', 'Path', 'Expires', 'Size'])('asks to sort by %s when its header is clicked', async (label) => {
    const { onSort } = renderTable([sessionid, theme]);
    await fireEvent.click(within(columnHeader(label)).getByRole('button'));
    expect(onSort).toHaveBeenCalledExactlyOnceWith(label.toLowerCase());
  });

  it('has no sort button for value and flags', () => {
    renderTable([sessionid]);
    expect(within(columnHeader('Value')).queryByRole('button')).toBeNull();
    expect(within(columnHeader('Flags')).queryByRole('button')).toBeNull();
  });

  it('marks the sorted column, and only it, with aria-sort', async () => {
    const { rerender } = renderTable([sessionid, theme]);
    const sorted = () =>
      ['Name', 'Value', 'Domain', 'Path', 'Flags', 'Expires', 'Size']
        .map((label) => [label, columnHeader(label).getAttribute('aria-sort')])
        .filter(([, value]) => value !== null);
    expect(sorted()).toEqual([['Name', 'ascending']]);
    await rerender({ sort: { column: 'expires', direction: 'desc' } });
    expect(sorted()).toEqual([['Expires', 'descending']]);
  });

  it('deletes the cookie whose delete button was clicked', async () => {
    const { onDeleteCookie, onDeleteSite } = renderTable([sessionid, theme, ide]);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete cookie theme' }));
    expect(onDeleteCookie).toHaveBeenCalledExactlyOnceWith(theme);
    expect(onDeleteSite).not.toHaveBeenCalled();
  });

  it('deletes a whole site only after confirmation', async () => {
    const { onDeleteSite } = renderTable([sessionid, theme, ide]);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete all cookies of site.example' }));
    expect(onDeleteSite).not.toHaveBeenCalled();
    await fireEvent.click(within(screen.getByRole('group', { name: 'Confirm deleting the cookies of site.example' })).getByRole('button', { name: 'Delete' }));
    expect(onDeleteSite).toHaveBeenCalledExactlyOnceWith('site.example');
  });

  it('shows the worst finding by its rule’s title, and on expanding every finding with why, then its fix', async () => {
    const rules = {
      'cookies-without-secure-flag': { title: 'Cookie without Secure', why: 'Sent over plain http too.' },
      'cookies-samesite-unset': { title: 'SameSite not set', why: 'Each browser decides.' },
    };
    const flagged = makeViewCookie({ name: 'tracker', secure: false, sameSite: 'unspecified' });
    const viewed: ViewCookie = { ...flagged, findings: [{ id: 'cookies-without-secure-flag', severity: 'medium' }, { id: 'cookies-samesite-unset', severity: 'low' }] };
    let answer: (findings: Finding[]) => void = () => {};
    const { loadFindings } = renderTable([viewed], undefined, rules, () => new Promise((resolve) => (answer = resolve)));
    const worst = within(rowOf('tracker')).getByRole('button', { name: /Cookie without Secure/ });
    expect(worst.getAttribute('aria-expanded')).toBe('false');
    expect(loadFindings).not.toHaveBeenCalled();

    await fireEvent.click(worst);
    expect(worst.getAttribute('aria-expanded')).toBe('true');
    expect(loadFindings).toHaveBeenCalledExactlyOnceWith(viewed);
    const details = document.getElementById(worst.getAttribute('aria-controls')!)!;
    expect([...details.querySelectorAll('li.finding .why')].map((p) => p.textContent)).toEqual(['Sent over plain http too.', 'Each browser decides.']);
    expect(details.querySelector('.fix')).toBeNull();

    answer([
      { id: 'cookies-without-secure-flag', severity: 'medium', ...rules['cookies-without-secure-flag'], fix: 'Set-Cookie: tracker=…; Path=/; Secure' },
      { id: 'cookies-samesite-unset', severity: 'low', ...rules['cookies-samesite-unset'], fix: 'Set-Cookie: tracker=…; Path=/; SameSite=Lax' },
    ]);
    await waitFor(() => expect(details.querySelectorAll('.fix')).toHaveLength(2));
    expect(details.querySelector('.fix')?.textContent).toContain('Set-Cookie: tracker=…; Path=/; Secure');

    await fireEvent.click(worst);
    expect(document.getElementById(worst.getAttribute('aria-controls')!)).toBeNull();
    await fireEvent.click(worst);
    expect(loadFindings, 'the fixes are kept while the cookie is unchanged').toHaveBeenCalledOnce();
  });
});

describe('CookieTable: editing', () => {
  it('gives each row a named Edit control that opens the editor for its cookie', async () => {
    const { onEditCookie } = renderTable([sessionid, theme, ide]);
    await fireEvent.click(screen.getByRole('button', { name: 'Edit cookie theme' }));
    expect(onEditCookie).toHaveBeenCalledExactlyOnceWith(theme);
  });

  it('puts the focus back on a row’s Edit control, and says when the table has no such cookie', async () => {
    const { component } = renderTable([sessionid, theme, ide]);
    expect(await component.focusEdit(cookieKey(ide))).toBe(true);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit cookie IDE' }));
    expect(await component.focusEdit(cookieKey({ ...ide, name: 'gone' }))).toBe(false);
  });

  it('has no Edit control without an editor (a saved report)', () => {
    render(CookieTable, {
      id: 'all', title: 'Cookies', description: '', emptyText: '', cookies: [theme], rules: {}, sort: { column: 'name', direction: 'asc' }, now: NOW_MS,
      onSort: vi.fn(), onDeleteCookie: vi.fn(), onDeleteSite: vi.fn(), loadFindings: vi.fn(), loadValue: vi.fn(readValue),
    });
    expect(screen.queryByRole('button', { name: /^Edit cookie/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Delete cookie theme' })).toBeTruthy();
  });
});

describe('CookieTable: a long table', () => {
  /** 300 cookies of three sites; the table's rows are their site headings and the cookies, 80 px each until measured (jsdom lays nothing out). */
  const ROW = 80;
  const many = ['a.example', 'b.example', 'c.example'].flatMap((domain) =>
    Array.from({ length: 100 }, (_, i) => makeViewCookie({ name: `c${String(i).padStart(3, '0')}`, domain, firstParty: false })),
  );
  const rendered = (container: HTMLElement) => [...container.querySelectorAll<HTMLElement>('tbody:not(.spacer) tr')];
  const spacerHeights = (container: HTMLElement) => [...container.querySelectorAll<HTMLElement>('tbody.spacer td')].map((td) => td.style.height);

  it('renders only the rows near the screen, and says how many rows the table has and where each is', async () => {
    const { container } = renderTable(many);
    await tick();
    const table = container.querySelector('table')!;
    expect(table.getAttribute('aria-rowcount')).toBe(String(1 + 3 + 300));
    const rows = rendered(container);
    // The screen (768 px in jsdom) and 100 px beyond it: 11 rows of 80 px.
    expect(rows).toHaveLength(11);
    expect(rows.map((r) => r.getAttribute('aria-rowindex'))).toEqual(Array.from({ length: 11 }, (_, i) => String(i + 2)));
    expect(rows[0].textContent).toContain('a.example');
    expect(screen.getByRole('heading', { name: 'Cookies 300' })).toBeTruthy();
    // The spacers stand for the rows left out, so that the page scrolls as if all were there.
    expect(spacerHeights(container)).toEqual(['0px', `${(304 - 1 - 11) * ROW}px`]);
    expect([...container.querySelectorAll('tbody.spacer')].every((t) => t.getAttribute('aria-hidden') === 'true')).toBe(true);
  });

  it('renders the rows scrolled to', async () => {
    const { container } = renderTable(many);
    await tick();
    // The table scrolled up by 150 rows' height: the top of its rows is 12,000 px above the screen.
    const top = container.querySelector<HTMLElement>('tbody.spacer')!;
    top.getBoundingClientRect = () => ({ top: -150 * ROW, bottom: -150 * ROW, left: 0, right: 0, width: 0, height: 0, x: 0, y: -150 * ROW, toJSON: () => ({}) });
    window.dispatchEvent(new Event('scroll'));
    await tick();
    const rows = rendered(container);
    // Every row that reaches from 100 px above the screen to 100 px below it.
    const first = Math.floor((150 * ROW - 100) / ROW);
    const last = Math.ceil((150 * ROW + 768 + 100) / ROW);
    expect(rows[0].getAttribute('aria-rowindex')).toBe(String(first + 2));
    expect(rows).toHaveLength(last - first);
    // Row 150 of the table is b.example's 47th cookie (a.example: heading + 100, b.example: heading + 46 before it).
    expect(rows.some((r) => r.getAttribute('data-name') === 'c047' && r.closest('tbody')?.dataset.site === 'b.example')).toBe(true);
    expect(spacerHeights(container)[0]).toBe(`${first * ROW}px`);
  });

  it('scrolls a row that is not rendered into the table to put the focus on its Edit control', async () => {
    const { container, component } = renderTable(many);
    await tick();
    const top = container.querySelector<HTMLElement>('tbody.spacer')!;
    // jsdom does not scroll: moving the window moves the table's top as a browser would.
    const scrollTo = vi.spyOn(window, 'scrollTo').mockImplementation(((options: ScrollToOptions) => {
      const y = -(options.top ?? 0);
      top.getBoundingClientRect = () => ({ top: y, bottom: y, left: 0, right: 0, width: 0, height: 0, x: 0, y, toJSON: () => ({}) });
    }) as typeof window.scrollTo);
    const target = many.find((c) => c.domain === 'c.example' && c.name === 'c050')!;
    expect(container.querySelector('tr.cookie-row[data-domain="c.example"][data-name="c050"]')).toBeNull();
    expect(await component.focusEdit(cookieKey(target))).toBe(true);
    expect(scrollTo).toHaveBeenCalledOnce();
    const focused = document.activeElement as HTMLElement;
    expect(focused.getAttribute('aria-label')).toBe('Edit cookie c050');
    expect(focused.closest('tbody')?.dataset.site).toBe('c.example');
  });

  /**
   * A browser's layout, which jsdom has none of: the table's top `tableTop` px below the top of
   * the screen, then the top spacer as tall as its style says, each rendered row as tall as
   * `height` gives for it, then the bottom spacer. Only what the table measures is laid out.
   */
  function layOut(height: (row: HTMLElement) => number, tableTop = 0) {
    const rect = (y: number, h: number) => ({ top: y, bottom: y + h, left: 0, right: 0, width: 0, height: h, x: 0, y, toJSON: () => ({}) });
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      const [topSpacer, bottomSpacer] = document.querySelectorAll<HTMLElement>('tbody.spacer');
      let y = tableTop;
      if (this === topSpacer) return rect(y, 0);
      y += parseFloat(topSpacer?.querySelector('td')?.style.height ?? '') || 0;
      for (const row of document.querySelectorAll<HTMLElement>('tbody:not(.spacer) tr[data-index]')) {
        if (row === this) return rect(y, height(row));
        y += height(row);
      }
      return this === bottomSpacer ? rect(y, 0) : rect(0, 0);
    });
  }

  /** Let the table place, render, measure (in the next frame) and place again until its rows stay as they are. */
  async function settle(container: HTMLElement) {
    let count = -1;
    for (let k = 0; k < 20 && rendered(container).length !== count; k++) {
      count = rendered(container).length;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await tick();
    }
  }

  /** Which rendered rows any change in the table touches from now on, by cookie name ('TBODY' for rows added or removed). */
  function watchRows(container: HTMLElement) {
    const before = rendered(container);
    const touched = new Set<string>();
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        const node = record.target instanceof Element ? record.target : record.target.parentElement;
        if (!node || node.closest('tbody.spacer')) continue;
        const row = node.closest('tr');
        touched.add(row?.getAttribute('data-name') ?? row?.className ?? node.nodeName);
      }
    });
    observer.observe(container, { subtree: true, childList: true, attributes: true, characterData: true });
    return () => {
      observer.disconnect();
      const now = rendered(container);
      return { kept: before.every((row, k) => now[k] === row), rows: now.length - before.length, touched: [...touched] };
    };
  }

  // Chromium's rows: 66 px; the first site's second cookie is rewritten by the page, and its
  // row grows by a line ("set by code built from a string (eval)…") or loses one.
  it.each([
    { change: 'grows by a line', from: 66, to: 97 },
    { change: 'loses a line', from: 97, to: 66 },
  ])('touches no other row when a cookie’s row $change', async ({ from, to }) => {
    const changed = many.find((c) => c.domain === 'a.example' && c.name === 'c001')!;
    let tall = from;
    layOut((row) => (row.dataset.name === 'c001' && row.closest('tbody')?.dataset.site === 'a.example' ? tall : 66));
    const { container, rerender } = renderTable(many);
    // The rows are placed, measured and placed again, as in the browser.
    await settle(container);
    const placed = rendered(container).length;
    expect(placed).toBeGreaterThan(10);
    expect(placed).toBeLessThan(20);

    const read = watchRows(container);
    tall = to;
    await rerender({ cookies: many.map((c) => (c === changed ? { ...c, expirationDate: NOW_S + 2 * 3600 } : c)) });
    await settle(container);
    expect(read()).toEqual({ kept: true, rows: 0, touched: ['c001'] });
    expect(rendered(container).find((r) => r.dataset.name === 'c001')?.textContent).toContain('in 2 hours');
  });

  it('still drops the rows a growing row pushes far off the screen, and fills the screen when one shrinks far', async () => {
    let tall = 66;
    layOut((row) => (row.dataset.name === 'c001' && row.closest('tbody')?.dataset.site === 'a.example' ? tall : 66));
    const { container, rerender } = renderTable(many);
    await settle(container);
    const placed = rendered(container).length;

    // 400 px taller: the rows below it that are now beyond the screen and the overscan go.
    tall = 466;
    await rerender({ cookies: many.map((c) => ({ ...c })) });
    await settle(container);
    expect(rendered(container).length).toBe(placed - Math.floor(400 / 66));

    // Back to 66 px: rows are added to cover the screen again.
    tall = 66;
    await rerender({ cookies: many.map((c) => ({ ...c })) });
    await settle(container);
    expect(rendered(container).length).toBe(placed);
  });

  it('renders every row, without row counts, once the table is short', async () => {
    const { container, rerender } = renderTable(many);
    await tick();
    await rerender({ cookies: many.slice(0, 8) });
    await tick();
    expect(rendered(container)).toHaveLength(9);
    expect(container.querySelector('table')!.hasAttribute('aria-rowcount')).toBe(false);
    expect(container.querySelector('tbody.spacer')).toBeNull();
  });
});
