/**
 * Where rooms:copy reads or writes rooms, as given on its command line:
 *   leveldb:<folder>               a relay's DATA_DIR (no relay may hold it open meanwhile)
 *   redis://… or rediss://…        what REDIS_URL takes: a single Redis or one node of a Cluster
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
    return { kind: 'leveldb', dir };
  }
  if (/^rediss?:\/\//.test(text)) {
    try {
      new URL(text);
    } catch {
      throw new LocationError(`${option}: not a URL: ${text}`);
    }
    return { kind: 'redis', url: text };
  }
  throw new LocationError(`${option}: ${text} is neither leveldb:<folder> nor redis://…`);
}

/** The location without a password (redis://:secret@host keeps only redis://…@host). */
export function describeLocation(location: RoomLocation): string {
  if (location.kind === 'leveldb') return `leveldb:${location.dir}`;
  const url = new URL(location.url);
  if (url.password !== '' || url.username !== '') {
    url.username = '';
    url.password = '';
    return url.toString().replace('://', '://…@');
  }
  return url.toString();
}
