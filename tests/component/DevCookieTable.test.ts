// @vitest-environment jsdom
/** The DevTools panel's table (components/DevCookieTable.svelte): its consent phase column, and a long list rendered a window at a time. */
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import DevCookieTable from '../../components/DevCookieTable.svelte';
import { makeReportCookie } from '../unit/cookies/helpers';

// A site's session (set before the page was opened), Google Analytics written before the visitor chose, a pixel's id after a refusal.
const COOKIES = [
  makeReportCookie({ name: 'sessionid' }),
  makeReportCookie({ name: '_ga', domain: 'site.example', hostOnly: false, phase: 'before-choice' }),
  makeReportCookie({ name: 'uid', domain: 'pixel.example', firstParty: false, phase: 'after-refusal' }),
];

function renderTable(showPhase: boolean, cookies = COOKIES) {
  return render(DevCookieTable, {
    cookies,
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

describe('DevCookieTable', () => {
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
    const MANY = Array.from({ length: 1000 }, (_, i) =>
      makeReportCookie({ name: `c${String(i).padStart(4, '0')}`, value: i === 700 ? 'v'.repeat(90) : 'x', domain: i === 999 ? 'a-much-longer-subdomain.site.example' : 'site.example' }),
    );

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
      const { container } = renderTable(false, MANY);
      const sizer = container.querySelector('tbody.sizer')!;
      expect(sizer.getAttribute('aria-hidden')).toBe('true');
      expect(sizer.querySelector('.cell-value')!.textContent).toBe('v'.repeat(90));
      expect(sizer.querySelector('.cell-domain')!.textContent).toBe('a-much-longer-subdomain.site.example');
      // Nothing in it to press or to read.
      expect(sizer.querySelectorAll('button, input')).toHaveLength(0);
    });

    it('renders a short list whole, with no spacers', () => {
      const { container } = renderTable(false, MANY.slice(0, 30));
      expect(container.querySelectorAll('tr.dev-row')).toHaveLength(30);
      expect(container.querySelector('tbody.spacer, tbody.sizer')).toBeNull();
      expect(container.querySelector('table')!.hasAttribute('aria-rowcount')).toBe(false);
    });
  });
});
