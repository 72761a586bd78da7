import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SnapshotAheadError } from '../storage/doc-store.ts';
import { startRedis, type RedisServer } from '../test-support/redis.ts';
import { startNodeProcess } from '../test-support/relay-process.ts';
import { roomKeys } from './keys.ts';
import { connectRedis, flushAll, type RedisClient } from './redis-client.ts';
import {
  RedisDocStore,
  type CompactionStage,
  type RedisDocStoreOptions,
} from './redis-doc-store.ts';

/** A board's worth of text edits, and the text they make. */
function edits(count: number): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) doc.getText('t').insert(i, String(i % 10));
  return { updates, text: doc.getText('t').toString() };
}

function replay(updates: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

const snapshotOf = (updates: readonly Uint8Array[]) => Y.encodeStateAsUpdate(replayDoc(updates));
function replayDoc(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

const LEASE_TTL_MS = 300;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('compacting one room from several instances', () => {
  let server: RedisServer;
  const opened: { store: RedisDocStore; client: RedisClient }[] = [];
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(() => server.cleanup());
  afterEach(async () => {
    for (const { store } of opened.splice(0)) await store.close();
    const admin = await connectRedis(server.url);
    await flushAll(admin);
    admin.disconnect();
  });

  async function instance(name: string, options: RedisDocStoreOptions = {}) {
    const client = await connectRedis(server.url);
    const store = new RedisDocStore(client, {
      instance: name,
      leaseTtlMs: LEASE_TTL_MS,
      ...options,
    });
    opened.push({ store, client });
    return { store, client };
  }

  /**
   * After a compactor died holding the lease: the survivor is refused ('busy') until the lease
   * runs out by its ttl, then compacts, trims the whole log, and the room still holds `text`.
   */
  async function compactsOnceLeaseLapses(
    survivor: Awaited<ReturnType<typeof instance>>,
    updates: readonly Uint8Array[],
    end: number,
    text: string,
  ): Promise<void> {
    let outcome = 'busy';
    for (let tries = 0; outcome === 'busy' && tries < 100; tries++) {
      outcome = await survivor.store.compactUnderLease('room', snapshotOf(updates), end);
      if (outcome === 'busy') await pause(LEASE_TTL_MS / 3);
    }
    expect(outcome).toBe('compacted');
    expect(await survivor.client.xlen(roomKeys('room').log)).toBe(0);
    expect(replay((await survivor.store.load('room')).updates)).toBe(text);
  }

  it('never lets two instances compact a room at once, even past the lease time', async () => {
    let compacting = 0;
    let most = 0;
    let hold: (() => void) | null = null;
    const held = new Promise<void>((resolve) => (hold = resolve));
    const stage = (first: boolean) => async (_room: string, stage: CompactionStage) => {
      if (stage === 'leased') most = Math.max(most, ++compacting);
      // The first compaction stays half way, three lease times long: its renewals keep it.
      if (stage === 'snapshot-stored' && first) await held;
      if (stage === 'trimmed') compacting -= 1;
    };
    const a = await instance('a', { onCompactionStage: stage(true) });
    const b = await instance('b', { onCompactionStage: stage(false) });
    const { updates, text } = edits(40);
    const half = await a.store.append('room', updates.slice(0, 20));
    const slow = a.store.compactUnderLease('room', snapshotOf(updates.slice(0, 20)), half);
    const all = await b.store.append('room', updates.slice(20));
    const tries: string[] = [];
    for (let i = 0; i < 6; i++) {
      tries.push(await b.store.compactUnderLease('room', snapshotOf(updates), all));
      await pause(LEASE_TTL_MS / 2);
    }
    expect(tries, 'the other instance found the lease held every time').toEqual(
      Array(6).fill('busy'),
    );
    hold!();
    expect(await slow).toBe('compacted');
    expect(await b.store.compactUnderLease('room', snapshotOf(updates), all)).toBe('compacted');
    expect(most).toBe(1);
    const loaded = await b.store.load('room');
    expect(loaded).toMatchObject({ end: all, tailCount: 0 });
    expect(replay(loaded.updates)).toBe(text);
  });

  it('races many compactions of one room from two instances, one at a time, losing nothing', async () => {
    let compacting = 0;
    let most = 0;
    const stage = async (_room: string, stage: CompactionStage) => {
      if (stage === 'leased') most = Math.max(most, ++compacting);
      if (stage === 'snapshot-stored') await pause(1);
      if (stage === 'trimmed') compacting -= 1;
    };
    const a = await instance('a', { onCompactionStage: stage });
    const b = await instance('b', { onCompactionStage: stage });
    const { updates, text } = edits(60);
    const outcomes: string[] = [];
    for (let i = 0; i < 60; i += 6) {
      const end = await (i % 12 === 0 ? a : b).store.append('room', updates.slice(i, i + 6));
      const snapshot = snapshotOf(updates.slice(0, i + 6));
      outcomes.push(
        ...(await Promise.all([
          a.store.compactUnderLease('room', snapshot, end),
          b.store.compactUnderLease('room', snapshot, end),
        ])),
      );
    }
    expect(most).toBe(1);
    expect(outcomes).toContain('compacted');
    expect(replay((await a.store.load('room')).updates)).toBe(text);
  });

  it('leaves a loadable room with every update when a compaction dies between storing and trimming', async () => {
    const { updates, text } = edits(30);
    // An instance whose connection is cut right after its snapshot is stored: as kill -9 would,
    // it neither trims nor releases its lease.
    const dying = await instance('dying', {
      onCompactionStage: (_room, stage) => {
        if (stage === 'snapshot-stored') dying.client.disconnect();
      },
    });
    const folded = await dying.store.append('room', updates.slice(0, 20));
    await expect(
      dying.store.compactUnderLease('room', snapshotOf(updates.slice(0, 20)), folded),
    ).rejects.toThrow();

    const survivor = await instance('survivor');
    const end = await survivor.store.append('room', updates.slice(20));
    const keys = roomKeys('room');
    expect(await survivor.client.xlen(keys.log), 'nothing was trimmed').toBe(2);
    const loaded = await survivor.store.load('room');
    expect(loaded, 'the snapshot, then only what it does not hold').toMatchObject({
      end,
      tailCount: 10,
    });
    expect(replay(loaded.updates)).toBe(text);

    // The dead instance's lease runs out; then the room compacts again and is trimmed.
    await compactsOnceLeaseLapses(survivor, updates, end, text);
  });

  it('leaves a loadable room with every update when the compacting process is killed -9 half way', async () => {
    const { updates, text } = edits(30);
    const survivor = await instance('survivor');
    const folded = await survivor.store.append('room', updates.slice(0, 20));
    const compactor = await startNodeProcess({
      args: ['--import', 'tsx', 'server/test-support/redis-compactor.ts'],
      env: {
        REDIS_URL: server.url,
        ROOM: 'room',
        END: String(folded),
        SNAPSHOT: Buffer.from(snapshotOf(updates.slice(0, 20))).toString('base64'),
        LEASE_TTL_MS: String(LEASE_TTL_MS),
      },
      // "Ready" once it stopped half way; the port is not used.
      readiness: {
        portFromLine: (_line, record) => (record?.msg === 'snapshot-stored' ? 1 : null),
      },
    });
    expect(await compactor.kill()).toBe('SIGKILL');

    const end = await survivor.store.append('room', updates.slice(20));
    const keys = roomKeys('room');
    expect(await survivor.client.exists(keys.snap), 'the snapshot was stored').toBe(1);
    expect(await survivor.client.xlen(keys.log), 'nothing was trimmed').toBe(2);
    const loaded = await survivor.store.load('room');
    expect(loaded).toMatchObject({ end, tailCount: 10 });
    expect(replay(loaded.updates)).toBe(text);

    // Its lease dies with it, by the ttl; then the room compacts again.
    await compactsOnceLeaseLapses(survivor, updates, end, text);
  });

  it('tells an instance whose fold is behind the stored snapshot that another folded further', async () => {
    const { updates, text } = edits(20);
    const a = await instance('a');
    const b = await instance('b');
    const behind = await a.store.append('room', updates.slice(0, 10));
    const ahead = await b.store.append('room', updates.slice(10));
    await b.store.compact('room', snapshotOf(updates), ahead);
    await expect(a.store.compact('room', snapshotOf(updates.slice(0, 10)), behind)).rejects.toThrow(
      SnapshotAheadError,
    );
    const loaded = await a.store.load('room');
    expect(loaded).toMatchObject({ end: ahead, tailCount: 0 });
    expect(replay(loaded.updates)).toBe(text);
  });

  it('does not store a snapshot for a holder whose lease ran out and was taken over', async () => {
    const { updates, text } = edits(10);
    const a = await instance('a', {
      // Paused past its lease: another instance's compaction holds the room now.
      onCompactionStage: async (room, stage) => {
        if (stage === 'leased') await a.client.set(roomKeys(room).lease, 'b:1', 'PX', 60_000);
      },
    });
    const end = await a.store.append('room', updates);
    expect(await a.store.compactUnderLease('room', snapshotOf(updates), end)).toBe('busy');
    expect(await a.client.exists(roomKeys('room').snap)).toBe(0);
    expect(await a.client.get(roomKeys('room').lease), "the other holder's lease stays").toBe(
      'b:1',
    );
    expect(replay((await a.store.load('room')).updates)).toBe(text);
  });
});
