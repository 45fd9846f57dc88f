// @vitest-environment jsdom
/**
 * In a German UI, what lib/ says about a refused cookie reads German: the editor's live refusal,
 * its notes and what the browser stored differently, the background's refusal, the import's
 * errors, refused rows and notes, and the popup's list of refused Set-Cookie lines. Names and
 * domains stay as they are, shown as text.
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import CookieEditor from '../../components/CookieEditor.svelte';
import ImportDialog from '../../components/ImportDialog.svelte';
import RejectedList from '../../components/RejectedList.svelte';
import { useMessages } from '../../components/i18n';
import type { CookieDraft } from '../../lib/cookies/edit';
import type { SetCookiesReply } from '../../lib/messages';
import { english, msg } from '../../lib/phrases';
import { rejectedCookie } from '../../lib/setCookie';
import de from '../../public/_locales/de/messages.json';
import en from '../../public/_locales/en/messages.json';
import { makeReportCookie } from '../unit/cookies/helpers';

const IN_30_DAYS = Math.round(Date.now() / 1000) + 30 * 86_400;
const HOSTILE = '<img src=x onerror=alert(1)>';
const field = (name: string) => document.querySelector(`[name="${name}"]`) as HTMLInputElement;
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

beforeEach(() => useMessages(de));
afterEach(() => useMessages(en));

function renderEditor(reply?: Partial<SetCookiesReply>) {
  const onSave = vi.fn(async (draft: CookieDraft): Promise<SetCookiesReply> => ({ applied: 1, refused: [], stored: [draft], rolledBack: 0, ...reply }));
  const cookie = makeReportCookie({ name: 'prefs', value: 'theme-dark', httpOnly: true, sameSite: 'strict', expirationDate: IN_30_DAYS });
  render(CookieEditor, { cookie, defaultDomain: 'www.site.example', browserName: 'chrome', onSave, onClose: vi.fn() });
  return onSave;
}

describe('the cookie editor in German', () => {
  it('says live why the browser will refuse the cookie, and what to know before saving', async () => {
    renderEditor();
    await fireEvent.change(field('sameSite'), { target: { value: 'no_restriction' } });
    await fireEvent.click(field('secure'));
    expect(text(screen.getByRole('alert'))).toBe(
      'Der Browser wird dies ablehnen: SameSite=None erfordert Secure: Browser lehnen websiteübergreifende Cookies ab, die auch über unverschlüsseltes http übertragen würden.',
    );
    await fireEvent.click(field('secure'));
    await fireEvent.click(field('httpOnly'));
    expect([...document.querySelectorAll('ul.notes li')].map(text)).toEqual([
      'SameSite=None und nicht partitioniert: Wird von jeder Website gesendet, die diese einbettet, sofern der Browser Drittanbieter-Cookies nicht blockiert.',
      'Ohne HttpOnly kann jedes Skript auf der Seite es lesen.',
    ]);
    await fireEvent.input(field('domain'), { target: { value: HOSTILE } });
    expect(text(screen.getByRole('alert'))).toBe(`Der Browser wird dies ablehnen: „${HOSTILE}“ ist kein Hostname.`);
    expect(document.querySelector('img')).toBeNull();
  });

  it('says what the browser stored differently', async () => {
    const onSave = vi.fn(async (draft: CookieDraft): Promise<SetCookiesReply> => ({ applied: 1, refused: [], stored: [{ ...draft, secure: false, sameSite: 'lax' }], rolledBack: 0 }));
    render(CookieEditor, { cookie: makeReportCookie({ name: 'prefs', sameSite: 'strict', expirationDate: IN_30_DAYS }), defaultDomain: 'x', browserName: 'chrome', onSave, onClose: vi.fn() });
    await fireEvent.submit(field('name').closest('form')!);
    await vi.waitFor(() => expect(screen.getByRole('status')).toBeTruthy());
    expect([...screen.getByRole('status').querySelectorAll('p')].map(text)).toEqual([
      'Gespeichert. Der Browser hat es abgelegt, mit Abweichungen:',
      'Ohne Secure gespeichert.',
      'Mit SameSite lax gespeichert.',
    ]);
  });

  it('shows the background’s refusal in German, the browser’s own error as it wrote it', async () => {
    const reasonMsg = msg('refused_by_browser', 'No host permission.');
    renderEditor({ applied: 0, refused: [{ index: 0, reason: english(reasonMsg), reasonMsg }], stored: [] });
    await fireEvent.submit(field('name').closest('form')!);
    await vi.waitFor(() => expect(text(screen.getByRole('alert'))).toBe('Nicht gespeichert: Der Browser hat es abgelehnt: No host permission.'));
  });
});

describe('the import in German', () => {
  function renderDialog() {
    const onImport = vi.fn(async (drafts: CookieDraft[]): Promise<SetCookiesReply> => ({ applied: drafts.length, refused: [], stored: drafts, rolledBack: 0 }));
    render(ImportDialog, { existing: [], browserName: 'chrome', onImport, onClose: vi.fn() });
  }

  async function paste(value: string) {
    await fireEvent.input(document.querySelector('textarea[name="import-text"]')!, { target: { value } });
    await fireEvent.click(screen.getByRole('button', { name: 'Eingefügten Text prüfen' }));
  }

  it('names the malformed line in German', async () => {
    renderDialog();
    await paste('www.site.example FALSE / TRUE 0 theme dark\n');
    expect(text(screen.getByRole('alert'))).toBe(
      'Zeile 1: 7 durch Tabulatoren getrennte Felder erwartet (Domain, Subdomains einschließen, Pfad, Secure, Ablauf, Name, Wert), 1 gefunden. Die Zeile hat Leerzeichen, wo Tabulatoren hingehören (von einer Webseite kopiert?). Es wurde nichts importiert.',
    );
  });

  it('gives each refused row’s reason and each note in German', async () => {
    renderDialog();
    // A name may hold markup but no "=": the row is stored, its name shown as text.
    await paste(JSON.stringify([{ name: 'cross', domain: 'site.example', sameSite: 'no_restriction' }, { name: '<b>sid</b>', domain: 'www.site.example', secure: true, sameSite: 'no_restriction' }], null, 2));
    expect(text(screen.getByRole('list', { name: 'Zeilen, die der Browser ablehnen würde' }))).toBe(
      'Zeile 2 cross: der Browser würde sie ablehnen: SameSite=None erfordert Secure: Browser lehnen websiteübergreifende Cookies ab, die auch über unverschlüsseltes http übertragen würden.',
    );
    const notes = [...document.querySelectorAll('tr[data-line="7"] .note')].map(text);
    expect(notes).toEqual([
      'Kein Wert in der Datei (ohne Werte exportiert): Es wird mit leerem Wert importiert.',
      'SameSite=None und nicht partitioniert: Wird von jeder Website gesendet, die diese einbettet, sofern der Browser Drittanbieter-Cookies nicht blockiert.',
    ]);
    expect(document.querySelector('b')).toBeNull();
  });
});

describe('the refused Set-Cookie lines in German', () => {
  it('says why each was refused, its domain as text', () => {
    const record = rejectedCookie(`sid=1; Domain=${HOSTILE}`, 'https://news.example/', 'chrome')!;
    render(RejectedList, { rejected: [record, { ...rejectedCookie('a=b; SameSite=None', 'https://news.example/', 'chrome')!, reasonMsg: undefined }] });
    expect([...document.querySelectorAll('.why')].map(text)).toEqual([
      `Domain=${HOSTILE.toLowerCase()} umfasst nicht news.example, den Host, der das Cookie gesetzt hat; ein Host darf Cookies nur für sich selbst oder eine übergeordnete Domain setzen.`,
      // Without its message (a record from before), the English stands.
      'SameSite=None requires Secure: browsers refuse cross-site cookies that would also travel over plain http.',
    ]);
    expect(document.querySelector('img')).toBeNull();
  });
});
