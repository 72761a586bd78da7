import { randomUUID } from 'node:crypto';
import type { AuthorBinding } from '../authors/author-store.ts';
import type { Logger } from '../observability/logger.ts';
import type { ClusterLag, Metrics, RedisOp } from '../observability/metrics.ts';
import { encodeSyncUpdate } from '../protocol/messages.ts';
import type { FanoutBus, RoomFanout, RoomMessage } from '../rooms/room-fanout.ts';
import { SharedFrames } from '../rooms/shared-frames.ts';
import type { LogPosition } from '../storage/doc-store.ts';
import { decodeBusMessage, encodeBusMessage, type BusMessage } from './bus-wire.ts';
import { Redis } from 'ioredis';
import type { RedisClient } from './redis-client.ts';
import { InstanceHeartbeat } from './instance-heartbeat.ts';
import { roomKeys } from './keys.ts';
import { STREAM_LAG } from './room-scripts.ts';
import { parseStreamLag, summarizeLag } from './stream-lag.ts';
import type { LogEntry } from './log-entry.ts';
import { PresenceLedger, removalFrame } from './presence-ledger.ts';
import { RecallAnswers } from './presence-recall.ts';
import { PollingStreamReader } from './polling-stream-reader.ts';
import type { RoomStreamReader, StreamReaderEvents } from './stream-cursors.ts';
import { StreamReader } from './stream-reader.ts';

/** What a room catching up after a gap gets: its stored state, read afresh. */
export interface Recovered {
  readonly updates: readonly Uint8Array[];
  readonly end: LogPosition;
  readonly bindings: readonly AuthorBinding[];
}

export interface RedisFanoutOptions {
  /** This process among the relay instances: stamped on its log entries and presence. */
  readonly instance: string;
  readonly logger: Logger;
  /** Where cross-instance delivery latency goes; none in unit tests. */
  readonly metrics?: Metrics;
  /**
   * Reads a room afresh (snapshot, tail and author bindings): what a room gets when the stream
   * no longer holds entries it has not read yet (a compaction elsewhere trimmed them while this
   * instance was cut off from Redis). Without it such a gap is only logged.
   */
  readonly recover?: (room: string) => Promise<Recovered>;
  /** How long a write waits for the entries before it to be read (RoomFanout.ordered). */
  readonly orderTimeoutMs?: number;
}

/**
 * open:         reading and publishing
 * unavailable:  Redis is unreachable; reading resumes by itself once it is back
 * closed:       for good
 */
export type BusHealth = 'open' | 'unavailable' | 'closed';

/** Redis did not deliver the entries before a write in time: the write's room must start over. */
export class FanoutUnavailableError extends Error {
  override name = 'FanoutUnavailableError';
}

const DEFAULT_ORDER_TIMEOUT_MS = 5000;

/**
 * The relay instances of a room meeting in Redis (issue 12). Updates travel in the room's stream,
 * where the instance that accepted them appended them (the DocStore): every instance follows the
 * streams of its rooms with one XREAD BLOCK loop, from where each room's load ended, and hands
 * on the entries other instances wrote, in stream order. Presence travels on the room's sharded
 * pub/sub channel, tagged with the instance, and a heartbeat key per instance lets the others
 * remove a dead instance's cursors.
 */
export class RedisFanoutBus implements FanoutBus {
  readonly instance: string;
  readonly #options: RedisFanoutOptions;
  readonly #command: RedisClient;
  readonly #subscriber: RedisClient;
  readonly #readerConnection: RedisClient;
  readonly #reader: RoomStreamReader;
  /** On a Cluster the reader polls, and appends are announced with a tick. */
  readonly #polling: boolean;
  readonly #sharded: boolean;
  readonly #heartbeat: InstanceHeartbeat;
  readonly #ledger = new PresenceLedger();
  readonly #recalls = new RecallAnswers((room) => this.#answerRecall(room));
  readonly #rooms = new Map<string, Set<RedisRoomFanout>>();
  /** presence channel → room */
  readonly #channels = new Map<string, string>();
  readonly #publishing = new Set<Promise<unknown>>();
  readonly #pings = new Map<string, () => void>();
  readonly #healthListeners = new Set<(health: BusHealth) => void>();
  #health: BusHealth = 'open';
  #readerFailing = false;

