// @vitest-environment jsdom
/**
 * The import dialog (components/ImportDialog.svelte): a malformed file names its line and offers
 * no import; rows the browser would refuse block the import until the user leaves them out;
 * a refusal from the background says nothing was imported.
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ImportDialog from '../../components/ImportDialog.svelte';
import type { CookieDraft } from '../../lib/cookies/edit';
import type { SetCookiesReply } from '../../lib/messages';
import { makeReportCookie } from '../unit/cookies/helpers';

const FUTURE = Math.round(Date.now() / 1000) + 86_400 * 30;
// curl's cookies.txt lines (https://everything.curl.dev/http/cookies/fileformat).
const GOOD = `#HttpOnly_www.site.example\tFALSE\t/\tTRUE\t${FUTURE}\tsessionid\tx7k2mq9z0vwl\n.site.example\tTRUE\t/\tFALSE\t0\t_ga\tGA1.1.1234567890.1700000000\n`;

function renderDialog(reply: Partial<SetCookiesReply> = {}) {
  const onImport = vi.fn(async (drafts: CookieDraft[]): Promise<SetCookiesReply> => ({ applied: drafts.length, refused: [], stored: drafts, rolledBack: 0, ...reply }));
  render(ImportDialog, { existing: [makeReportCookie({ name: 'sessionid' })], browserName: 'chrome', onImport, onClose: vi.fn() });
  return onImport;
}

async function paste(text: string) {
  await fireEvent.input(document.querySelector('textarea[name="import-text"]')!, { target: { value: text } });
  await fireEvent.click(screen.getByRole('button', { name: 'Check pasted text' }));
}

const importButton = () => screen.queryAllByRole('button').find((b) => b.textContent?.trim().startsWith('Import ')) as HTMLButtonElement | undefined;

describe('ImportDialog', () => {
  it('previews each cookie, says which replace a stored one, and imports them all', async () => {
    const onImport = renderDialog();
    await paste(GOOD);
    expect(screen.getByRole('status').textContent?.replace(/\s+/g, ' ').trim()).toBe('Netscape cookies.txt: 2 cookies; the browser would store every one.');
    const rows = [...document.querySelectorAll('table.import-preview tbody tr')].map((r) =>
      [...r.querySelectorAll('td')].map((td) => td.textContent?.replace(/\s+/g, ' ').trim()).join(' | '),
    );
    expect(rows[0]).toMatch(/^1 \| sessionid \| www\.site\.example \| \/ \| Secure · HttpOnly \| .* \| Replaces the stored cookie$/);
    expect(rows[1]).toBe('2 | _ga | .site.example | / |  | Session | New');
    await fireEvent.click(importButton()!);
    await vi.waitFor(() => expect(document.querySelector('.import-result')?.textContent).toBe('Imported 2 cookies into this tab’s cookie store.'));
    expect(onImport.mock.calls[0][0].map((d) => d.name)).toEqual(['sessionid', '_ga']);
  });

  it('names the malformed line and offers no import', async () => {
    const onImport = renderDialog();
    await paste(GOOD + 'www.site.example FALSE / TRUE 0 theme dark\n');
    expect(screen.getByRole('alert').textContent).toMatch(/^Line 3: expected 7 fields separated by tabs/);
    expect(importButton()).toBeUndefined();
    expect(onImport).not.toHaveBeenCalled();
  });

  it('blocks the import while a row would be refused, until the user leaves the refused rows out', async () => {
    const onImport = renderDialog();
    await paste(JSON.stringify([{ name: 'ok', value: '1', domain: 'www.site.example', secure: true }, { name: 'cross', value: '1', domain: 'site.example', sameSite: 'no_restriction' }], null, 2));
    expect(screen.getByRole('list', { name: 'Rows the browser would refuse' }).textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Line 8 cross: the browser would refuse it: SameSite=None requires Secure: browsers refuse cross-site cookies that would also travel over plain http.',
    );
    expect(importButton()!.disabled).toBe(true);
    await fireEvent.click(document.querySelector('input[name="leave-out-refused"]')!);
    expect(importButton()!.textContent?.trim()).toBe('Import 1 cookie');
    await fireEvent.click(importButton()!);
    await vi.waitFor(() => expect(document.querySelector('.import-result')?.textContent).toBe('Imported 1 cookie into this tab’s cookie store. 1 refused row was left out.'));
    expect(onImport.mock.calls[0][0].map((d) => d.name)).toEqual(['ok']);
  });

  it('says nothing was imported when the browser refused one mid-way and the rest were put back', async () => {
    renderDialog({ applied: 0, refused: [{ index: 1, reason: 'The browser refused it: Failed to parse or set cookie named "_ga".' }], stored: [], rolledBack: 1 });
    await paste(GOOD);
    await fireEvent.click(importButton()!);
    await vi.waitFor(() => expect(document.querySelector('.import-result')?.textContent).toBe('Nothing was imported. The 1 already set were put back as they were.'));
    expect(screen.getByRole('alert').textContent).toContain('Line 2 (_ga): The browser refused it');
  });
});
