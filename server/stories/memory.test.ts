import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSyncUpdate } from '../protocol/messages.ts';
import { RawSocket } from '../test-support/raw-socket.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';
import { waitFor } from '../test-support/clients.ts';

const ROOMS = 1000;
const CONCURRENCY = 50;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    LOG_LEVEL: 'silent',
    // One test process opens every room: lift what one address may open and create.
    UPGRADES_PER_SECOND_PER_IP: '100000',
    NEW_ROOMS_PER_MINUTE_PER_IP: '1000000',
  });
});
afterAll(async () => {
  await server.close();
  await removeDir(server.dataDir);
});

function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (vitest.config.ts passes it)');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** Opens a room, stores one stroke in it, waits for the stored echo, and leaves. */
async function visit(room: string): Promise<void> {
  const doc = new Y.Doc();
  doc.getArray('strokes').push([{ id: room, points: Array.from({ length: 32 }, (_, i) => i) }]);
  const socket = await RawSocket.open(`${server.wsUrl}/${room}`);
  socket.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(doc)));
  // Frames: our step1 from the server, then the echo of the update once it is stored.
  await waitFor(
    () => socket.received.some((frame) => frame[0] === 0 && frame[1] === 2),
    `echo in ${room}`,
  );
  socket.ws.close();
  await socket.closed;
}

async function visitAll(prefix: string): Promise<void> {
  for (let start = 0; start < ROOMS; start += CONCURRENCY) {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, i) => visit(`${prefix}-${start + i}`)),
    );
  }
  await waitFor(
    () => server.rooms.size === 0 && server.connectionCount() === 0,
    'all rooms unloaded',
    20_000,
  );
}

it(`returns to its baseline heap after opening and leaving ${ROOMS} rooms`, async () => {
  // A first round warms up code paths, JIT and LevelDB caches, so the baseline is fair.
  await visitAll('warmup');
  const baseline = settledHeap();
  await visitAll('measured');
  const after = settledHeap();
  const growthMiB = (after - baseline) / 2 ** 20;
  console.log(
    `[memory] ${ROOMS} rooms opened and left: heap ${(baseline / 2 ** 20).toFixed(1)} MiB -> ` +
      `${(after / 2 ** 20).toFixed(1)} MiB (${growthMiB >= 0 ? '+' : ''}${growthMiB.toFixed(2)} MiB), ` +
      `rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
  );
  // A leaked Y.Doc with its awareness and one stroke costs several KiB: 1,000 of them would
  // show as well over 5 MiB. Growth under that is noise from caches and the test itself.
  expect(growthMiB).toBeLessThan(5);
}, 120_000);
