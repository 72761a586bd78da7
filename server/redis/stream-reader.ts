import type { Redis } from 'ioredis';
import type { RedisClient } from './redis-client.ts';
import { StreamCursors, type RoomStreamReader, type StreamReaderEvents } from './stream-cursors.ts';

/**
 * How long one XREAD waits for news. Joining or leaving a room interrupts the wait at once
 * (CLIENT UNBLOCK); the timeout only bounds the rare join that lands between building a read and
 * Redis receiving it. An idle instance pays one round trip per second for it.
 */
const BLOCK_MS = 1000;
/** Most entries one read takes per room, so one busy room cannot hold a read's memory unbounded. */
const COUNT = 500;
/** Waits after a failed read, doubling: Redis may be restarting. */
const RETRY_MS = { first: 50, most: 2000 } as const;

/**
 * running:  reads, or waits to (no room followed yet)
 * closed:   for good; the connection is the caller's to quit
 */
type ReaderLife = { readonly kind: 'running' } | { readonly kind: 'closed' };

/**
 * One XREAD BLOCK loop per instance over every room it follows, on a connection of its own (a
 * blocked connection serves nothing else). Each room is read from the position its load ended
 * at, so nothing falls between the load and the reading; entries reach `events.entry` in the
 * order the stream holds them. One Redis server only: on a Redis Cluster one XREAD cannot name
 * streams of different slots.
 */
export class StreamReader implements RoomStreamReader {
  readonly #redis: Redis;
  readonly #control: RedisClient;
  readonly #events: StreamReaderEvents;
  readonly #cursors: StreamCursors;
  #life: ReaderLife = { kind: 'running' };
  /** Bumped by every follow and unfollow: a read built before it names the wrong rooms. */
  #generation = 0;
  #inFlight: { readonly generation: number } | null = null;
  #wake: (() => void) | null = null;
  #clientId: number | null = null;
  #failing = false;
  readonly #done: Promise<void>;

  /** `redis`: a connection for this reader alone; `control`: any other, to interrupt a wait. */
  constructor(redis: Redis, control: RedisClient, events: StreamReaderEvents) {
    this.#redis = redis;
    this.#control = control;
    this.#events = events;
    this.#cursors = new StreamCursors(events);
    // The id changes with every reconnection; a stale one only costs a wait of BLOCK_MS.
    redis.on('ready', () => void this.#learnClientId());
    if (redis.status === 'ready') void this.#learnClientId();
    this.#done = this.#loop();
  }

  follow(room: string, from: number): void {
    if (this.#life.kind === 'running' && this.#cursors.follow(room, from)) this.#changed();
  }

  unfollow(room: string): void {
    if (this.#cursors.unfollow(room)) this.#changed();
  }

  poke(): void {
    // The blocked read wakes by itself when anything is appended to a stream it names.
  }

  async close(): Promise<void> {
    this.#life = { kind: 'closed' };
    this.#changed();
    await this.#done;
  }

  #closed(): boolean {
    return this.#life.kind === 'closed';
  }

  #changed(): void {
    this.#generation++;
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
    void this.#interrupt();
  }

  /** Ends a blocked read that names the wrong rooms, so the next one names the right ones. */
  async #interrupt(): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const inFlight = this.#inFlight;
      if (!inFlight || inFlight.generation === this.#generation || this.#clientId === null) return;
      try {
        const unblocked = await this.#control.client('UNBLOCK', this.#clientId, 'TIMEOUT');
        if (unblocked === 1) return;
      } catch {
        return; // Redis is away: the read fails by itself
      }
      // Not blocked yet (the read is still on its way to Redis): try again shortly.
      if (this.#inFlight !== inFlight) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async #learnClientId(): Promise<void> {
    try {
      this.#clientId = null;
      // Asked on the reader's own connection, before its next read: the answer is its id.
      this.#clientId = Number(await this.#redis.client('ID'));
    } catch {
      this.#clientId = null;
    }
  }

  async #loop(): Promise<void> {
    let retry: number = RETRY_MS.first;
    while (this.#life.kind === 'running') {
      if (this.#cursors.size === 0) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        continue;
      }
      const generation = this.#generation;
      const streams = this.#cursors.streamsArguments(this.#cursors.rooms());
      this.#inFlight = { generation };
      try {
        const reply = await this.#redis.xreadBuffer(
          'COUNT',
          COUNT,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          ...streams,
        );
        this.#inFlight = null;
        if (reply) this.#cursors.handOn(reply);
        if (this.#failing) {
          this.#failing = false;
          this.#events.recovered();
        }
        retry = RETRY_MS.first;
      } catch (error) {
        this.#inFlight = null;
        if (this.#closed()) return;
        this.#failing = true;
        this.#events.failed(error);
        await new Promise((resolve) => setTimeout(resolve, retry));
        retry = Math.min(retry * 2, RETRY_MS.most);
      }
    }
  }
}
