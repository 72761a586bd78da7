import type { AuthorStore } from '../authors/author-store.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { PresenceLimits } from '../protocol/awareness-update.ts';
import { CloseReason } from '../protocol/close-reasons.ts';
import type { DocStore } from '../storage/doc-store.ts';
import type { Peer } from './peer.ts';
import type { AnswerLimits } from './answer-budget.ts';
import type { RoomPresenceLimits } from './presence-budget.ts';
import type { PresenceFrameLimits } from './presence-frames.ts';
import { InProcessBus } from './in-process-fanout.ts';
import type { FanoutBus } from './room-fanout.ts';
import { Room, type RoomHistory, type RoomOptions } from './room.ts';
import type { AdmissionLimits } from './update-admission.ts';

export interface RegistryOptions
  extends PresenceLimits, AdmissionLimits, RoomPresenceLimits, PresenceFrameLimits, AnswerLimits {
  readonly store: DocStore;
  /** Who wrote first under each client id of each room (authors/). */
  readonly authors: AuthorStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly compactAfterUpdates: number;
  readonly compactAfterBytes: number;
  /** How long a room stays loaded after its last peer leaves; 0 unloads at once. */
  readonly roomIdleUnloadMs: number;
  readonly maxRoomBytes: number;
  /** Where rooms meet their instances elsewhere; one process on its own by default. */
  readonly bus?: FanoutBus;
  /** Board history (issue 14); none without. */
  readonly history?: RoomHistory | null;
}

export class ShuttingDownError extends Error {
  override name = 'ShuttingDownError';
  constructor() {
    super('server is shutting down');
  }
}

/**
 * The rooms held in memory. Concurrent first connections share one load; a room is unloaded
 * (stored, then dropped) once it has stayed empty for `roomIdleUnloadMs`, and a peer joining
 * meanwhile keeps it; a connection arriving while its room unloads waits for that, then loads it
 * afresh. Every step re-checks state after its await.
 */
export class RoomRegistry {
  readonly #options: RegistryOptions;
  /** One options object for every room; a closure per room would cost it ~300 bytes under tsx. */
  readonly #roomOptions: RoomOptions;
  /** The load (or loaded room) of each room name. */
  readonly #rooms = new Map<string, Promise<Room>>();
  /** Unloads in flight, so a newcomer and shutdown can wait for them. */
  readonly #unloading = new Map<string, Promise<void>>();
  /**
   * Empty rooms kept warm, each with the timer that unloads it. Someone who reconnects, or the
   * next visitor of a busy link, finds the room loaded: a big room costs a full load (~25 ms per
   * MiB) and, before, a full rewrite each time its last peer left.
   */
  readonly #idle = new Map<string, NodeJS.Timeout>();
  /** How many calls of use() hold each room now: an idle unload waits for them. */
  readonly #users = new Map<string, number>();
  #closing = false;

