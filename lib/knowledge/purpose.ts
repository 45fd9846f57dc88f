/**
 * What a cookie is for, from the Open Cookie Database: its category, the platform that sets it,
 * how long it is kept and who controls the data. A name the database does not list is unknown:
 * nothing is inferred from how a name looks.
 */
import { siteOfHost } from '../site';
import { COOKIE_STRINGS, EXACT_COOKIES, PREFIX_COOKIES, type CookieRow } from './generated/cookies';

/** Free-text fields are absent where the database leaves them blank. */
export interface CookiePurpose {
  /** As the database writes it: Functional, Analytics, Marketing, Security, Personalization, Necessary. */
  category: string;
  /** The product or vendor setting the cookie. */
  platform?: string;
  /** Free text: "2 years", "session", "180 days after last activity". */
  retention?: string;
  controller?: string;
}

/**
 * How the name matched: exactly (for the cookie's site or any site), by a prefix the database
 * marks as a wildcard, or only by a name the database documents for another site — a likely
 * but unproven match, which the UI must present as such.
 */
export type PurposeMatch = 'name' | 'prefix' | 'name-on-other-site';

export type MatchedPurpose = Readonly<CookiePurpose> & { match: PurposeMatch };

interface Entry {
  purpose: Readonly<CookiePurpose>;
  /** Sites the database ties the entry to; empty when the cookie is set on any site. */
  sites: readonly string[];
}

function entriesByName(rows: readonly CookieRow[]): Map<string, Entry[]> {
  const byName = new Map<string, Entry[]>();
  for (const [name, category, platform, retention, controller, ...sites] of rows) {
    const purpose = Object.freeze({
      category: COOKIE_STRINGS[category],
      platform: COOKIE_STRINGS[platform] || undefined,
      retention: COOKIE_STRINGS[retention] || undefined,
      controller: COOKIE_STRINGS[controller] || undefined,
    });
    const entry = { purpose, sites: sites.map((s) => COOKIE_STRINGS[s]) };
    const entries = byName.get(name);
    if (entries) entries.push(entry);
    else byName.set(name, [entry]);
  }
  return byName;
}

const exactNames = entriesByName(EXACT_COOKIES);
const prefixes = entriesByName(PREFIX_COOKIES);
/** The prefix lengths that exist, longest first: a name is cut only at these (a few dozen) lengths. */
const prefixLengths = [...new Set(PREFIX_COOKIES.map(([name]) => name.length))].sort((a, b) => b - a);

/**
 * The purpose of a cookie, or null when the database does not know it.
 *
 * Names are case-sensitive, as cookie names are: the database lists `SSID` (Google) and `ssid`
 * (SpringServe) as different cookies. The database ties many entries to the site that sets them,
 * so the best match is chosen in this order:
 * 1. the exact name, tied to the cookie's site or to any site;
 * 2. the longest prefix (`_gat_gtag_` over `_gat`), tied to the cookie's site or to any site;
 * 3. the exact name tied to other sites, when all its entries name one platform: a vendor's
 *    cookie documented under the vendor's domain but set on its customers' sites (Shopify's).
 * Several vendors each claiming a name on their own site, none the cookie's, is a guess: null.
 *
 * @param cookieDomain the cookie's domain (`.example.com`) or host.
 */
export function cookiePurpose(name: string, cookieDomain: string): MatchedPurpose | null {
  const site = siteOfHost(cookieDomain);
  const exact = exactNames.get(name);
  const byName = entryForSite(exact, site);
  if (byName) return { ...byName.purpose, match: 'name' };
  const byPrefix = prefixEntry(name, site);
  if (byPrefix) return { ...byPrefix.purpose, match: 'prefix' };
  const elsewhere = soleVendorEntry(exact);
  return elsewhere ? { ...elsewhere.purpose, match: 'name-on-other-site' } : null;
}

/** An entry tied to `site`, else one for any site, the first in database order. */
function entryForSite(entries: Entry[] | undefined, site: string | null): Entry | undefined {
  return entries?.find((e) => site !== null && e.sites.includes(site)) ?? entries?.find((e) => e.sites.length === 0);
}

/** Prefixes apply to their own sites only: vendors' short ones (`cap`, `_s`, `tp`) would claim unrelated names. */
function prefixEntry(name: string, site: string | null): Entry | undefined {
  for (const length of prefixLengths) {
    if (length > name.length) continue;
    const entry = entryForSite(prefixes.get(name.slice(0, length)), site);
    if (entry) return entry;
  }
  return undefined;
}

function soleVendorEntry(entries: Entry[] | undefined): Entry | undefined {
  const platform = entries?.[0].purpose.platform;
  return entries?.every((e) => e.purpose.platform === platform) ? entries[0] : undefined;
}
