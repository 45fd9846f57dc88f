import { describe, expect, it } from 'vitest';
import { fnv1a, identifierHashes, indexIdentifiers, sharedIdentifiers, type IdentifierCookie } from '../../../lib/knowledge/sync';

const PAGE = 'shop.example';
/**
 * The page's own identifier; its base64 has `+` and `=` padding, its base64url a `-` (from the
 * `~`, which also splits the value: the part before it is an identifier on its own).
 */
const OWN_ID = 'u7Kp2Qz9Xw4Lm3Vn8~RAbc';
/** A third party's identifier, on the page through its iframe or pixel. */
const AD_ID = 'f3a9c1e07b2d4e5f8a6b';

const COOKIES: IdentifierCookie[] = [
  { name: 'uid', value: OWN_ID, domain: '.shop.example' },
  { name: '_ga', value: 'GA1.2.1837461925.1712345678', domain: '.shop.example' },
  { name: 'id', value: AD_ID, domain: '.adnet.example' },
  // Not identifiers: too short, too uniform, a plain number, a date, prose.
  { name: 'lang', value: 'en-GB', domain: '.shop.example' },
  { name: 'flags', value: 'aaaaaaaaaaaaaaaaaaaa', domain: '.shop.example' },
  { name: 'visits', value: '1234567890123', domain: '.shop.example' },
  { name: 'seen', value: '2026-01-01T00:00:00Z', domain: '.shop.example' },
  { name: 'note', value: 'thanks for shopping with us', domain: '.shop.example' },
];

const index = indexIdentifiers(PAGE, COOKIES);
const base64 = (s: string) => Buffer.from(s).toString('base64');
const base64url = (s: string) => Buffer.from(s).toString('base64url');
const sharing = (cookie: string, param: string, to = 'tracker.example') => ({ kind: 'pixel-cookie-sharing', from: PAGE, to, cookie, param });
const syncing = (to: string, param: string) => ({ kind: 'cookie-syncing', from: 'adnet.example', to, cookie: 'id', param });

describe('sharedIdentifiers', () => {
  it.each([
    // Pixel cookie sharing: the page's identifier in a request to a third party.
    ['raw', `https://px.tracker.example/p.gif?u=${OWN_ID}`, [sharing('uid', 'u')]],
    ['URL-encoded', `https://px.tracker.example/p.gif?u=${encodeURIComponent(OWN_ID)}`, [sharing('uid', 'u')]],
    ['URL-encoded twice', `https://px.tracker.example/p.gif?u=${encodeURIComponent(encodeURIComponent(OWN_ID))}`, [sharing('uid', 'u')]],
    ['base64', `https://px.tracker.example/p.gif?b=${base64(OWN_ID)}`, [sharing('uid', 'b')]],
    ['base64 URL-encoded', `https://px.tracker.example/p.gif?b=${encodeURIComponent(base64(OWN_ID))}`, [sharing('uid', 'b')]],
    // `base64` above sends its `+` unescaped, which reaches the server as a space (URLSearchParams
    // reads it so), as `%20` does.
    ['base64, its + sent as %20', `https://px.tracker.example/p.gif?b=${base64(OWN_ID).replace('+', '%20')}`, [sharing('uid', 'b')]],
    ['base64 unpadded', `https://px.tracker.example/p.gif?b=${base64(OWN_ID).replace(/=+$/, '')}`, [sharing('uid', 'b')]],
    ['base64url', `https://px.tracker.example/p.gif?b=${base64url(OWN_ID)}`, [sharing('uid', 'b')]],
    ['base64url padded', `https://px.tracker.example/p.gif?b=${base64(OWN_ID).replace('+', '-')}`, [sharing('uid', 'b')]],
    ['in the path', `https://px.tracker.example/collect/${encodeURIComponent(OWN_ID)}/p.gif`, [sharing('uid', 'path')]],
    ['an encoded parameter name', `https://px.tracker.example/p?user%20id=${encodeURIComponent(OWN_ID)}`, [sharing('uid', 'user id')]],
    // Versioned cookies send their tail: the Google Analytics client id.
    ['a cookie tail', 'https://region1.analytics.example/g/collect?v=2&cid=1837461925.1712345678', [sharing('_ga', 'cid', 'analytics.example')]],
    // Cookie syncing: a third party's identifier sent to another one.
    ['syncing', `https://match.other.example/sync?partner_uid=${AD_ID}`, [syncing('other.example', 'partner_uid')]],
    ['syncing, base64', `https://match.other.example/sync?p=${base64(AD_ID)}`, [syncing('other.example', 'p')]],
    // A redirect target nested in the query is received by the host receiving the query.
    [
      'syncing, nested redirect target',
      `https://match.other.example/r?to=${encodeURIComponent(`https://third.example/s?uid=${AD_ID}`)}`,
      [syncing('other.example', 'uid')],
    ],
    // One finding per cookie and parameter.
    ['repeated', `https://px.tracker.example/p?u=${OWN_ID}&u=${encodeURIComponent(OWN_ID)}&v=${AD_ID}`, [sharing('uid', 'u'), syncing('tracker.example', 'v')]],
  ])('%s', (_, url, expected) => {
    expect(sharedIdentifiers(index, url)).toEqual(expected);
  });

  it.each([
    // Each party's own identifier going back to it.
    ['first party to itself', `https://www.shop.example/api?u=${OWN_ID}`],
    ['third party to itself', `https://sync.adnet.example/p?id=${AD_ID}`],
    // A third party's identifier sent to the page's site is not syncing between third parties.
    ['third party to the page', `https://www.shop.example/p?id=${AD_ID}`],
    // Values that are not identifiers, though they are cookie values.
    ['short', 'https://px.tracker.example/p?l=en-GB'],
    ['low entropy', 'https://px.tracker.example/p?f=aaaaaaaaaaaaaaaaaaaa'],
    ['a number', 'https://px.tracker.example/p?n=1234567890123'],
    ['a date', 'https://px.tracker.example/p?t=2026-01-01T00:00:00Z'],
    ['prose', `https://px.tracker.example/p?m=${encodeURIComponent('thanks for shopping with us')}`],
    // Only whole values count.
    ['a longer value', `https://px.tracker.example/p?u=${OWN_ID}x`],
    ['a cut value', `https://px.tracker.example/p?u=${OWN_ID.slice(0, -1)}`],
    // The fragment is never sent.
    ['the fragment', `https://px.tracker.example/p#u=${OWN_ID}`],
    ['no URL', OWN_ID],
    ['a malformed escape', `https://px.tracker.example/p?u=%E0%A4%A${OWN_ID}`],
  ])('%s → nothing', (_, url) => {
    expect(sharedIdentifiers(index, url)).toEqual([]);
  });

  it('finds nothing with no identifier cookies', () => {
    const empty = indexIdentifiers(PAGE, [{ name: 'lang', value: 'en-GB', domain: 'shop.example' }]);
    expect(empty.owners.size).toBe(0);
    expect(sharedIdentifiers(empty, `https://px.tracker.example/p?u=${OWN_ID}`)).toEqual([]);
  });

  it('keeps no cookie value in the index', () => {
    const kept = JSON.stringify({ ...index, owners: [...index.owners] });
    for (const { value } of COOKIES) {
      expect(kept).not.toContain(value);
      expect(kept).not.toContain(base64(value).slice(0, 16));
    }
  });
});

