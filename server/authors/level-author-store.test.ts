import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LevelStore } from '../storage/level-store.ts';
import { describeAuthorStore } from './author-store.contract.ts';
import { LevelAuthorStore } from './level-author-store.ts';

describeAuthorStore('LevelAuthorStore', () => {
  let dir = '';
  let db: LevelStore | null = null;
  const open = async () => {
    db = await LevelStore.open(join(dir, 'db'));
    return new LevelAuthorStore(db.table('authors'));
  };
  return {
    async create() {
      dir = await mkdtemp(join(tmpdir(), 'wb-authors-'));
      return open();
    },
    async reopen() {
      await db?.close();
      return open();
    },
    async cleanup() {
      await db?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
