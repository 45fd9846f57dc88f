/**
 * The Storage view's state: the tab's web storage as the background read it from the frames
 * (`getStorage`, values included so that the user can reveal one: they stay in this page's
 * memory, never stored), and the deletions the user asks for.
 */
import type { ReportStorageItem, StorageReport } from '@/lib/storage/merge';
import { t, tn } from './i18n';
import { send } from './send.svelte';

export class StorageState {
  storage = $state<StorageReport | null>(null);
  error = $state<string | null>(null);
  /** What the latest deletion did, in words, for a live region. */
  done = $state('');
  loading = $state(false);
  /** The latest read wins; an older answer arriving late is dropped. */
  private generation = 0;

  constructor(readonly tabId: number) {}

  async load(): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    try {
      const storage = await send({ type: 'getStorage', tabId: this.tabId, includeValues: true });
      if (generation !== this.generation) return;
      this.storage = storage;
      this.error = null;
    } catch (error) {
      if (generation === this.generation) this.error = error instanceof Error ? error.message : String(error);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  async deleteKey(item: ReportStorageItem): Promise<void> {
    await this.run(async () => {
      const { removed } = await send({ type: 'deleteStorageKey', tabId: this.tabId, origin: item.origin, area: item.area, key: item.key, keyCut: item.keyCut === true });
      if (removed === 0) throw new Error(t('storage_key_not_deleted', item.key));
      return t('storage_key_deleted', item.key, item.area, item.origin);
    });
  }

  async deleteOrigin(origin: string): Promise<void> {
    await this.run(async () => {
      const { removed, pending } = await send({ type: 'deleteOriginStorage', tabId: this.tabId, origin });
      if (removed === 0 && pending === 0) throw new Error(t('storage_origin_not_deleted', origin));
      const waiting = pending > 0 ? ` ${tn(pending, 'storage_pending_databases')}` : '';
      return `${tn(removed, 'storage_origin_deleted', origin)}${waiting}`;
    });
  }

  /** Run a deletion, then read the storage again; a failure's message stays on screen. */
  private async run(command: () => Promise<string>): Promise<void> {
    let failure: string | null = null;
    this.done = '';
    try {
      this.done = await command();
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    await this.load();
    if (failure) this.error = failure;
  }
}