describe('identifierHashes', () => {
  const hashesOf = (forms: string[]) => forms.map((form) => fnv1a(form));
  const unpad = (s: string) => s.replace(/=+$/, '');

  it.each([
    ['hex', 'f3a9c1e07b2d4e5f8a6b7c6d5e4f3a2b'],
    ['base64 with + and / when encoded', OWN_ID],
    ['a Google client id', '1373326669.1697116895'],
    ['non-ASCII', 'ünïcødé-9f8e7d6c5b4a39281706'],
    ['stored URL-encoded', 's%3AaBcD3fGh1jKlMn0pQrStUv.WxYz'],
    ['with a +', 'aB3+dE6/gH9+jK2mN5pQ8x'],
  ])('hashes %s in every encoding a URL may carry it in', (_, value) => {
    const base64 = Buffer.from(value).toString('base64');
    const base64url = Buffer.from(value).toString('base64url');
    const expected = [value, encodeURIComponent(value), decodeURIComponent(value), base64, unpad(base64), base64url, `${base64url}${'='.repeat((4 - (base64url.length % 4)) % 4)}`];
    for (const form of [...expected]) if (form.includes('+')) expected.push(form.replaceAll('+', ' '));
    const hashes = identifierHashes(value);
    expect(hashes).toEqual(expect.arrayContaining(hashesOf(expected)));
    // Nothing else, and each once.
    expect(hashes).toHaveLength(new Set(hashesOf(expected)).size);
  });

  it('has none for a value that holds no identifier, and survives a lone surrogate', () => {
    expect(identifierHashes('en-GB')).toEqual([]);
    expect(identifierHashes('CheckForPermission')).toEqual([]);
    expect(() => identifierHashes('\uD800f3a9c1e07b2d4e5f8a6b7c6d5e4f')).not.toThrow();
  });

  it('hashes a versioned cookie by its tail too', () => {
    expect(identifierHashes('GA1.1.1373326669.1697116895')).toEqual(expect.arrayContaining([fnv1a('1373326669.1697116895')]));
  });
});
