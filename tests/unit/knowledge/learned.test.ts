import { describe, expect, it } from 'vitest';
import {
  clearLearned,
  deserialiseLearned,
  expireLearned,
  LEARNED_RETENTION_MS,
  learnedTracker,
  learnedTrackers,
  MAX_LEARNED_TRACKERS,
  MAX_SITES_PER_TRACKER,
  recordSighting,
  SIGHTING_REFRESH_MS,
  serialiseLearned,
  type LearnedState,
  type Sighting,
} from '../../../lib/knowledge/learned';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1);

const SIGHTING: Sighting = { tracker: 'px.tracker.example', firstParty: 'news.example', at: T0, how: 'beacon' };

/** `state` after recording each sighting: SIGHTING with the given changes. */
function sightings(changes: Partial<Sighting>[], state = clearLearned()): LearnedState {
  return changes.reduce((s, change) => recordSighting(s, { ...SIGHTING, ...change }), state);
}

const onSites = (n: number, extra: Partial<Sighting> = {}) =>
  Array.from({ length: n }, (_, i) => ({ firstParty: `www.site${i}.example`, ...extra }));

describe('learned trackers', () => {
  it.each([
    // [first-party sites of the sightings, learned?]
    [['a.example', 'b.example'], null],
    [['a.example', 'b.example', 'c.example'], { sites: 3, firstParties: ['c.example', 'b.example', 'a.example'], how: ['beacon'] }],
    // Hosts of one site are one site.
    [['a.example', 'www.a.example', 'shop.a.example', 'b.example'], null],
    // The tracker on its own site is not tracking across sites.
    [['a.example', 'b.example', 'tracker.example'], null],
  ])('sightings on %j → %j', (sites, expected) => {
    const state = sightings(sites.map((firstParty) => ({ firstParty })));
    expect(learnedTracker(state, 'tracker.example', T0)).toEqual(expected);
  });

  it('is looked up by any host of the tracker, and lists each method once', () => {
    const state = sightings([...onSites(3), { firstParty: 'www.site0.example', how: 'pixelcookieshare' }, ...onSites(2)]);
    expect(learnedTracker(state, 'cdn.tracker.example', T0)).toMatchObject({ sites: 3, how: ['beacon', 'pixelcookieshare'] });
    expect(learnedTracker(state, 'other.example', T0)).toBeNull();
  });

  it('does not change the state it is given', () => {
    const before = sightings(onSites(2));
    const snapshot = serialiseLearned(before);
    sightings(onSites(3, { tracker: 'other.example' }), before);
    expect(serialiseLearned(before)).toEqual(snapshot);
  });

  it.each([
    // [age of the oldest sighting at lookup, learned?]
    [LEARNED_RETENTION_MS - 1, true],
    [LEARNED_RETENTION_MS, false],
  ])('forgets sightings past retention (oldest %i ms old → %s)', (age, learned) => {
    const state = sightings([{ firstParty: 'a.example', at: T0 }, { firstParty: 'b.example', at: T0 + DAY }, { firstParty: 'c.example', at: T0 + DAY }]);
    expect(learnedTracker(state, 'tracker.example', T0 + age) !== null).toBe(learned);
  });

  it('drops expired sightings of a tracker when it is recorded again, and of all on expiry', () => {
    const old = sightings(onSites(3, { at: T0 }), sightings(onSites(3, { tracker: 'other.example', at: T0 })));
    const later = T0 + LEARNED_RETENTION_MS + DAY;
    const recorded = recordSighting(old, { tracker: 'tracker.example', firstParty: 'new.example', at: later, how: 'beacon' });
    expect(serialiseLearned(recorded).trackers).toEqual([
      ['other.example', expect.any(Array)],
      ['tracker.example', [['new.example', later, ['beacon']]]],
    ]);
    expect(serialiseLearned(expireLearned(recorded, later)).trackers.map(([t]) => t)).toEqual(['tracker.example']);
  });

  it.each([
    // [later sighting, state changed?]
    [{ at: T0 + SIGHTING_REFRESH_MS - 1 }, false],
    [{ at: T0 + SIGHTING_REFRESH_MS }, true],
    [{ at: T0 + 1, how: 'cookie' }, true],
    [{ at: T0 + 1, firstParty: 'blog.example' }, true],
  ])('returns the same state for a repeat within the refresh time (%j → changed: %s)', (later, changed) => {
    const state = sightings([{}]);
    expect(sightings([later], state) !== state).toBe(changed);
  });

  it('keeps the latest time of a site seen again, even when sightings arrive out of order', () => {
    const state = sightings([{ at: T0 + DAY }, { at: T0 }]);
    expect(serialiseLearned(state).trackers[0][1]).toEqual([['news.example', T0 + DAY, ['beacon']]]);
  });

  it('keeps the most recently recorded sites of a tracker, up to the cap', () => {
    const state = sightings(onSites(MAX_SITES_PER_TRACKER + 5));
    const [[, visits]] = serialiseLearned(state).trackers;
    expect(visits).toHaveLength(MAX_SITES_PER_TRACKER);
    expect(visits[0][0]).toBe('site5.example');
    expect(learnedTracker(state, 'tracker.example', T0)?.sites).toBe(MAX_SITES_PER_TRACKER);
  });

  it('forgets the tracker recorded least recently past the cap', () => {
    let state = clearLearned();
    for (let i = 0; i <= MAX_LEARNED_TRACKERS; i++) {
      state = recordSighting(state, { tracker: `t${i}.example`, firstParty: 'news.example', at: T0, how: 'cookie' });
    }
    // t0 recorded again becomes the newest, so t1 goes.
    state = recordSighting(state, { tracker: 't0.example', firstParty: 'blog.example', at: T0, how: 'cookie' });
    expect(state.size).toBe(MAX_LEARNED_TRACKERS);
    expect(state.has('t0.example')).toBe(true);
    expect(state.has('t1.example')).toBe(false);
  });

  it('clears to empty', () => {
    expect(clearLearned().size).toBe(0);
  });
});

