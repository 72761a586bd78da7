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

it('settles every append queued behind a write when the store closes, and keeps what it said it stored', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wb-level-'));
  const location = join(dir, 'db');
  const store = await LevelStore.open(location);
  const update = (n: number) => Uint8Array.of(n);
  // The first append goes to LevelDB at once; the others queue behind it for the next batch.
  const appends = [
    store.append('a', 0, [update(1)]),
    store.append('b', 0, [update(2)]),
    store.append('a', 1, [update(3)]),
  ];
  const closed = store.close();
  const outcomes = await Promise.allSettled(appends);
  await closed;

  const reopened = await LevelStore.open(location);
  const held = { a: (await reopened.load('a')).updates, b: (await reopened.load('b')).updates };
  await reopened.close();
  await rm(dir, { recursive: true, force: true });
  const stored = (room: 'a' | 'b', value: number) =>
    held[room].some((entry) => entry.length === 1 && entry[0] === value);
  const expected = [stored('a', 1), stored('b', 2), stored('a', 3)];
  // An append reported stored must be there; one that failed must say so rather than hang.
  outcomes.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') expect(expected[i], `append ${i}`).toBe(true);
    else expect(outcome.reason).toBeInstanceOf(Error);
  });
});
