/**
 * `node --import tsx bench/http-edge/run.ts [CHECKOUT…]`: what the HTTP layer costs the relay.
 * Starts the relay of each checkout given (default: this one) as its own process, in turn and
 * alternating which goes first, and runs the same three loads on loopback against each:
 *   upgrades   UPGRADES WebSocket upgrades, CONCURRENCY at a time, each synced (step 1 sent,
 *              step 2 received) and closed: the path every client takes before its first frame;
 *   broadcast  one writer sends UPDATES small Yjs updates as fast as it can to a room READERS
 *              others are in, until every reader has the last one: the WebSocket path after it;
 *   static     REQUESTS GETs of the build's stylesheet, CONCURRENCY at a time (keep-alive).
 * Each figure is the median of ROUNDS runs: wall time and the server process's CPU seconds
 * (what the layer costs; on a shared machine the steadier of the two), and ratios to the first
 * checkout. Every checkout serves this checkout's dist/ (run `npx vite build` first).
 * Nothing here asserts; it reports.
 */
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { encodeSyncUpdate } from '../../server/protocol/messages.ts';
import { isSyncStep2, syncStep1Frame } from '../../server/test-support/frames.ts';
import { cpuSeconds } from '../relay/proc-stats.ts';
import { medianOf } from '../relay/median.ts';
import { LIFTED_LIMITS } from '../relay/servers.ts';
import { startRelay, type RelayProcess } from '../../server/test-support/relay-process.ts';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SIZES = {
  rounds: env('BENCH_ROUNDS', 3),
  upgrades: env('BENCH_UPGRADES', 1000),
  concurrency: env('BENCH_CONCURRENCY', 20),
  updates: env('BENCH_UPDATES', 2000),
  readers: env('BENCH_READERS', 30),
  requests: env('BENCH_REQUESTS', 3000),
};
const here = fileURLToPath(new URL('../../', import.meta.url));
const checkouts = process.argv.length > 2 ? process.argv.slice(2).map((p) => resolve(p)) : [here];
const staticDir = join(here, 'dist');
const stylesheet = readdirSync(join(staticDir, 'assets')).find((name) => name.endsWith('.css'));
if (!stylesheet) throw new Error('no stylesheet in dist/assets: run `npx vite build` first');

interface Figures {
  upgradesSeconds: number;
  upgradesCpu: number;
  broadcastSeconds: number;
  broadcastCpu: number;
  staticSeconds: number;
  staticCpu: number;
}

/** The relay of `checkout`, through the one spawner the tests use too; on this build's dist/. */
function startCheckoutRelay(checkout: string): Promise<RelayProcess> {
  return startRelay({ cwd: checkout, env: { ...LIFTED_LIMITS, STATIC_DIR: staticDir } });
}

async function stopRelay(relay: RelayProcess): Promise<void> {
  await relay.stop('SIGTERM');
  await rm(relay.dataDir, { recursive: true, force: true });
}

/** Wall seconds and server CPU seconds that `work` took. */
async function measured(relay: RelayProcess, work: () => Promise<void>): Promise<[number, number]> {
  const cpu = cpuSeconds(relay.process.pid!);
  const started = performance.now();
  await work();
  return [(performance.now() - started) / 1000, cpuSeconds(relay.process.pid!) - cpu];
}

async function inParallel(count: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: SIZES.concurrency }, worker));
}

const EMPTY_STEP_1 = syncStep1Frame([]);

/** One client's whole visit: upgrade, sync step 1, wait for step 2, close. */
function syncOnce(url: string): Promise<void> {
  return new Promise((done, fail) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'nodebuffer';
    ws.on('open', () => ws.send(EMPTY_STEP_1));
    ws.on('message', (data: Buffer) => {
      if (isSyncStep2(data)) ws.close();
    });
    ws.on('close', () => done());
    ws.on('error', fail);
  });
}

function opened(url: string): Promise<WebSocket> {
  return new Promise((done, fail) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'nodebuffer';
    ws.once('open', () => done(ws));
    ws.once('error', fail);
  });
}

