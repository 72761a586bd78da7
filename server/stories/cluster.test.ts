import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSyncUpdate } from '../protocol/messages.ts';
import { roomKeys } from '../redis/keys.ts';
import { stockClient, synced, waitFor, type StockClient } from '../test-support/clients.ts';
import { isSyncStep2, syncStep1Frame } from '../test-support/frames.ts';
import { RawSocket } from '../test-support/raw-socket.ts';
import { startRedis, type RedisServer } from '../test-support/redis.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';

/**
 * Several relay instances on one Redis (issue 12): three servers in this process, each with
 * REDIS_URL, stand for three machines behind a load balancer; stock y-websocket clients connect
 * to whichever instance they like.
 */
let redis: RedisServer;
let admin: Redis;
let servers: TestServer[] = [];
const clients: StockClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  admin = new Redis(redis.port, '127.0.0.1');
});

afterAll(async () => {
  admin.disconnect();
  await redis?.cleanup();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(servers.map((server) => server.close()));
  await Promise.all(servers.map((server) => removeDir(server.dataDir)));
  servers = [];
  await admin.flushall();
});

async function threeInstances(): Promise<TestServer[]> {
  servers = await Promise.all([1, 2, 3].map(() => startTestServer({ REDIS_URL: redis.url })));
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

describe('three relay instances on one Redis', () => {
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
      const late = await join(server, 'board');
      await waitFor(
        () => strokes(late).length === everything.length,
        'a late joiner sees everything',
      );
      expect(strokes(late)).toEqual(everything);
    }
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

  it("echo a writer's update only once it is in the room's stream", async () => {
    const [one, two] = await threeInstances();
    const bob = await join(two!, 'board');
    const writer = await RawSocket.open(`${one!.wsUrl}/board`);
    // Redis takes no writes for now: the append waits, and so must the echo.
    await admin.call('CLIENT', 'PAUSE', '60000', 'WRITE');
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
      await admin.call('CLIENT', 'UNPAUSE');
    }
    await waitFor(
      () => writer.received.some((frame) => frame[0] === 0 && frame[1] === 2),
      'the echo',
    );
    expect(await admin.xlen(roomKeys('board').log), 'the echo came after the append').toBe(1);
    await waitFor(() => strokes(bob).length === 1, 'bob, on another instance, sees it');
    writer.ws.close();
  });
});
