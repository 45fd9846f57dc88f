/**
 * Inputs that between them take every branch of the words lib/ writes about refused cookies,
 * the cookie editor and import: why a browser refuses a Set-Cookie line or a typed cookie, the
 * editor's notes and what the browser stored differently, and why an import file is refused.
 */
import type { BrowserName } from '../../../lib/browser';
import { draftNoteMsgs, storedDifferenceMsgs, whyRefusedMsg, type CookieDraft } from '../../../lib/cookies/edit';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, checkRows, decodeImportFile, parseImport } from '../../../lib/cookies/import';
import { msg, type Msg } from '../../../lib/phrases';
import { parseSetCookie, whyRejectedMsg } from '../../../lib/setCookie';
import { DAY, NOW_S, makeDraft } from '../cookies/helpers';

const draft = makeDraft;

function rejected(line: string, requestUrl = 'https://news.example/', browser: BrowserName = 'chrome'): Msg {
  const m = whyRejectedMsg(parseSetCookie(line), { requestUrl, browser });
  if (!m) throw new Error(`Not refused: ${line}`);
  return m;
}

function refused(change: Partial<CookieDraft>): Msg {
  const m = whyRefusedMsg(draft(change), 'chrome', NOW_S);
  if (!m) throw new Error(`Not refused: ${JSON.stringify(change)}`);
  return m;
}

function importError(text: string): Msg {
  const parsed = parseImport(text);
  if (parsed.ok) throw new Error(`Imported: ${text.slice(0, 80)}`);
  return parsed.errorMsg;
}

/** Why a browser refuses a Set-Cookie line, each rule once. */
export const SET_COOKIE_REFUSALS = (): [string, Msg][] => [
  ['no name, no value', rejected('=; Path=/')],
  ['too big', rejected(`a=${'x'.repeat(4096)}`)],
  ['control character', rejected('a=b\u0001c')],
  ['tab in Chrome', rejected('a=b\tc')],
  ['Domain with a trailing dot', rejected('a=b; Domain=news.example.')],
  ['Domain not ASCII', rejected('a=b; Domain=nëws.example')],
  ['public suffix', rejected('a=b; Domain=co.uk', 'https://www.shop.co.uk/')],
  ['another domain', rejected('a=b; Domain=other.test')],
  ['Secure from http', rejected('a=b; Secure', 'http://news.example/')],
  ['SameSite=None without Secure', rejected('a=b; SameSite=None')],
  ['nameless, posing as prefixed', rejected('__Host-x; Secure; Path=/')],
  ['__Host- with a Domain, no Secure, a deeper Path', rejected('__Host-a=b; Domain=news.example; Path=/x')],
  ['__Secure- without Secure', rejected('__Secure-a=b')],
  ['Partitioned without Secure', rejected('a=b; Partitioned')],
];

/** Why a typed or imported cookie would be refused, beyond the Set-Cookie rules. */
export const DRAFT_REFUSALS = (): [string, Msg][] => [
  ['no domain', refused({ domain: ' ' })],
  ['a leading dot', refused({ domain: '.site.example' })],
  ['not a host', refused({ domain: 'https://site.example/' })],
  ['a relative path', refused({ path: 'shop' })],
  ['"=" in the name', refused({ name: 'a=b' })],
  ['";" in the value', refused({ value: 'a;b' })],
  ['nameless with "="', refused({ name: '', value: 'a=b' })],
  ['spaces', refused({ name: ' sid' })],
  ['no date', refused({ expirationDate: Number.NaN })],
  ['expired', refused({ expirationDate: NOW_S - DAY })],
  ['a public suffix as Domain', refused({ hostOnly: false, domain: 'co.uk' })],
  ['a Set-Cookie rule', refused({ sameSite: 'no_restriction', secure: false })],
  ['the same cookie twice in a file', checkRows([1, 2].map((line) => ({ line, draft: draft(), hasValue: true })), 'chrome', NOW_S, new Set())[1].refusedMsg!],
  ['the edited cookie is gone', msg('refused_gone')],
  ['no site to partition under', msg('refused_no_partition')],
  ['the browser refused', msg('refused_by_browser', 'Failed to parse or set cookie named "sid".')],
  ['the browser did not store it', msg('refused_by_browser', msg('refused_not_stored'))],
];

