import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { DocStore } from './doc-store.ts';
import { describeDocStore } from './doc-store.contract.ts';
import { LevelStore } from './level-store.ts';

describeDocStore('LevelStore', () => {
  const dirs: string[] = [];
  let location = '';
  return {
    async create() {
      const dir = await mkdtemp(join(tmpdir(), 'wb-level-'));
      dirs.push(dir);
      location = join(dir, 'db');
      return LevelStore.open(location);
    },
    async reopen(store: DocStore) {
      await store.close();
      return LevelStore.open(location);
    },
    async cleanup() {
      for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
    },
  };
});

it('refuses to open a folder another process holds, rather than starting empty', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wb-level-'));
  const first = await LevelStore.open(join(dir, 'db'));
  await expect(LevelStore.open(join(dir, 'db'))).rejects.toThrow();
  await first.close();
  await rm(dir, { recursive: true, force: true });
});
