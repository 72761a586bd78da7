import type { RewrittenVersion, VersionStore } from '../history/version-store.ts';
import {
  decodeStoredVersion,
  versionId,
  type NewVersion,
  type StoredVersion,
} from '../history/version.ts';
import { roomKeys } from './keys.ts';
import { LuaScript, scriptRefusal } from './lua-script.ts';
import type { RedisClient } from './redis-client.ts';

/**
 * KEYS versions, versionData, versionSeq; ARGV record JSON (without id), payload. The id is the
 * count zero-padded to ten digits (version.ts versionId), made here so that the count and the
 * version are written together. Returns the count.
 */
const ADD = new LuaScript(`
local n = redis.call('INCR', KEYS[3])
local id = string.format('%010d', n)
redis.call('HSET', KEYS[1], id, ARGV[1])
redis.call('HSET', KEYS[2], id, ARGV[2])
return n
`);

/**
 * KEYS versions, versionData; ARGV how many ids to remove, those ids, then (id, record JSON,
 * payload) per rewritten version. Nothing is written unless every rewritten id is held.
 */
const REWRITE = new LuaScript(`
local removing = tonumber(ARGV[1])
local first = 2 + removing
for i = first, #ARGV, 3 do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 0 then
    return redis.error_reply('WB_NO_VERSION ' .. ARGV[i])
  end
end
for i = 2, first - 1 do
  redis.call('HDEL', KEYS[1], ARGV[i])
  redis.call('HDEL', KEYS[2], ARGV[i])
end
for i = first, #ARGV, 3 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 2])
end
return 1
`);

const asBuffer = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The record without its id: the hash field is the id. */
function record(version: NewVersion | StoredVersion): string {
  const { at, reason, name, elements, bytes, frame } = version;
  return JSON.stringify({ at, reason, name, elements, bytes, frame });
}

/**
 * Versions in Redis, shared by every instance: per room a hash of records and one of payloads,
 * and the counter ids come from, all in the room's slot (keys.ts), so each write is one script.
 */
export class RedisVersionStore implements VersionStore {
  readonly #client: RedisClient;

  constructor(client: RedisClient) {
    this.#client = client;
  }

  async list(room: string): Promise<StoredVersion[]> {
    const fields = await this.#client.hgetall(roomKeys(room).versions);
    return Object.entries(fields)
      .map(([id, json]) => decodeStoredVersion(json, id))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async payloads(room: string, ids: readonly string[]): Promise<(Uint8Array | undefined)[]> {
    if (ids.length === 0) return [];
    const values = await this.#client.hmgetBuffer(roomKeys(room).versionData, ...ids);
    return values.map((value) => (value === null ? undefined : new Uint8Array(value)));
  }

  async add(room: string, version: NewVersion, payload: Uint8Array): Promise<StoredVersion> {
    const keys = roomKeys(room);
    const n = await ADD.run(
      this.#client,
      [keys.versions, keys.versionData, keys.versionSeq],
      [record(version), asBuffer(payload)],
    );
    if (typeof n !== 'number') throw new Error(`unexpected reply adding a version of ${room}`);
    return { ...version, id: versionId(n) };
  }

  async rewrite(
    room: string,
    remove: readonly string[],
    rewrite: readonly RewrittenVersion[],
  ): Promise<void> {
    const keys = roomKeys(room);
    try {
      await REWRITE.run(
        this.#client,
        [keys.versions, keys.versionData],
        [
          remove.length,
          ...remove,
          ...rewrite.flatMap(({ version, payload }) => [
            version.id,
            record(version),
            asBuffer(payload),
          ]),
        ],
      );
    } catch (error) {
      if (scriptRefusal(error) === 'WB_NO_VERSION') {
        throw new RangeError(`room ${room} holds no such version`, { cause: error });
      }
      throw error;
    }
  }
}
