import { LevelAuthorStore } from '../authors/level-author-store.ts';
import { LevelStore } from '../storage/level-store.ts';
import type { RoomsPlace } from './copy-rooms-core.ts';
import type { RoomLocation } from './room-location.ts';

/** Opens one side of a copy; rejects with the cause (a LevelDB folder a relay holds is locked). */
export async function openPlace(location: RoomLocation): Promise<RoomsPlace> {
  switch (location.kind) {
    case 'leveldb':
      return levelPlace(await LevelStore.open(location.dir));
    case 'redis':
      throw new Error('redis:// is not wired yet');
  }
}

function levelPlace(store: LevelStore): RoomsPlace {
  return {
    store,
    // The relay's own tables (app.ts): the same folder holds rooms and their authors.
    authors: new LevelAuthorStore(store.table('authors')),
    rooms: () => store.rooms(),
    close: () => store.close(),
  };
}
