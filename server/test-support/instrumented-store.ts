import {
  StoreUnavailableError,
  type DocStore,
  type LogPosition,
  type StoreHealth,
  type StoredRoom,
} from '../storage/doc-store.ts';

/**
 * Wraps a real store to count calls, delay them, or make chosen calls fail, so tests can put
 * the relay into the states storage puts it in (slow disk, full disk) deterministically.
 */
export class InstrumentedStore implements DocStore {
  readonly calls = { load: 0, exists: 0, append: 0, compact: 0 };
  loadDelayMs = 0;
  appendDelayMs = 0;
  failLoads = 0;
  failAppends = 0;
  /** While set, the store reports this health and refuses every call, as a store that recovers. */
  unavailable: Exclude<StoreHealth, 'open'> | null = null;
  readonly #inner: DocStore;

  constructor(inner: DocStore) {
    this.#inner = inner;
  }

  get health(): StoreHealth {
    return this.unavailable ?? this.#inner.health;
  }

  #refuseWhileUnavailable(): void {
    if (this.unavailable) throw new StoreUnavailableError(this.unavailable);
  }

  async load(room: string): Promise<StoredRoom> {
    this.calls.load += 1;
    await delay(this.loadDelayMs);
    this.#refuseWhileUnavailable();
    if (this.failLoads > 0) {
      this.failLoads -= 1;
      throw new Error('injected load failure');
    }
    return this.#inner.load(room);
  }

  async exists(room: string): Promise<boolean> {
    this.calls.exists += 1;
    this.#refuseWhileUnavailable();
    return this.#inner.exists(room);
  }

  async append(room: string, updates: readonly Uint8Array[]): Promise<LogPosition> {
    this.calls.append += 1;
    await delay(this.appendDelayMs);
    this.#refuseWhileUnavailable();
    if (this.failAppends > 0) {
      this.failAppends -= 1;
      throw new Error('injected write failure');
    }
    return this.#inner.append(room, updates);
  }

  /** Counted once done, so a test that waits for a compaction can read its result. */
  async compact(room: string, snapshot: Uint8Array, end: LogPosition): Promise<void> {
    this.#refuseWhileUnavailable();
    await this.#inner.compact(room, snapshot, end);
    this.calls.compact += 1;
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}

const delay = (ms: number) =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
