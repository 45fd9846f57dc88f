// @vitest-environment jsdom
/**
 * The popup's cookie editor (components/CookieEditDialog.svelte): the DevTools panel's editor in a
 * modal dialog. The popup's view has no values: the dialog reads the cookie's value, keeps it
 * masked until asked, and a save carries it unchanged when the user edits only a flag.
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import CookieEditDialog from '../../components/CookieEditDialog.svelte';
import type { CookieId } from '../../lib/cookies/cookie';
import type { CookieDraft } from '../../lib/cookies/draft';
import type { SetCookiesReply } from '../../lib/messages';
import type { ViewCookie } from '../../lib/view';
import { makeViewCookie } from '../unit/cookies/helpers';

// jsdom has <dialog> without its methods: open and close as browsers do (close fires `close`).
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    if (!this.hasAttribute('open')) return;
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
});

const IN_30_DAYS = Math.round(Date.now() / 1000) + 30 * 86_400;
const SECRET = 'sess-8f14e45fceea167a5a36';
const session = makeViewCookie({ name: 'session_id', value: SECRET, httpOnly: false, sameSite: 'lax', expirationDate: IN_30_DAYS });
const field = (name: string) => document.querySelector(`[name="${name}"]`) as HTMLInputElement | null;

function renderDialog(cookie: ViewCookie | null, value: string | null = SECRET) {
  const loadValue = vi.fn(async () => value);
  const onSave = vi.fn(async (draft: CookieDraft, _replaces: CookieId | null): Promise<SetCookiesReply> => ({ applied: 1, refused: [], stored: [draft], rolledBack: 0 }));
  const onClose = vi.fn();
  render(CookieEditDialog, { cookie, loadValue, defaultDomain: 'www.site.example', browserName: 'chrome', onSave, onClose });
  return { loadValue, onSave, onClose };
}

describe('CookieEditDialog', () => {
  it('reads the value for the editor and keeps it masked; a flag change saves the value unchanged', async () => {
    const { loadValue, onSave } = renderDialog(session);
    expect(loadValue).toHaveBeenCalledExactlyOnceWith(session);
    await screen.findByRole('heading', { name: 'Edit session_id' });
    expect(document.querySelector('dialog')!.hasAttribute('open')).toBe(true);
    expect(document.body.textContent).not.toContain(SECRET);
    expect(field('value')).toBeNull();
    await fireEvent.click(field('httpOnly')!);
    await fireEvent.submit(field('name')!.closest('form')!);
    await vi.waitFor(() => expect(onSave).toHaveBeenCalledOnce());
    expect(onSave.mock.calls[0][0]).toMatchObject({ name: 'session_id', value: SECRET, httpOnly: true });
    expect(onSave.mock.calls[0][1]).toMatchObject({ name: 'session_id', domain: 'www.site.example', path: '/' });
  });

  it('shows the value in its field, focused, when asked', async () => {
    renderDialog(session);
    await fireEvent.click(await screen.findByRole('button', { name: 'Show the value to edit it' }));
    await tick();
    expect(field('value')!.value).toBe(SECRET);
    expect(document.activeElement).toBe(field('value'));
  });

  it('says so when the cookie is no longer stored, and offers nothing to save', async () => {
    renderDialog(session, null);
    expect((await screen.findByRole('alert')).textContent).toBe('This cookie is no longer stored: there is nothing to edit.');
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });

  it('creates a cookie without reading any value, and tells its opener what the browser stored when closed', async () => {
    const { loadValue, onSave, onClose } = renderDialog(null);
    expect(loadValue).not.toHaveBeenCalled();
    await fireEvent.input(field('name')!, { target: { value: 'theme' } });
    await fireEvent.input(field('value')!, { target: { value: 'dark' } });
    await fireEvent.submit(field('name')!.closest('form')!);
    await vi.waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Saved\./));
    expect(onSave.mock.calls[0][1]).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Close editor' }));
    expect(onClose).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ name: 'theme', value: 'dark', domain: 'www.site.example' }));
  });
});
