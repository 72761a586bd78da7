/**
 * A contract suite's harness for a store kept in a table of a real LevelStore, in a fresh
 * folder: made, reopened from the same files (what a restart keeps), and removed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LevelStore } from '../storage/level-store.ts';
import type { KeyedTable } from '../storage/keyed-table.ts';

export interface ReopeningHarness<T> {
  create(): Promise<T>;
  reopen(): Promise<T>;
  cleanup(): Promise<void>;
}

export function levelTableHarness<T>(
  table: string,
  make: (table: KeyedTable) => T,
): ReopeningHarness<T> {
  let dir = '';
  let db: LevelStore | null = null;
  const open = async () => {
    db = await LevelStore.open(join(dir, 'db'));
    return make(db.table(table));
  };
  return {
    async create() {
      dir = await mkdtemp(join(tmpdir(), `wb-${table}-`));
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
}
