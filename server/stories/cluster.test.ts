import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSyncUpdate } from '../protocol/messages.ts';
import { roomKeys } from '../redis/keys.ts';
import { connectRedis, flushAll, type RedisClient } from '../redis/redis-client.ts';
import { clearBoard } from '../../web/src/model/strokes.ts';
import { api } from '../test-support/api.ts';
import { drawStrokes } from '../test-support/boards.ts';
import { stockClient, synced, waitFor, type StockClient } from '../test-support/clients.ts';
import { isSyncStep2, syncStep1Frame } from '../test-support/frames.ts';
import { RawSocket } from '../test-support/raw-socket.ts';
import { startRedis, startRedisCluster } from '../test-support/redis.ts';
import { closedFor, scrapeMetrics } from '../test-support/relay-harness.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';

/**
 * Several relay instances on one Redis (issue 12): three servers in this process, each with
 * REDIS_URL, stand for three machines behind a load balancer; stock y-websocket clients connect
 * to whichever instance they like.
 */

/** Where the instances meet: one Redis server, or a three-master Redis Cluster. */
interface Backend {
  /** REDIS_URL */
  readonly url: string;
  /** A connection of the test's own, to look at what Redis holds. */
  readonly admin: RedisClient;
  cleanup(): Promise<void>;
}

const BACKENDS: Record<'one Redis' | 'a three-master Redis Cluster', () => Promise<Backend>> = {
  'one Redis': async () => {
    const redis = await startRedis();
    const admin = await connectRedis(redis.url);
    return { url: redis.url, admin, cleanup: async () => (admin.disconnect(), redis.cleanup()) };
  },
  'a three-master Redis Cluster': async () => {
    const cluster = await startRedisCluster();
    const admin = await connectRedis(cluster.url);
    const url = `redis-cluster://${cluster.seeds.map(({ host, port }) => `${host}:${port}`).join(',')}`;
    return { url, admin, cleanup: async () => (admin.disconnect(), cluster.cleanup()) };
  },
};

let backend: Backend;
let servers: TestServer[] = [];
const clients: StockClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(servers.map((server) => server.close()));
  await Promise.all(servers.map((server) => removeDir(server.dataDir)));
  servers = [];
  await flushAll(backend.admin);
});

async function threeInstances(env: Record<string, string> = {}): Promise<TestServer[]> {
  servers = await Promise.all(
    [1, 2, 3].map(() => startTestServer({ REDIS_URL: backend.url, ...env })),
  );
  return servers;
}

async function join(server: TestServer, room: string): Promise<StockClient> {
  const client = stockClient(server.wsUrl, room);
  clients.push(client);
  await waitFor(synced(client), 'the client to sync');
  return client;
}

const strokes = (client: StockClient): string[] =>
  client.doc.getArray<string>('strokes').toArray().slice().sort();

describe.each(Object.keys(BACKENDS) as (keyof typeof BACKENDS)[])(
  'three relay instances on %s',
  (name) => {
    beforeAll(async () => {
      backend = await BACKENDS[name]();
    }, 60_000);
    afterAll(async () => {
      await backend?.cleanup();
    });

    it('bring stock clients on different instances to the same board, and late joiners anywhere get all of it', async () => {
      const instances = await threeInstances();
      const people = await Promise.all(instances.map((server) => join(server, 'board')));
      people.forEach((person, i) => {
        for (let n = 0; n < 20; n++) person.doc.getArray('strokes').push([`p${i}-${n}`]);
      });
      const everything = people
        .flatMap((_p, i) => Array.from({ length: 20 }, (_, n) => `p${i}-${n}`))
        .sort();
      for (const person of people) {
        await waitFor(
          () => strokes(person).length === everything.length,
          'everyone sees all strokes',
        );
        expect(strokes(person)).toEqual(everything);
      }
      for (const server of instances) {
        // Each instance relayed the other two's strokes, and measured how long they took.
        expect(await scrapeMetrics(server)).toMatch(/^relay_cluster_delivery_seconds_count [1-9]/m);
      }
      for (const server of instances) {
        const late = await join(server, 'board');
        await waitFor(
          () => strokes(late).length === everything.length,
          'a late joiner sees everything',
        );
        expect(strokes(late)).toEqual(everything);
      }
    });

    it('keep one board history: a wipe on one instance is restored from another for everyone', async () => {
      const [one, two, three] = await threeInstances();
      const ada = await join(one!, 'history');
      const bob = await join(two!, 'history');
      drawStrokes(ada.doc, 4);
      const elements = (who: StockClient) => who.doc.getMap('strokes').size;
      await waitFor(() => elements(bob) === 4, 'bob sees the drawing');
      clearBoard(bob.doc, null);
      await waitFor(() => elements(ada) === 0, 'ada sees the wipe');
      // Saved by the instance that took the wipe, listed by another.
      const versions = async () =>
        (await api(one!.url, 'GET', '/api/rooms/history/versions')).body as {
          id: string;
          reason: string;
        }[];
      let before = (await versions()).find((v) => v.reason === 'before-mass-delete');
      // The wipe is stored (ada saw it) after its version: no waiting needed, but say so if not.
      expect(before).toBeDefined();
      before = before!;
      const restored = await api(
        three!.url,
        'POST',
        `/api/rooms/history/versions/${before.id}/restore`,
      );
      expect(restored.status).toBe(200);
      await waitFor(
        () => elements(ada) === 4 && elements(bob) === 4,
        'the drawing back everywhere',
      );
    });

    it('carry cursors across instances, and remove them everywhere when their client leaves', async () => {
      const [one, two, three] = await threeInstances();
      const alice = await join(one!, 'board');
      const bob = await join(two!, 'board');
      const carol = await join(three!, 'board');
      alice.provider.awareness.setLocalStateField('cursor', { x: 10, y: 20 });
      const sees = (who: StockClient, clientId: number) =>
        who.provider.awareness.getStates().get(clientId)?.['cursor'] !== undefined;
      const aliceId = alice.doc.clientID;
      await waitFor(
        () => sees(bob, aliceId) && sees(carol, aliceId),
        "alice's cursor on the other instances",
      );
      expect(bob.provider.awareness.getStates().get(aliceId)?.['cursor']).toEqual({ x: 10, y: 20 });

      alice.provider.disconnect();
      await waitFor(
        () =>
          !bob.provider.awareness.getStates().has(aliceId) &&
          !carol.provider.awareness.getStates().has(aliceId),
        "alice's cursor gone on the other instances",
      );
    });

    it('fold the shared log while all three write, and a fresh instance loads every stroke', async () => {
      // Each instance compacts every few updates while the others write: a fold must never cover
      // an update of another instance it has not applied (RoomFanout.ordered).
      const instances = await threeInstances({ COMPACT_AFTER_UPDATES: '3' });
      const people = await Promise.all(instances.map((server) => join(server, 'board')));
      const everything: string[] = [];
      for (let n = 0; n < 30; n++) {
        people.forEach((person, i) => {
          person.doc.getArray('strokes').push([`p${i}-${n}`]);
          everything.push(`p${i}-${n}`);
        });
        // Let each round reach the relays, so the writes interleave with the folds.
        await new Promise((resolve) => setImmediate(resolve));
      }
      everything.sort();
      for (const person of people) {
        await waitFor(
          () => strokes(person).length === everything.length,
          'everyone sees all',
          20_000,
        );
      }
      await expect
        .poll(() => backend.admin.exists(roomKeys('board').snap), { timeout: 10_000 })
        .toBe(1);
      for (const client of clients.splice(0)) client.destroy();
      await Promise.all(servers.map((server) => server.close()));
      const fresh = await startTestServer({ REDIS_URL: backend.url });
      servers.push(fresh);
      const late = await join(fresh, 'board');
      expect(strokes(late)).toEqual(everything);
    }, 60_000);
  },
);

