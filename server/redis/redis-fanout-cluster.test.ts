import { afterAll, beforeAll } from 'vitest';
import { silentLogger } from '../observability/logger.ts';
import type { FanoutBus } from '../rooms/room-fanout.ts';
import { describeRoomFanout } from '../rooms/room-fanout.contract.ts';
import { startRedisCluster, type RedisCluster } from '../test-support/redis.ts';
import { roomKeys } from './keys.ts';
import { FIELD_INSTANCE, FIELD_UPDATES, encodeUpdates } from './log-entry.ts';
import { connectRedis, flushAll, type RedisClient } from './redis-client.ts';
import { RedisFanoutBus } from './redis-fanout.ts';

let cluster: RedisCluster;
let admin: RedisClient;

beforeAll(async () => {
  cluster = await startRedisCluster();
  admin = await connectRedis(cluster.url);
}, 60_000);

afterAll(async () => {
  admin?.disconnect();
  await cluster?.cleanup();
});

/** An append as the Redis DocStore writes it: counter and entry in one script, one slot. */
const APPEND = `
local n = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[2], n .. '-0', '${FIELD_UPDATES}', ARGV[1], '${FIELD_INSTANCE}', ARGV[2])
return n`;

async function append(instance: string, room: string, updates: readonly Uint8Array[]) {
  const keys = roomKeys(room);
  const blob = Buffer.from(encodeUpdates(updates));
  return Number(await admin.eval(APPEND, 2, keys.seq, keys.log, blob, instance)) + 1;
}

describeRoomFanout('RedisFanoutBus, instances on a three-master Redis Cluster', () => {
  const buses: RedisFanoutBus[] = [];
  return {
    create: async () => {
      const bus = await RedisFanoutBus.open(
        {
          command: await connectRedis(cluster.url),
          subscriber: await connectRedis(cluster.url, { subscriber: true }),
          reader: await connectRedis(cluster.url),
        },
        { instance: RedisFanoutBus.newInstanceId(), logger: silentLogger },
      );
      buses.push(bus);
      return bus;
    },
    store: (bus: FanoutBus, room, updates) =>
      append((bus as RedisFanoutBus).instance, room, updates),
    settle: async () => {
      await Promise.all(buses.map((bus) => bus.published()));
      await Promise.all(buses.map((bus) => bus.settled()));
    },
    cleanup: async () => {
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
      await flushAll(admin);
    },
  };
});