describe('learned trackers in storage', () => {
  const throughStorage = (state: LearnedState, now = T0) => deserialiseLearned(JSON.parse(JSON.stringify(serialiseLearned(state))), now);

  it('round-trips, order included', () => {
    const state = sightings([...onSites(3), ...onSites(2, { tracker: 'other.example', how: 'cookie' })]);
    expect(serialiseLearned(throughStorage(state))).toEqual(serialiseLearned(state));
    expect(learnedTracker(throughStorage(state), 'tracker.example', T0)).toEqual(learnedTracker(state, 'tracker.example', T0));
    expect(learnedTracker(state, 'tracker.example', T0)).toMatchObject({ sites: 3, how: ['beacon'] });
  });

  it('writes a versioned, plain-JSON shape', () => {
    expect(serialiseLearned(sightings([{}]))).toEqual({
      version: 1,
      trackers: [['tracker.example', [['news.example', T0, ['beacon']]]]],
    });
  });

  it('expires and caps what it reads', () => {
    const state = sightings([...onSites(MAX_SITES_PER_TRACKER, { at: T0 }), ...onSites(1, { tracker: 'new.example', at: T0 + 2 * DAY })]);
    const read = throughStorage(state, T0 + LEARNED_RETENTION_MS + DAY);
    expect([...read.keys()]).toEqual(['new.example']);
  });

  it.each([
    null,
    undefined,
    'garbage',
    42,
    [],
    {},
    { version: 2, trackers: [] },
    { version: '1', trackers: [] },
    { version: 1, trackers: 'x' },
    { version: 1, trackers: [null, 3, 'x', [1, []], ['t.example', 'x'], ['t.example', [null, ['a.example', 'soon', []], ['a.example', T0]]]] },
  ])('reads %j as empty', (raw) => {
    expect(deserialiseLearned(raw, T0).size).toBe(0);
  });

  it('skips damaged entries and keeps the rest', () => {
    const raw = {
      version: 1,
      trackers: [
        ['bad.example', [['a.example', 'yesterday', ['beacon']]]],
        ['t.example', [7, ['a.example', T0, ['beacon', 9, null]], ['b.example', T0, ['cookie']]]],
      ],
    };
    expect(serialiseLearned(deserialiseLearned(raw, T0))).toEqual({
      version: 1,
      trackers: [['t.example', [['a.example', T0, ['beacon']], ['b.example', T0, ['cookie']]]]],
    });
  });
});

describe('learnedTrackers', () => {
  it('lists the trackers seen on enough sites, the most widespread first', () => {
    let state = sightings(['a.example', 'b.example', 'c.example', 'd.example'].map((firstParty) => ({ firstParty })));
    for (const firstParty of ['a.example', 'b.example', 'c.example']) state = recordSighting(state, { tracker: 'other.example', firstParty, at: T0, how: 'cookie' });
    state = recordSighting(state, { tracker: 'rare.example', firstParty: 'a.example', at: T0, how: 'cookie' });
    expect(learnedTrackers(state, T0).map((t) => [t.tracker, t.sites])).toEqual([
      ['tracker.example', 4],
      ['other.example', 3],
    ]);
  });
});
