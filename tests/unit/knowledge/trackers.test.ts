import { describe, expect, it } from 'vitest';
import { knownTracker, knownTrackerOf, PRIVACY_BADGER_THRESHOLD } from '../../../lib/knowledge/trackers';

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

/**
 * Real trackers on the hosts their tags contact, as their own documentation gives them, against
 * what third-party-web 0.30.0 (node_modules/third-party-web/dist/entities.json) lists. An owner
 * is the entry's company, or the entry itself when it names none: third-party-web names no
 * company for Facebook, LinkedIn Ads or Bing Ads, so their owner is the entry's name.
 */
describe('knownTrackerOf: the hosts a page contacted, then the site', () => {
  it.each([
    // LinkedIn Insight Tag: snap.licdn.com/li.lms-analytics/insight.min.js fires px.ads.linkedin.com/collect
    // (https://www.linkedin.com/help/lms/answer/a418880). third-party-web lists `*.ads.linkedin.com`
    // and not linkedin.com, so only the host names its owner.
    ['linkedin.com', ['px.ads.linkedin.com'], { source: 'both', owner: 'LinkedIn Ads', entity: 'LinkedIn Ads', category: 'ad' }],
    // Google tag: www.googletagmanager.com/gtag/js, hits to region1.google-analytics.com/g/collect
    // (https://developers.google.com/tag-platform/gtagjs/install); Google Ads remarketing hits
    // www.google.com/pagead/1p-user-list/… (listed as the exact host `www.google.com`).
    ['google.com', ['www.google.com'], { source: 'both', owner: 'Google', entity: 'Other Google APIs/SDKs' }],
    ['googletagmanager.com', ['www.googletagmanager.com'], { owner: 'Google', entity: 'Google Tag Manager', category: 'tag-manager' }],
    ['google-analytics.com', ['region1.google-analytics.com'], { owner: 'Google', entity: 'Google Analytics', category: 'analytics' }],
    // Meta Pixel: connect.facebook.net/en_US/fbevents.js, then www.facebook.com/tr?id=…&ev=PageView
    // (https://developers.facebook.com/docs/meta-pixel/get-started).
    ['facebook.net', ['connect.facebook.net'], { source: 'third-party-web', owner: 'Facebook', category: 'social' }],
    ['facebook.com', ['www.facebook.com'], { source: 'both', owner: 'Facebook', category: 'social' }],
    // TikTok Pixel: analytics.tiktok.com/i18n/pixel/events.js (https://ads.tiktok.com/help/article/get-started-pixel).
    ['tiktok.com', ['analytics.tiktok.com'], { owner: 'ByteDance Ltd', entity: 'TikTok', category: 'social' }],
    // Microsoft UET: bat.bing.com/bat.js and bat.bing.com/action/0?ti=…
    // (https://help.ads.microsoft.com/#apex/ads/en/56686/2).
    ['bing.com', ['bat.bing.com'], { owner: 'Bing Ads', entity: 'Bing Ads', category: 'ad' }],
    // Hotjar: static.hotjar.com/c/hotjar-<site id>.js (https://help.hotjar.com/hc/en-us/articles/115009336727).
    ['hotjar.com', ['static.hotjar.com'], { owner: 'Hotjar', category: 'analytics' }],
  ])('%s contacted at %j', (site, hosts, expected) => {
    expect(knownTrackerOf(site, hosts)).toMatchObject(expected);
  });

  it('names LinkedIn and Google, which looking up their sites alone leaves unnamed', () => {
    expect(knownTracker('linkedin.com')).toEqual({ source: 'badger-sett', prevalence: 330 });
    expect(knownTracker('google.com')).not.toHaveProperty('owner');
    expect(knownTrackerOf('linkedin.com', ['px.ads.linkedin.com'])?.owner).toBe('LinkedIn Ads');
    expect(knownTrackerOf('google.com', ['www.google.com'])?.owner).toBe('Google');
  });

  it('takes the most specific entry among the hosts, whatever their order', () => {
    // `adservice.google.com` is an exact host of Google/Doubleclick Ads; `*.google.com` is not listed,
    // `www.google.com` is another exact host: the longer exact host wins.
    for (const hosts of [
      ['www.google.com', 'adservice.google.com'],
      ['adservice.google.com', 'www.google.com'],
    ]) {
      expect(knownTrackerOf('google.com', hosts)).toMatchObject({ entity: 'Google/Doubleclick Ads' });
    }
    // An exact host beats a wildcard covering it: `*.doubleclick.net` against nothing more specific.
    expect(knownTrackerOf('doubleclick.net', ['googleads.g.doubleclick.net', 'stats.g.doubleclick.net'])).toMatchObject({
      entity: 'Google/Doubleclick Ads',
    });
  });

  it('falls back to the site when no host is listed, and to nothing when neither is', () => {
    expect(knownTrackerOf('hotjar.com', ['in.hotjar.com'])).toMatchObject({ owner: 'Hotjar' });
    expect(knownTrackerOf('linkedin.com', ['api.linkedin.com'])).toEqual({ source: 'badger-sett', prevalence: 330 });
    expect(knownTrackerOf('example.com', ['www.example.com', 'cdn.example.com'])).toBeNull();
    expect(knownTrackerOf('example.com', [])).toBeNull();
  });
});
