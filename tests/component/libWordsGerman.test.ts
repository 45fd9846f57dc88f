// @vitest-environment jsdom
/**
 * In a German UI, the words lib/ writes about pixels, the scripts that wrote cookies and the
 * cookies an export leaves out read German; names, sites and URLs stay as they are, as text.
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import CookieTable from '../../components/CookieTable.svelte';
import CookieTimeline from '../../components/CookieTimeline.svelte';
import ExportDialog from '../../components/ExportDialog.svelte';
import ThirdPartyList from '../../components/ThirdPartyList.svelte';
import { useMessages } from '../../components/i18n';
import { EXPORT_FORMATS } from '../../lib/cookies/export';
import type { ReportThirdParty } from '../../lib/report';
import { classifyTracker } from '../../lib/requests/pixel';
import { viewCookieOf } from '../../lib/view';
import de from '../../public/_locales/de/messages.json';
import en from '../../public/_locales/en/messages.json';
import { makeReportCookie, NOW_MS } from '../unit/cookies/helpers';

const HOSTILE = '<img src=x onerror=alert(1)>';
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

beforeEach(() => useMessages(de));
afterEach(() => useMessages(en));

function party(pixels: ReportThirdParty['pixels']): ReportThirdParty {
  return {
    site: 'tracker.test', hosts: ['px.tracker.test'], requests: 1, types: ['image'], cookiesSent: true, cookiesSet: ['tid'], identifierCookies: [],
    bytesReceived: 43, pixels, beacons: [], tracking: true, tracker: null, learned: null, wroteFirstPartyCookies: [], wroteFirstPartyStorage: [],
    firstSeen: 0, firstTracked: 0, lastTracked: 0, phase: null,
  };
}

describe('lib’s words in German', () => {
  it('gives a pixel’s reasons in German, a hostile cookie name as text', async () => {
    const verdict = classifyTracker({
      type: 'image', url: 'https://px.tracker.test/p.gif?uid=8f14e45fceea167a5a36dedd4bea2543', thirdParty: true, statusCode: 200, fromCache: false,
      bodyBytes: 43, bodyBytesExact: true, contentType: 'image/gif', uncacheable: true, cookieSent: true, cookiesSet: [HOSTILE],
    })!;
    const pixel = { url: 'https://px.tracker.test/p.gif', reasons: verdict.reasons, reasonMsgs: verdict.reasonMsgs, time: 0 };
    // Stored before reasons had messages: the English as the monitor wrote it.
    const old = { url: 'https://px.tracker.test/q.gif', reasons: ['sends cookies'], time: 0 };
    const { container } = render(ThirdPartyList, { thirdParties: [party([pixel, old])] });
    const lists = [...container.querySelectorAll('.tracker-request .reasons')].map((ul) => [...ul.querySelectorAll('li')].map(text));
    expect(lists).toEqual([
      [
        'Antwort in der Größe eines 1×1-Bildes: 43 Bytes vom Typ image/gif',
        'der Abfrageparameter `uid` enthält eine Kennung',
        'sendet Cookies',
        `setzt das Cookie ${HOSTILE}`,
        'Antwort als nicht zwischenspeicherbar markiert',
      ],
      ['sends cookies'],
    ]);
    expect(container.querySelector('.reasons img')).toBeNull();
  });

  it('names the script that set a cookie in German, on its row and in the timeline', () => {
    const cookie = makeReportCookie({ name: 'login_hint', value: 'x', domain: 'login.test', setBy: 'script', script: 'https://login.test/', scriptKind: 'inline' });
    render(CookieTable, {
      id: 'all', title: 'Cookies', description: '', emptyText: '', cookies: [viewCookieOf(cookie, false)], rules: {}, sort: { column: 'name', direction: 'asc' }, now: NOW_MS,
      onSort: () => {}, onDeleteCookie: () => {}, onDeleteSite: () => {}, loadFindings: async () => [], loadValue: async () => null,
    });
    expect(text(document.querySelector('.set-by'))).toBe('gesetzt durch ein Inline-Skript von login.test (von der Seite gemeldet)');
    document.body.innerHTML = '';
    const change = {
      time: NOW_MS + 120, change: 'created' as const, cause: 'explicit' as const, setBy: 'script' as const,
      cookie: { name: '_fbp', domain: 'site.example', path: '/', hostOnly: false, storeId: '0', partitionKey: null, firstPartyDomain: '' },
      script: 'https://connect.facebook.net/en_US/fbevents.js', scriptKind: 'eval' as const,
    };
    render(CookieTimeline, { timeline: [change], pageStartedAt: NOW_MS });
    expect(text(document.querySelector('.script-source'))).toBe('Code aus einem String (eval), den ein Skript von facebook.net erzeugt hat (von der Seite gemeldet)');
  });

  it('names the export formats in German where they have words, and in English as lib does', () => {
    const names = () => [...document.querySelectorAll('select[name="export-format"] option')].map(text);
    render(ExportDialog, { all: [], filtered: [], selected: [], site: null, onClose: vi.fn() });
    expect(names()).toEqual(['JSON (Cookie Audit, Cookie-Editor)', 'CSV (Tabellenkalkulation)', 'Netscape cookies.txt (curl, wget)', 'Cookie:-Header']);
    document.body.innerHTML = '';
    useMessages(en);
    render(ExportDialog, { all: [], filtered: [], selected: [], site: null, onClose: vi.fn() });
    expect(names()).toEqual(EXPORT_FORMATS.map((f) => f.label));
  });

  it('says in German why an export left a cookie out', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => {}) }, configurable: true });
    const tabbed = makeReportCookie({ name: 'tabbed', value: 'a\tb', domain: 'site.example' });
    render(ExportDialog, { all: [tabbed], filtered: [], selected: [], site: 'site.example', onClose: vi.fn() });
    await fireEvent.click(screen.getByRole('checkbox'));
    await fireEvent.change(document.querySelector('select[name="export-format"]')!, { target: { value: 'netscape' } });
    await fireEvent.click(screen.getByRole('button', { name: de.export_copy.message }));
    await vi.waitFor(() => expect(document.querySelector('.skipped')).not.toBeNull());
    expect(text(document.querySelector('.skipped li'))).toBe(`tabbed: ${de.export_skip_tab_or_line_break.message}`);
  });
});
