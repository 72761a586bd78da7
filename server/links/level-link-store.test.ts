import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LevelStore } from '../storage/level-store.ts';
import { LevelLinkStore } from './level-link-store.ts';
import { describeLinkStore } from './link-store.contract.ts';

describeLinkStore('LevelLinkStore', () => {
  let dir = '';
  let db: LevelStore | null = null;
  const open = async () => {
    db = await LevelStore.open(join(dir, 'db'));
    return new LevelLinkStore(db.table('links'));
  };
  return {
    async create() {
      dir = await mkdtemp(join(tmpdir(), 'wb-links-'));
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
