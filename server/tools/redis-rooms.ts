import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from '../redis/redis-client.ts';

/**
 * Every room a Redis (or each master of a Redis Cluster) holds anything of: a log stream or a
 * snapshot (redis/keys.ts), found with SCAN, never KEYS (which would block the server). For
 * tools (rooms:copy), not the relay. SCAN may return a key twice; each room is named once.
 */
const ROOM_KEY = /^wb:\{([A-Za-z0-9_-]+)\}:(?:log|snap)$/;
/** Keys a SCAN call looks at: large enough to cross a big keyspace in few round trips. */
const SCAN_COUNT = 1000;

export async function redisRooms(client: RedisClient): Promise<string[]> {
  const servers: Redis[] = client instanceof Cluster ? client.nodes('master') : [client];
  const rooms = new Set<string>();
  for (const server of servers) {
    for (const match of ['wb:{*}:log', 'wb:{*}:snap']) {
      // The stream yields batches of keys (ioredis types them loosely).
      for await (const batch of server.scanStream({ match, count: SCAN_COUNT })) {
        const keys: readonly string[] = batch;
        for (const key of keys) {
          const room = ROOM_KEY.exec(key)?.[1];
          if (room !== undefined) rooms.add(room);
        }
      }
    }
  }
  return [...rooms].sort();
}
