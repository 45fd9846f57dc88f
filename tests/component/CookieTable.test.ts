// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import CookieTable from '../../components/CookieTable.svelte';
import type { Sort } from '../../lib/cookies/view';
import type { ReportCookie } from '../../lib/report';
import { DAY, makeReportCookie, NOW_MS, NOW_S } from '../unit/cookies/helpers';

const SECRET = 'q3v8k2m9x7c1b5n4z6w0';
const HOSTILE_NAME = '<script>alert(1)</script>';
const HOSTILE_VALUE = '<img src=x onerror=alert(1)>';

const sessionid = makeReportCookie({ name: 'sessionid', value: SECRET, session: true, expirationDate: undefined });
const theme = makeReportCookie({ name: 'theme', value: 'dark', domain: 'site.example', hostOnly: false, path: '/account', expirationDate: NOW_S + 30 * DAY });
const ide = makeReportCookie({ name: 'IDE', value: 'AHWqTUkQ0dGx2bY8m1n4Rz', domain: 'doubleclick.net', hostOnly: false, firstParty: false });

function renderTable(cookies: ReportCookie[], sort: Sort = { column: 'name', direction: 'asc' }) {
  const handlers = { onSort: vi.fn(), onDeleteCookie: vi.fn(), onDeleteSite: vi.fn() };
  const result = render(CookieTable, {
    id: 'all',
    title: 'Cookies',
    description: 'Every cookie of this tab.',
    emptyText: 'No cookies here.',
    cookies,
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
    expect(cells('theme')).toEqual(['••••••Value hidden Show Copy', '.site.example', '/account', expect.any(String), 'in 30 days', '9 B', '✕']);
    expect(cells('sessionid')).toEqual(['••••••Value hidden Show Copy', 'www.site.example', '/', expect.any(String), 'Session', '29 B', '✕']);
  });

  it('shows the empty text instead of a table when there are no cookies', () => {
    const { container } = renderTable([]);
    expect(screen.getByText('No cookies here.')).toBeTruthy();
    expect(container.querySelector('table')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Cookies 0' })).toBeTruthy();
  });

  it('keeps values out of the page until Show is clicked, then shows them as text', async () => {
    const { container } = renderTable([sessionid, ide]);
    expect(container.innerHTML).not.toContain(SECRET);
    expect(container.innerHTML).not.toContain(ide.value);

    const show = screen.getByRole('button', { name: 'Show value of sessionid' });
    expect(show.getAttribute('aria-pressed')).toBe('false');
    await fireEvent.click(show);
    expect(within(rowOf('sessionid')).getByText(SECRET).textContent).toBe(SECRET);
    // Only the value asked for is revealed.
    expect(container.innerHTML).not.toContain(ide.value);

    const hide = screen.getByRole('button', { name: 'Hide value of sessionid' });
    expect(hide.getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(hide);
    expect(container.innerHTML).not.toContain(SECRET);
  });

  it('renders a hostile name and value as literal text, never as markup', async () => {
    const hostile = makeReportCookie({ name: HOSTILE_NAME, value: HOSTILE_VALUE });
    const { container } = renderTable([hostile]);
    await fireEvent.click(screen.getByRole('button', { name: `Show value of ${HOSTILE_NAME}` }));

    expect(screen.getByText(HOSTILE_NAME).textContent).toBe(HOSTILE_NAME);
    expect(screen.getByText(HOSTILE_VALUE).textContent).toBe(HOSTILE_VALUE);
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
});