/** The editor's notes, and what the browser stored differently from what was asked. */
export const EDITOR_NOTES = (): [string, Msg][] => {
  const asked = draft();
  const flipped = draft({ secure: false, httpOnly: false, hostOnly: false, partitioned: true });
  return [
    ...draftNoteMsgs(draft({ expirationDate: NOW_S + 500 * DAY, sameSite: 'no_restriction', httpOnly: false }), NOW_S).map((m): [string, Msg] => [m.key, m]),
    ['no value in the file', checkRows([{ line: 1, draft: draft({ value: '' }), hasValue: false }], 'chrome', NOW_S, new Set())[0].noteMsgs[0]],
    ...storedDifferenceMsgs(asked, { ...flipped, value: 'other', sameSite: 'strict', expirationDate: NOW_S + 13 * DAY }).map((m): [string, Msg] => [m.key, m]),
    ...storedDifferenceMsgs(flipped, asked).map((m): [string, Msg] => [m.key, m]),
    ...storedDifferenceMsgs({ ...asked, expirationDate: undefined }, asked).map((m): [string, Msg] => [m.key, m]),
    ...storedDifferenceMsgs(asked, { ...asked, expirationDate: undefined }).map((m): [string, Msg] => [m.key, m]),
  ];
};

const netscape = (line: string) => `# Netscape HTTP Cookie File\n${line}\n`;

/** Why an import file is refused whole. */
export const IMPORT_ERRORS = (): [string, Msg][] => {
  const decoded = [decodeImportFile(new Uint8Array(MAX_IMPORT_BYTES + 1)), decodeImportFile(new Uint8Array([0x41, 0])), decodeImportFile(new Uint8Array([0x5b, 0xff, 0x5d]))];
  return [
    ...decoded.map((d, i): [string, Msg] => {
      if (d.ok) throw new Error(`Decoded ${i}`);
      return [`file ${i}`, d.errorMsg];
    }),
    ['text too long', importError('x'.repeat(MAX_IMPORT_BYTES + 1))],
    ['empty', importError(' \n')],
    ['too many rows', importError(Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `example.com\tFALSE\t/\tFALSE\t0\tc${i}\tv`).join('\n'))],
    ['fields', importError(netscape('example.com\tFALSE\t/\tFALSE\t0\ta\tb\tc'))],
    ['spaces for tabs', importError(netscape('example.com FALSE / FALSE 0 a b'))],
    ['no domain', importError(netscape('.\tFALSE\t/\tFALSE\t0\ta\tb'))],
    ['subdomains flag', importError(netscape('example.com\tMAYBE\t/\tFALSE\t0\ta\tb'))],
    ['relative path', importError(netscape('example.com\tFALSE\tshop\tFALSE\t0\ta\tb'))],
    ['secure flag', importError(netscape('example.com\tFALSE\t/\tyes\t0\ta\tb'))],
    ['expiry', importError(netscape('example.com\tFALSE\t/\tFALSE\ttomorrow\ta\tb'))],
    ['only comments', importError(netscape('# nothing here'))],
    ['json: a cut-off file', importError('[')],
    ['json: not a value', importError('[x]')],
    ['json: an unclosed string', importError('["abc')],
    ['json: a line break in a string', importError('["a\nb"]')],
    ['json: a bad escape', importError('["a\\x"]')],
    ['json: too deep', importError('['.repeat(40))],
    ['json: a missing comma', importError('[1 2]')],
    ['json: an unquoted key', importError('{1: 2}')],
    ['json: a missing colon', importError('{"a" 1}')],
    ['json: more after the end', importError('[] x')],
    ['json: no cookies array', importError('{"tab": {}}')],
    ['json: no cookies', importError('[]')],
    ['json: not an object', importError('[1]')],
    ['json: no name', importError('[{"domain": "x.example"}]')],
    ['json: no domain', importError('[{"name": "sid"}]')],
    ['json: value', importError('[{"name": "a", "domain": "x.example", "value": 1}]')],
    ['json: path', importError('[{"name": "a", "domain": "x.example", "path": 1}]')],
    ['json: a flag', importError('[{"name": "a", "domain": "x.example", "secure": 1}]')],
    ['json: sameSite', importError('[{"name": "a", "domain": "x.example", "sameSite": "sometimes"}]')],
    ['json: expiry', importError('[{"name": "a", "domain": "x.example", "expirationDate": "soon"}]')],
    ['json: partition', importError('[{"name": "a", "domain": "x.example", "partitionKey": "x"}]')],
  ];
};
