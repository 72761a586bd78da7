import { LevelAuthorStore } from '../authors/level-author-store.ts';
import { RedisAuthorStore } from '../redis/redis-author-store.ts';
import { connectRedis } from '../redis/redis-client.ts';
import { RedisDocStore } from '../redis/redis-doc-store.ts';
import { LevelStore } from '../storage/level-store.ts';
import type { RoomsPlace } from './copy-rooms-core.ts';
import { redisRooms } from './redis-rooms.ts';
import type { RoomLocation } from './room-location.ts';

/**
 * Opens one side of a copy with the relay's own stores, so a copy reads and writes exactly what
 * a relay would. Rejects with the cause: a LevelDB folder a relay holds is locked, a Redis that
 * does not answer is refused.
 */
export async function openPlace(location: RoomLocation): Promise<RoomsPlace> {
  switch (location.kind) {
    case 'leveldb': {
      const store = await LevelStore.open(location.dir);
      return {
        store,
        // The relay's own tables (app.ts): the folder holds rooms and their authors.
        authors: new LevelAuthorStore(store.table('authors')),
        rooms: () => store.rooms(),
        close: () => store.close(),
      };
    }
    case 'redis': {
      const client = await connectRedis(location.url);
      // The store takes the connection over: closing it closes the connection.
      const store = new RedisDocStore(client);
      return {
        store,
        authors: new RedisAuthorStore(client),
        rooms: () => inOrder(redisRooms(client)),
        close: () => store.close(),
      };
    }
  }
}

async function* inOrder(rooms: Promise<readonly string[]>): AsyncGenerator<string> {
  yield* await rooms;
}