/** UPDATES updates of one writer, each one item of a shared array, and the last marked. */
function writerUpdates(): { frames: Uint8Array[]; marker: Buffer } {
  const doc = new Y.Doc();
  const frames: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => frames.push(encodeSyncUpdate(update)));
  const items = doc.getArray<string>('bench');
  for (let i = 0; i < SIZES.updates - 1; i++) items.push([`stroke-${i}-${'x'.repeat(160)}`]);
  const marker = `last-of-${SIZES.updates}-${Math.random()}`;
  items.push([marker]);
  return { frames, marker: Buffer.from(marker) };
}

async function broadcast(base: string, room: string): Promise<() => Promise<void>> {
  const { frames, marker } = writerUpdates();
  const readers = await Promise.all(
    Array.from({ length: SIZES.readers }, () => opened(`${base}/${room}`)),
  );
  const writer = await opened(`${base}/${room}`);
  return async () => {
    const arrived = readers.map(
      (reader) =>
        new Promise<void>((done) =>
          reader.on('message', (data: Buffer) => {
            if (data.includes(marker)) done();
          }),
        ),
    );
    for (const frame of frames) writer.send(frame);
    await Promise.all(arrived);
    for (const ws of [writer, ...readers]) ws.close();
  };
}

async function fetchAll(url: string): Promise<void> {
  await inParallel(SIZES.requests, async () => {
    const response = await fetch(url);
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    await response.arrayBuffer();
  });
}

async function run(checkout: string, round: number): Promise<Figures> {
  const relay = await startCheckoutRelay(checkout);
  try {
    const base = `ws://127.0.0.1:${relay.port}/ws`;
    // A warm-up: the first upgrade loads the room, the first requests warm the file routes.
    await syncOnce(`${base}/upgrades`);
    await fetch(`http://127.0.0.1:${relay.port}/assets/${stylesheet}`).then((r) => r.arrayBuffer());
    const [upgradesSeconds, upgradesCpu] = await measured(relay, () =>
      inParallel(SIZES.upgrades, () => syncOnce(`${base}/upgrades`)),
    );
    const send = await broadcast(base, `broadcast-${round}`);
    const [broadcastSeconds, broadcastCpu] = await measured(relay, send);
    const asset = `http://127.0.0.1:${relay.port}/assets/${stylesheet}`;
    const [staticSeconds, staticCpu] = await measured(relay, () => fetchAll(asset));
    return {
      upgradesSeconds,
      upgradesCpu,
      broadcastSeconds,
      broadcastCpu,
      staticSeconds,
      staticCpu,
    };
  } finally {
    await stopRelay(relay);
  }
}

const results = new Map<string, Figures[]>(checkouts.map((checkout) => [checkout, []]));
for (let round = 0; round < SIZES.rounds; round++) {
  const order = round % 2 === 0 ? checkouts : [...checkouts].reverse();
  for (const checkout of order) results.get(checkout)!.push(await run(checkout, round));
}

const perSecond = (count: number, seconds: number) => Math.round(count / seconds);
const micro = (seconds: number, count: number) => ((seconds / count) * 1e6).toFixed(0);
const rows = checkouts.map((checkout) => {
  const m = medianOf(results.get(checkout)!);
  return {
    checkout: basename(checkout),
    'upgrades+sync/s': perSecond(SIZES.upgrades, m.upgradesSeconds),
    'CPU µs/upgrade': micro(m.upgradesCpu, SIZES.upgrades),
    'deliveries/s': perSecond(SIZES.updates * SIZES.readers, m.broadcastSeconds),
    'CPU µs/delivery': micro(m.broadcastCpu, SIZES.updates * SIZES.readers),
    'static req/s': perSecond(SIZES.requests, m.staticSeconds),
    'CPU µs/request': micro(m.staticCpu, SIZES.requests),
  };
});
console.log(JSON.stringify(SIZES));
console.table(rows);
const [first, ...others] = rows;
for (const row of others) {
  const ratios: Record<string, string> = {};
  for (const key of Object.keys(row) as (keyof typeof row)[]) {
    if (key !== 'checkout') ratios[key] = (Number(row[key]) / Number(first![key])).toFixed(2);
  }
  console.log(`${row.checkout} / ${first!.checkout}:`, ratios);
}
