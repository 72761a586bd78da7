import { afterEach, expect, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { directoryBytes } from '../storage/data-budget.ts';
import { stockClient, synced, waitFor } from '../test-support/clients.ts';
import {
  Relay,
  STROKES,
  closedFor,
  strokesOf,
  twoPeopleDrawing,
} from '../test-support/relay-harness.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';

const ROOM = 'archive';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  if (server) await removeDir(server.dataDir);
  server = undefined;
});

it('refuses new content with 4507 once DATA_DIR reaches MAX_DATA_BYTES; everything stored stays readable', async () => {
  // Alice and Bob fill the folder first, on a server without a budget (stopped by hand: its
  // folder is the next server's).
  const before = await Relay.start();
  const pair = await twoPeopleDrawing(before, ROOM, 10);
  const stored = strokesOf(pair.alice.doc);
  await before.leaveAll();
  const { dataDir } = before.server;
  await before.server.close();

  // The next server starts with a budget the folder already fills.
  const limit = await directoryBytes(dataDir);
  server = await startTestServer({ MAX_DATA_BYTES: String(limit) }, undefined, dataDir);
  const carol = stockClient(server.wsUrl, ROOM);
  const drops: number[] = [];
  carol.provider.on('connection-close', (event) => drops.push(event?.code ?? -1));
  await waitFor(synced(carol), 'carol synced');
  await waitFor(() => strokesOf(carol.doc).length === stored.length, 'carol reads the room');
  expect(strokesOf(carol.doc)).toEqual(stored);
  // Joining and reading (an empty step 2, presence) is no new content: nobody was closed.
  carol.provider.awareness.setLocalStateField('user', { name: 'carol' });
  expect(drops).toEqual([]);

  carol.doc.getArray(STROKES).push(['one more']);
  await waitFor(() => drops.includes(CloseReason.storageFull.code), 'carol closed with 4507');
  carol.destroy();
  await expect
    .poll(() => closedFor(server!, CloseReason.storageFull.label))
    .toBeGreaterThanOrEqual(1);

  // What was stored is still all there: the refused stroke never was.
  const dave = stockClient(server.wsUrl, ROOM);
  await waitFor(synced(dave), 'dave synced');
  await waitFor(() => strokesOf(dave.doc).length === stored.length, 'dave reads the room');
  expect(strokesOf(dave.doc)).toEqual(stored);
  dave.destroy();
});
