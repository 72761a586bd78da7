import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test-support/relay-process.ts';
import {
  startRedis,
  startRedisCluster,
  type RedisCluster,
  type RedisServer,
} from '../test-support/redis.ts';
import { roomKeys } from './keys.ts';
import { connectRedis, parseRedisUrl } from './redis-client.ts';

describe('REDIS_URL', () => {
  it('reads host, port, credentials, TLS and the database', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380')).toEqual({
      host: '127.0.0.1',
      port: 6380,
      tls: false,
      db: 0,
    });
    expect(parseRedisUrl('redis://127.0.0.1:6380/3')).toMatchObject({ db: 3 });
    expect(parseRedisUrl('rediss://user:p%40ss@cache.internal')).toEqual({
      host: 'cache.internal',
      port: 6379,
      username: 'user',
      password: 'p@ss',
      tls: true,
      db: 0,
    });
    expect(parseRedisUrl('redis://[::1]:7000')).toMatchObject({ host: '::1', port: 7000 });
  });

  it.each([
    '',
    '127.0.0.1:6379',
    'http://127.0.0.1:6379',
    'redis://',
    'redis://h/x',
    'redis://h/1/2',
    'redis://h?db=1',
  ])('refuses %j', (url) => {
    expect(() => parseRedisUrl(url)).toThrow(RangeError);
  });

  it('never repeats a password in its refusals', () => {
    expect(() => parseRedisUrl('redis://u:s3cret@h/x')).toThrow(/^(?!.*s3cret)/);
  });
});

describe('connecting', () => {
  let single: RedisServer;
  let cluster: RedisCluster;
  beforeAll(async () => {
    [single, cluster] = await Promise.all([startRedis(), startRedisCluster()]);
  });
  afterAll(async () => {
    await Promise.all([single.cleanup(), cluster.cleanup()]);
  });

  it('talks to one server as one, and to a cluster node as the whole Cluster', async () => {
    const one = await connectRedis(single.url);
    expect(one).toBeInstanceOf(Redis);
    one.disconnect();
    const all = await connectRedis(cluster.url);
    expect(all).toBeInstanceOf(Cluster);
    if (!(all instanceof Cluster)) return;
    expect(all.nodes('master')).toHaveLength(3);
    // Every key of a room in one slot, so one script may use them all; rooms spread over slots.
    const slotOf = async (key: string) => Number(await all.cluster('KEYSLOT', key));
    const slots = await Promise.all(Object.values(roomKeys('studio')).map(slotOf));
    expect(new Set(slots).size).toBe(1);
    const rooms = await Promise.all(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((room) => slotOf(roomKeys(room).log)),
    );
    expect(new Set(rooms).size).toBeGreaterThan(1);
    all.disconnect();
  });

  it('rejects when nothing answers, and leaves no connection retrying', async () => {
    await expect(connectRedis(`redis://127.0.0.1:${await freePort()}`)).rejects.toThrow();
  });
});
