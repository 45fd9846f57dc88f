/**
 * The editor's and the import's judge (lib/cookies/edit.ts): what the browser would refuse, in
 * its words, before anything reaches `cookies.set`, and the details `cookies.set` gets.
 */
import { describe, expect, it } from 'vitest';
import { draftIdentity, draftNoteMsgs, draftOf, readDraft, setDetailsOf, storedDifferenceMsgs, whyRefusedMsg, type CookieDraft } from '../../../lib/cookies/edit';
import { english } from '../../../lib/phrases';
import { DAY, NOW_S, makeCookie, makeDraft } from './helpers';

const draft = makeDraft;

// The judge's words in English, as the report and these assertions have them.
const whyRefused = (...args: Parameters<typeof whyRefusedMsg>): string | null => {
  const reason = whyRefusedMsg(...args);
  return reason && english(reason);
};
const draftNotes = (...args: Parameters<typeof draftNoteMsgs>): string[] => draftNoteMsgs(...args).map(english);
const storedDifferences = (...args: Parameters<typeof storedDifferenceMsgs>): string[] => storedDifferenceMsgs(...args).map(english);

describe('whyRefused', () => {
  it('passes a well-formed cookie in both browsers', () => {
    expect(whyRefused(draft(), 'chrome', NOW_S)).toBeNull();
    expect(whyRefused(draft(), 'firefox', NOW_S)).toBeNull();
  });

  it.each<[string, Partial<CookieDraft>, RegExp]>([
    ['SameSite=None without Secure', { sameSite: 'no_restriction', secure: false }, /SameSite=None requires Secure/],
    ['Partitioned without Secure', { partitioned: true, secure: false }, /Partitioned requires Secure/],
    ['__Host- with a Domain', { name: '__Host-csrf', hostOnly: false, domain: 'site.example' }, /__Host-.*no Domain attribute/],
    ['__Host- below /', { name: '__Host-csrf', path: '/app' }, /__Host-.*Path=\//],
    ['__Secure- without Secure', { name: '__Secure-id', secure: false }, /__Secure-.*Secure/],
    ['a public suffix as Domain', { hostOnly: false, domain: 'co.uk' }, /public suffix/],
    ['a value over 4096 bytes', { value: 'x'.repeat(4096) }, /4096 bytes/],
    ['a control character', { value: 'a\u0001b' }, /control character/],
    ['a ";" in the value', { value: 'a;b' }, /“;”/],
    ['a "=" in the name', { name: 'a=b' }, /“;” or “=”/],
    ['no name and no value', { name: '', value: '' }, /neither a name nor a value/],
    ['a relative path', { path: 'shop' }, /start with “\/”/],
    ['an empty domain', { domain: '' }, /no domain/],
    ['a leading dot', { domain: '.site.example' }, /leading dot/],
    ['an expiry in the past', { expirationDate: NOW_S - 60 }, /expired on .*delete it/],
  ])('refuses %s, with the reason', (_what, change, reason) => {
    expect(whyRefused(draft(change), 'chrome', NOW_S)).toMatch(reason);
  });

  it('follows each browser where they differ: a tab in a value', () => {
    expect(whyRefused(draft({ value: 'a\tb' }), 'chrome', NOW_S)).toMatch(/tab/);
    expect(whyRefused(draft({ value: 'a\tb' }), 'firefox', NOW_S)).toBeNull();
  });

  it('accepts a session cookie and a domain cookie of the page’s site', () => {
    expect(whyRefused(draft({ expirationDate: undefined }), 'chrome', NOW_S)).toBeNull();
    expect(whyRefused(draft({ hostOnly: false, domain: 'site.example' }), 'firefox', NOW_S)).toBeNull();
  });
});

describe('draftNotes', () => {
  it('warns of the 400-day cap and of a cross-site cookie, without blocking', () => {
    const notes = draftNotes(draft({ expirationDate: NOW_S + 500 * DAY, sameSite: 'no_restriction', httpOnly: false }), NOW_S);
    expect(notes.join(' ')).toMatch(/400 days/);
    expect(notes.join(' ')).toMatch(/SameSite=None and not partitioned/);
    expect(notes.join(' ')).toMatch(/HttpOnly/);
    expect(draftNotes(draft(), NOW_S)).toEqual([]);
  });
});

describe('setDetailsOf', () => {
  it('sets a host-only cookie without domain, in the tab’s store', () => {
    expect(setDetailsOf(draft(), { storeId: 'firefox-container-1', partitionKey: null })).toEqual({
      url: 'https://www.site.example/',
      name: 'sessionid',
      value: 'q8f2k1l0vx',
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'lax',
      expirationDate: NOW_S + 14 * DAY,
      storeId: 'firefox-container-1',
    });
  });

  it('names the domain of a domain cookie, the partition of a partitioned one, and http for a non-Secure one', () => {
    const details = setDetailsOf(draft({ hostOnly: false, domain: 'site.example', partitioned: true, secure: false, expirationDate: undefined, path: '/shop' }), {
      storeId: '0',
      partitionKey: { topLevelSite: 'https://site.example' },
      firstPartyDomain: '',
    });
    expect(details).toMatchObject({ url: 'http://site.example/shop', domain: 'site.example', partitionKey: { topLevelSite: 'https://site.example' }, firstPartyDomain: '' });
    expect('expirationDate' in details).toBe(false);
  });

  it('leaves the partition out when the draft is not partitioned', () => {
    expect('partitionKey' in setDetailsOf(draft(), { storeId: '0', partitionKey: { topLevelSite: 'https://site.example' } })).toBe(false);
  });
});

describe('drafts from cookies and messages', () => {
  it('starts the editor from the cookie, value and partition included', () => {
    const c = makeCookie({ name: '_ga', value: 'GA1.1.1234567890.1700000000', partitionKey: { topLevelSite: 'https://site.example' } });
    expect(draftOf(c)).toMatchObject({ name: '_ga', value: 'GA1.1.1234567890.1700000000', partitioned: true, expirationDate: c.expirationDate });
    const { value: _v, ...withoutValue } = c;
    expect(draftOf(withoutValue).value).toBe('');
  });

  it('reads a draft from a message only when every field has its type', () => {
    expect(readDraft(draft())).toEqual(draft());
    expect(readDraft({ ...draft(), sameSite: 'none' })).toBeNull();
    expect(readDraft({ ...draft(), secure: 'true' })).toBeNull();
    expect(readDraft({ ...draft(), expirationDate: Number.NaN })).toBeNull();
    const { value: _v, ...noValue } = draft();
    expect(readDraft(noValue)).toBeNull();
  });

  it('tells what the browser stored differently', () => {
    const asked = draft({ expirationDate: NOW_S + 500 * DAY });
    const stored = { ...asked, expirationDate: NOW_S + 400 * DAY };
    expect(storedDifferences(asked, stored)).toEqual([expect.stringMatching(/^Stored to expire/)]);
    expect(storedDifferences(asked, asked)).toEqual([]);
    expect(storedDifferences(draft(), draft({ sameSite: 'unspecified', secure: false }))).toEqual(['Stored with secure off.', 'Stored with SameSite unspecified.']);
  });

  it('gives host-only and domain cookies of one name different identities', () => {
    expect(draftIdentity(draft())).not.toBe(draftIdentity(draft({ hostOnly: false })));
    expect(draftIdentity(draft())).toBe(draftIdentity(draft({ value: 'other' })));
  });
});
