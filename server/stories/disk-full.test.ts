import type { CloseEvent } from 'ws';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stockClient, synced, waitFor, type StockClient } from '../test-support/clients.ts';
import { startRelay, type RelayProcess } from '../test-support/relay-process.ts';
import { Tmpfs } from '../test-support/tmpfs.ts';
import { Witness } from '../test-support/witness.ts';

const MiB = 1024 * 1024;
const ROOM = 'full-disk';
const STROKES = 'strokes';

const clients: StockClient[] = [];
const witnesses: Witness[] = [];
const processes: RelayProcess[] = [];
const mounts: Tmpfs[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const witness of witnesses.splice(0)) witness.stop();
  for (const server of processes.splice(0)) {
    await server.kill();
  }
  for (const mount of mounts.splice(0)) await mount.unmount();
});

async function start(dataDir: string): Promise<RelayProcess> {
  const server = await startRelay({ dataDir });
  processes.push(server);
  return server;
}

function connect(server: RelayProcess): StockClient {
  const client = stockClient(server.wsUrl, ROOM);
  clients.push(client);
  return client;
}

function closeCodes(client: StockClient): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code);
  });
  return codes;
}

const readiness = async (server: RelayProcess): Promise<number> =>
  (await fetch(`http://127.0.0.1:${server.port}/readyz`)).status;

const strokesOf = (client: StockClient): unknown[] => client.doc.getArray(STROKES).toJSON();

describe('a disk that fills up while the relay runs', () => {
  it.for(['SIGTERM', 'SIGKILL'] as const)(
    'keeps every update it acknowledged, through the fault and a restart after %s',
    async (signal, ctx) => {
      const disk = await Tmpfs.mount(24 * MiB);
      if ('cannotMount' in disk) return ctx.skip(disk.cannotMount);
      mounts.push(disk);
      const dataDir = join(disk.path, 'db');
      const server = await start(dataDir);
      const witness = new Witness(server.wsUrl, ROOM);
      witnesses.push(witness);
      const alice = connect(server);
      const aliceCloses = closeCodes(alice);
      await waitFor(synced(alice), 'alice synced');
      const strokes = alice.doc.getArray<string>(STROKES);
      for (let i = 0; i < 20; i++) strokes.push([`before-${i}`]);
      await waitFor(() => witness.strokes().length === 20, 'the relay stored 20 strokes');

      await disk.fill();
      // Alice keeps drawing: one of her writes is the first to find no space.
      let during = 0;
      await waitFor(
        () => {
          if (aliceCloses.some((code) => code === 1011 || code === 1013)) return true;
          strokes.push([`during-${during++}`]);
          return false;
        },
        'the relay to close alice with 1011 or 1013 once a write failed',
        30_000,
      );
      await expect.poll(() => readiness(server), { timeout: 10_000, interval: 50 }).toBe(503);

      await disk.free();
      await expect.poll(() => readiness(server), { timeout: 30_000, interval: 100 }).toBe(200);
      // Alice reconnects by herself; sync hands the relay what she drew while it was full.
      for (let i = 0; i < 5; i++) strokes.push([`after-${i}`]);
      await waitFor(
        () => witness.strokes().length === strokesOf(alice).length,
        'the relay stored everything alice drew',
        30_000,
      );
      const acknowledged = witness.strokes();
      expect(acknowledged).toEqual(expect.arrayContaining(['before-19', 'after-4']));

      // Nobody who could upload what the relay lost is connected across the restart.
      alice.destroy();
      witness.stop();
      server.process.kill(signal);
      expect(await server.exited).toBe(signal === 'SIGTERM' ? 0 : 'SIGKILL');

      const restarted = await start(dataDir);
      const reader = connect(restarted);
      await waitFor(synced(reader), 'reader synced after the restart');
      const kept = strokesOf(reader);
      expect(acknowledged.filter((stroke) => !kept.includes(stroke))).toEqual([]);
      expect(kept).toHaveLength(acknowledged.length);
    },
  );
});
