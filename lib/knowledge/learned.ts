/**
 * Trackers learned on this browser. Each time the extension sees a third party track on a page
 * (a beacon, a shared pixel cookie, an identifier cookie), the caller records a sighting; as in
 * Privacy Badger, a third party that has tracked on PRIVACY_BADGER_THRESHOLD distinct sites is a
 * tracker "seen by you". Pure: the caller passes the time and keeps the (serialised) state.
 * Sightings are kept for a limited time and in limited number, since they are browsing history.
 */
import { siteOfHost } from '../site';
import { PRIVACY_BADGER_THRESHOLD } from './trackers';

export const LEARNED_SCHEMA_VERSION = 1;
/** Sightings older than this are forgotten. */
export const LEARNED_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** First-party sites kept per tracker (the most recently recorded); more add nothing to the verdict. */
export const MAX_SITES_PER_TRACKER = 20;
/** Trackers kept; the one recorded least recently is forgotten first. */
export const MAX_LEARNED_TRACKERS = 1000;
/**
 * A tracker seen again on a site by the same method within this time changes nothing: a page
 * full of beacons is one update, and the caller can skip saving a state returned unchanged.
 */
export const SIGHTING_REFRESH_MS = 60 * 60 * 1000;

export interface Sighting {
  /** Host or site of the third party. */
  tracker: string;
  /** Host or site of the page it tracked on. */
  firstParty: string;
  /** Epoch milliseconds. */
  at: number;
  /** How it tracked, such as `beacon`, `pixelcookieshare` or `cookie`. */
  how: string;
}

interface Visit {
  /** Last sighting on this first-party site, epoch milliseconds. */
  at: number;
  how: readonly string[];
}

/** Tracker site → first-party site → visit; both maps in the order recorded, oldest first. */
export type LearnedState = ReadonlyMap<string, ReadonlyMap<string, Visit>>;

export interface LearnedTracker {
  /** Distinct first-party sites it was seen tracking on, at most MAX_SITES_PER_TRACKER. */
  sites: number;
  /** Those sites, the most recent first. */
  firstParties: string[];
  how: string[];
}

/** Stored form: plain JSON, both lists oldest first. */
export interface StoredLearnedV1 {
  version: 1;
  trackers: [tracker: string, visits: [firstParty: string, at: number, how: string[]][]][];
}

/** The empty state: the starting point, and what "forget what was learned" leaves. */
export function clearLearned(): LearnedState {
  return new Map();
}

/** The state with `sighting` recorded; `state` itself when that changes nothing worth keeping. */
export function recordSighting(state: LearnedState, sighting: Sighting): LearnedState {
  const tracker = siteOfHost(sighting.tracker);
  const firstParty = siteOfHost(sighting.firstParty);
  if (tracker === null || firstParty === null || tracker === firstParty) return state;
  const visits = freshVisits(state.get(tracker), sighting.at);
  const previous = visits.get(firstParty);
  const knownMethod = previous !== undefined && previous.how.includes(sighting.how);
  if (knownMethod && sighting.at - previous.at < SIGHTING_REFRESH_MS) return state;
  const how = knownMethod ? previous.how : [...(previous?.how ?? []), sighting.how];
  putNewest(visits, firstParty, { at: Math.max(sighting.at, previous?.at ?? sighting.at), how }, MAX_SITES_PER_TRACKER);
  const next = new Map(state);
  putNewest(next, tracker, visits, MAX_LEARNED_TRACKERS);
  return next;
}

/** What this browser learned about a host's site, or null unless it tracked on enough sites. */
export function learnedTracker(state: LearnedState, host: string, now: number): LearnedTracker | null {
  const site = siteOfHost(host);
  const visits = [...freshVisits(site === null ? undefined : state.get(site), now)];
  if (visits.length < PRIVACY_BADGER_THRESHOLD) return null;
  return {
    sites: visits.length,
    firstParties: visits.map(([firstParty]) => firstParty).reverse(),
    how: [...new Set(visits.flatMap(([, v]) => v.how))],
  };
}

/** Every tracker learned on this browser (seen on enough sites), the most widespread first. */
export function learnedTrackers(state: LearnedState, now: number): (LearnedTracker & { tracker: string })[] {
  const learned: (LearnedTracker & { tracker: string })[] = [];
  for (const tracker of state.keys()) {
    const found = learnedTracker(state, tracker, now);
    if (found) learned.push({ tracker, ...found });
  }
  return learned.sort((a, b) => b.sites - a.sites || a.tracker.localeCompare(b.tracker));
}

/** Forget sightings past retention everywhere; recording only expires the tracker it touches. */
export function expireLearned(state: LearnedState, now: number): LearnedState {
  const next = new Map<string, ReadonlyMap<string, Visit>>();
  for (const [tracker, visits] of state) {
    const fresh = freshVisits(visits, now);
    if (fresh.size > 0) next.set(tracker, fresh);
  }
  return next;
}

export function serialiseLearned(state: LearnedState): StoredLearnedV1 {
  return {
    version: LEARNED_SCHEMA_VERSION,
    trackers: [...state].map(([tracker, visits]) => [tracker, [...visits].map(([site, v]) => [site, v.at, [...v.how]])]),
  };
}

/**
 * Read stored state back, expired and capped. Another schema version or damaged data yields an
 * empty state, and damaged entries are skipped: learned trackers are re-learned within days,
 * while a store that cannot be read would stop learning for good.
 */
export function deserialiseLearned(raw: unknown, now: number): LearnedState {
  const state = new Map<string, ReadonlyMap<string, Visit>>();
  const stored = raw as Partial<StoredLearnedV1> | null;
  if (stored?.version !== LEARNED_SCHEMA_VERSION || !Array.isArray(stored.trackers)) return state;
  for (const entry of stored.trackers as unknown[]) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) continue;
    const visits = new Map<string, Visit>();
    for (const visit of entry[1] as unknown[]) {
      if (!Array.isArray(visit)) continue;
      const [site, at, how] = visit as unknown[];
      if (typeof site !== 'string' || typeof at !== 'number' || !isFresh(at, now) || !Array.isArray(how)) continue;
      putNewest(visits, site, { at, how: how.filter((h): h is string => typeof h === 'string') }, MAX_SITES_PER_TRACKER);
    }
    if (visits.size > 0) putNewest(state, entry[0], visits, MAX_LEARNED_TRACKERS);
  }
  return state;
}

function isFresh(at: number, now: number): boolean {
  return at > now - LEARNED_RETENTION_MS;
}

/** A copy of `visits` without those past retention at `now`. */
function freshVisits(visits: ReadonlyMap<string, Visit> | undefined, now: number): Map<string, Visit> {
  const fresh = new Map<string, Visit>();
  for (const [site, visit] of visits ?? []) if (isFresh(visit.at, now)) fresh.set(site, visit);
  return fresh;
}

/** Make `key` the newest entry of `map`, then drop the oldest ones beyond `max`. */
function putNewest<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
}
