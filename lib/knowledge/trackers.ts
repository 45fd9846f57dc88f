/**
 * What public data says about a third-party host: Privacy Badger's crawl of popular sites
 * (Badger Sett: on how many it was seen tracking, and how) and third-party-web (the company
 * behind the domain and what kind of service it is).
 */
import { normaliseHost, siteOfHost } from '../site';
import { BADGER_SETT, TRACKING_METHODS } from './generated/trackers';
import { ENTITIES, ENTITY_CATEGORIES, ENTITY_DOMAINS } from './generated/entities';

/** Privacy Badger blocks a domain once it has seen it tracking on this many distinct sites. */
export const PRIVACY_BADGER_THRESHOLD = 3;

export interface KnownTracker {
  source: 'badger-sett' | 'third-party-web' | 'both';
  /** Number of the crawled popular sites it was seen tracking on (Badger Sett). */
  prevalence?: number;
  /** Tracking methods seen (`beacon`, `pixelcookieshare`, `canvas`), the most widespread first. */
  how?: string[];
  /** The company behind it (third-party-web); the entity itself when no company is named. */
  owner?: string;
  /** third-party-web's name for the service, such as `Google/Doubleclick Ads`. */
  entity?: string;
  /** third-party-web category id: ad, analytics, social, tag-manager, consent-provider, cdn, hosting, … */
  category?: string;
  homepage?: string;
}

/**
 * Public knowledge about a host (or a site, or a cookie domain), or null when neither data set
 * lists it. Badger Sett is keyed by base domain, so the host's site is looked up. third-party-web
 * lists exact hosts and `*.domain` wildcards, which cover the domain and all its subdomains.
 */
export function knownTracker(host: string): KnownTracker | null {
  const h = normaliseHost(host);
  return describe(siteOfHost(h), entityMatchOf(h)?.index);
}

/**
 * Public knowledge about a third party the page contacted: its site in Badger Sett, and in
 * third-party-web the most specific entry covering one of the hosts contacted, else the site.
 * third-party-web often lists hosts, not sites (`*.ads.linkedin.com`, `www.google.com`): looking
 * up only `linkedin.com` would name nobody.
 */
export function knownTrackerOf(site: string, hosts: Iterable<string>): KnownTracker | null {
  let best: EntityMatch | undefined;
  for (const host of hosts) {
    const match = entityMatchOf(normaliseHost(host));
    if (match !== undefined && (best === undefined || match.specificity > best.specificity)) best = match;
  }
  const s = normaliseHost(site);
  return describe(siteOfHost(s), (best ?? entityMatchOf(s))?.index);
}

function describe(site: string | null, entityIndex: number | undefined): KnownTracker | null {
  const crawl = site === null ? undefined : BADGER_SETT.get(site);
  if (crawl === undefined && entityIndex === undefined) return null;

  const known: KnownTracker = {
    source: crawl === undefined ? 'third-party-web' : entityIndex === undefined ? 'badger-sett' : 'both',
  };
  if (crawl !== undefined) {
    const [sites, ...perMethod] = crawl;
    known.prevalence = sites;
    const seen = TRACKING_METHODS.map((method, i) => ({ method, sites: perMethod[i] ?? 0 })).filter((m) => m.sites > 0);
    if (seen.length > 0) known.how = seen.sort((a, b) => b.sites - a.sites).map((m) => m.method);
  }
  if (entityIndex !== undefined) {
    const [name, category, company, homepage] = ENTITIES[entityIndex];
    known.owner = company || name;
    known.entity = name;
    known.category = ENTITY_CATEGORIES[category];
    if (homepage) known.homepage = homepage;
  }
  return known;
}

interface EntityMatch {
  index: number;
  /** How much of the host the entry names: an exact host beats any wildcard, a longer wildcard a shorter one. */
  specificity: number;
}

/** The exact host, then `*.` wildcards from the host itself up to its top-level domain. */
function entityMatchOf(host: string): EntityMatch | undefined {
  if (!host) return undefined;
  const exact = ENTITY_DOMAINS.get(host);
  if (exact !== undefined) return { index: exact, specificity: host.length + 1 };
  for (let domain = host; ; ) {
    const wildcard = ENTITY_DOMAINS.get(`*.${domain}`);
    if (wildcard !== undefined) return { index: wildcard, specificity: domain.length };
    const dot = domain.indexOf('.');
    if (dot === -1) return undefined;
    domain = domain.slice(dot + 1);
  }
}
