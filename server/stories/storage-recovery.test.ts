import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LevelStore } from '../storage/level-store.ts';
import { waitFor } from '../test-support/clients.ts';
import { InstrumentedStore } from '../test-support/instrumented-store.ts';
import { Relay, closeOf, closedFor, strokesOf } from '../test-support/relay-harness.ts';
import { removeDir } from '../test-support/server.ts';

let relay: Relay | null = null;
let dataDir = '';

afterEach(async () => {
  await relay?.stop();
  relay = null;
  await removeDir(dataDir);
});

async function start(): Promise<{ relay: Relay; store: InstrumentedStore }> {
  dataDir = await mkdtemp(join(tmpdir(), 'wb-recover-'));
  const store = new InstrumentedStore(await LevelStore.open(dataDir));
  relay = await Relay.start({}, store);
  return { relay, store };
}

const readiness = async (r: Relay): Promise<number> =>
  (await fetch(`${r.server.url}/readyz`)).status;

describe('while storage reopens after a failed write', () => {
  it('answers /readyz 503, refuses writes and joins with 1013, and serves again once reopened', async () => {
    const { relay, store } = await start();
    const alice = await relay.joinSynced('board', 'alice');
    alice.doc.getArray('strokes').push(['stored before']);
    const bob = await relay.joinSynced('board', 'bob');
    await waitFor(() => strokesOf(bob.doc).length === 1, 'bob sees the first stroke');

    store.unavailable = 'reopening';
    expect(await readiness(relay)).toBe(503);
    // A newcomer to another room cannot load it.
    expect((await closeOf(await relay.raw('elsewhere'), 5000)).code).toBe(1013);
    // A stroke cannot be stored: its room closes everyone with "try again", relaying nothing.
    alice.doc.getArray('strokes').push(['drawn while reopening']);
    await waitFor(() => alice.drops.includes(1013), 'alice told to try again');
    expect(strokesOf(bob.doc)).toEqual(['stored before']);
    await expect.poll(() => closedFor(relay.server, 'storage_unavailable')).toBeGreaterThan(1);

    store.unavailable = null;
    expect(await readiness(relay)).toBe(200);
    // Alice's client reconnects by itself and sync stores what she drew meanwhile.
    await waitFor(
      () => strokesOf(bob.doc).includes('drawn while reopening'),
      'bob gets the stroke once storage is back',
    );
    const carol = await relay.joinSynced('board', 'carol');
    expect(strokesOf(carol.doc)).toEqual(strokesOf(bob.doc));
  });
});
