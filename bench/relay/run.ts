/**
 * `npm run bench:relay`: our relay against the reference relay (@y/websocket-server 0.1.1 with
 * y-leveldb), same workload, same machine, same run. Every figure is reported with the ratio
 * ours/peer; nothing here is a pass/fail assertion. Sizes come from the environment (see SIZES).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatFigure } from '../format.ts';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { LoadGenerator, percentile } from './load-generator.ts';
import { cpuSeconds, cpuTimes, rssBytes } from './proc-stats.ts';
import { medianOf } from './median.ts';
import { removeDataDir, startBenchServer, type BenchServer, type ServerKind } from './servers.ts';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SIZES = {
  rooms: env('BENCH_ROOMS', 50),
  clients: env('BENCH_CLIENTS', 20),
  hz: env('BENCH_HZ', 10),
  seconds: env('BENCH_SECONDS', 10),
  /** Throughput runs per server, alternating which goes first; the table shows medians. */
  rounds: env('BENCH_ROUNDS', 3),
  burst: env('BENCH_BURST', 50),
  awarenessClients: env('BENCH_AWARENESS_CLIENTS', 200),
  awarenessSeconds: env('BENCH_AWARENESS_SECONDS', 20),
  coldUpdates: env('BENCH_COLD_UPDATES', 100_000),
  coldStrokes: env('BENCH_COLD_STROKES', 10_000),
};
const KINDS = (process.env.BENCH_KINDS ?? 'ours,peer').split(',') as ServerKind[];
// Every y-websocket provider adds a process 'exit' listener; hundreds are expected here.
process.setMaxListeners(0);
// BENCH_RESULTS_DIR sends the JSON elsewhere (the smoke test), keeping the committed results.
const resultsDir = join(
  process.env.BENCH_RESULTS_DIR || fileURLToPath(new URL('../results/', import.meta.url)),
  '/',
);

