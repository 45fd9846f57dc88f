// @vitest-environment jsdom
/**
 * Who wrote a cookie, as the page reported it: in the timeline, on the cookie's row and for the
 * third party whose scripts wrote first-party cookies, always marked as the page's word and
 * rendered as text, whatever the page put in a script URL.
 */
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import CookieTimeline from '../../components/CookieTimeline.svelte';
import CookieTable from '../../components/CookieTable.svelte';
import ThirdPartyList from '../../components/ThirdPartyList.svelte';
import type { CookieChange } from '../../lib/monitor/state';
import type { ReportThirdParty } from '../../lib/report';
import { scriptLabel } from '../../lib/scripts/label';
import { makeViewCookie, NOW_MS } from '../unit/cookies/helpers';

const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-R3C1P35X7Q';
const HOSTILE = 'https://evil.test/<img src=x onerror=alert(1)>.js';

function change(fields: Partial<CookieChange>): CookieChange {
  return {
    time: NOW_MS + 120,
    change: 'created',
    cause: 'explicit',
    cookie: { name: '_ga', domain: 'site.example', path: '/', hostOnly: false, storeId: '0', partitionKey: null, firstPartyDomain: '' },
    setBy: 'script',
    ...fields,
  };
}

describe('the script label', () => {
  it.each([
    [GTAG, 'file', 'a script from googletagmanager.com'],
    ['https://site.example/', 'inline', 'an inline script of site.example'],
    ['about:srcdoc', 'inline', 'an inline script of a srcdoc frame'],
    ['https://connect.facebook.net/en_US/fbevents.js', 'eval', 'code built from a string (eval) by a script from facebook.net'],
    [undefined, 'eval', 'code built from a string (eval), by a script the page did not name'],
    ['blob:https://site.example/097e1074-818d-4e7c-94b2-5e78d9161e28', 'file', 'a blob: script made on site.example'],
    ['data:text/javascript', 'file', 'a data: URL script'],
    ['chrome-extension://abcdefghijklmnopabcdefghijklmnop/content.js', 'file', "another extension's script"],
  ] as const)('names %s (%s) as “%s”', (script, kind, text) => {
    expect(scriptLabel(script, kind)).toBe(text);
  });

  it('says nothing when the page reported no script', () => {
    expect(scriptLabel(undefined, undefined)).toBeNull();
  });
});

describe('the timeline', () => {
  it('names the script, says the page reported it, and keeps the URL and write in the tooltip', () => {
    render(CookieTimeline, { timeline: [change({ script: GTAG, scriptKind: 'file', scriptWrite: '_ga=…; path=/' }), change({})], pageStartedAt: NOW_MS });
    const named = screen.getByText('A script from googletagmanager.com');
    expect(named.textContent).toBe('A script from googletagmanager.com (reported by the page)');
    expect(named.getAttribute('title')).toBe(`${GTAG}\nWrote _ga=…; path=/\nReported by the page: its call stack named this script.`);
    // Without a report from the page, a script is all that is known.
    expect(screen.getByText('A script on the page')).toBeTruthy();
  });

  it('renders a hostile script URL as text', () => {
    const { container } = render(CookieTimeline, { timeline: [change({ script: HOSTILE, scriptKind: 'file' })], pageStartedAt: NOW_MS });
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.script-source')?.getAttribute('title')).toContain(HOSTILE);
  });
});

describe('the cookie row', () => {
  it('says which script set the cookie', () => {
    const cookie = makeViewCookie({ name: '_ga', value: 'GA1.1.918273645.1732611634', setBy: 'script', script: GTAG, scriptKind: 'file' });
    render(CookieTable, {
      id: 'all', title: 'Cookies', description: '', emptyText: '', cookies: [cookie], rules: {}, sort: { column: 'name', direction: 'asc' }, now: NOW_MS,
      onSort: () => {}, onDeleteCookie: () => {}, onDeleteSite: () => {}, loadFindings: async () => [], loadValue: async () => null,
    });
    expect(screen.getByText(/^set by/).textContent).toBe('set by a script from googletagmanager.com (reported by the page)');
  });
});

describe('the third party', () => {
  it('lists the first-party cookies its scripts wrote', () => {
    const party: ReportThirdParty = {
      site: 'googletagmanager.com', hosts: ['www.googletagmanager.com'], requests: 1, types: ['script'], cookiesSent: false, cookiesSet: [],
      identifierCookies: [], bytesReceived: 0, pixels: [], beacons: [], tracking: false, tracker: null, learned: null,
      wroteFirstPartyCookies: ['_ga', '_ga_R3C1P35X7Q'], wroteFirstPartyStorage: [], firstSeen: 0, firstTracked: null, lastTracked: null, phase: null,
    };
    const { container } = render(ThirdPartyList, { thirdParties: [party, { ...party, site: 'vimeo.com', wroteFirstPartyCookies: [] }] });
    const lines = [...container.querySelectorAll('.script-writes')].map((p) => p.textContent?.replace(/\s+/g, ' ').trim());
    expect(lines).toEqual([
      "Scripts from googletagmanager.com wrote first-party cookies _ga, _ga_R3C1P35X7Q (reported by the page): the browser keeps them as this site's own, so its third-party cookie protections do not apply to them.",
    ]);
  });

  it('lists the keys its scripts wrote in the site’s own web storage', () => {
    const party: ReportThirdParty = {
      site: 'segment.com', hosts: ['cdn.segment.com'], requests: 1, types: ['script'], cookiesSent: false, cookiesSet: [],
      identifierCookies: [], bytesReceived: 0, pixels: [], beacons: [], tracking: false, tracker: null, learned: null,
      wroteFirstPartyCookies: [], wroteFirstPartyStorage: ['ajs_anonymous_id', 'ajs_user_traits'],
      firstSeen: 0, firstTracked: null, lastTracked: null, phase: null,
    };
    const { container } = render(ThirdPartyList, { thirdParties: [party, { ...party, site: 'vimeo.com', wroteFirstPartyStorage: [] }] });
    const lines = [...container.querySelectorAll('.script-writes')].map((p) => p.textContent?.replace(/\s+/g, ' ').trim());
    expect(lines).toEqual([
      "Scripts from segment.com wrote keys ajs_anonymous_id, ajs_user_traits in this site's web storage (reported by the page): they stay when cookies are cleared; the Storage view shows them.",
    ]);
  });
});
