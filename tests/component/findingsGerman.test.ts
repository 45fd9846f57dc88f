// @vitest-environment jsdom
/**
 * In a German UI, what the audit composed for a cookie reads German: what it saw in the value,
 * the fix around the cookie's own Set-Cookie line (in the list, in the popup's expanded row as
 * the background sends it), and the consent findings; names stay as they are, shown as text.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import CookieTable from '../../components/CookieTable.svelte';
import ConsentSummary from '../../components/ConsentSummary.svelte';
import FindingList from '../../components/FindingList.svelte';
import { useMessages } from '../../components/i18n';
import { auditSite, type AuditContext } from '../../lib/audit';
import type { Finding } from '../../lib/audit/types';
import { cookieKey, type Cookie } from '../../lib/cookies/cookie';
import { auditConsent } from '../../lib/consent/audit';
import { viewCookieOf, type RuleText } from '../../lib/view';
import de from '../../public/_locales/de/messages.json';
import en from '../../public/_locales/en/messages.json';
import { NOW, makeContext, makeCookie } from '../unit/audit/helpers';
import { CONSENT_CASES } from '../unit/i18n/cases';

// Flask's default session cookie: base64url JSON, a timestamp and an itsdangerous signature.
const FLASK = `${Buffer.from('{"_user_id":"42"}').toString('base64url')}.aGgaAA.c2lnbmF0dXJlLWJ5dGVzLW9mLWZsYXNr`;
const HOSTILE = '<img src=x onerror=alert(1)>';
const FLASK_ADVICE = 'Mit Flask: Halten Sie die Sitzung auf dem Server (Flask-Session mit Redis oder einer Datenbank), sodass das Cookie nur ihre ID enthält.';

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const audited = (cookie: Cookie, context: AuditContext = makeContext(cookie)): Finding[] => auditSite([cookie], context).findings[cookieKey(cookie)];
/** The corrected line at the end of the English fix: the same in every language. */
const lineOf = (finding: Finding) => /Set-Cookie: .*$/.exec(finding.fix)![0];

beforeEach(() => useMessages(de));
afterEach(() => useMessages(en));

