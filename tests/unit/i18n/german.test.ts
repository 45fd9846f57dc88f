/**
 * The words the audit composes per cookie, in German: every message each rule, value verdict and
 * consent finding can give (cases.ts takes every branch) has a German text, and the rendering
 * reads differently from the English, with the cookie's own names and lines in it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixSegments, msgText } from '../../../components/findingText';
import { useMessages } from '../../../components/i18n';
import { COOKIE_RULES, SITE_RULES, auditSite } from '../../../lib/audit';
import type { Finding } from '../../../lib/audit/types';
import { describeValueMsg, inspectValue } from '../../../lib/audit/value';
import { auditConsent } from '../../../lib/consent/audit';
import type { Messages } from '../../../lib/i18n';
import { NO_ACCEPT_CONTROL, NO_BANNER_CONTROL } from '../../../lib/consent/test';
import { PHRASES, english, msg, type Msg, type MsgArg } from '../../../lib/phrases';
import { exportCookies } from '../../../lib/cookies/export';
import { classifyTracker, type TrackerEvidence } from '../../../lib/requests/pixel';
import { scriptLabel, scriptLabelMsg } from '../../../lib/scripts/label';
import type { ScriptKind } from '../../../lib/scripts/stack';
import { makeReportCookie } from '../cookies/helpers';
import { CONSENT_CASES, VALUE_CASES, auditCases } from './cases';
import { DRAFT_REFUSALS, EDITOR_NOTES, IMPORT_ERRORS, SET_COOKIE_REFUSALS } from './refusals';

const ROOT = join(__dirname, '../../..');
const load = (lang: string): Messages => JSON.parse(readFileSync(join(ROOT, 'public/_locales', lang, 'messages.json'), 'utf8'));
const de = load('de');

/** Every message name in `m`, nested ones included. */
function keysOf(m: MsgArg, into = new Set<string>()): Set<string> {
  if (typeof m === 'object') {
    into.add(m.key);
    for (const arg of m.args ?? []) keysOf(arg, into);
  }
  return into;
}

const used = new Set<string>();

/** The German of `m`: every part of it in the German table, nothing left of a placeholder, not the English. */
function expectGerman(m: Msg, where: string): string {
  const keys = keysOf(m, used);
  expect([...keys].filter((key) => !de[key]), where).toEqual([]);
  const german = msgText(m, '(English fallback)');
  expect(german, where).not.toBe('(English fallback)');
  expect(german, where).not.toMatch(/\$[A-Za-z0-9_]+\$|\$[1-9]/);
  expect(german, where).not.toBe(english(m));
  return german;
}

const cases = auditCases().map(({ label, cookies, context }) => {
  const audit = auditSite(cookies, context);
  return { label, cookies, findings: [...Object.values(audit.findings).flat(), ...audit.siteFindings] as Finding[] };
});

beforeAll(() => useMessages(de));
afterAll(() => useMessages(load('en')));

