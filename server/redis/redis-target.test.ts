import { describe, expect, it } from 'vitest';
import { RedisTargetError, describeRedisTarget, parseRedisTarget } from './redis-target.ts';

describe('REDIS_URL', () => {
  it('names one server, or a cluster by a list of nodes or its own scheme', () => {
    expect(parseRedisTarget('redis://127.0.0.1:6380')).toEqual({
      kind: 'single',
      node: { host: '127.0.0.1', port: 6380 },
      db: 0,
      url: 'redis://127.0.0.1:6380',
    });
    expect(parseRedisTarget('rediss://user:secret@redis/2')).toEqual({
      kind: 'single',
      node: { host: 'redis', port: 6379 },
      db: 2,
      url: 'rediss://user:secret@redis/2',
    });
    expect(parseRedisTarget('redis://a:7000,b:7001,[::1]:7002')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 7001 },
        { host: '::1', port: 7002 },
      ],
    });
    const one = parseRedisTarget('redis-cluster://10.0.0.5:7000');
    expect(one).toEqual({ kind: 'cluster', nodes: [{ host: '10.0.0.5', port: 7000 }] });
    expect(describeRedisTarget(one)).toBe('redis-cluster://10.0.0.5:7000');
  });

  it('refuses what it cannot connect to as meant, without echoing credentials; only one server takes them', () => {
    for (const bad of [
      'http://x:1',
      'redis://',
      'redis://user:secret@a:1,b:2',
      'redis://host:99999',
      'redis-cluster://a:1/3',
      'redis://a b:1',
    ]) {
      expect(() => parseRedisTarget(bad), bad).toThrow(RedisTargetError);
    }
    try {
      parseRedisTarget('redis://user:secret@a:1,b:2');
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });
});
