import { describe, expect, it } from 'vitest';
import { knownTracker, PRIVACY_BADGER_THRESHOLD } from '../../../lib/knowledge/trackers';

const GOOGLE_ADS = {
  owner: 'Google',
  entity: 'Google/Doubleclick Ads',
  category: 'ad',
  homepage: 'https://marketingplatform.google.com/about/enterprise/',
};

describe('knownTracker', () => {
  it("uses Privacy Badger's blocking threshold", () => {
    expect(PRIVACY_BADGER_THRESHOLD).toBe(3);
  });

  it.each([
    // Both data sets; Badger Sett by the host's site, third-party-web by a `*.doubleclick.net` wildcard.
    ['doubleclick.net', { source: 'both', prevalence: 2182, how: ['beacon'], ...GOOGLE_ADS }],
    ['googleads.g.doubleclick.net', { source: 'both', prevalence: 2182, how: ['beacon'], ...GOOGLE_ADS }],
    // Methods, the most widespread first.
    ['adservice.google.com', { source: 'both', prevalence: 2386, how: ['beacon', 'pixelcookieshare'], ...GOOGLE_ADS }],
    // An exact third-party-web host does not cover its subdomains.
    ['x.adservice.google.com', { source: 'badger-sett', prevalence: 2386, how: ['beacon', 'pixelcookieshare'] }],
    // Host names are normalised like cookie domains.
    ['.WWW.GoogleTagManager.com.', { source: 'both', owner: 'Google', entity: 'Google Tag Manager', category: 'tag-manager' }],
    // Badger Sett only; no method recorded for a tracker seen on one site.
    ['04xmhp.ru', { source: 'badger-sett', prevalence: 1 }],
    ['118.89.204.198', { source: 'badger-sett', prevalence: 1 }],
    // A private-suffix site (each cloudfront.net subdomain is its own site).
    ['d1hyarjnwqrenh.cloudfront.net', { source: 'badger-sett', prevalence: 11, how: ['beacon'] }],
    // third-party-web only: no company named means the entity is its own owner.
    ['static.hotjar.com', { source: 'third-party-web', owner: 'Hotjar', entity: 'Hotjar', category: 'analytics', homepage: 'https://www.hotjar.com/' }],
    ['connect.facebook.net', { source: 'third-party-web', owner: 'Facebook', category: 'social' }],
    // A wildcard over a public suffix covers every site below it.
    ['alice.github.io', { source: 'third-party-web', owner: 'GitHub', category: 'utility' }],
    // Upper-case domains in third-party-web (`*.Quinstreet.com`, `www.sc.pagesA.net`).
    ['www.quinstreet.com', { source: 'third-party-web', owner: 'QuinStreet', category: 'ad' }],
    ['www.sc.pagesa.net', { source: 'third-party-web', owner: 'IBM', category: 'analytics' }],
  ])('%s', (host, expected) => {
    expect(knownTracker(host)).toMatchObject(expected);
  });

  it.each([
    'example.com',
    'www.example.com',
    // `cloudfront.net` is listed as an exact host, not a wildcard.
    'd123example.cloudfront.net',
    'sc.pagesa.net',
    'localhost',
    '',
  ])('%s → unknown', (host) => {
    expect(knownTracker(host)).toBeNull();
  });

  it('leaves out fields a data set does not give', () => {
    expect(knownTracker('04xmhp.ru')).toEqual({ source: 'badger-sett', prevalence: 1 });
    expect(knownTracker('www.quinstreet.com')).toEqual({ source: 'third-party-web', owner: 'QuinStreet', entity: 'QuinStreet', category: 'ad' });
  });
});