  private constructor(
    options: RedisFanoutOptions,
    connections: {
      readonly command: RedisClient;
      readonly subscriber: RedisClient;
      readonly reader: RedisClient;
    },
    sharded: boolean,
    reader: (events: StreamReaderEvents) => RoomStreamReader,
  ) {
    this.instance = options.instance;
    this.#options = options;
    this.#command = connections.command;
    this.#subscriber = connections.subscriber;
    this.#readerConnection = connections.reader;
    this.#sharded = sharded;
    this.#polling = !(connections.reader instanceof Redis);
    this.#reader = reader({
      entry: (room, entry) => this.#entry(room, entry),
      gap: (room, expected, next) => this.#gap(room, expected, next),
      failed: (error) => {
        this.#countError('stream_read');
        this.#readerFailing = true;
        this.#updateHealth();
        this.#options.logger.warn({ err: error }, 'reading room streams from Redis failed');
      },
      recovered: () => {
        this.#readerFailing = false;
        this.#updateHealth();
      },
    });
    this.#heartbeat = new InstanceHeartbeat(
      this.#command,
      this.instance,
      () => this.#ledger.instances(),
      {
        lapsed: (instances) => this.#lapsed(instances),
        failed: (error) => {
          this.#countError('heartbeat');
          this.#options.logger.warn({ err: error }, 'instance heartbeat failed');
        },
      },
    );
    const onMessage = (channel: Buffer, message: Buffer) => this.#heard(channel, message);
    this.#subscriber.on(sharded ? 'smessageBuffer' : 'messageBuffer', onMessage);
    // Errors surface as health (and the reader's failed reads), not as unhandled events.
    this.#readerConnection.on('error', () => undefined);
    for (const connection of [this.#command, this.#subscriber]) {
      connection.on('error', () => undefined);
      connection.on('close', () => this.#updateHealth());
      connection.on('ready', () => this.#updateHealth());
    }
  }

  /**
   * Starts the bus on `connections`, which it takes over (close() quits them): `command` for
   * publishing and the heartbeat, `subscriber` for the presence channels, `reader` for the
   * blocking stream reads, each its own connection. Writes this instance's heartbeat first.
   */
  static async open(
    connections: {
      readonly command: RedisClient;
      readonly subscriber: RedisClient;
      readonly reader: RedisClient;
    },
    options: RedisFanoutOptions,
  ): Promise<RedisFanoutBus> {
    const { command, subscriber, reader } = connections;
    try {
      const sharded = await hasShardedPubSub(command);
      const bus = new RedisFanoutBus(options, connections, sharded, (events) =>
        // One XREAD cannot name streams of different slots: on a Cluster, rooms are polled.
        reader instanceof Redis
          ? new StreamReader(reader, command, events)
          : new PollingStreamReader(reader, events),
      );
      await bus.#heartbeat.start();
      return bus;
    } catch (error) {
      for (const connection of [command, subscriber, reader]) connection.disconnect();
      throw error;
    }
  }

  /** A fresh instance id: random, so a restarted process is a new instance to the others. */
  static newInstanceId(): string {
    return randomUUID();
  }

  get health(): BusHealth {
    return this.#health;
  }

  /** Called on every change of `health`. */
  onHealthChange(listener: (health: BusHealth) => void): void {
    this.#healthListeners.add(listener);
  }

  join(room: string): RoomFanout {
    const member = new RedisRoomFanout(this, room, this.#options.orderTimeoutMs);
    let members = this.#rooms.get(room);
    if (!members) {
      members = new Set();
      this.#rooms.set(room, members);
      const channel = roomKeys(room).presence;
      this.#channels.set(channel, room);
      this.#track(
        (this.#sharded
          ? this.#subscriber.ssubscribe(channel)
          : this.#subscriber.subscribe(channel)
        ).then(
          // Subscribed first, so the answers cannot pass this instance by.
          () => {
            if (this.#rooms.has(room))
              this.#publish(room, { type: 'recall', instance: this.instance });
          },
          (error: unknown) => {
            this.#countError('subscribe');
            this.#options.logger.warn({ err: error, room }, 'subscribing to presence failed');
          },
        ),
      );
    }
    members.add(member);
    return member;
  }

  /**
   * Resolves once everything published so far (by any instance that settled its own publishing
   * first) has reached its handlers here: every room's stream read up to its last entry, and a
   * round trip on every presence channel. For tests: production code never waits for quiet.
   */
  async settled(): Promise<void> {
    await this.published();
    await Promise.all(
      [...this.#rooms.keys()].map(async (room) => {
        await this.#ping(room);
        const last = Number((await this.#command.get(roomKeys(room).seq)) ?? 0);
        for (const member of this.#rooms.get(room) ?? []) await member.ordered(last + 1);
      }),
    );
  }

  /**
   * For /metrics: how far this instance trails the streams of its loaded rooms, and the oldest
   * entry not compacted yet among them, measured in Redis (one script per room, side by side).
   * Rooms still loading are left out: they have read nothing yet.
   */
  async streamLag(): Promise<ClusterLag> {
    const measured: Promise<ReturnType<typeof parseStreamLag>>[] = [];
    for (const [room, members] of this.#rooms) {
      let next: number | null = null;
      for (const member of members) {
        const from = member.readingFrom;
        if (from !== null) next = Math.min(next ?? from, from);
      }
      if (next === null) continue;
      const at = next;
      const keys = roomKeys(room);
      measured.push(
        STREAM_LAG.run(this.#command, [keys.seq, keys.log], [at]).then((reply) =>
          parseStreamLag(reply, at),
        ),
      );
    }
    return summarizeLag(await Promise.all(measured));
  }

  /** Resolves once Redis has taken everything this instance published so far. For tests. */
  async published(): Promise<void> {
    while (this.#publishing.size > 0) await Promise.all([...this.#publishing]);
  }

  /** Graceful stop: the heartbeat key goes at once, connections are quit. Rooms close first. */
  async close(): Promise<void> {
    await this.#stop({ goodbye: true });
  }

  /**
   * Stops without a word, as a killed process would: the heartbeat key is left to lapse, and
   * the others must notice. For tests of that path.
   */
  async abandon(): Promise<void> {
    await this.#stop({ goodbye: false });
  }

  async #stop({ goodbye }: { readonly goodbye: boolean }): Promise<void> {
    if (this.#health === 'closed') return;
    this.#setHealth('closed');
    this.#recalls.close();
    for (const members of [...this.#rooms.values()]) for (const member of members) member.close();
    await this.#heartbeat.stop({ goodbye }).catch(() => undefined);
    // The reader's connection is blocked: cut it, which also ends its read.
    this.#readerConnection.disconnect();
    await this.#reader.close();
    if (goodbye) {
      await Promise.allSettled([this.#subscriber.quit(), this.#command.quit()]);
    } else {
      this.#subscriber.disconnect();
      this.#command.disconnect();
    }
  }

  /** Sends a room's presence to its other instances. */
  publishPresence(room: string, frames: SharedFrames): void {
    this.#publish(room, { type: 'presence', instance: this.instance, frames: frames.messages });
  }

  /** Hands `message` to the other members of `room` on this bus (another instance of it here). */
  deliverLocally(from: RedisRoomFanout, room: string, message: RoomMessage): void {
    const members = this.#rooms.get(room);
    if (!members || members.size < 2) return;
    for (const member of [...members]) if (member !== from) member.hear(message);
  }

  follow(room: string, from: LogPosition): void {
    this.#reader.follow(room, from);
  }

  /** A member waits for its room's stream: read it now (a polling reader would wait a sweep). */
  poke(room: string): void {
    this.#reader.poke(room);
  }

  /** This instance appended to `room` up to `end`: a polling reader elsewhere reads it at once. */
  appended(room: string, end: LogPosition): void {
    if (this.#polling) this.#publish(room, { type: 'tick', instance: this.instance, end });
  }

  leave(member: RedisRoomFanout, room: string): void {
    const members = this.#rooms.get(room);
    if (!members?.delete(member) || members.size > 0) return;
    this.#rooms.delete(room);
    this.#reader.unfollow(room);
    this.#ledger.forget(room);
    this.#recalls.forget(room);
    const channel = roomKeys(room).presence;
    this.#channels.delete(channel);
    if (this.#health === 'closed') return;
    this.#track(
      (this.#sharded
        ? this.#subscriber.sunsubscribe(channel)
        : this.#subscriber.unsubscribe(channel)
      ).catch(() => undefined),
    );
  }

  recover(room: string): Promise<Recovered> | null {
    return this.#options.recover?.(room) ?? null;
  }

  logGap(room: string, expected: number, next: number, error?: unknown): void {
    this.#options.logger.error(
      { room, expected, next, ...(error === undefined ? {} : { err: error }) },
      'entries of the room stream were trimmed before this instance read them',
    );
  }

  #publish(room: string, message: BusMessage): void {
    const channel = roomKeys(room).presence;
    const bytes = Buffer.from(encodeBusMessage(message));
    this.#track(
      (this.#sharded
        ? this.#command.spublish(channel, bytes)
        : this.#command.publish(channel, bytes)
      ).catch((error: unknown) => {
        this.#countError('publish');
        this.#options.logger.warn({ err: error, room }, 'publishing presence failed');
      }),
    );
  }

  #countError(op: RedisOp): void {
    this.#options.metrics?.redisError(op);
  }

  #track(promise: Promise<unknown>): void {
    this.#publishing.add(promise);
    void promise.finally(() => this.#publishing.delete(promise));
  }

  #ping(room: string): Promise<void> {
    const token = randomUUID();
    const heard = new Promise<void>((resolve) => this.#pings.set(token, resolve));
    this.#publish(room, { type: 'ping', instance: this.instance, token });
    return heard;
  }

  #heard(channelBytes: Buffer, bytes: Buffer): void {
    const room = this.#channels.get(channelBytes.toString('latin1'));
    if (room === undefined) return;
    let message: BusMessage;
    try {
      message = decodeBusMessage(bytes);
    } catch (error) {
      this.#options.logger.warn({ err: error, room }, 'undecodable message on a presence channel');
      return;
    }
    if (message.instance === this.instance) {
      if (message.type === 'ping') {
        this.#pings.get(message.token)?.();
        this.#pings.delete(message.token);
      }
      return;
    }
    if (message.type === 'tick') {
      this.#reader.poke(room);
      return;
    }
    if (message.type === 'recall') {
      this.#recalls.recalled(room);
      return;
    }
    if (message.type !== 'presence') return;
    try {
      this.#ledger.heard(room, message.instance, message.frames);
    } catch (error) {
      this.#options.logger.warn({ err: error, room }, 'undecodable presence from another instance');
      return;
    }
    const frames = SharedFrames.awareness(message.frames);
    for (const member of [...(this.#rooms.get(room) ?? [])])
      member.hear({ type: 'presence', frames });
  }

  /** Another instance opened `room`: this instance's own clients' presence goes out again. */
  #answerRecall(room: string): void {
    for (const member of [...(this.#rooms.get(room) ?? [])]) {
      try {
        const frames = member.ownPresence();
        if (frames) this.publishPresence(room, frames);
      } catch (error) {
        this.#options.logger.error({ err: error, room }, 'answering a presence recall failed');
      }
    }
  }

  #entry(room: string, entry: LogEntry): void {
    const { metrics } = this.#options;
    if (metrics && entry.storedAt !== null && entry.instance !== this.instance) {
      // Redis' clock against this machine's: on separate machines, only as good as their sync.
      metrics.clusterDeliverySeconds.observe(Math.max(0, Date.now() - entry.storedAt) / 1000);
    }
    // Framed once for every member (one, unless a room is reloading here).
    let frames: SharedFrames | null = null;
    const framesOf = () => (frames ??= SharedFrames.syncAll(entry.updates.map(encodeSyncUpdate)));
    for (const member of [...(this.#rooms.get(room) ?? [])]) member.entry(entry, framesOf);
  }

  #gap(room: string, expected: number, next: number): void {
    for (const member of [...(this.#rooms.get(room) ?? [])]) member.gap(expected, next);
  }

  /** Instances whose heartbeat lapsed: their clients' cursors go, in every room here. */
  #lapsed(instances: readonly string[]): void {
    for (const instance of instances) {
      const orphans = this.#ledger.lapse(instance);
      this.#options.logger.warn(
        { instance, rooms: orphans.length },
        'a relay instance stopped renewing its heartbeat; removing its presence',
      );
      for (const { room, clients } of orphans) {
        const frames = SharedFrames.awareness([removalFrame(clients)]);
        for (const member of [...(this.#rooms.get(room) ?? [])]) {
          member.hear({ type: 'presence', frames });
        }
      }
    }
  }

  #updateHealth(): void {
    if (this.#health === 'closed') return;
    const up =
      this.#command.status === 'ready' &&
      this.#subscriber.status === 'ready' &&
      !this.#readerFailing;
    this.#setHealth(up ? 'open' : 'unavailable');
  }

  #setHealth(health: BusHealth): void {
    if (this.#health === health) return;
    this.#health = health;
    if (health === 'unavailable') this.#countError('connection');
    for (const listener of this.#healthListeners) listener(health);
  }
}

/**
 * waiting:     joined, the room is loading: presence is heard, the stream not read yet
 * live:        entries from `next` on are handed on as they are read
 * recovering:  the stream lost entries before they were read: entries wait while the room's
 *              stored state is read afresh
 * closed:      nothing more in or out
 */
type MemberLife =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'live' }
  | { readonly kind: 'recovering'; readonly held: LogEntry[] }
  | { readonly kind: 'closed' };

type Handler = (message: RoomMessage) => void;

/** One room instance's membership: what RoomFanout promises, over the bus. */
class RedisRoomFanout implements RoomFanout {
  readonly #bus: RedisFanoutBus;
  readonly #room: string;
  readonly #orderTimeoutMs: number;
  #life: MemberLife = { kind: 'waiting' };
  #handler: Handler | null = null;
  #own: (() => SharedFrames | null) | null = null;
  /** Entries below it were handed on (or were this instance's own). */
  #next = 0;
  readonly #waiters: { readonly end: LogPosition; readonly done: (error?: Error) => void }[] = [];

  constructor(bus: RedisFanoutBus, room: string, orderTimeoutMs = DEFAULT_ORDER_TIMEOUT_MS) {
    this.#bus = bus;
    this.#room = room;
    this.#orderTimeoutMs = orderTimeoutMs;
  }

  publish(message: RoomMessage): void {
    if (this.#life.kind === 'closed') return;
    // Updates are in the stream already: the store appended them, and every instance reads it.
    if (message.type === 'presence') this.#bus.publishPresence(this.#room, message.frames);
    else this.#bus.appended(this.#room, message.end);
    this.#bus.deliverLocally(this, this.#room, message);
  }

  answerPresenceWith(own: () => SharedFrames | null): void {
    if (this.#life.kind !== 'closed') this.#own = own;
  }

  /** The presence of this instance's own peers in the room, for a recall; null for none. */
  ownPresence(): SharedFrames | null {
    return this.#life.kind === 'closed' ? null : (this.#own?.() ?? null);
  }

  /** The entry number read next, once the room reads its stream; null while loading or closed. */
  get readingFrom(): number | null {
    return this.#life.kind === 'live' || this.#life.kind === 'recovering' ? this.#next : null;
  }

  onRemote(handler: Handler): void {
    if (this.#life.kind !== 'closed') this.#handler = handler;
  }

  readFrom(end: LogPosition): void {
    if (this.#life.kind !== 'waiting') return;
    this.#life = { kind: 'live' };
    // Entry numbers start at 1 (keys.ts): an empty room's load has read "everything below 1".
    this.#next = Math.max(end, 1);
    this.#bus.follow(this.#room, this.#next);
  }

  ordered(end: LogPosition): Promise<void> | null {
    if (this.#life.kind === 'closed' || this.#next >= end) return null;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        done(
          new FanoutUnavailableError(
            `entries of ${this.#room} before ${end} were not read within ${this.#orderTimeoutMs} ms`,
          ),
        );
      }, this.#orderTimeoutMs);
      const done = (error?: Error) => {
        clearTimeout(timer);
        const at = this.#waiters.indexOf(waiter);
        if (at >= 0) this.#waiters.splice(at, 1);
        if (error) reject(error);
        else resolve();
      };
      const waiter = { end, done };
      this.#waiters.push(waiter);
      this.#bus.poke(this.#room);
    });
  }

  close(): void {
    if (this.#life.kind === 'closed') return;
    this.#life = { kind: 'closed' };
    this.#handler = null;
    this.#own = null;
    // Nothing more will be read for this room here: whoever waits may go on.
    for (const waiter of [...this.#waiters]) waiter.done();
    this.#bus.leave(this, this.#room);
  }

  /** A message of another instance (presence), or of another member here. */
  hear(message: RoomMessage): void {
    if (this.#life.kind !== 'closed') this.#handler?.(message);
  }

  entry(entry: LogEntry, framesOf: () => SharedFrames): void {
    const life = this.#life;
    if (life.kind === 'recovering') {
      life.held.push(entry);
      return;
    }
    if (life.kind !== 'live' || entry.position < this.#next) return;
    this.#next = entry.position + 1;
    if (entry.instance !== this.#bus.instance) {
      this.#handler?.({
        type: 'updates',
        updates: entry.updates,
        end: entry.position + 1,
        frames: framesOf(),
        ...(entry.bindings.length > 0 ? { bindings: entry.bindings } : {}),
      });
    }
    this.#reached();
  }

  gap(expected: number, next: number): void {
    if (this.#life.kind !== 'live') return;
    const recovering = this.#bus.recover(this.#room);
    if (!recovering) {
      this.#bus.logGap(this.#room, expected, next);
      return;
    }
    const held: LogEntry[] = [];
    this.#life = { kind: 'recovering', held };
    recovering.then(
      (recovered) => this.#recovered(recovered, held),
      (error: unknown) => {
        this.#bus.logGap(this.#room, expected, next, error);
        this.#recovered(null, held);
      },
    );
  }

  #recovered(recovered: Recovered | null, held: readonly LogEntry[]): void {
    if (this.#life.kind !== 'recovering') return;
    this.#life = { kind: 'live' };
    if (recovered && recovered.end > this.#next) {
      this.#next = recovered.end;
      // Applying what the room holds already changes nothing (Yjs updates are idempotent).
      this.#handler?.({
        type: 'updates',
        updates: recovered.updates,
        end: recovered.end,
        frames: SharedFrames.syncAll(recovered.updates.map(encodeSyncUpdate)),
        ...(recovered.bindings.length > 0 ? { bindings: recovered.bindings } : {}),
      });
    }
    for (const entry of held) {
      this.entry(entry, () => SharedFrames.syncAll(entry.updates.map(encodeSyncUpdate)));
    }
    this.#reached();
  }

  #reached(): void {
    for (const waiter of [...this.#waiters]) if (waiter.end <= this.#next) waiter.done();
  }
}

/** Whether the server has sharded pub/sub (Redis 7): SPUBLISH, else PUBLISH. */
async function hasShardedPubSub(redis: RedisClient): Promise<boolean> {
  const info: unknown = await redis.call('COMMAND', 'INFO', 'SPUBLISH');
  return Array.isArray(info) && info[0] !== null && info[0] !== undefined;
}