  constructor(options: RegistryOptions) {
    this.#options = options;
    this.#roomOptions = {
      ...options,
      bus: options.bus ?? new InProcessBus(),
      onEmpty: this.#emptied.bind(this),
    };
  }

  get size(): number {
    return this.#rooms.size;
  }

  /**
   * Whether joining `name` now costs no load: the room is loaded (warm ones included) or
   * loading, and not unloading.
   */
  holds(name: string): boolean {
    return this.#rooms.has(name) && !this.#unloading.has(name);
  }

  /** Joins `peer` to the fully loaded room; rejects if loading fails. */
  async join(name: string, peer: Peer): Promise<Room> {
    for (;;) {
      if (this.#closing) throw new ShuttingDownError();
      const unloading = this.#unloading.get(name);
      if (unloading) {
        await unloading;
        continue;
      }
      const room = await this.#acquire(name);
      if (room.state === 'ready') {
        this.#keep(name);
        room.join(peer);
        return room;
      }
      // The room began unloading while we waited for it: wait that out and load it again.
      await this.#unloading.get(name);
    }
  }

  /**
   * Runs `work` on the fully loaded room without joining it (the history API), loading it if
   * need be; the room stays loaded until `work` settles, then unloads as an empty room does.
   */
  async use<T>(name: string, work: (room: Room) => Promise<T>): Promise<T> {
    for (;;) {
      if (this.#closing) throw new ShuttingDownError();
      const unloading = this.#unloading.get(name);
      if (unloading) {
        await unloading;
        continue;
      }
      const room = await this.#acquire(name);
      if (room.state !== 'ready') {
        await this.#unloading.get(name);
        continue;
      }
      this.#keep(name);
      this.#users.set(name, (this.#users.get(name) ?? 0) + 1);
      try {
        return await work(room);
      } finally {
        const left = (this.#users.get(name) ?? 1) - 1;
        if (left > 0) this.#users.set(name, left);
        else this.#users.delete(name);
        // Nobody joined meanwhile: the room goes as an empty room goes.
        if (left === 0 && room.idle && !this.#idle.has(name)) this.#emptied(room);
      }
    }
  }

  #acquire(name: string): Promise<Room> {
    const existing = this.#rooms.get(name);
    if (existing) return existing;
    const loading = Room.load(name, this.#roomOptions);
    this.#rooms.set(name, loading);
    this.#options.metrics.rooms.set(this.#rooms.size);
    loading.catch((error: unknown) => {
      // Forget a failed load so the next connection retries it; nothing was written.
      if (this.#rooms.get(name) === loading) this.#rooms.delete(name);
      this.#options.metrics.rooms.set(this.#rooms.size);
      this.#options.metrics.errors.labels('storage_load').inc();
      this.#options.logger.error({ err: error, room: name }, 'room load failed');
    });
    return loading;
  }

  /** The last peer left (unload once it stays empty), or the room failed (drop it now). */
  #emptied(room: Room): void {
    if (room.state !== 'ready' || this.#options.roomIdleUnloadMs === 0) {
      void this.#unload(room);
      return;
    }
    this.#keep(room.name);
    const timer = setTimeout(() => {
      this.#idle.delete(room.name);
      // Re-checked: a peer may have joined, or shutdown taken over, since the timer was set;
      // a use() in flight ends with its own timer.
      if (room.idle && !this.#closing && !this.#users.has(room.name)) void this.#unload(room);
    }, this.#options.roomIdleUnloadMs);
    timer.unref();
    this.#idle.set(room.name, timer);
  }

  /** Cancels a pending idle unload, if any. */
  #keep(name: string): void {
    const timer = this.#idle.get(name);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#idle.delete(name);
  }

  #unload(room: Room, closeWith?: CloseReason): Promise<void> {
    const existing = this.#unloading.get(room.name);
    if (existing) return existing;
    const done = room
      .unload(closeWith)
      .catch((error: unknown) => {
        this.#options.metrics.errors.labels('room_unload').inc();
        this.#options.logger.error({ err: error, room: room.name }, 'room unload failed');
      })
      .finally(() => {
        this.#rooms.delete(room.name);
        this.#unloading.delete(room.name);
        this.#options.metrics.rooms.set(this.#rooms.size);
      });
    this.#unloading.set(room.name, done);
    return done;
  }

  /** Shutdown: stores every room, then closes its peers with 1001. */
  async closeAll(): Promise<void> {
    this.#closing = true;
    // Warm rooms are stored and closed with the rest, at once.
    for (const name of [...this.#idle.keys()]) this.#keep(name);
    const rooms = await Promise.allSettled(this.#rooms.values());
    await Promise.all(
      rooms.map((result) =>
        result.status === 'fulfilled'
          ? this.#unload(result.value, CloseReason.goingAway)
          : Promise.resolve(),
      ),
    );
    await Promise.all(this.#unloading.values());
  }
}
