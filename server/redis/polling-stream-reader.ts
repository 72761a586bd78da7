import type { Cluster } from 'ioredis';
import { StreamCursors, type RoomStreamReader, type StreamReaderEvents } from './stream-cursors.ts';

/** Every followed room is read at least this often, whether or not anyone told of news. */
const SWEEP_MS = 500;
const COUNT = 500;

/**
 * running:  reads rooms when poked, and every room each SWEEP_MS
 * closed:   for good
 */
type ReaderLife =
  { readonly kind: 'running'; readonly sweep: NodeJS.Timeout } | { readonly kind: 'closed' };

/**
 * Follows room streams on a Redis Cluster, where one XREAD cannot name streams of different
 * slots, so the one blocking loop of stream-reader.ts cannot exist. A room is read (XREAD
 * without BLOCK, routed to its slot's node) when someone pokes it: this instance appended to it,
 * or another instance said so on the room's channel (a tick, bus-wire.ts). The sweep catches
 * a tick that was lost (pub/sub delivers at most once): a room is never more than SWEEP_MS
 * behind its stream. One read per room at a time; entries go on in stream order.
 */
export class PollingStreamReader implements RoomStreamReader {
  readonly #redis: Cluster;
  readonly #events: StreamReaderEvents;
  readonly #cursors: StreamCursors;
  readonly #reading = new Map<string, Promise<void>>();
  /** Rooms poked while their read was out: read again once it is back. */
  readonly #again = new Set<string>();
  #life: ReaderLife;
  #failing = false;

  constructor(redis: Cluster, events: StreamReaderEvents) {
    this.#redis = redis;
    this.#events = events;
    this.#cursors = new StreamCursors(events);
    const sweep = setInterval(() => {
      for (const room of this.#cursors.rooms()) this.poke(room);
    }, SWEEP_MS);
    sweep.unref();
    this.#life = { kind: 'running', sweep };
  }

  follow(room: string, from: number): void {
    if (this.#life.kind === 'running' && this.#cursors.follow(room, from)) this.poke(room);
  }

  unfollow(room: string): void {
    this.#cursors.unfollow(room);
    this.#again.delete(room);
  }

  poke(room: string): void {
    if (this.#life.kind !== 'running' || !this.#cursors.has(room)) return;
    if (this.#reading.has(room)) {
      this.#again.add(room);
      return;
    }
    const reading = this.#read(room).finally(() => {
      this.#reading.delete(room);
      if (this.#again.delete(room)) this.poke(room);
    });
    this.#reading.set(room, reading);
  }

  async close(): Promise<void> {
    if (this.#life.kind === 'running') clearInterval(this.#life.sweep);
    this.#life = { kind: 'closed' };
    await Promise.allSettled([...this.#reading.values()]);
  }

  async #read(room: string): Promise<void> {
    try {
      const reply = await this.#redis.xreadBuffer(
        'COUNT',
        COUNT,
        'STREAMS',
        ...this.#cursors.streamsArguments([room]),
      );
      if (this.#life.kind === 'closed') return;
      if (reply) {
        this.#cursors.handOn(reply);
        // A full read: there may be more.
        if (reply.some(([, items]) => items.length >= COUNT)) this.#again.add(room);
      }
      if (this.#failing) {
        this.#failing = false;
        this.#events.recovered();
      }
    } catch (error) {
      if (this.#life.kind === 'closed') return;
      this.#failing = true;
      this.#events.failed(error);
    }
  }
}
