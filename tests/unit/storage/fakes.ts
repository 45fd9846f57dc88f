/**
 * A frame's storage as lib/storage/frame.ts sees it, held in memory: web storage areas with the
 * DOM Storage interface's behaviour (keys in insertion order, `getItem` null for a missing key,
 * `removeItem` and `clear`), and an IndexedDB whose databases a page may hold open.
 */
import type { DatabaseDeletion, DatabasesLike, FrameAccess, StorageLike } from '../../../lib/storage/frame';
import type { StorageArea } from '../../../lib/storage/protocol';

export class MemoryStorage implements StorageLike {
  readonly entries: Map<string, string>;
  reads = 0;

  constructor(entries: Record<string, string> | Map<string, string> = {}) {
    this.entries = entries instanceof Map ? entries : new Map(Object.entries(entries));
  }

  get length(): number {
    return this.entries.size;
  }

  /** The keys in order, listed once per change (a store of 100,000 keys is walked key by key). */
  private keys: string[] | null = null;

  key(index: number): string | null {
    this.keys ??= [...this.entries.keys()];
    return this.keys[index] ?? null;
  }

  getItem(key: string): string | null {
    this.reads++;
    return this.entries.get(key) ?? null;
  }

  removeItem(key: string): void {
    this.entries.delete(key);
    this.keys = null;
  }

  clear(): void {
    this.entries.clear();
    this.keys = null;
  }
}

export class MemoryDatabases implements DatabasesLike {
  /** Databases a page keeps a connection to: their deletion waits. */
  constructor(
    public names: string[],
    private readonly open: string[] = [],
  ) {}

  async list(): Promise<unknown> {
    return this.names.map((name) => ({ name, version: 1 }));
  }

  async delete(name: string): Promise<DatabaseDeletion> {
    if (this.open.includes(name)) return 'pending';
    this.names = this.names.filter((n) => n !== name);
    return 'deleted';
  }
}

export function frame(fields: {
  origin?: string;
  url?: string;
  local?: StorageLike | null;
  session?: StorageLike | null;
  databases?: DatabasesLike | null;
}): FrameAccess & { touched: StorageArea[] } {
  const touched: StorageArea[] = [];
  return {
    origin: fields.origin ?? 'https://recipes.test',
    url: fields.url ?? 'https://recipes.test/',
    touched,
    area(area) {
      touched.push(area);
      const storage = fields[area];
      // As the DOM does for a frame that may not use storage.
      if (!storage) throw new DOMException('The document is sandboxed and lacks the allow-same-origin flag.', 'SecurityError');
      return storage;
    },
    databases() {
      if (fields.databases === undefined) throw new DOMException('Access to the IndexedDB API is denied in this context.', 'SecurityError');
      return fields.databases;
    },
  };
}