async function throughput(kind: ServerKind) {
  const server = await startBenchServer(kind);
  const load = new LoadGenerator();
  try {
    const rssBefore = rssBytes(server.pid);
    const connected = await load.send(
      {
        type: 'connect',
        serverUrls: [server.serverUrl],
        client: 'y-websocket',
        rooms: SIZES.rooms,
        clients: SIZES.clients,
        prefix: 'load',
      },
      'connected',
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rssConnected = rssBytes(server.pid);
    server.resetEventLoop();
    const times0 = cpuTimes(server.pid);
    const cpu0 = times0.user + times0.system;
    const steady = await load.send(
      { type: 'steady', hz: SIZES.hz, seconds: SIZES.seconds },
      'steady-done',
    );
    const times1 = cpuTimes(server.pid);
    const cpu1 = times1.user + times1.system;
    const serverLoopDelayMaxMs = await server.eventLoopMaxMs();
    const burst = await load.send({ type: 'burst', strokes: SIZES.burst }, 'burst-done');
    const cpu2 = cpuSeconds(server.pid);
    const converged = await load.send({ type: 'converge' }, 'converged');
    const latencies = steady.latenciesMs.sort((a, b) => a - b);
    await load.send({ type: 'close' }, 'closed');
    return {
      connections: connected.connections,
      steady: {
        sent: steady.sent,
        delivered: steady.delivered,
        complete: steady.complete,
        cpuMicrosPerDelivered: ((cpu1 - cpu0) * 1e6) / Math.max(1, steady.delivered),
        // The kernel's share is mostly loopback TCP: one send per socket, the same for any relay.
        systemMicrosPerDelivered:
          ((times1.system - times0.system) * 1e6) / Math.max(1, steady.delivered),
        latencyP50Ms: percentile(latencies, 50),
        latencyP90Ms: percentile(latencies, 90),
        latencyP99Ms: percentile(latencies, 99),
        latencyMaxMs: latencies.at(-1) ?? Number.NaN,
        serverLoopDelayMaxMs,
        generatorLoopDelayP99Ms: steady.generatorLoopDelayP99Ms,
        generatorLoopDelayMaxMs: steady.generatorLoopDelayMaxMs,
      },
      burst: {
        sent: burst.sent,
        delivered: burst.delivered,
        complete: burst.complete,
        deliveriesPerSecond: burst.delivered / burst.seconds,
        cpuMicrosPerDelivered: ((cpu2 - cpu1) * 1e6) / Math.max(1, burst.delivered),
      },
      rssPerConnectionKiB: (rssConnected - rssBefore) / 1024 / connected.connections,
      rssConnectedMiB: rssConnected / 2 ** 20,
      convergedRooms: converged.convergedRooms,
      rooms: converged.rooms,
    };
  } finally {
    load.stop();
    await server.stop();
    await removeDataDir(server);
  }
}

type ThroughputResult = Awaited<ReturnType<typeof throughput>>;

async function awareness(kind: ServerKind) {
  const server = await startBenchServer(kind);
  const load = new LoadGenerator();
  try {
    await load.send(
      {
        type: 'connect',
        serverUrls: [server.serverUrl],
        client: 'y-websocket',
        rooms: 1,
        clients: SIZES.awarenessClients,
        prefix: 'idle',
      },
      'connected',
    );
    const cpu0 = cpuSeconds(server.pid);
    const counted = await load.send(
      { type: 'count-frames', seconds: SIZES.awarenessSeconds },
      'frames',
    );
    const cpu1 = cpuSeconds(server.pid);
    await load.send({ type: 'close' }, 'closed');
    return {
      clients: SIZES.awarenessClients,
      framesPerSecond: counted.frames / counted.seconds,
      serverCpuPercent: ((cpu1 - cpu0) / counted.seconds) * 100,
    };
  } finally {
    load.stop();
    await server.stop();
    await removeDataDir(server);
  }
}

function client(server: BenchServer, room: string): { doc: Y.Doc; provider: WebsocketProvider } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.serverUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return { doc, provider };
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function folderBytes(dir: string): Promise<number> {
  const { readdir, stat } = await import('node:fs/promises');
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true })) {
    total += await stat(`${dir}/${entry}`).then(
      (s) => (s.isFile() ? s.size : 0),
      () => 0,
    );
  }
  return total;
}

