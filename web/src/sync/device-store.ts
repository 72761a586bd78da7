/**
 * The room kept on this device: its content through y-indexeddb (every update is written to
 * IndexedDB as it happens, so a stroke drawn offline survives a reload or a closed tab), and,
 * in the same database, what the relay is known to hold (server-knowledge.ts), so the count of
 * unsaved changes is still right after a reload without a network.
 *
 * One IndexedDB database per room, named `whiteboard-room:<room>`: the document's updates in
 * y-indexeddb's `updates` store, the knowledge under the key `server-knowledge` in its `custom`
 * store.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

const KNOWLEDGE_KEY = 'server-knowledge';

/**
 * How long the board waits for the device's copy before connecting anyway. Loading is usually a
 * few milliseconds; connecting first is still correct (Yjs merges in any order), only wasteful.
 */
export const DEVICE_LOAD_TIMEOUT_MS = 3000;

export type DeviceLoad = 'loaded' | 'unavailable' | 'timed-out';

export class DeviceStore {
  readonly #persistence: IndexeddbPersistence | null;
  readonly #loaded: Promise<DeviceLoad>;
  #warned = false;

  constructor(room: string, doc: Y.Doc, timeoutMs: number = DEVICE_LOAD_TIMEOUT_MS) {
    if (typeof indexedDB === 'undefined') {
      this.#persistence = null;
      this.#loaded = Promise.resolve('unavailable');
      return;
    }
    const persistence = new IndexeddbPersistence(`whiteboard-room:${room}`, doc);
    this.#persistence = persistence;
    this.#loaded = new Promise<DeviceLoad>((resolve) => {
      const timer = setTimeout(() => resolve('timed-out'), timeoutMs);
      void persistence.whenSynced.then(() => {
        clearTimeout(timer);
        resolve('loaded');
      });
      // Private modes and full disks refuse to open a database: go on without one.
      persistence._db.catch((error: unknown) => {
        clearTimeout(timer);
        this.#warn('Cannot keep this board on the device', error);
        resolve('unavailable');
      });
    });
  }

  /** The origin of the updates the device's copy applies to the document. */
  get origin(): unknown {
    return this.#persistence;
  }

  /** Resolves once the device's copy is in the document, or it is clear it will not be. */
  get loaded(): Promise<DeviceLoad> {
    return this.#loaded;
  }

  async loadKnowledge(): Promise<Uint8Array | null> {
    if (!this.#persistence) return null;
    try {
      const value: unknown = await this.#persistence.get(KNOWLEDGE_KEY);
      return value instanceof ArrayBuffer ? new Uint8Array(value) : null;
    } catch (error) {
      this.#warn('Cannot read what the server held from the device', error);
      return null;
    }
  }

  async saveKnowledge(bytes: Uint8Array): Promise<void> {
    if (!this.#persistence) return;
    const copy = bytes.slice().buffer;
    try {
      await this.#persistence.set(KNOWLEDGE_KEY, copy);
    } catch (error) {
      this.#warn('Cannot write what the server holds to the device', error);
    }
  }

  #warn(message: string, error: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    console.warn(message, error);
  }
}
