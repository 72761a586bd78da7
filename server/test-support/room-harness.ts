import { loadConfig } from '../config.ts';
import { silentLogger, type Logger } from '../observability/logger.ts';
import { Metrics } from '../observability/metrics.ts';
import type { AuthorStore } from '../authors/author-store.ts';
import { MemoryAuthorStore } from '../authors/memory-author-store.ts';
import { Room, type RoomOptions } from '../rooms/room.ts';
import type { DocStore } from '../storage/doc-store.ts';
import { MemoryStore } from '../storage/memory-store.ts';
import { PeerPair, type ClientState } from './peer-pair.ts';

/** Rounds of flushing after which peers that still talk are a bug, not a slow room. */
const MAX_SETTLE_ROUNDS = 1000;

export interface RoomHarnessOptions {
  /** Config variables as the relay reads them (MAX_ROOM_BYTES, …); the rest are defaults. */
  readonly env?: Record<string, string>;
  /** Defaults to a MemoryStore, which passes the same contract as LevelDB. */
  readonly store?: DocStore;
  /** Defaults to a MemoryAuthorStore, kept across reloads like the store. */
  readonly authors?: AuthorStore;
  readonly logger?: Logger;
}

/** The room's turn: presence changes go out on setImmediate, so one turn lets them leave. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * One Room loaded through its public API (Room.load, join, receive, leave, unload) with people
 * joined through in-memory peer pairs: no sockets, no ports, no polling. `settle` flushes every
 * direction until nobody has anything left to say.
 */
export class RoomHarness {
  readonly name: string;
  readonly store: DocStore;
  readonly metrics: Metrics;
  readonly options: RoomOptions;
  /** How many times the room said it was empty (the registry's cue to unload it). */
  emptied = 0;
  #room: Room;
  readonly #pairs = new Set<PeerPair>();

  private constructor(name: string, room: Room, options: RoomOptions) {
    this.name = name;
    this.#room = room;
    this.store = options.store;
    this.metrics = options.metrics;
    this.options = options;
  }

  static async load(name: string, options: RoomHarnessOptions = {}): Promise<RoomHarness> {
    const config = loadConfig({ DATA_DIR: 'unused-by-room-tests', ...options.env });
    const store = options.store ?? new MemoryStore();
    let harness: RoomHarness | null = null;
    const roomOptions: RoomOptions = {
      ...config,
      store,
      authors: options.authors ?? new MemoryAuthorStore(),
      logger: options.logger ?? silentLogger,
      metrics: new Metrics(),
      onEmpty: () => {
        if (harness) harness.emptied += 1;
      },
    };
    const room = await Room.load(name, roomOptions);
    harness = new RoomHarness(name, room, roomOptions);
    return harness;
  }

  get room(): Room {
    return this.#room;
  }

  /** Someone opens the room: their opening frames wait for the next flush. */
  join(name: string, client?: ClientState): PeerPair {
    const pair = new PeerPair(this.#room, name, client);
    this.#pairs.add(pair);
    return pair;
  }

  /** Joins and settles: `name` holds everything the room held. */
  async joinSynced(name: string, client?: ClientState): Promise<PeerPair> {
    const pair = this.join(name, client);
    await this.settle();
    if (!pair.synced) throw new Error(`${name} did not sync`);
    return pair;
  }

  /**
   * Flushes every pair both ways, letting the room store what it received and send its
   * presence changes, until no frame is left anywhere. Throws what the room throws for a frame.
   */
  async settle(): Promise<void> {
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      for (const pair of this.#pairs) pair.flushToRoom();
      await this.#room.drainWrites();
      await nextTurn();
      for (const pair of this.#pairs) pair.flushToClient();
      if ([...this.#pairs].every((pair) => pair.pending === 0)) return;
    }
    throw new Error(`still talking after ${MAX_SETTLE_ROUNDS} rounds`);
  }

  /** Everyone leaves, the room unloads as the registry would unload it, and loads again. */
  async reload(): Promise<void> {
    for (const pair of this.#pairs) pair.destroy();
    this.#pairs.clear();
    await this.loadAgain();
  }

  /**
   * A fresh Room from the store, as the registry loads one for the next joiner: after the room
   * failed, or once it is unloaded (unloading it first if it still serves).
   */
  async loadAgain(): Promise<void> {
    await this.#room.unload();
    this.#room = await Room.load(this.name, this.options);
  }

  async close(): Promise<void> {
    for (const pair of this.#pairs) pair.destroy();
    this.#pairs.clear();
    await this.#room.unload();
  }
}