describe('in German', () => {
  it('every rule’s fix has German words around its Set-Cookie line, or is the bare line', () => {
    const rules = new Set<string>();
    for (const { label, findings } of cases) {
      for (const f of findings) {
        rules.add(f.id);
        if (!f.fixMsg) {
          expect(f.fix, `${label}: ${f.id}`).toMatch(/^Set-Cookie: [^ ]+=…;/);
          continue;
        }
        const german = expectGerman(f.fixMsg, `${label}: ${f.id}`);
        // The corrected line, where the English has one, is the same in German.
        const line = /Set-Cookie: \S+=….*$/.exec(f.fix)?.[0];
        if (line) expect(german.endsWith(line), `${label}: ${f.id}`).toBe(true);
      }
    }
    expect([...rules].sort()).toEqual([...COOKIE_RULES, ...SITE_RULES].map((r) => r.id).sort());
  });

  it('says what it saw in each value finding in German, naming the cookie’s keys and claims as they are', () => {
    const seen = new Set<string>();
    for (const { label, findings } of cases) {
      for (const f of findings) {
        expect(Boolean(f.seenMsg), `${label}: ${f.id}`).toBe(Boolean(f.seen));
        if (!f.seenMsg) continue;
        seen.add(f.id);
        const german = expectGerman(f.seenMsg, `${label}: ${f.id}`);
        expect(german, label).toMatch(/^Inhalt: /);
        for (const quoted of f.seen!.match(/"[^"\s]+"/g) ?? []) expect(german, label).toContain(quoted.slice(1, -1));
      }
    }
    expect([...seen].sort()).toEqual(COOKIE_RULES.filter((r) => r.seen).map((r) => r.id).sort());
  });

  it('gives each value verdict in German', () => {
    for (const v of VALUE_CASES) expectGerman(describeValueMsg(inspectValue(v.name, v.value, { signatureCookie: v.signatureCookie })), v.label);
    const flask = describeValueMsg(inspectValue('session', `${Buffer.from('{"_user_id":"1"}').toString('base64url')}.aGgaAA.c2lnbmF0dXJlLWJ5dGVzLW9mLWZsYXNr`));
    expect(msgText(flask, '')).toBe('die signierte Sitzung von Flask (itsdangerous): Base64-JSON mit dem Schlüssel "_user_id"');
  });

  it('gives each kind of consent finding its title, why and fix in German', () => {
    const kinds = new Set<string>();
    for (const { label, input } of CONSENT_CASES) {
      for (const f of auditConsent(input).report.findings) {
        kinds.add(f.id);
        for (const part of ['title', 'why', 'fix'] as const) {
          const m = f[`${part}Msg`];
          expect(m, `${label}: ${f.id} ${part}`).toBeDefined();
          expectGerman(m!, `${label}: ${f.id} ${part}`);
        }
      }
    }
    expect([...kinds].sort()).toEqual([
      'consent-cookie-after-refusal',
      'consent-cookie-before-choice',
      'consent-signal-ignored',
      'consent-tracker-after-refusal',
      'consent-tracker-before-choice',
    ]);
  });

  it('says why a browser refuses a cookie in German, names and domains as they are', () => {
    for (const [label, m] of [...SET_COOKIE_REFUSALS(), ...DRAFT_REFUSALS()]) expectGerman(m, label);
    const [, prefix] = SET_COOKIE_REFUSALS().find(([label]) => label.startsWith('__Host-'))!;
    expect(msgText(prefix, '')).toBe('Sein Name beginnt mit __Host-, das Secure, kein Domain-Attribut, Path=/ verlangt; andernfalls lehnen Browser es ab.');
    const hostile: Msg = msg('refused_domain_mismatch', '<img src=x onerror=alert(1)>', '$1$$');
    expect(msgText(hostile, '')).toBe(
      'Domain=<img src=x onerror=alert(1)> umfasst nicht $1$$, den Host, der das Cookie gesetzt hat; ein Host darf Cookies nur für sich selbst oder eine übergeordnete Domain setzen.',
    );
  });

  it('gives the editor’s notes and what the browser stored differently in German', () => {
    const notes = EDITOR_NOTES();
    for (const [label, m] of notes) expectGerman(m, label);
    expect(new Set(notes.map(([, m]) => m.key)).size).toBe(notes.length);
  });

  it('says in German why an import file is refused, naming the line', () => {
    const errors = IMPORT_ERRORS();
    for (const [label, m] of errors) expectGerman(m, label);
    const [, comma] = errors.find(([label]) => label === 'json: a missing comma')!;
    expect(msgText(comma, '')).toBe('Zeile 1: kein gültiges JSON („,“ oder „]“ erwartet, stattdessen „2“). Es wurde nichts importiert.');
  });

  it('tells the consent test’s outcome and refusals in German, a browser’s own reason as it wrote it', () => {
    const outcomes: [string, Msg][] = [
      ['no reject control', NO_BANNER_CONTROL],
      ['no accept control', NO_ACCEPT_CONTROL],
      ['cancelled', msg('audit_ctest_cancelled')],
      ['tab closed', msg('audit_ctest_stopped', msg('audit_ctest_tab_closed'))],
      ['not loaded', msg('audit_ctest_stopped', msg('audit_ctest_not_loaded'))],
      ['not a web page', msg('audit_ctest_cannot_test')],
      ['already running', msg('audit_ctest_running')],
    ];
    for (const [label, m] of outcomes) expectGerman(m, label);
    expect(expectGerman(msg('audit_ctest_stopped', 'No tab with id: 7'), 'browser error')).toBe(
      'Der Test wurde beendet: No tab with id: 7. Ihre Cookies und Ihr Speicher für diese Website sind wieder wie vorher.',
    );
  });

  it('cuts every rule’s German fix into prose and its Set-Cookie line, the line alone as code', () => {
    for (const { label, findings } of cases) {
      for (const f of findings) {
        const line = /Set-Cookie: \S+=….*$/.exec(f.fix)?.[0];
        const segments = fixSegments(f);
        expect(segments.map((s) => s.text).join(''), `${label}: ${f.id}`).toBe(msgText(f.fixMsg, f.fix));
        expect(segments.filter((s) => s.code).map((s) => s.text), `${label}: ${f.id}`).toEqual(line ? [line] : []);
      }
    }
  });

  it('gives each pixel’s and beacon’s reasons in German, names and media types as they are', () => {
    const ID = '8f14e45fceea167a5a36dedd4bea2543';
    const gif: TrackerEvidence = {
      type: 'image', url: `https://px.tracker.test/p.gif?uid=${ID}`, thirdParty: true, statusCode: 200, fromCache: false,
      bodyBytes: 43, bodyBytesExact: true, contentType: 'image/gif', uncacheable: true, cookieSent: true, cookiesSet: ['tid'],
    };
    const many = (names: string[]) => `https://t.test/a.gif?${names.map((n) => `${n}=${ID}`).join('&')}`;
    const pageCookie = (value: string) => value === 'abc123def456';
    const cases: [string, Partial<TrackerEvidence>][] = [
      ['a pixel', {}],
      ['a beacon', { type: 'beacon', bodyBytes: 0, contentType: null }],
      ['a redirect hop', { statusCode: 302, bodyBytes: null }],
      ['an empty answer', { bodyBytes: 0 }],
      ['no media type', { contentType: null }],
      ['a transfer size', { bodyBytesExact: false }],
      ['a transfer size, no media type', { bodyBytesExact: false, contentType: null }],
      ['several cookies and parameters', { url: many(['a', 'b', 'c', 'd', 'e']), cookiesSet: ['u1', 'u2', 'u3', 'u4'] }],
      ['a copied cookie', { url: 'https://t.test/a.gif?sync=abc123def456' }],
      ['copied cookies', { url: 'https://t.test/a.gif?sync=abc123def456&s2=abc123def456' }],
    ];
    const german: string[] = [];
    for (const [label, change] of cases) {
      const verdict = classifyTracker({ ...gif, ...change }, pageCookie)!;
      expect(verdict.reasonMsgs.map(english), label).toEqual(verdict.reasons);
      for (const m of verdict.reasonMsgs) german.push(expectGerman(m, label));
    }
    expect(german).toContain('Antwort in der Größe eines 1×1-Bildes: 43 Bytes vom Typ image/gif');
    expect(german).toContain('die Abfrageparameter `a`, `b`, `c` und 2 weitere enthalten Kennungen');
    expect(german).toContain('setzt die Cookies u1, u2, u3 und 1 weitere');
    expect(german).toContain('Beacon-Anfrage (navigator.sendBeacon oder <a ping>)');
  });

  it('names the script that wrote a cookie in German, in a form that reads after “gesetzt durch” and at a sentence’s start', () => {
    const scripts: [string | undefined, ScriptKind][] = [
      ['https://login.test/', 'inline'],
      ['', 'inline'],
      ['about:srcdoc', 'inline'],
      ['https://connect.facebook.net/en_US/fbevents.js', 'eval'],
      [undefined, 'eval'],
      [undefined, 'file'],
      ['https://www.googletagmanager.com/gtag/js', 'file'],
      ['file:///srv/t.js', 'file'],
      ['blob:https://site.example/097e1074', 'file'],
      ['blob:', 'file'],
      ['data:text/javascript,x', 'file'],
      ['moz-extension://abc/content.js', 'file'],
    ];
    const german = scripts.map(([script, kind]) => {
      const m = scriptLabelMsg(script, kind)!;
      expect(english(m)).toBe(scriptLabel(script, kind));
      return expectGerman(m, `${script} (${kind})`);
    });
    expect(german.slice(0, 4)).toEqual([
      'ein Inline-Skript von login.test',
      'ein Inline-Skript der Seite',
      'ein Inline-Skript eines srcdoc-Frames',
      'Code aus einem String (eval), den ein Skript von facebook.net erzeugt hat',
    ]);
    expect(german).toContain('ein Skript unter file:///srv/t.js');
  });

  it('says in German why an export format leaves a cookie out', () => {
    const tabbed = makeReportCookie({ name: 'tabbed', value: 'a\tb' });
    const broken = makeReportCookie({ name: 'broken', value: 'a\nb' });
    const options = { includeValues: true, now: new Date(0) };
    for (const format of ['netscape', 'header'] as const) {
      const { skipped } = exportCookies([format === 'netscape' ? tabbed : broken], format, options);
      expect(skipped).toHaveLength(1);
      expect(skipped[0].reason).toBe(english(skipped[0].reasonMsg));
      expectGerman(skipped[0].reasonMsg, format);
    }
  });

  it('has every message of lib/phrases.ts used by the cases above (so each was checked)', () => {
    // Lifetimes are the popup's own messages, checked where it shows them.
    expect(Object.keys(PHRASES).filter((key) => !used.has(key) && !key.startsWith('lifetime_'))).toEqual([]);
  });

  it('puts attacker-chosen names in as they are, even with dollar signs', () => {
    const m: Msg = { key: 'audit_consent_what_cookie', args: ['$1$$x$'] };
    expect(msgText(m, '')).toBe('das Cookie $1$$x$');
  });

  it('falls back to the English when the table lacks a part', () => {
    expect(msgText({ key: 'audit_fix_size', args: [{ key: 'no_such_message' }] }, 'the English')).toBe('the English');
  });
});
