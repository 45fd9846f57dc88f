import { describe, expect, it } from 'vitest';
import { cookiePurpose } from '../../../lib/knowledge/purpose';

describe('cookiePurpose', () => {
  it.each([
    // Exact names.
    ['_ga', '.example.com', 'Google Analytics', 'Analytics', '2 years'],
    ['CookieConsent', 'www.example.com', 'Cookiebot', 'Functional', '1 year'],
    // An exact entry beats a prefix entry of the same name.
    ['usprivacy', 'example.com', 'PrivacyPillar', 'Functional', '1 year'],
    // Prefixes (wildcard match): the longest one wins.
    ['_ga_ABC123XYZ', '.example.com', 'Google Analytics', 'Analytics', '2 years'],
    ['_gat_UA-1234-1', '.example.com', 'Google Analytics', 'Analytics', '1 minute'],
    ['_gat_gtag_UA_1234_1', '.example.com', 'Google Analytics', 'Analytics', '1 hour'],
    ['_pk_id.1.a1b2', 'example.com', 'Piwik', 'Analytics', '13 Months'],
    ['JSESSIONID', 'shop.example.com', 'J2EE', 'Functional', 'session'],
    // A name with a `*` placeholder is a prefix, on the vendor's site.
    ['SSPR_42', '.adkernel.com', 'Adkernel', 'Marketing', 'Session'],
    // Entries tied to a site are preferred on that site; the Domain column is normalised.
    ['u', '.creativecdn.com', 'CreativeCDN', 'Marketing', '365 days'],
    ['u', 't.tailtarget.com', 'Totvs', 'Marketing', '1 year'],
    ['c', 'fastlane.rubiconproject.com', 'Magnite', 'Marketing', '1 month'],
    ['c', '.creativecdn.com', 'CreativeCDN', 'Marketing', '364 days'],
    ['MUID', '.microsoft.com', 'Bing / Microsoft', 'Marketing', '1 year'],
    ['TCID', '.commander1.com', 'Command Act', 'Marketing', '1 year'],
    ['cap', 'ads-acme.adhese.com', 'Adhese', 'Marketing', '30 days'],
    // One vendor's entry documented under its own domain still names the cookie elsewhere...
    ['SSID', '.example.com', 'Google', 'Marketing', '2 years'],
    ['_s', 'shop.example.com', 'Shopify', 'Analytics', '2 years'],
    // ...but a prefix entry of the cookie's own site comes first.
    ['_s', 'events.newsroom.bi', 'Marfeel', 'Analytics', 'Session'],
    // Two entries for any site: the first in the database.
    ['euconsent-v2', 'example.com', 'Didomi', 'Functional', '1 year'],
    // Names are case-sensitive: these are different cookies of different vendors.
    ['SSID', '.google.com', 'Google', 'Marketing', '2 years'],
    ['ssid', '.springserve.com', 'Springserve', 'Marketing', '365 days'],
    // A stray tab after the name in the database.
    ['ce_need_secure_cookie', 'example.com', 'Crazy Egg', 'Analytics', '1 second'],
  ])('%s on %s → %s, %s, %s', (name, domain, platform, category, retention) => {
    expect(cookiePurpose(name, domain)).toMatchObject({ platform, category, retention });
  });

  it('leaves out what the database leaves blank', () => {
    expect(cookiePurpose('_hjLocalStorageTest', 'example.com')).toEqual({
      category: 'Functional',
      platform: 'Hotjar',
      controller: 'Hotjar',
      match: 'name',
    });
    expect(cookiePurpose('XSRF-TOKEN', 'example.com')).toEqual({ category: 'Security', retention: 'Session', match: 'name' });
  });

  it.each([
    ['_ga', '.example.com', 'name'],
    ['_ga_ABC123XYZ', '.example.com', 'prefix'],
    // Documented only under the vendor's own domain: likely, not certain, and said so.
    ['SSID', '.example.com', 'name-on-other-site'],
    ['SSID', '.google.com', 'name'],
  ])('says how %s on %s matched: %s', (name, domain, match) => {
    expect(cookiePurpose(name, domain)?.match).toBe(match);
  });

  it.each([
    // Unknown names are unknown: nothing is guessed from their look.
    ['my_session_token', 'example.com'],
    ['', 'example.com'],
    ['_g', 'example.com'],
    // Case differs from every entry.
    ['Ssid', '.google.com'],
    ['_GA', '.example.com'],
    // Several vendors claim the name, each on its own site, and the cookie is on neither.
    ['u', 'example.com'],
    ['c', 'example.com'],
    // A vendor's short prefix applies on its own site only.
    ['captcha_token', 'example.com'],
    ['_session', 'example.com'],
    ['tpc_consent', 'example.com'],
    ['SSPR_42', 'example.com'],
  ])('%s on %s → unknown', (name, domain) => {
    expect(cookiePurpose(name, domain)).toBeNull();
  });
});
