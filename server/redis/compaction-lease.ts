import { randomUUID } from 'node:crypto';
import { roomKeys } from './keys.ts';
import { LuaScript } from './lua-script.ts';
import type { RedisClient } from './redis-client.ts';

/**
 * One compaction of a room at a time across every instance: `SET wb:{room}:lease <token> NX PX
 * ttl`, renewed every ttl/3 while held, released by compare-and-delete. An instance that dies
 * holding it loses it when the ttl runs out. Each holding gets a token of its own (the instance
 * id and a random part), so two compactions in one instance exclude each other too, and a holder
 * whose lease ran out cannot renew or release the next holder's.
 *
 * A lease is advice, not a lock: a holder paused past its ttl may still act, so whatever it
 * writes checks the token in the same script (redis-doc-store.ts), and what it trims is bounded
 * by the snapshot stored, whoever stored it.
 */

/** Extends the lease if the token still holds it. */
const RENEW = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`);

/** Deletes the lease only if the token still holds it. */
const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

export const DEFAULT_LEASE_TTL_MS = 10_000;

export interface HeldLease {
  readonly room: string;
  readonly token: string;
  /** False once a renewal found another token (or none) in its place. */
  readonly held: boolean;
  /** Stops renewing and deletes the lease if it is still this one's; never rejects. */
  release(): Promise<void>;
}

export class CompactionLeases {
  readonly #client: RedisClient;
  readonly #instance: string;
  readonly #ttlMs: number;

  constructor(client: RedisClient, instance: string, ttlMs = DEFAULT_LEASE_TTL_MS) {
    this.#client = client;
    this.#instance = instance;
    this.#ttlMs = ttlMs;
  }

  /** Takes the room's lease, or null while another compaction holds it. */
  async acquire(room: string): Promise<HeldLease | null> {
    const key = roomKeys(room).lease;
    const token = `${this.#instance}:${randomUUID()}`;
    const taken = await this.#client.set(key, token, 'PX', this.#ttlMs, 'NX');
    if (taken !== 'OK') return null;
    return this.#hold(room, key, token);
  }

  #hold(room: string, key: string, token: string): HeldLease {
    const client = this.#client;
    let held = true;
    const renew = async () => {
      try {
        const renewed = await RENEW.run(client, [key], [token, this.#ttlMs]);
        if (renewed !== 1) stop();
      } catch {
        // Redis is away: the lease may run out, and the token check where it writes tells.
      }
    };
    const timer = setInterval(() => void renew(), Math.max(Math.floor(this.#ttlMs / 3), 1));
    timer.unref();
    const stop = () => {
      held = false;
      clearInterval(timer);
    };
    return {
      room,
      token,
      get held() {
        return held;
      },
      release: async () => {
        stop();
        await RELEASE.run(client, [key], [token]).catch(() => undefined);
      },
    };
  }
}