describe('findings in German', () => {
  it('FindingList shows what was seen in the value and the fix in German, around the cookie’s own line', () => {
    const findings = audited(makeCookie({ name: 'session', value: FLASK, httpOnly: false }));
    const finding = findings.find((f) => f.id === 'cookies-value-holds-session-data')!;
    render(FindingList, { props: { findings } });
    const item = document.querySelector('li[data-finding="cookies-value-holds-session-data"]')!;
    expect(text(item.querySelector('.finding-title strong'))).toBe('Sitzungsdaten im Cookie lesbar');
    expect(text(item.querySelector('.why'))).toMatch(
      /^Inhalt: die signierte Sitzung von Flask \(itsdangerous\): Base64-JSON mit dem Schlüssel "_user_id"\. Flask signiert ihn mit dem SECRET_KEY der App: signiert, also nicht zu fälschen, aber jeder mit dem Cookie kann ihn lesen\. Eine Sitzung gehört auf den Server/,
    );
    // The words are prose; only the corrected line is code.
    expect(text(item.querySelector('.fix'))).toBe(`Behebung: ${FLASK_ADVICE} Das Cookie enthält dann nur eine zufällige ID: ${lineOf(finding)}`);
    expect([...item.querySelectorAll('.fix code')].map(text)).toEqual([lineOf(finding)]);
  });

  it('shows a hostile cookie name in a German fix as text', () => {
    const cookie = makeCookie({ name: HOSTILE, value: '3f2a9c0e7b5d4a1f8e6c2b9d0a7f3e5c', httpOnly: false });
    render(FindingList, { props: { findings: audited(cookie, makeContext(cookie, { script: 'https://tags.tracker.test/t.js' })) } });
    const fix = text(document.querySelector('li[data-finding="cookies-first-party-set-by-third-party-script"] .fix'));
    expect(fix).toMatch(/^Behebung: Laden Sie das Skript von tracker\.test erst, wenn der Besucher zustimmt/);
    // A fix without a Set-Cookie line is prose only.
    expect(document.querySelector('li[data-finding="cookies-first-party-set-by-third-party-script"] .fix code')).toBeNull();
    expect(fix).toContain(`${HOSTILE} ist die Kennung eines Trackers auf Ihrer Domain.`);
    expect(document.querySelector('li.finding img')).toBeNull();
  });

  it('the popup’s expanded row shows the fix the background sends and what was seen from the view, in German', async () => {
    const cookie = makeCookie({ name: 'token', value: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"1"}').toString('base64url')}.`, httpOnly: false });
    const findings = audited(cookie, makeContext(cookie, { setByScript: true }));
    const rules: Record<string, RuleText> = {};
    const { value: _value, ...rest } = cookie;
    // As lib/view.ts builds the popup's view: rule texts once, what was seen as a message.
    const viewed = viewCookieOf({ ...rest, findings, purpose: null, phase: null }, false, rules);
    const loadFindings = vi.fn(async () => findings);
    render(CookieTable, {
      id: 'all', title: 'Cookies', description: '', emptyText: '', cookies: [viewed], rules, sort: { column: 'name', direction: 'asc' }, now: NOW,
      onSort: vi.fn(), onDeleteCookie: vi.fn(), onDeleteSite: vi.fn(), onEditCookie: vi.fn(), loadFindings, loadValue: vi.fn(async () => null),
    });
    const worst = within(screen.getByText('token').closest('tr')!).getByRole('button', { name: /JWT in einem Cookie/ });
    await fireEvent.click(worst);
    const details = document.getElementById(worst.getAttribute('aria-controls')!)!;
    const jwt = () => details.querySelector('li[data-finding="cookies-value-is-jwt"]')!;
    expect(text(jwt().querySelector('.why'))).toMatch(
      /^Inhalt: ein unsigniertes JWT \(alg „none“\) mit dem Claim "sub"\. Ein Server, der es annimmt, übernimmt jeden Claim, den irgendjemand hineinschreibt\. Es hat keinen „exp“-Claim/,
    );
    await waitFor(() => expect(jwt().querySelector('.fix')).not.toBeNull());
    const finding = findings.find((f) => f.id === 'cookies-value-is-jwt')!;
    expect([...jwt().querySelectorAll('.fix code')].map(text)).toEqual([lineOf(finding)]);
    expect(text(jwt().querySelector('.fix'))).toBe(
      'Behebung: Signieren Sie jedes Token und lassen Sie den Server alg „none“ ablehnen: Prüfen Sie mit einer festen Liste von Algorithmen (jsonwebtoken: algorithms: ["HS256"]; jose: jwtVerify(token, key, { algorithms: ["HS256"] })). ' +
        'Ein Skript schreibt dieses Cookie, und Skripte können HttpOnly nicht setzen: Lassen Sie es vom Server setzen, wenn sich der Nutzer anmeldet. ' +
        `Geben Sie dem Token ein „exp“ und dem Cookie keine längere Lebensdauer als dem Token, oder halten Sie die Sitzung auf dem Server hinter einer undurchsichtigen ID: ${lineOf(finding)}`,
    );
  });

  it('the same row in English shows the audit’s words as they are', async () => {
    useMessages(en);
    const findings = audited(makeCookie({ name: 'session', value: FLASK, httpOnly: false }));
    render(FindingList, { props: { findings } });
    const item = document.querySelector('li[data-finding="cookies-value-holds-session-data"]')!;
    const finding = findings.find((f) => f.id === 'cookies-value-holds-session-data')!;
    expect(text(item.querySelector('.why'))).toBe(finding.why);
    expect(text(item.querySelector('.fix'))).toBe(`Fix: ${finding.fix}`);
    expect([...item.querySelectorAll('.fix code')].map(text)).toEqual([lineOf(finding)]);
  });

  it('ConsentSummary shows the consent findings’ titles, why and fix in German, names as text', async () => {
    const input = CONSENT_CASES[0].input;
    const consent = auditConsent({ ...input, writes: [...input.writes, { key: 'x', name: HOSTILE, domain: 'shop.test', time: input.pageStartedAt + 500, category: 'Marketing' }] }).report;
    render(ConsentSummary, { props: { consent, onStatement: vi.fn() } });
    await fireEvent.click(screen.getByRole('button', { name: 'Befunde zur Einwilligung anzeigen' }));
    const items = [...document.querySelectorAll('li.finding')];
    const titles = items.map((li) => text(li.querySelector('.finding-title strong')));
    expect(titles).toContain('_ga (Analytics) wurde vor jeder Entscheidung gespeichert');
    expect(titles).toContain('Bitte prüfen: xyz wurde vor jeder Entscheidung gespeichert');
    expect(titles).toContain('px.tracker.test hat nach der Ablehnung getrackt');
    expect(titles).toContain(`${HOSTILE} (Marketing) wurde vor jeder Entscheidung gespeichert`);
    expect(titles.find((t) => t.startsWith('Die TCF-Consent-Plattform der Seite meldete „abgelehnt“, dennoch: das Cookie _fbp'))).toBeDefined();
    const ga = items.find((li) => text(li.querySelector('.finding-title strong')).startsWith('_ga'))!;
    expect(text(ga.querySelector('.why'))).toMatch(/^Die Open Cookie Database führt _ga unter Analytics: Es braucht eine Einwilligung\. Die ePrivacy-Richtlinie/);
    expect(text(ga.querySelector('.fix'))).toBe(`Behebung: ${de.audit_consent_fix_cookie.message}`);
    expect(document.querySelector('.consent-findings img')).toBeNull();
  });
});
