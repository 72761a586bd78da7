import type { Cluster, Redis } from 'ioredis';

/**
 * Each relay instance keeps `wb:instance:<id>` alive in Redis; a key that expired means its
 * instance died without a word (kill -9, a lost machine). The others then remove its clients'
 * cursors from their rooms (presence-ledger.ts) within TTL + RENEW: about 6.5 s, against
 * y-protocols' own 30 s timeout.
 */
export const INSTANCE_TTL_MS = 5000;
/** A third of the TTL, less a margin: two renewals may fail (a Redis failover) before it lapses. */
export const INSTANCE_RENEW_MS = 1500;

/** Not per room, so no hash tag: one key, one command. */
export const instanceKey = (instance: string): string => `wb:instance:${instance}`;

export type RedisClient = Redis | Cluster;

export interface HeartbeatEvents {
  /** Instances whose key is gone, among those `watched()` named. */
  lapsed(instances: readonly string[]): void;
  failed(error: unknown): void;
}

/**
 * beating:  renewing the key and checking the watched ones every INSTANCE_RENEW_MS
 * stopped:   for good
 */
type HeartbeatLife =
  { readonly kind: 'beating'; readonly timer: NodeJS.Timeout } | { readonly kind: 'stopped' };

export class InstanceHeartbeat {
  readonly #redis: RedisClient;
  readonly #instance: string;
  readonly #watched: () => ReadonlySet<string>;
  readonly #events: HeartbeatEvents;
  #life: HeartbeatLife = { kind: 'stopped' };
  #beat: Promise<void> = Promise.resolve();

  constructor(
    redis: RedisClient,
    instance: string,
    watched: () => ReadonlySet<string>,
    events: HeartbeatEvents,
  ) {
    this.#redis = redis;
    this.#instance = instance;
    this.#watched = watched;
    this.#events = events;
  }

  /** Writes the key once (rejecting if Redis refuses), then keeps it alive. */
  async start(): Promise<void> {
    await this.#renew();
    const timer = setInterval(() => {
      // One beat at a time: a slow Redis must not pile them up.
      this.#beat = this.#beat.then(() => this.#tick());
    }, INSTANCE_RENEW_MS);
    timer.unref();
    this.#life = { kind: 'beating', timer };
  }

  /**
   * Stops renewing. With `goodbye` the key goes at once (a graceful stop, whose rooms removed
   * their presence already); without, it lapses on its own, as when the process is killed.
   */
  async stop({ goodbye }: { readonly goodbye: boolean }): Promise<void> {
    if (this.#life.kind === 'beating') clearInterval(this.#life.timer);
    this.#life = { kind: 'stopped' };
    await this.#beat;
    if (goodbye) await this.#redis.del(instanceKey(this.#instance));
  }

  async #tick(): Promise<void> {
    if (this.#life.kind !== 'beating') return;
    try {
      await this.#renew();
      const watched = [...this.#watched()];
      if (watched.length === 0) return;
      // One key each (a Cluster spreads them over nodes): checked side by side.
      const alive = await Promise.all(watched.map((id) => this.#redis.exists(instanceKey(id))));
      const lapsed = watched.filter((_id, i) => alive[i] === 0);
      if (lapsed.length > 0 && this.#life.kind === 'beating') this.#events.lapsed(lapsed);
    } catch (error) {
      this.#events.failed(error);
    }
  }

  async #renew(): Promise<void> {
    await this.#redis.set(instanceKey(this.#instance), String(Date.now()), 'PX', INSTANCE_TTL_MS);
  }
}