async function untilQuiet(dir: string): Promise<void> {
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const size = await folderBytes(dir);
    if (size !== last) {
      last = size;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 2000) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The room's content as single-item updates: `count` pushes, or `count` strokes in one update. */
function roomUpdates(shape: 'updates' | 'strokes', count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const items = doc.getArray<unknown>('items');
  if (shape === 'updates') for (let i = 0; i < count; i++) items.push([i]);
  else {
    doc.transact(() => {
      for (let i = 0; i < count; i++)
        items.push([{ seq: i, points: new Uint8Array(192).fill(i & 0xff) }]);
    });
  }
  return updates;
}

/** Writes the room with each server's own storage code, as its log would hold it. */
async function writeLog(
  kind: ServerKind,
  dataDir: string,
  room: string,
  updates: Uint8Array[],
): Promise<void> {
  if (kind === 'peer') {
    const { LeveldbPersistence } = await import('y-leveldb');
    const ldb = new LeveldbPersistence(dataDir);
    for (const update of updates) await ldb.storeUpdate(room, update);
    await ldb.destroy();
    return;
  }
  const { LevelStore } = await import('../../server/storage/level-store.ts');
  const store = await LevelStore.open(dataDir);
  for (let i = 0; i < updates.length; i += 1000)
    await store.append(room, updates.slice(i, i + 1000));
  await store.close();
}

/** Writes the room through a running server, as users would, and waits until it is stored. */
async function writeThroughServer(
  server: BenchServer,
  room: string,
  updates: Uint8Array[],
): Promise<void> {
  const writer = client(server, room);
  const watcher = client(server, room);
  await until(() => writer.provider.synced && watcher.provider.synced, 20_000, 'writers synced');
  for (let i = 0; i < updates.length; i++) {
    Y.applyUpdate(writer.doc, updates[i]!);
    // Paced like a busy user rather than a flood: at most 4,000 updates in flight.
    if (i % 2000 === 1999) {
      const sent = i + 1;
      await until(() => watcher.doc.getArray('items').length >= sent - 4000, 300_000, 'pace');
    }
  }
  const target = Y.encodeStateVector(writer.doc).toString();
  await until(
    () => Y.encodeStateVector(watcher.doc).toString() === target,
    300_000,
    'watcher has the room',
  );
  for (const c of [writer, watcher]) {
    c.provider.destroy();
    c.doc.destroy();
  }
  await untilQuiet(server.dataDir);
}

/**
 * Cold load: a room already in storage, a freshly started server, one client joining. `via`
 * says how the room got there: written by the server's own storage code as a raw log
 * ('log': the reference keeps every update; ours then has no snapshot, its worst case), or
 * written through our running server, which compacts as it goes ('server').
 */
async function coldLoad(kind: ServerKind, shape: 'updates' | 'strokes', via: 'log' | 'server') {
  const room = `cold-${shape}`;
  const count = shape === 'updates' ? SIZES.coldUpdates : SIZES.coldStrokes;
  const updates = roomUpdates(shape, count);
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  let dataDir = await mkdtemp(`${tmpdir()}/bench-cold-${kind}-`);
  if (via === 'log') await writeLog(kind, dataDir, room, updates);
  else {
    const writer = await startBenchServer(kind, { dataDir });
    await writeThroughServer(writer, room, updates);
    await writer.stop();
    dataDir = writer.dataDir;
  }
  const server = await startBenchServer(kind, { dataDir });
  try {
    server.resetEventLoop();
    const started = performance.now();
    const fresh = client(server, room);
    // Synced is not enough: the reference relay answers a joiner before its room has loaded
    // and sends the stored content afterwards. The clock stops when the content is there.
    const complete = await until(
      () =>
        server.hasExited() ||
        (fresh.provider.synced && fresh.doc.getArray('items').length === count),
      300_000,
      'cold sync',
    ).then(
      () => !server.hasExited(),
      () => false,
    );
    const seconds = (performance.now() - started) / 1000;
    const found = fresh.doc.getArray('items').length;
    const crashed = server.hasExited();
    const eventLoopMaxMs = crashed ? Number.NaN : await server.eventLoopMaxMs();
    fresh.provider.destroy();
    fresh.doc.destroy();
    if (crashed) process.stderr.write(`bench: ${kind} server died during the cold load\n`);
    // A server that died or never delivered the room has no load time to compare.
    return {
      items: count,
      found,
      complete,
      crashed,
      syncSeconds: complete ? seconds : Number.NaN,
      secondsUntilGaveUp: seconds,
      eventLoopMaxMs,
    };
  } finally {
    await server.stop();
    await removeDataDir(server);
  }
}

type Row = [label: string, ours: number, peer: number, better: 'lower' | 'higher', target?: string];

function table(rows: Row[]): string {
  const lines = ['| metric | ours | reference | ours/ref | target |', '|---|---:|---:|---:|---|'];
  for (const [label, ours, peer, , target] of rows) {
    lines.push(
      `| ${label} | ${fmt(ours)} | ${fmt(peer)} | ${fmt(ours / peer)} | ${target ?? ''} |`,
    );
  }
  return lines.join('\n');
}

const fmt = formatFigure;

/** A cold load's time, or NaN where the server died or never delivered the room. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON results of several shapes
const loadMs = (result: Record<string, any>): number =>
  result.complete === false || typeof result.syncSeconds !== 'number'
    ? Number.NaN
    : result.syncSeconds * 1000;

async function main() {
  const only = new Set((process.env.BENCH_ONLY ?? 'throughput,awareness,cold').split(','));
  // A partial run (BENCH_ONLY, BENCH_KINDS) updates its own entries of the latest results and
  // keeps the rest, so one scenario can be rerun without rerunning everything.
  const previous = await readFile(`${resultsDir}relay-latest.json`, 'utf8').then(
    (text) =>
      (JSON.parse(text) as { results?: Record<string, Record<ServerKind, unknown>> }).results ?? {},
    () => ({}),
  );
  const results: Record<string, Record<ServerKind, unknown>> = previous;
  const run = async <T>(name: string, f: (kind: ServerKind) => Promise<T>) => {
    if (!only.has(name.split(':')[0]!)) return;
    const entry = (results[name] ?? {}) as Record<ServerKind, T>;
    for (const kind of KINDS) {
      process.stderr.write(`bench: ${name} on ${kind}…\n`);
      entry[kind] = await f(kind);
    }
    results[name] = entry;
  };
  if (only.has('throughput')) {
    // One run of each is at the mercy of whatever else the shared machine does meanwhile:
    // several, alternating which server goes first, and the median of each figure.
    const runs: Record<ServerKind, ThroughputResult[]> = { ours: [], peer: [] };
    for (let round = 0; round < SIZES.rounds; round++) {
      const order = round % 2 === 0 ? KINDS : [...KINDS].reverse();
      for (const kind of order) {
        process.stderr.write(`bench: throughput on ${kind}, round ${round + 1}…\n`);
        runs[kind].push(await throughput(kind));
      }
    }
    const entry: Partial<Record<ServerKind, unknown>> = {};
    for (const kind of KINDS) entry[kind] = medianOf(runs[kind]);
    results.throughput = entry as Record<ServerKind, unknown>;
    results['throughput:rounds'] = runs;
  }
  await run('awareness', awareness);
  await run('cold:updates', (kind) => coldLoad(kind, 'updates', 'log'));
  await run('cold:strokes', (kind) => coldLoad(kind, 'strokes', 'log'));
  if (only.has('cold')) {
    process.stderr.write('bench: cold:updates written through our server…\n');
    results['cold:updates-via-server'] = {
      ours: await coldLoad('ours', 'updates', 'server'),
    } as Record<ServerKind, unknown>;
  }

  const rows: Row[] = [];
  const get = (name: string, kind: ServerKind) =>
    results[name]?.[kind] as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON results of several shapes
  const tp = (kind: ServerKind) => get('throughput', kind);
  if (tp('ours') && tp('peer')) {
    const o = tp('ours')!;
    const p = tp('peer')!;
    rows.push([
      'server CPU per delivered update, steady (µs)',
      o.steady.cpuMicrosPerDelivered,
      p.steady.cpuMicrosPerDelivered,
      'lower',
      '≤ 0.33',
    ]);
    rows.push([
      '…of which in the kernel, steady (µs)',
      o.steady.systemMicrosPerDelivered ?? Number.NaN,
      p.steady.systemMicrosPerDelivered ?? Number.NaN,
      'lower',
    ]);
    rows.push([
      'server CPU per delivered update, burst (µs)',
      o.burst.cpuMicrosPerDelivered,
      p.burst.cpuMicrosPerDelivered,
      'lower',
    ]);
    rows.push(['delivery latency p50 (ms)', o.steady.latencyP50Ms, p.steady.latencyP50Ms, 'lower']);
    rows.push([
      'delivery latency p90 (ms)',
      o.steady.latencyP90Ms ?? Number.NaN,
      p.steady.latencyP90Ms ?? Number.NaN,
      'lower',
    ]);
    rows.push([
      'delivery latency p99 (ms)',
      o.steady.latencyP99Ms,
      p.steady.latencyP99Ms,
      'lower',
      '≤ 0.33',
    ]);
    rows.push([
      'server’s event-loop delay, max, steady (ms)',
      o.steady.serverLoopDelayMaxMs ?? Number.NaN,
      p.steady.serverLoopDelayMaxMs ?? Number.NaN,
      'lower',
    ]);
    rows.push([
      'load generator’s own event-loop delay, max, steady (ms)',
      o.steady.generatorLoopDelayMaxMs ?? Number.NaN,
      p.steady.generatorLoopDelayMaxMs ?? Number.NaN,
      'lower',
    ]);
    rows.push([
      'burst deliveries per second',
      o.burst.deliveriesPerSecond,
      p.burst.deliveriesPerSecond,
      'higher',
    ]);
    rows.push([
      'server RSS per connection (KiB)',
      o.rssPerConnectionKiB,
      p.rssPerConnectionKiB,
      'lower',
      '≤ 0.5',
    ]);
    rows.push([
      'rooms converged (of ' + o.rooms + ')',
      o.convergedRooms,
      p.convergedRooms,
      'higher',
      'all',
    ]);
  }
  const aw = (kind: ServerKind) => get('awareness', kind);
  if (aw('ours') && aw('peer')) {
    rows.push([
      `awareness frames/s sent, idle room of ${SIZES.awarenessClients}`,
      aw('ours')!.framesPerSecond,
      aw('peer')!.framesPerSecond,
      'lower',
    ]);
  }
  for (const shape of ['updates', 'strokes'] as const) {
    const o = get(`cold:${shape}`, 'ours');
    const p = get(`cold:${shape}`, 'peer');
    if (!o || !p) continue;
    const label =
      shape === 'updates'
        ? `${SIZES.coldUpdates}-update log`
        : `${SIZES.coldStrokes} strokes in one update`;
    rows.push([`cold load, ${label}: connect → synced (ms)`, loadMs(o), loadMs(p), 'lower']);
    rows.push([
      `cold load, ${label}: server survived the load (1 yes, 0 died)`,
      o.crashed ? 0 : 1,
      p.crashed ? 0 : 1,
      'higher',
      'all',
    ]);
    rows.push([
      `cold load, ${label}: items found after restart (of ${o.items})`,
      o.found,
      p.found,
      'higher',
      'all',
    ]);
    rows.push([
      `cold load, ${label}: max event-loop delay (ms)`,
      o.eventLoopMaxMs ?? Number.NaN,
      p.eventLoopMaxMs ?? Number.NaN,
      'lower',
      '< 50 ms (ours)',
    ]);
  }

  const viaServer = get('cold:updates-via-server', 'ours');
  const peerLog = get('cold:updates', 'peer');
  if (viaServer && peerLog) {
    rows.push([
      `cold load, ${SIZES.coldUpdates} updates written through our server (compacted) vs reference log: connect → synced (ms)`,
      loadMs(viaServer),
      loadMs(peerLog),
      'lower',
      '≤ 0.1',
    ]);
    rows.push([
      `cold load, same: max event-loop delay (ms)`,
      viaServer.eventLoopMaxMs ?? Number.NaN,
      peerLog.eventLoopMaxMs ?? Number.NaN,
      'lower',
      '< 50 ms (ours)',
    ]);
  }

  const report = {
    date: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    sizes: SIZES,
    results,
    rows: rows.map(([label, ours, peer, better, target]) => ({
      label,
      ours,
      peer,
      ratio: ours / peer,
      better,
      target,
    })),
  };
  await mkdir(resultsDir, { recursive: true });
  const stamp = report.date.replace(/[:.]/g, '-');
  await writeFile(`${resultsDir}relay-${stamp}.json`, JSON.stringify(report, null, 2));
  await writeFile(`${resultsDir}relay-latest.json`, JSON.stringify(report, null, 2));
  console.log(table(rows));
  console.log(`\nwritten: ${resultsDir}relay-latest.json`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
