// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import FindingList from '../../components/FindingList.svelte';
import { LEARN_TAB } from '../../components/learnTab';
import type { Finding } from '../../lib/audit/types';

const finding = (id: string, title: string): Finding => ({ id, severity: 'high', title, why: `Why ${title}.`, fix: 'Set-Cookie: x=…' });
const findings = [
  finding('cookies-value-is-jwt', 'JWT in a cookie'),
  finding('cookies-session-without-secure-flag', 'Session cookie without Secure'),
];

beforeEach(() => fakeBrowser.reset());

describe('FindingList', () => {
  it('links the value findings, and only them, to the lesson', () => {
    const { container } = render(FindingList, { props: { findings } });
    const items = [...container.querySelectorAll('li.finding')] as HTMLElement[];
    expect(items.map((li) => within(li).queryByRole('button', { name: 'How cookies and sessions work' }) !== null)).toEqual([true, false]);
  });

  it("opens the lesson for the popup's tab", async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    render(FindingList, { props: { findings }, context: new Map([[LEARN_TAB, () => 7]]) });
    await fireEvent.click(screen.getByRole('button', { name: 'How cookies and sessions work' }));
    expect(create).toHaveBeenCalledWith({ url: `${fakeBrowser.runtime.getURL('/learn.html')}?tabId=7` });
  });

  it('opens the lesson without examples when no tab is known', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    render(FindingList, { props: { findings } });
    await fireEvent.click(screen.getByRole('button', { name: 'How cookies and sessions work' }));
    expect(create).toHaveBeenCalledWith({ url: fakeBrowser.runtime.getURL('/learn.html') });
  });
});
