// @vitest-environment jsdom
/** The DevTools panel's table (components/DevCookieTable.svelte): its consent phase column. */
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

function renderTable(showPhase: boolean) {
  return render(DevCookieTable, {
    cookies: COOKIES,
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
});
