import { resolve } from 'node:path';
import { parseRedisUrl } from '../redis/redis-client.ts';

/**
 * Where rooms:copy reads or writes rooms, as given on its command line:
 *   leveldb:<folder>                           a relay's DATA_DIR (no relay may hold it open)
 *   redis://[user:password@]host[:port]        one Redis, or any node of a Redis Cluster (the
 *   rediss://…                                 whole Cluster is found from it); TLS with rediss
 */
export type RoomLocation =
  | { readonly kind: 'leveldb'; readonly dir: string }
  | { readonly kind: 'redis'; readonly url: string };

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
  if (/^rediss?:\/\//.test(text)) {
    try {
      parseRedisUrl(text);
    } catch (error) {
      if (error instanceof RangeError) throw new LocationError(`${option}: ${error.message}`);
      throw error;
    }
    return { kind: 'redis', url: text };
  }
  throw new LocationError(`${option}: neither leveldb:<folder> nor redis://host:port`);
}

/** The location fit for output: a Redis password never appears. */
export function describeLocation(location: RoomLocation): string {
  if (location.kind === 'leveldb') return `leveldb:${location.dir}`;
  const { host, port, tls } = parseRedisUrl(location.url);
  return `${tls ? 'rediss' : 'redis'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Whether two locations name the same place (a copy onto itself would verify trivially). */
export const samePlace = (a: RoomLocation, b: RoomLocation): boolean =>
  describeLocation(a) === describeLocation(b);
