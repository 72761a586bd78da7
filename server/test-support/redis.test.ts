import { Cluster, Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedis, startRedisCluster, type RedisCluster, type RedisServer } from './redis.ts';

describe('test Redis servers', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const track = <T extends RedisServer | RedisCluster>(started: T): T => {
    cleanups.push(() => started.cleanup());
    return started;
  };

  it('keeps what it acknowledged across kill -9 and a restart on the same folder and port', async () => {
    let server = track(await startRedis({ appendonly: true, appendfsync: 'always' }));
    const client = new Redis(server.port, '127.0.0.1', { lazyConnect: true });
    await client.connect();
    await client.set('k', 'v');
    client.disconnect();
    await server.kill();
    server = await server.restart();
    cleanups.push(() => server.cleanup());
    const again = new Redis(server.url);
    expect(await again.get('k')).toBe('v');
    again.disconnect();
  });

  it('starts a three-master cluster serving every slot', async () => {
    const cluster = track(await startRedisCluster());
    const client = new Cluster([...cluster.seeds]);
    // Keys in three different slots, reached through one client.
    await Promise.all(['a', 'b', 'c'].map((key) => client.set(key, key)));
    expect(await Promise.all(['a', 'b', 'c'].map((key) => client.get(key)))).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(client.nodes('master')).toHaveLength(3);
    await client.quit();
  });
});
