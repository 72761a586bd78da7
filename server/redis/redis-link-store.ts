import { isLink } from '../links/level-link-store.ts';
import { linkStatus, newLinkRecord, type Link, type NewLink } from '../links/link.ts';
import type { LinkStore } from '../links/link-store.ts';
import { linkKey, roomKeys } from './keys.ts';
import { LuaScript } from './lua-script.ts';
import type { RedisClient } from './redis-client.ts';

/** Fields of a link's hash (keys.ts). */
const LINK = 'link';
const REVOKED_AT = 'revokedAt';

/**
 * KEYS link; ARGV now. Marks the link revoked unless it was already (the first revocation's time
 * stays); nothing for an unknown link. Returns the hash as HGETALL does.
 */
const REVOKE = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {}
end
redis.call('HSETNX', KEYS[1], '${REVOKED_AT}', ARGV[1])
return redis.call('HGETALL', KEYS[1])
`);

/**
 * Links in Redis, shared by every instance: each link a hash of its own (`wb:link:<id>`: the link
 * as created, and when it was revoked), each room an index of its link ids by creation time.
 */
export class RedisLinkStore implements LinkStore {
  readonly #client: RedisClient;

  constructor(client: RedisClient) {
    this.#client = client;
  }

  async create(link: NewLink, now: number): Promise<Link> {
    const stored = newLinkRecord(link, now);
    // The link first, then the index: a crash between leaves a working link that is not listed.
    await this.#client.hset(linkKey(stored.id), LINK, JSON.stringify(stored));
    await this.#client.zadd(roomKeys(stored.room).links, now, stored.id);
    return stored;
  }

  async get(id: string): Promise<Link | undefined> {
    return decodeLink(id, await this.#client.hgetall(linkKey(id)));
  }

  async list(room: string, now: number): Promise<Link[]> {
    const ids = await this.#client.zrange(roomKeys(room).links, 0, -1);
    const links = await Promise.all(ids.map((id) => this.get(id)));
    return links.filter(
      (link): link is Link => link !== undefined && linkStatus(link, now) === 'live',
    );
  }

  async revoke(id: string, now: number): Promise<Link | undefined> {
    const reply = await REVOKE.run(this.#client, [linkKey(id)], [now]);
    if (!Array.isArray(reply)) throw new Error(`unexpected reply revoking link ${id}`);
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < reply.length; i += 2) {
      fields[String(reply[i])] = String(reply[i + 1]);
    }
    return decodeLink(id, fields);
  }
}

/** A link's hash back into a Link; a hash that is not one is a storage fault, said so. */
function decodeLink(id: string, fields: Record<string, string>): Link | undefined {
  const json = fields[LINK];
  if (json === undefined) return undefined;
  const parsed: unknown = JSON.parse(json);
  if (!isLink(parsed) || parsed.id !== id) {
    throw new Error(`stored link record ${id} is malformed: ${json.slice(0, 200)}`);
  }
  const revokedAt = fields[REVOKED_AT];
  if (revokedAt === undefined) return parsed;
  const at = Number(revokedAt);
  if (!Number.isFinite(at)) throw new Error(`stored link ${id} has a bad revocation time`);
  return { ...parsed, state: { kind: 'revoked', at } };
}
