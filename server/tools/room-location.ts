import { resolve } from 'node:path';
import {
  describeRedisTarget,
  parseRedisTarget,
  RedisTargetError,
  type RedisTarget,
} from '../redis/redis-target.ts';

/**
 * Where rooms:copy reads or writes rooms, as given on its command line:
 *   leveldb:<folder>                                a relay's DATA_DIR (no relay may hold it open)
 *   redis://host:port, redis://host:port,host:port  what REDIS_URL takes (redis/redis-target.ts):
 *   redis-cluster://host:port                       one Redis, or a Redis Cluster
 */
export type RoomLocation =
  | { readonly kind: 'leveldb'; readonly dir: string }
  | { readonly kind: 'redis'; readonly target: RedisTarget };

export class LocationError extends Error {
  override name = 'LocationError';
}

export function parseLocation(option: string, text: string | undefined): RoomLocation {
  if (text === undefined || text === '') {
    throw new LocationError(`${option}: missing (leveldb:<folder> or redis://host:port)`);
  }
  if (text.startsWith('leveldb:')) {
    const dir = text.slice('leveldb:'.length);
    if (dir === '') throw new LocationError(`${option}: leveldb: needs a folder`);
    return { kind: 'leveldb', dir: resolve(dir) };
  }
  if (/^redis(-cluster)?:\/\//.test(text)) {
    try {
      return { kind: 'redis', target: parseRedisTarget(text) };
    } catch (error) {
      if (error instanceof RedisTargetError) throw new LocationError(`${option}: ${error.message}`);
      throw error;
    }
  }
  throw new LocationError(`${option}: neither leveldb:<folder> nor redis://host:port`);
}

export const describeLocation = (location: RoomLocation): string =>
  location.kind === 'leveldb' ? `leveldb:${location.dir}` : describeRedisTarget(location.target);

/** Whether two locations name the same place (a copy onto itself would verify trivially). */
export const samePlace = (a: RoomLocation, b: RoomLocation): boolean =>
  describeLocation(a) === describeLocation(b);
