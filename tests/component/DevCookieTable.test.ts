// @vitest-environment jsdom
/** The DevTools panel's table (components/DevCookieTable.svelte): values masked until shown, its consent phase column, and a long list rendered a window at a time. */
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import DevCookieTable from '../../components/DevCookieTable.svelte';
import { cookieKey } from '../../lib/cookies/cookie';
import type { ViewCookie } from '../../lib/view';
import { makeReportCookie, makeViewCookie } from '../unit/cookies/helpers';

// A site's session (set before the page was opened), Google Analytics written before the visitor chose, a pixel's id after a refusal.
const REPORT_COOKIES = [
  makeReportCookie({ name: 'sessionid', value: '8f14e45fceea167a5a36dedd4bea2543' }),
  makeReportCookie({ name: '_ga', value: 'GA1.1.1234567890.1700000000', domain: 'site.example', hostOnly: false, phase: 'before-choice' }),
  makeReportCookie({ name: 'uid', value: '', domain: 'pixel.example', firstParty: false, phase: 'after-refusal' }),
];
const COOKIES = REPORT_COOKIES.map((c) => makeViewCookie(c));
/** The values as the panel reads them when the user shows them: by cookie key. */
const VALUES = new Map(REPORT_COOKIES.map((c) => [cookieKey(c), c.value ?? '']));
const shownFrom = (values: Map<string, string>) => (c: ViewCookie) => values.get(cookieKey(c));

function renderTable(showPhase: boolean, cookies = COOKIES, valueOf: ((c: ViewCookie) => string | undefined) | null = null, all = cookies) {
  return render(DevCookieTable, {
    cookies,
    all,
    rules: {},
    valueOf,
    sort: { column: 'name', direction: 'asc' },
    selected: new Set<string>(),
    current: null,
    decodeValues: false,
    showPhase,
    onSort: vi.fn(),
    onToggle: vi.fn(),
    onToggleAll: vi.fn(),
    onOpen: vi.fn(),
    onEdit: vi.fn(),
    onDelete: vi.fn(),
  });
}

const phaseOf = (container: HTMLElement, name: string) => container.querySelector(`tr.dev-row[data-name="${name}"] .cell-phase`)?.textContent ?? null;

const valueOfRow = (container: HTMLElement, name: string) => container.querySelector(`tr.dev-row[data-name="${name}"] .cell-value`)?.textContent ?? null;

