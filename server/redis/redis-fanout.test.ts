import { Redis } from 'ioredis';
import * as awarenessProtocol from 'y-protocols/awareness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../observability/logger.ts';
import { decodeClientMessage, encodeAwareness } from '../protocol/messages.ts';
import type { FanoutBus, RoomMessage } from '../rooms/room-fanout.ts';
import { describeRoomFanout } from '../rooms/room-fanout.contract.ts';
import { SharedFrames } from '../rooms/shared-frames.ts';
import { startRedis, type RedisServer } from '../test-support/redis.ts';
import { INSTANCE_RENEW_MS, INSTANCE_TTL_MS } from './instance-heartbeat.ts';
import { roomKeys } from './keys.ts';
import { FIELD_INSTANCE, FIELD_UPDATES, encodeUpdates } from './log-entry.ts';
import { connectRedis } from './redis-client.ts';
import { RedisFanoutBus, type RedisFanoutOptions } from './redis-fanout.ts';

let redis: RedisServer;
let admin: Redis;

beforeAll(async () => {
  redis = await startRedis();
  admin = new Redis(redis.port, '127.0.0.1');
});

afterAll(async () => {
  admin.disconnect();
  await redis?.cleanup();
});

/**
 * An append as the Redis DocStore writes it (keys.ts, log-entry.ts): the entry number from the
 * room's counter, the entry with that explicit id, in one script.
 */
const APPEND = `
local n = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[2], n .. '-0', '${FIELD_UPDATES}', ARGV[1], '${FIELD_INSTANCE}', ARGV[2])
return n`;

async function append(instance: string, room: string, updates: readonly Uint8Array[]) {
  const keys = roomKeys(room);
  const n = await admin.eval(
    APPEND,
    2,
    keys.seq,
    keys.log,
    Buffer.from(encodeUpdates(updates)),
    instance,
  );
  return Number(n) + 1;
}

async function openBus(recover?: RedisFanoutOptions['recover']): Promise<RedisFanoutBus> {
  const connections = {
    command: await connectRedis(redis.url),
    subscriber: await connectRedis(redis.url, { subscriber: true }),
    reader: await connectRedis(redis.url),
  };
  return RedisFanoutBus.open(connections, {
    instance: RedisFanoutBus.newInstanceId(),
    logger: silentLogger,
    ...(recover ? { recover } : {}),
  });
}

describeRoomFanout('RedisFanoutBus, two instances on one Redis', () => {
  const buses: RedisFanoutBus[] = [];
  return {
    create: async () => {
      const bus = await openBus();
      buses.push(bus);
      return bus;
    },
    store: (bus: FanoutBus, room, updates) =>
      append((bus as RedisFanoutBus).instance, room, updates),
    settle: async () => {
      await Promise.all(buses.map((bus) => bus.published()));
      await Promise.all(buses.map((bus) => bus.settled()));
    },
    cleanup: async () => {
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
      await admin.flushall();
    },
  };
});

/** Someone's cursor, as their client announces it. */
function cursor(clientId: number, name: string) {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ name });
  const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [clientId]));
  awareness.destroy();
  return SharedFrames.awareness([frame]);
}

describe('RedisFanoutBus between relay instances', () => {
  it('removes the cursors of an instance that stops heartbeating without a word, in a few seconds', async () => {
    const [a, b] = [await openBus(), await openBus()];
    try {
      const fromA = a.join('board');
      fromA.readFrom(0);
      const atB = b.join('board');
      atB.readFrom(0);
      const relay = new awarenessProtocol.Awareness(new Y.Doc());
      relay.setLocalState(null);
      atB.onRemote((message: RoomMessage) => {
        if (message.type !== 'presence') return;
        for (const frame of message.frames.messages) {
          const decoded = decodeClientMessage(frame);
          if (decoded.type === 'awareness')
            awarenessProtocol.applyAwarenessUpdate(relay, decoded.update, 'a');
        }
      });
      fromA.publish({ type: 'presence', frames: cursor(41, 'alice') });
      fromA.publish({ type: 'presence', frames: cursor(42, 'bob') });
      await a.published();
      await b.settled();
      expect([...relay.getStates().keys()].sort()).toEqual([41, 42]);

      const abandonedAt = Date.now();
      await a.abandon();
      await expect
        .poll(() => relay.getStates().size, {
          timeout: INSTANCE_TTL_MS + 4 * INSTANCE_RENEW_MS,
          interval: 100,
        })
        .toBe(0);
      // Reported, not asserted: how long the cursors lingered after the instance died.
      console.info(`cursors of a dead instance removed after ${Date.now() - abandonedAt} ms`);
      relay.destroy();
    } finally {
      await b.close();
      await a.close();
      await admin.flushall();
    }
  }, 20_000);

  it('reads each room from where its load ended, so what was loaded is not heard again', async () => {
    const [a, b] = [await openBus(), await openBus()];
    try {
      await append(a.instance, 'board', [Uint8Array.of(1)]);
      const loadedEnd = await append(a.instance, 'board', [Uint8Array.of(2)]);
      const atB = b.join('board');
      const heard: RoomMessage[] = [];
      atB.onRemote((message) => heard.push(message));
      // b's load read up to loadedEnd; then a stores one more.
      atB.readFrom(loadedEnd);
      const end = await append(a.instance, 'board', [Uint8Array.of(3)]);
      await atB.ordered(end);
      expect(
        heard.map((message) => (message.type === 'updates' ? [...message.updates[0]!] : [])),
      ).toEqual([[3]]);
    } finally {
      await b.close();
      await a.close();
      await admin.flushall();
    }
  });

  it('catches a room up from the store when the stream was trimmed before it read it', async () => {
    const stored = [Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)];
    const asked: string[] = [];
    const b = await openBus(async (room) => {
      asked.push(room);
      return { updates: stored, end: 4, bindings: [{ client: 7, key: 'sub:alice' }] };
    });
    try {
      for (const update of stored) await append('elsewhere', 'board', [update]);
      // Another instance folded entries 1 and 2 into a snapshot and trimmed them, unread here.
      await admin.xtrim(roomKeys('board').log, 'MINID', '3-0');
      const atB = b.join('board');
      const heard: RoomMessage[] = [];
      atB.onRemote((message) => heard.push(message));
      atB.readFrom(1);
      await atB.ordered(4);
      expect(asked).toEqual(['board']);
      expect(
        heard.map((message) =>
          message.type === 'updates'
            ? {
                end: message.end,
                updates: message.updates.map((u) => [...u]),
                bindings: message.bindings,
              }
            : message.type,
        ),
        'the stored state once, and entry 3 (in it) not again',
      ).toEqual([
        { end: 4, updates: [[1], [2], [3]], bindings: [{ client: 7, key: 'sub:alice' }] },
      ]);
    } finally {
      await b.close();
      await admin.flushall();
    }
  });
});
