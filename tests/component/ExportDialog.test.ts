// @vitest-environment jsdom
/**
 * The export dialog (components/ExportDialog.svelte): the chosen cookies in the chosen format go
 * to the browser's download as a blob, values only after "Include values", with the warning.
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ExportDialog from '../../components/ExportDialog.svelte';
import { makeReportCookie } from '../unit/cookies/helpers';

const SESSION = makeReportCookie({ name: 'sessionid', value: 'x7k2mq9z0vwl', domain: 'www.site.example' });
const GA = makeReportCookie({ name: '_ga', value: 'GA1.1.1234567890.1700000000', domain: 'site.example', hostOnly: false, httpOnly: false });

let blobs: Blob[];
let downloads: string[];

function renderDialog(selected = [GA]) {
  blobs = [];
  downloads = [];
  // jsdom has no blob URLs and does not download: record what the page hands over.
  URL.createObjectURL = vi.fn((b: Blob) => {
    blobs.push(b);
    return 'blob:test';
  }) as never;
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push(this.download);
  });
  render(ExportDialog, { all: [SESSION, GA], filtered: [SESSION], selected, site: 'site.example', onClose: vi.fn() });
}


describe('ExportDialog', () => {
  it('downloads all cookies as JSON without values by default', async () => {
    renderDialog();
    await fireEvent.click(screen.getByRole('button', { name: 'Download 2 cookies' }));
    expect(downloads).toEqual([expect.stringMatching(/^site\.example-cookies-\d{4}-\d{2}-\d{2}\.json$/)]);
    const exported = JSON.parse(await blobs[0].text());
    expect(exported.map((c: { name: string }) => c.name)).toEqual(['sessionid', '_ga']);
    expect(exported.some((c: object) => 'value' in c)).toBe(false);
    expect(screen.getByRole('status').textContent).toMatch(/: 2 cookies\.$/);
  });

  it('warns why values matter, and puts them in only when asked', async () => {
    renderDialog();
    expect(screen.queryByRole('note')).toBeNull();
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Include values' }));
    expect(screen.getByRole('note').textContent).toMatch(/logged in as you/);
    await fireEvent.change(document.querySelector('select[name="export-format"]')!, { target: { value: 'netscape' } });
    await fireEvent.click(screen.getByRole('radio', { name: /The selected cookies/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Download 1 cookie' }));
    const text = await blobs[0].text();
    expect(text.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual([`.site.example\tTRUE\t/\tTRUE\t${GA.expirationDate}\t_ga\tGA1.1.1234567890.1700000000`]);
    expect(downloads[0]).toMatch(/\.txt$/);
  });

  it('offers no selection to export when nothing is selected', () => {
    renderDialog([]);
    expect((screen.getByRole('radio', { name: /The selected cookies/ }) as HTMLInputElement).disabled).toBe(true);
  });
});