describe('three relay instances on one Redis server', () => {
  beforeAll(async () => {
    backend = await BACKENDS['one Redis']();
  });
  afterAll(async () => {
    await backend?.cleanup();
  });

  it("echo a writer's update only once it is in the room's stream", async () => {
    const [one, two] = await threeInstances();
    const bob = await join(two!, 'board');
    const writer = await RawSocket.open(`${one!.wsUrl}/board`);
    // Redis takes no writes for now: the append waits, and so must the echo.
    await backend.admin.call('CLIENT', 'PAUSE', '60000', 'WRITE');
    try {
      const doc = new Y.Doc();
      doc.getArray('strokes').push(['stored first']);
      writer.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(doc)));
      // Answered from memory, after the update on the same socket: the relay has taken the update.
      writer.ws.send(syncStep1Frame([]));
      await waitFor(() => writer.received.some(isSyncStep2), 'the answer to step 1');
      expect(
        writer.received.filter((frame) => frame[0] === 0 && frame[1] === 2),
        'no echo yet',
      ).toEqual([]);
      expect(strokes(bob)).toEqual([]);
    } finally {
      await backend.admin.call('CLIENT', 'UNPAUSE');
    }
    await waitFor(
      () => writer.received.some((frame) => frame[0] === 0 && frame[1] === 2),
      'the echo',
    );
    expect(await backend.admin.xlen(roomKeys('board').log), 'the echo came after the append').toBe(
      1,
    );
    await waitFor(() => strokes(bob).length === 1, 'bob, on another instance, sees it');
    writer.ws.close();
  });

  it('answer /readyz 503 and close their connections with 1013 while Redis is away, then serve again without a restart', async () => {
    // A Redis of its own, durable, so that what was stored before the outage is there after it.
    let own = await startRedis({ appendonly: true, appendfsync: 'always' });
    try {
      servers = await Promise.all([1, 2].map(() => startTestServer({ REDIS_URL: own.url })));
      const [one, two] = servers as [TestServer, TestServer];
      const alice = await join(one, 'board');
      const bob = await join(two, 'board');
      alice.doc.getArray('strokes').push(['before']);
      await waitFor(() => strokes(bob).includes('before'), 'bob sees the stroke before');
      const ready = async (server: TestServer) => (await fetch(`${server.url}/readyz`)).status;
      expect(await ready(one)).toBe(200);

      await own.kill();
      await expect.poll(() => ready(one), { timeout: 10_000 }).toBe(503);
      await expect.poll(() => ready(two), { timeout: 10_000 }).toBe(503);
      await expect
        .poll(() => closedFor(one, 'redis_unavailable'), { timeout: 10_000 })
        .toBeGreaterThan(0);

      own = await own.restart();
      await expect.poll(() => ready(one), { timeout: 15_000 }).toBe(200);
      await expect.poll(() => ready(two), { timeout: 15_000 }).toBe(200);
      // The stock clients reconnect with their own backoff and carry on.
      await waitFor(synced(alice), 'alice back', 20_000);
      await waitFor(synced(bob), 'bob back', 20_000);
      alice.doc.getArray('strokes').push(['after']);
      await waitFor(() => strokes(bob).includes('after'), 'bob sees the stroke after', 20_000);
      expect(strokes(bob)).toEqual(['after', 'before']);
    } finally {
      for (const client of clients.splice(0)) client.destroy();
      await Promise.all(servers.map((server) => server.close()));
      await Promise.all(servers.map((server) => removeDir(server.dataDir)));
      servers = [];
      await own.cleanup();
    }
  }, 60_000);
});
