import type { RedisClient } from './redis-client.ts';

/**
 * A Lua script, sent whole with every EVAL. Not EVALSHA with a NOSCRIPT fallback: the retry
 * after NOSCRIPT (a restarted or new node) would let a later call on the same connection run
 * first, and appends must be stored in the order they were sent. Redis keeps the compiled
 * script by its SHA1 either way; what EVAL adds is the script's few hundred bytes per call.
 * Replies keep bulk strings as Buffers, so binary updates come back byte for byte. In a Cluster
 * the client routes by the keys, which must share one slot (keys.ts: a room's hash tag).
 */
export class LuaScript {
  readonly #lua: string;

  constructor(lua: string) {
    this.#lua = lua;
  }

  run(
    client: RedisClient,
    keys: readonly string[],
    args: readonly (string | Buffer | number)[],
  ): Promise<unknown> {
    // Spread, not one array: the Cluster client finds the keys (and so the slot) in the flat list.
    return client.callBuffer('EVAL', this.#lua, keys.length, ...keys, ...args);
  }
}

/**
 * A script's own refusal: `redis.error_reply('WB_<CODE> ...')` arrives as a ReplyError whose
 * message starts with the code. Null for any other error.
 */
export function scriptRefusal(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const match = /^(WB_[A-Z_]+)/.exec(error.message);
  return match ? match[1]! : null;
}
