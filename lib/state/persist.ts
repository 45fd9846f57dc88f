/**
 * Tab state in `storage.session`, versioned. The MV3 worker can be stopped at any moment; on
 * restart it reads this back before handling events. Values of cookies are never part of it.
 */
import type { TabRecord, TabsState } from './tabs';
import { MAX_ORIGINS_PER_TAB } from './tabs';

export const TABS_STORAGE_KEY = 'tabs';
export const TABS_SCHEMA_VERSION = 1;

export interface StoredTabsV1 {
  version: 1;
  tabs: Record<string, { url: string; origins: string[]; droppedOrigins: number }>;
}

export function serialiseTabs(state: TabsState): StoredTabsV1 {
  const tabs: StoredTabsV1['tabs'] = {};
  for (const [id, r] of state) tabs[id] = { url: r.url, origins: [...r.origins], droppedOrigins: r.droppedOrigins };
  return { version: 1, tabs };
}

/**
 * Read stored state of any known version. Unknown or damaged data yields an empty state: losing
 * observations is better than a worker that throws on every start.
 */
export function deserialiseTabs(raw: unknown): TabsState {
  const state: TabsState = new Map();
  if (typeof raw !== 'object' || raw === null) return state;
  const stored = raw as Partial<StoredTabsV1>;
  if (stored.version !== 1 || typeof stored.tabs !== 'object' || stored.tabs === null) return state;
  for (const [key, value] of Object.entries(stored.tabs)) {
    const id = Number(key);
    if (!Number.isInteger(id) || typeof value !== 'object' || value === null) continue;
    const origins = Array.isArray(value.origins) ? value.origins.filter((o): o is string => typeof o === 'string') : [];
    const record: TabRecord = {
      url: typeof value.url === 'string' ? value.url : '',
      origins: new Set(origins.slice(0, MAX_ORIGINS_PER_TAB)),
      droppedOrigins: typeof value.droppedOrigins === 'number' ? value.droppedOrigins : 0,
    };
    state.set(id, record);
  }
  return state;
}
