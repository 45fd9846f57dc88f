// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import FindingList from '../../components/FindingList.svelte';
import { useMessages } from '../../components/i18n';
import { LEARN_TAB } from '../../components/learnTab';
import type { Finding } from '../../lib/audit/types';
import type { Messages } from '../../lib/i18n';
import { english, msg } from '../../lib/phrases';
import de from '../../public/_locales/de/messages.json';
import en from '../../public/_locales/en/messages.json';

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

describe('FindingList: a fix', () => {
  const LINE = 'Set-Cookie: prefs=…; Path=/; Secure; HttpOnly; SameSite=Lax';
  const HOSTILE_LINE = 'Set-Cookie: <img src=x onerror=alert(1)>=…; Path=/; Secure';
  const withFix = (fixMsg: Finding['fixMsg'], fix = english(fixMsg!)): Finding => ({ ...finding('cookies-size-near-limit', 'Cookie near the 4096-byte limit'), fix, fixMsg });
  /** The fix's paragraph as prose and code, in order; the label left out. */
  const pieces = (container: HTMLElement) =>
    [...container.querySelector('.fix')!.childNodes]
      .filter((n) => !(n instanceof HTMLElement && n.classList.contains('muted')))
      .map((n) => (n instanceof HTMLElement ? `<${n.tagName.toLowerCase()}>${n.textContent}` : n.textContent))
      .filter((t) => t?.trim());

  afterEach(() => useMessages(en));

  it('shows its words as prose and only the Set-Cookie line as code', () => {
    useMessages(en);
    const { container } = render(FindingList, { props: { findings: [withFix(msg('audit_fix_size', LINE))] } });
    expect(pieces(container)).toEqual([
      'Keep the data on the server (or in localStorage if only scripts need it) and put a short id in the cookie: ',
      `<code>${LINE}`,
    ]);
  });

  it('shows German words as prose around the same line', () => {
    useMessages(de);
    const { container } = render(FindingList, { props: { findings: [withFix(msg('audit_fix_size', LINE))] } });
    expect(pieces(container)).toEqual([
      de.audit_fix_size.message.replace('$line$', ''),
      `<code>${LINE}`,
    ]);
  });

  it('puts the line in code wherever the language puts it, nested in joined sentences too', () => {
    const table: Messages = {
      ...de,
      audit_fix_size: { message: 'Zuerst $line$, dann die Daten auf den Server.', placeholders: { line: { content: '$1' } } },
    };
    useMessages(table);
    const fixMsg = msg('audit_join', msg('audit_script_set'), msg('audit_fix_size', LINE));
    const { container } = render(FindingList, { props: { findings: [withFix(fixMsg)] } });
    expect(pieces(container)).toEqual([`${de.audit_script_set.message} Zuerst `, `<code>${LINE}`, ', dann die Daten auf den Server.']);
  });

  it('shows a bare line as code, and the English with its line as code where the table lacks the words', () => {
    useMessages({ ...de, audit_fix_size: undefined } as unknown as Messages);
    const { container } = render(FindingList, {
      props: { findings: [{ ...finding('cookies-without-secure-flag', 'No Secure'), fix: LINE }, withFix(msg('audit_fix_size', LINE))] },
    });
    const [bare, fallback] = [...container.querySelectorAll('.fix')];
    expect([...bare.querySelectorAll('code')].map((c) => c.textContent)).toEqual([LINE]);
    expect(fallback.textContent).toContain('Keep the data on the server');
    expect([...fallback.querySelectorAll('code')].map((c) => c.textContent)).toEqual([LINE]);
  });

  it('renders a hostile line as text, and a fix without a line as prose', () => {
    useMessages(de);
    const { container } = render(FindingList, {
      props: { findings: [withFix(msg('audit_fix_size', HOSTILE_LINE)), { ...withFix(msg('audit_consent_check_before_title', HOSTILE_LINE)), id: 'other' }] },
    });
    expect(container.querySelector('img')).toBeNull();
    const [withLine, without] = [...container.querySelectorAll('.fix')];
    expect([...withLine.querySelectorAll('code')].map((c) => c.textContent)).toEqual([HOSTILE_LINE]);
    // Only a line the English fix ends with is code: here it is a name within a sentence.
    expect(without.querySelector('code')).toBeNull();
  });
});