describe('DevCookieTable', () => {
  it('masks every value until they are shown, says so to a screen reader, and cannot sort by them', () => {
    const { container } = renderTable(false);
    expect(valueOfRow(container, 'sessionid')).toBe('••••••Value hidden');
    expect(container.textContent).not.toContain('8f14e45fceea167a5a36dedd4bea2543');
    // An empty value has nothing to hide.
    expect(valueOfRow(container, 'uid')).toBe('');
    const valueHeading = screen.getByRole('button', { name: /^Value/ }) as HTMLButtonElement;
    expect(valueHeading.disabled).toBe(true);
    expect(valueHeading.closest('th')!.title).toBe('Show the values to sort by them');
  });

  it('shows the values once read, as text, cut at 120 characters with the length said', () => {
    const long = makeReportCookie({ name: 'jwt', value: `${'a'.repeat(130)}<img src=x onerror=alert(1)>` });
    const values = new Map([...VALUES, [cookieKey(long), long.value ?? '']]);
    const { container } = renderTable(false, [...COOKIES, makeViewCookie(long)], shownFrom(values));
    expect(valueOfRow(container, 'sessionid')).toBe('8f14e45fceea167a5a36dedd4bea2543');
    expect(valueOfRow(container, '_ga')).toBe('GA1.1.1234567890.1700000000');
    const cell = container.querySelector<HTMLElement>('tr.dev-row[data-name="jwt"] .cell-value')!;
    expect(cell.textContent).toBe(`${'a'.repeat(120)}…`);
    expect(cell.title).toBe('158 characters');
    expect(container.querySelector('img')).toBeNull();
    expect((screen.getByRole('button', { name: /^Value/ }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows each cookie’s consent phase once the consent audit has phases', () => {
    const { container } = renderTable(true);
    expect(screen.getByRole('columnheader', { name: /^Phase/ })).toBeTruthy();
    expect(phaseOf(container, '_ga')).toBe('before any choice');
    expect(phaseOf(container, 'uid')).toBe('after refusal');
    expect(phaseOf(container, 'sessionid')).toBe('');
  });

  it('has no phase column before then', () => {
    const { container } = renderTable(false);
    expect(screen.queryByRole('columnheader', { name: /^Phase/ })).toBeNull();
    expect(container.querySelector('.cell-phase')).toBeNull();
  });

  describe('with a thousand cookies', () => {
    // jsdom lays nothing out: the table sits at the top of a 768 px window, rows are taken at their estimated 24 px.
    const MANY_REPORT = Array.from({ length: 1000 }, (_, i) =>
      makeReportCookie({
        name: `c${String(i).padStart(4, '0')}`,
        value: i === 700 ? 'v'.repeat(90) : 'x',
        domain: i === 999 ? 'a-much-longer-subdomain.site.example' : 'site.example',
        // Written by a script: the page named one for the 500th only.
        setBy: 'script',
        ...(i === 500 ? { script: 'https://www.googletagmanager.com/gtag/js?id=G-XXXXXXX', scriptKind: 'file' as const } : {}),
      }),
    );
    const MANY = MANY_REPORT.map((c) => makeViewCookie(c));
    const MANY_VALUES = new Map(MANY_REPORT.map((c) => [cookieKey(c), c.value ?? '']));

    it('renders the rows on screen and says how many there are', () => {
      const { container } = renderTable(false, MANY);
      const rows = [...container.querySelectorAll<HTMLElement>('tr.dev-row')];
      expect(rows.length).toBeGreaterThan(20);
      expect(rows.length).toBeLessThan(60);
      expect(rows.map((r) => r.dataset.name)).toEqual(MANY.slice(0, rows.length).map((c) => c.name));
      expect(container.querySelector('table')!.getAttribute('aria-rowcount')).toBe('1001');
      expect(rows.map((r) => r.getAttribute('aria-rowindex'))).toEqual(rows.map((_, i) => String(i + 2)));
      // Zebra stripes by the row's place in the whole list.
      expect(rows.map((r) => r.classList.contains('alt'))).toEqual(rows.map((_, i) => i % 2 === 1));
      // The rows left out stand as one spacer of their height below.
      const [above, below] = [...container.querySelectorAll<HTMLElement>('tbody.spacer td')];
      expect(above.style.height).toBe('0px');
      expect(below.style.height).toBe(`${(1000 - rows.length) * 24}px`);
    });

    it('sizes the columns for rows not rendered, with a hidden row of the longest texts', () => {
      const { container } = renderTable(false, MANY, shownFrom(MANY_VALUES));
      const sizer = container.querySelector('tbody.sizer')!;
      expect(sizer.getAttribute('aria-hidden')).toBe('true');
      expect(sizer.querySelector('.cell-value')!.textContent).toBe('v'.repeat(90));
      expect(sizer.querySelector('.cell-domain')!.textContent).toBe('a-much-longer-subdomain.site.example');
      expect(MANY[500].scriptLabel).toMatch(/googletagmanager\.com/);
      expect(sizer.querySelector('.cell-setby')!.textContent).toBe(MANY[500].scriptLabel);
      // Nothing in it to press or to read.
      expect(sizer.querySelectorAll('button, input')).toHaveLength(0);
    });

    it('keeps the columns sized for every cookie of the tab while the filter lists a few of them', () => {
      const { container } = renderTable(false, MANY.slice(0, 60), shownFrom(MANY_VALUES), MANY);
      const sizer = container.querySelector('tbody.sizer')!;
      // The longest value and domain are of cookies the filter does not list.
      expect(sizer.querySelector('.cell-value')!.textContent).toBe('v'.repeat(90));
      expect(sizer.querySelector('.cell-domain')!.textContent).toBe('a-much-longer-subdomain.site.example');
      // Even when so few are listed that every row is rendered.
      const few = renderTable(false, MANY.slice(0, 3), shownFrom(MANY_VALUES), MANY).container;
      expect(few.querySelectorAll('tr.dev-row')).toHaveLength(3);
      expect(few.querySelector('tbody.sizer .cell-domain')!.textContent).toBe('a-much-longer-subdomain.site.example');
    });

    it('sizes the value column for the mask while values are masked: its width says nothing of them', () => {
      const { container } = renderTable(false, MANY);
      expect(container.querySelector('tbody.sizer .cell-value')!.textContent).toBe('••••••Value hidden');
    });

    it('shows the cookies a filter keystroke lists in the same row elements, and keeps the focused row with its cookie', async () => {
      const view = renderTable(false, MANY);
      const rowsOf = () => [...view.container.querySelectorAll<HTMLElement>('tr.dev-row')];
      const before = rowsOf();
      // Another screenful: every row shows another cookie, in the elements already there.
      const listed = MANY.filter((c) => c.name.endsWith('7'));
      await view.rerender({ cookies: listed } as Parameters<typeof view.rerender>[0]);
      const after = rowsOf();
      expect(after.map((r) => r.dataset.name)).toEqual(listed.slice(0, after.length).map((c) => c.name));
      expect(after.map((r) => r.querySelector('.cell-name button')!.textContent)).toEqual(listed.slice(0, after.length).map((c) => c.name));
      expect(after.every((r) => before.includes(r))).toBe(true);
      // Each row's controls name its new cookie, and are ticked only for a ticked cookie.
      expect(after[0].querySelector('input')!.getAttribute('aria-label')).toContain(listed[0].name);
      await view.rerender({ selected: new Set([cookieKey(listed[1])]) } as Parameters<typeof view.rerender>[0]);
      expect(after.map((r) => r.querySelector('input')!.checked)).toEqual(after.map((_, i) => i === 1));
      const ticked = listed.filter((_, i) => i !== 0);
      await view.rerender({ cookies: ticked } as Parameters<typeof view.rerender>[0]);
      expect(rowsOf().map((r) => r.querySelector('input')!.checked)).toEqual(rowsOf().map((_, i) => i === 0));
      await view.rerender({ cookies: listed } as Parameters<typeof view.rerender>[0]);
      // The row that has focus is not given to another cookie: it goes when its cookie goes.
      after[1].querySelector<HTMLButtonElement>('.cell-name button')!.focus();
      const focusedRow = after[1];
      const others = MANY.filter((c) => c.name.endsWith('3'));
      await view.rerender({ cookies: others } as Parameters<typeof view.rerender>[0]);
      expect(rowsOf()).not.toContain(focusedRow);
      expect(rowsOf().map((r) => r.dataset.name)).toEqual(others.slice(0, rowsOf().length).map((c) => c.name));
    });

    it('renders a short list whole, with no spacers', () => {
      const { container } = renderTable(false, MANY.slice(0, 30));
      expect(container.querySelectorAll('tr.dev-row')).toHaveLength(30);
      expect(container.querySelector('tbody.spacer, tbody.sizer')).toBeNull();
      expect(container.querySelector('table')!.hasAttribute('aria-rowcount')).toBe(false);
    });
  });
});
