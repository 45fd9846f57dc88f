import { describe, expect, it } from 'vitest';
import { deserialiseTabs, serialiseTabs, TABS_SCHEMA_VERSION } from '../../../lib/state/persist';
import { applyTabEvent, createTabsState, MAX_ORIGINS_PER_TAB, type TabsState } from '../../../lib/state/tabs';

/** What `storage.session` hands back: a JSON copy. */
const throughStorage = (state: TabsState) => deserialiseTabs(JSON.parse(JSON.stringify(serialiseTabs(state))));

describe('tab state persistence', () => {
  it('round-trips every tab through storage', () => {
    const state = createTabsState();
    applyTabEvent(state, { type: 'navigate', tabId: 1, url: 'https://www.site.example/' });
    applyTabEvent(state, { type: 'request', tabId: 1, url: 'https://cdn.example/a.js' });
    applyTabEvent(state, { type: 'request', tabId: 7, url: 'https://ads.example/px' });
    state.get(7)!.droppedOrigins = 3;
    expect(throughStorage(state)).toEqual(state);
  });

  it('writes a versioned, plain-JSON shape', () => {
    const state = createTabsState();
    applyTabEvent(state, { type: 'navigate', tabId: 1, url: 'https://www.site.example/' });
    expect(TABS_SCHEMA_VERSION).toBe(1);
    expect(serialiseTabs(state)).toEqual({
      version: 1,
      tabs: { 1: { url: 'https://www.site.example/', origins: ['https://www.site.example'], droppedOrigins: 0 } },
    });
  });

  it('round-trips an empty state', () => {
    expect(throughStorage(createTabsState()).size).toBe(0);
  });

  it.each([
    ['nothing stored', undefined],
    ['null', null],
    ['a string', '{"version":1,"tabs":{}}'],
    ['a number', 1],
    ['an array', [1, 2]],
    ['no version', { tabs: { 1: { url: 'https://a.example/', origins: [], droppedOrigins: 0 } } }],
    ['an older version', { version: 0, tabs: { 1: { url: 'https://a.example/', origins: [], droppedOrigins: 0 } } }],
    ['a newer version', { version: 2, tabs: { 1: { url: 'https://a.example/', origins: [], droppedOrigins: 0 } } }],
    ['a version as a string', { version: '1', tabs: { 1: { url: 'https://a.example/', origins: [], droppedOrigins: 0 } } }],
    ['no tabs', { version: 1 }],
    ['null tabs', { version: 1, tabs: null }],
    ['string tabs', { version: 1, tabs: 'x' }],
    ['tab ids that are not integers', { version: 1, tabs: { abc: { url: 'https://a.example/', origins: [] }, '1.5': { url: '', origins: [] } } }],
    ['records that are not objects', { version: 1, tabs: { 1: null, 2: 'https://a.example/', 3: 5 } }],
  ])('reads %s as an empty state', (_what, raw) => {
    expect(() => deserialiseTabs(raw)).not.toThrow();
    expect(deserialiseTabs(raw).size).toBe(0);
  });

  it('repairs fields of the wrong type instead of dropping the tab', () => {
    const state = deserialiseTabs({
      version: 1,
      tabs: {
        1: { url: 42, origins: 'https://a.example', droppedOrigins: '3' },
        2: {},
        3: { url: 'https://b.example/', origins: ['https://b.example', 7, null, { o: 1 }, 'https://cdn.example'], droppedOrigins: 2 },
      },
    });
    expect(state.get(1)).toEqual({ url: '', origins: new Set(), droppedOrigins: 0 });
    expect(state.get(2)).toEqual({ url: '', origins: new Set(), droppedOrigins: 0 });
    expect(state.get(3)).toEqual({ url: 'https://b.example/', origins: new Set(['https://b.example', 'https://cdn.example']), droppedOrigins: 2 });
  });

  it(`keeps at most ${MAX_ORIGINS_PER_TAB} origins from a damaged record`, () => {
    const origins = Array.from({ length: MAX_ORIGINS_PER_TAB + 50 }, (_, i) => `https://t${i}.example`);
    const state = deserialiseTabs({ version: 1, tabs: { 1: { url: 'https://a.example/', origins, droppedOrigins: 0 } } });
    expect(state.get(1)?.origins.size).toBe(MAX_ORIGINS_PER_TAB);
  });

  it('gives back a state the reducer can keep using', () => {
    const state = deserialiseTabs({ version: 1, tabs: { 4: { url: 'https://a.example/', origins: ['https://a.example'], droppedOrigins: 0 } } });
    expect(applyTabEvent(state, { type: 'request', tabId: 4, url: 'https://a.example/x' })).toBe(false);
    expect(applyTabEvent(state, { type: 'request', tabId: 4, url: 'https://cdn.example/x' })).toBe(true);
    expect([...state.get(4)!.origins]).toEqual(['https://a.example', 'https://cdn.example']);
  });
});
