import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { afterEach, describe, expect, it, type TestContext } from 'vitest';
import { Tmpfs } from '../test-support/tmpfs.ts';
import { StoreUnavailableError, type DocStore, type StoreHealth } from './doc-store.ts';
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
    // One process per folder: a second writer of the same data goes through the same store.
    anotherWriter: (store: DocStore) => store,
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

it('lists every room that holds anything once, names that share a beginning included', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wb-level-'));
  const store = await LevelStore.open(join(dir, 'db'));
  for (const room of ['ab', 'a', 'a-b', 'b_']) {
    await store.append(room, [Uint8Array.of(1), Uint8Array.of(2)]);
  }
  // A room folded into a snapshot with no log after it is still a room.
  const end = await store.append('folded', [Uint8Array.of(3)]);
  await store.compact('folded', Uint8Array.of(3), end);
  // Records of other tables are no rooms.
  await store.table('links').put([{ key: 'zz!1', value: Uint8Array.of(0) }]);

  const rooms: string[] = [];
  for await (const room of store.rooms()) rooms.push(room);
  await store.close();
  await rm(dir, { recursive: true, force: true });
  expect(rooms).toEqual(['a', 'a-b', 'ab', 'b_', 'folded']);
});

it('settles every append queued behind a write when the store closes, and keeps what it said it stored', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wb-level-'));
  const location = join(dir, 'db');
  const store = await LevelStore.open(location);
  const update = (n: number) => Uint8Array.of(n);
  // The first append goes to LevelDB at once; the others queue behind it for the next batch.
  const appends = [
    store.append('a', [update(1)]),
    store.append('b', [update(2)]),
    store.append('a', [update(3)]),
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

it('numbers appends to a folder written before it kept a counter past everything stored there', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wb-level-'));
  const location = join(dir, 'db');
  // The layout of before: each room's log numbered from 0, a snapshot naming where it ends.
  const old = new Level<string, Uint8Array>(location, { valueEncoding: 'view' });
  await old.batch([
    { type: 'put', key: 'r!a!l!000000000000', value: Uint8Array.of(1) },
    { type: 'put', key: 'r!a!l!000000000001', value: Uint8Array.of(2) },
    // Room b's log was folded up to 7, and nothing followed.
    { type: 'put', key: 'r!b!s', value: Uint8Array.of(7, 1, 9) },
  ]);
  await old.close();
  const store = await LevelStore.open(location);
  // One counter for the folder, resumed past 7: the end of b's snapshot, the furthest of all.
  expect(await store.append('a', [Uint8Array.of(3)])).toBe(8);
  expect(await store.append('b', [Uint8Array.of(4)])).toBe(9);
  await store.close();
  const reopened = await LevelStore.open(location);
  const a = await reopened.load('a');
  const b = await reopened.load('b');
  expect(await reopened.append('a', [Uint8Array.of(5)])).toBe(10);
  await reopened.close();
  await rm(dir, { recursive: true, force: true });
  expect(a.updates.map((update) => update[0])).toEqual([1, 2, 3]);
  expect(b.updates.map((update) => Array.from(update))).toEqual([[9], [4]]);
});

describe('LevelStore on a file system that fails', () => {
  const mounts: Tmpfs[] = [];
  afterEach(async () => {
    for (const mount of mounts.splice(0)) await mount.unmount();
  });

  async function smallDisk(ctx: TestContext): Promise<Tmpfs> {
    const disk = await Tmpfs.mount(8 * 1024 * 1024);
    if ('cannotMount' in disk) return ctx.skip(disk.cannotMount);
    mounts.push(disk);
    return disk;
  }

  const entry = (seq: number) => new Uint8Array(1000).fill(seq & 0xff);
  const entries = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => entry(from + i));

  it('refuses everything after a failed write until it has reopened, and keeps every write it acknowledged', async (ctx) => {
    const disk = await smallDisk(ctx);
    const location = join(disk.path, 'db');
    const changes: StoreHealth[] = [];
    const store = await LevelStore.open(location, { onHealthChange: (h) => changes.push(h) });
    await store.append('r', entries(0, 20));
    await disk.fill();
    // What is left of the log file's last page takes a few entries; then one fails.
    let seq = 20;
    const failure = await (async () => {
      for (;;) {
        try {
          await store.append('r', [entry(seq)]);
          seq += 1;
        } catch (error) {
          return error;
        }
      }
    })();
    expect(failure).toBeInstanceOf(Error);
    expect(store.health).not.toBe('open');
    await expect(store.append('r', [entry(seq)])).rejects.toThrow(StoreUnavailableError);
    await expect(store.load('r')).rejects.toThrow(StoreUnavailableError);
    await expect(store.compact('r', entry(0), seq)).rejects.toThrow(StoreUnavailableError);

    await disk.free();
    await expect.poll(() => store.health, { timeout: 10_000 }).toBe('open');
    // The failed entry is sent again, as a room's clients do after its write failed.
    await store.append('r', entries(seq, 5));
    await store.close();
    expect(changes.slice(0, 2)).toEqual(['failed', 'reopening']);
    expect(changes.slice(-2)).toEqual(['open', 'closed']);

    const reopened = await LevelStore.open(location);
    const loaded = await reopened.load('r');
    await reopened.close();
    expect(loaded.tailCount).toBe(seq + 5);
    expect(loaded.updates.map((update) => update[0])).toEqual(
      entries(0, seq + 5).map((update) => update[0]),
    );
  });

  it('keeps every entry when a compaction finds no space', async (ctx) => {
    const disk = await smallDisk(ctx);
    const location = join(disk.path, 'db');
    const store = await LevelStore.open(location);
    const end = await store.append('r', entries(0, 50));
    await disk.fill();
    await expect(store.compact('r', new Uint8Array(64 * 1024), end)).rejects.toThrow();
    await disk.free();
    await expect.poll(() => store.health, { timeout: 10_000 }).toBe('open');
    const loaded = await store.load('r');
    await store.close();
    expect(loaded.snapshotBytes).toBe(0);
    expect(loaded.updates.map((update) => update[0])).toEqual(
      entries(0, 50).map((update) => update[0]),
    );
  });

  it('names EROFS when its folder is on a read-only file system', async (ctx) => {
    const disk = await smallDisk(ctx);
    await mkdir(join(disk.path, 'existing'));
    await disk.remountReadOnly();
    // Node's recursive mkdir said ENOENT here, and LevelDB named only its lock file.
    await expect(LevelStore.open(join(disk.path, 'missing', 'db'))).rejects.toThrow(
      /EROFS: read-only file system, mkdir/,
    );
    await expect(LevelStore.open(join(disk.path, 'existing'))).rejects.toThrow(
      /EROFS: read-only file system, access/,
    );
  });
});
