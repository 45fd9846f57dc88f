// @vitest-environment jsdom
/**
 * The cookie editor (components/CookieEditor.svelte): the browser's refusal is shown while the
 * user types and Save stays disabled; a save reports what the browser stored differently.
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import CookieEditor from '../../components/CookieEditor.svelte';
import type { CookieDraft } from '../../lib/cookies/edit';
import type { SetCookiesReply } from '../../lib/messages';
import { makeReportCookie } from '../unit/cookies/helpers';

/** 30 days from the real clock: the editor judges expiry against now. */
const IN_30_DAYS = Math.round(Date.now() / 1000) + 30 * 86_400;
const field = (name: string) => document.querySelector(`[name="${name}"]`) as HTMLInputElement;

function renderEditor(cookie = makeReportCookie({ name: 'prefs', value: 'theme-dark', httpOnly: false, sameSite: 'strict', expirationDate: IN_30_DAYS }), reply?: Partial<SetCookiesReply>) {
  const onSave = vi.fn(async (draft: CookieDraft): Promise<SetCookiesReply> => ({ applied: 1, refused: [], stored: [draft], rolledBack: 0, ...reply }));
  render(CookieEditor, { cookie, defaultDomain: 'www.site.example', browserName: 'chrome', onSave, onClose: vi.fn() });
  return onSave;
}

describe('CookieEditor', () => {
  it('says live why the browser will refuse the cookie, and keeps Save disabled', async () => {
    const onSave = renderEditor();
    await fireEvent.change(field('sameSite'), { target: { value: 'no_restriction' } });
    await fireEvent.click(field('secure'));
    expect(screen.getByRole('alert').textContent).toMatch(/^The browser will refuse this: SameSite=None requires Secure/);
    const save = screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    await fireEvent.submit(save.closest('form')!);
    expect(onSave).not.toHaveBeenCalled();
    await fireEvent.click(field('secure'));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(save.disabled).toBe(false);
  });

  it('names a broken __Host- prefix as the browser would', async () => {
    renderEditor();
    await fireEvent.input(field('name'), { target: { value: '__Host-prefs' } });
    await fireEvent.click(field('hostOnly'));
    expect(screen.getByRole('alert').textContent).toMatch(/__Host-, which requires no Domain attribute/);
  });

  it('saves the edited value and flag as one draft for the original cookie, and reports what the browser changed', async () => {
    const asked = { expirationDate: 0 };
    const onSave = vi.fn(async (draft: CookieDraft): Promise<SetCookiesReply> => {
      asked.expirationDate = draft.expirationDate!;
      // The browser capped the lifetime.
      return { applied: 1, refused: [], stored: [{ ...draft, expirationDate: draft.expirationDate! - 86_400 }], rolledBack: 0 };
    });
    render(CookieEditor, { cookie: makeReportCookie({ name: 'prefs', value: 'theme-dark', httpOnly: false, expirationDate: IN_30_DAYS }), defaultDomain: 'x', browserName: 'chrome', onSave, onClose: vi.fn() });
    await fireEvent.input(field('value'), { target: { value: 'theme-light' } });
    await fireEvent.click(field('httpOnly'));
    await fireEvent.submit(field('name').closest('form')!);
    await vi.waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Saved\. The browser stored it, with differences:/));
    expect(onSave).toHaveBeenCalledOnce();
    const [draft, replaces] = onSave.mock.calls[0] as unknown as [CookieDraft, { name: string }];
    expect(draft).toMatchObject({ name: 'prefs', value: 'theme-light', httpOnly: true, domain: 'www.site.example', hostOnly: true });
    expect(replaces).toMatchObject({ name: 'prefs', domain: 'www.site.example', path: '/' });
    expect(screen.getByRole('status').textContent).toMatch(/Stored to expire/);
  });

  it('shows the background’s refusal when the browser refused after all', async () => {
    renderEditor(undefined, { applied: 0, refused: [{ index: 0, reason: 'The browser refused it: no host permission.' }], stored: [] });
    await fireEvent.submit(field('name').closest('form')!);
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Not saved: The browser refused it: no host permission.'));
  });

  it('starts a new cookie on the page’s host, Secure and HttpOnly, with no name to fill', async () => {
    render(CookieEditor, { cookie: null, defaultDomain: 'www.site.example', browserName: 'firefox', onSave: vi.fn(), onClose: vi.fn() });
    expect(field('domain').value).toBe('www.site.example');
    expect(field('secure').checked && field('httpOnly').checked).toBe(true);
    // An empty name and value is refused; a name makes it valid.
    expect(screen.getByRole('alert').textContent).toMatch(/neither a name nor a value/);
    await fireEvent.input(field('name'), { target: { value: 'theme' } });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
