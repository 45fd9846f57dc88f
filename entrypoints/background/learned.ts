/**
 * Trackers learned on this browser (lib/knowledge/learned.ts), kept in `storage.local` so they
 * outlive the session, within the retention and caps the core applies. Only sites and methods
 * are stored, never what a tracker sent. Private windows feed it nothing (MonitorStore only
 * reports sightings of tabs known not to be private).
 */
import { browser } from 'wxt/browser';
import { clearLearned, deserialiseLearned, expireLearned, recordSighting, serialiseLearned, type LearnedState, type Sighting } from '@/lib/knowledge/learned';

const STORAGE_KEY = 'learnedTrackers';
/** Sightings come in bursts while pages load: one write for a burst. */
const SAVE_DELAY_MS = 1000;

export class LearnedStore {
  private state: LearnedState = clearLearned();
  /** Sightings made before the stored state is back; applied on top of it. */
  private queued: Sighting[] | null = [];
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  readonly ready: Promise<void>;

  constructor() {
    this.ready = browser.storage.local
      .get(STORAGE_KEY)
      .then((stored) => {
        this.state = deserialiseLearned(stored[STORAGE_KEY], Date.now());
      })
      .catch((error: unknown) => console.warn('Cookie Audit: could not read learned trackers', error))
      .finally(() => {
        const queued = this.queued ?? [];
        this.queued = null;
        this.record(queued);
      });
  }

  async current(): Promise<LearnedState> {
    await this.ready;
    return this.state;
  }

  /** Record what tracking third parties did. */
  record(sightings: readonly Sighting[]): void {
    if (this.queued) {
      this.queued.push(...sightings);
      return;
    }
    let state = this.state;
    for (const sighting of sightings) state = recordSighting(state, sighting);
    if (state === this.state) return;
    this.state = state;
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
  }

  async clear(): Promise<void> {
    await this.ready;
    this.state = clearLearned();
    await this.save();
  }

  private save(): Promise<void> {
    // "30 days at most" holds on disk too: sightings no page renewed are not written back.
    this.state = expireLearned(this.state, Date.now());
    return browser.storage.local
      .set({ [STORAGE_KEY]: serialiseLearned(this.state) })
      .catch((error: unknown) => console.warn('Cookie Audit: could not save learned trackers', error));
  }
}
