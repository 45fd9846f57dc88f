import type { Cookie } from '../../../lib/cookies/cookie';
import { utf8Length } from '../../../lib/cookies/normalise';
import { siteOfHost } from '../../../lib/site';

type CookieFields = Omit<Cookie, 'size' | 'site' | 'firstParty'>;

/**
 * A cookie builder for one test suite: `defaults` describe its baseline cookie, and `size`,
 * `site` and `firstParty` (against `pageSite`) follow from the fields unless a test gives them.
 */
export function cookieBuilder(pageSite: string, defaults: CookieFields) {
  return (overrides: Partial<Cookie> = {}): Cookie => {
    const fields = { ...defaults, ...overrides };
    const site = siteOfHost(fields.domain) ?? fields.domain;
    return { size: utf8Length(fields.name) + utf8Length(fields.value), site, firstParty: site === pageSite, ...fields };
  };
}
