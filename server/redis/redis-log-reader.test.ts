import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startRedis, type RedisServer } from '../test-support/redis.ts';
import { roomKeys } from './keys.ts';
import { LogEntryError } from './log-entry.ts';
import { connectRedis, flushAll } from './redis-client.ts';
import { RedisDocStore } from './redis-doc-store.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);
const plain = (updates: readonly Uint8Array[]) => updates.map((update) => Array.from(update));

describe('reading a room on from where a load ended (another instance keeping it open)', () => {
  let server: RedisServer;
  const stores: RedisDocStore[] = [];
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(() => server.cleanup());
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    const admin = await connectRedis(server.url);
    await flushAll(admin);
    admin.disconnect();
  });
  const instance = async (name: string) => {
    const store = new RedisDocStore(await connectRedis(server.url), { instance: name });
    stores.push(store);
    return store;
  };

  it("hands over the other instance's entries after the load, with their writer and bindings", async () => {
    const a = await instance('a');
    const b = await instance('b');
    await a.append('room', [bytes(1)]);
    const loaded = await b.load('room');
    expect(await b.readAfter('room', loaded.end)).toEqual({
      kind: 'entries',
      entries: [],
      end: loaded.end,
    });

    const bindings = [{ client: 4_294_967_295, key: 'sub:ada' }];
    const first = await a.append('room', [bytes(2), bytes(3, 3)], bindings);
    const second = await b.append('room', [bytes(4)]);
    const tail = await b.readAfter('room', loaded.end);
    if (tail.kind !== 'entries') throw new Error(tail.kind);
    // Stamped by Redis' clock, one for every instance.
    const admin = await connectRedis(server.url);
    const redisSeconds = Number((await admin.time())[0]);
    admin.disconnect();
    for (const { storedAt } of tail.entries) {
      expect(Math.abs((storedAt ?? 0) / 1000 - redisSeconds)).toBeLessThan(60);
    }
    expect(tail.end).toBe(second);
    expect(
      tail.entries.map(({ position, instance, updates, bindings, storedAt }) => ({
        storedAt: typeof storedAt,
        position,
        instance,
        updates: plain(updates),
        bindings,
      })),
    ).toEqual([
      { storedAt: 'number', position: first - 1, instance: 'a', updates: [[2], [3, 3]], bindings },
      { storedAt: 'number', position: second - 1, instance: 'b', updates: [[4]], bindings: [] },
    ]);
  });

  it('reads a long tail in batches, each going on from the last', async () => {
    const a = await instance('a');
    for (let i = 0; i < 7; i++) await a.append('room', [bytes(i)]);
    const seen: number[][] = [];
    let end = 0;
    for (;;) {
      const tail = await a.readAfter('room', end, 3);
      if (tail.kind !== 'entries') throw new Error(tail.kind);
      if (tail.entries.length === 0) break;
      seen.push(...tail.entries.flatMap((entry) => plain(entry.updates)));
      end = tail.end;
    }
    expect(seen).toEqual([[0], [1], [2], [3], [4], [5], [6]]);
  });

  it('tells a reader that fell behind a compaction to load the room again', async () => {
    const a = await instance('a');
    const b = await instance('b');
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getText('t').insert(0, 'hello');
    await a.append('room', updates.slice());
    const behind = (await b.load('room')).end;
    doc.getText('t').insert(5, ' world');
    const end = await a.append('room', updates.slice(1));
    await a.compact('room', Y.encodeStateAsUpdate(doc), end);
    expect(await b.readAfter('room', behind)).toEqual({ kind: 'trimmed' });
    const again = new Y.Doc();
    for (const update of (await b.load('room')).updates) Y.applyUpdate(again, update);
    expect(again.getText('t').toString()).toBe('hello world');
  });

  it('refuses to load a room whose log holds an entry it could not have written, rather than part of it', async () => {
    const a = await instance('a');
    await a.append('room', [bytes(1)]);
    const admin = await connectRedis(server.url);
    await admin.xadd(roomKeys('room').log, '5-0', 'u', 'not an update blob', 'i', 'someone');
    await admin.xadd(roomKeys('other').log, '1700000000000-0', 'u', '', 'i', 'x');
    admin.disconnect();
    await expect(a.load('room')).rejects.toThrow(LogEntryError);
    await expect(a.readAfter('room', 0)).rejects.toThrow(LogEntryError);
    await expect(a.load('other')).rejects.toThrow(LogEntryError);
  });
});
