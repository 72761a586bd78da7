/**
 * `npm run bench:hostile`: replays the attacks of the hardening issue against our relay and the
 * reference relay (@y/websocket-server 0.1.1 with y-leveldb), each attack on a fresh server of
 * each kind, and reports for each: did the server survive, the worst stall a user in another
 * room saw, the server's own worst event-loop delay, server CPU and bytes out per attacker byte,
 * and the memory it held. Numbers, not assertions. Loopback only; every attack is bounded.
 *
 * Knobs: HOSTILE_ONLY (comma-separated substrings of attack names), HOSTILE_KINDS (ours,peer),
 * HOSTILE_SCALE (sizes ×, e.g. 0.01 for a smoke run), HOSTILE_SECONDS (sustained attacks),
 * HOSTILE_BIG_STROKES (strokes in the big room, default 10,000), BENCH_RESULTS_DIR.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { encodeSyncUpdate } from '../../server/protocol/messages.ts';
import { cachedBoard } from '../board/board-fixture.ts';
import { formatFigure } from '../format.ts';
import { cpuSeconds, rssBytes } from '../relay/proc-stats.ts';
import {
  removeDataDir,
  startBenchServer,
  type BenchServer,
  type ServerKind,
} from '../relay/servers.ts';
import { ATTACKS, type Attack, type AttackContext } from './attacks.ts';
import { Bystanders } from './bystanders.ts';
import { sleep } from './sockets.ts';

const KINDS = (process.env.HOSTILE_KINDS ?? 'ours,peer').split(',') as ServerKind[];
const ONLY = (process.env.HOSTILE_ONLY ?? '').split(',').filter(Boolean);
const BIG_STROKES = Number(process.env.HOSTILE_BIG_STROKES ?? 10_000);
const BIG_ROOM = 'big-board';
const resultsDir =
  process.env.BENCH_RESULTS_DIR || fileURLToPath(new URL('../results/', import.meta.url));
process.setMaxListeners(0);

export interface HostileResult {
  survived: boolean;
  answer: string;
  bystanderWorstMs: number;
  bystanderDrops: number;
  serverLoopMaxMs: number;
  cpuMs: number;
  attackerBytes: number;
  bytesOutPerByteIn: number;
  cpuMicrosPerAttackerKB: number;
  rssGrowthMiB: number;
  extra: Record<string, number | string>;
}

function honestClient(serverUrl: string, room: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  let drops = 0;
  provider.on('connection-close', () => drops++);
  return {
    doc,
    provider,
    drops: () => drops,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

function context(
  server: BenchServer,
  port: number,
  extra: Record<string, number | string>,
): AttackContext {
  return {
    port,
    bigRoom: BIG_ROOM,
    roomUrl: (room) => `${server.serverUrl}/${room}`,
    note: (key, value) => void (extra[key] = value),
    async honestStay(room, ms) {
      const client = honestClient(server.serverUrl, room);
      await until(() => client.provider.synced, 10_000);
      await sleep(ms);
      const drops = client.drops();
      client.destroy();
      return drops;
    },
    async honestCanJoin(room) {
      const client = honestClient(server.serverUrl, room);
      const joined = await until(() => client.provider.synced, 5_000);
      client.destroy();
      return joined;
    },
    async roomLatencyMs(room) {
      const writer = honestClient(server.serverUrl, room);
      const reader = honestClient(server.serverUrl, room);
      if (!(await until(() => writer.provider.synced && reader.provider.synced, 20_000))) {
        writer.destroy();
        reader.destroy();
        return Number.NaN;
      }
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        writer.doc.getMap('latency').set('n', i);
        if (!(await until(() => reader.doc.getMap('latency').get('n') === i, 10_000))) break;
        times.push(performance.now() - started);
      }
      writer.destroy();
      reader.destroy();
      times.sort((a, b) => a - b);
      return times.length ? times[Math.floor(times.length / 2)]! : Number.NaN;
    },
  };
}

async function seedBigRoom(server: BenchServer, update: Uint8Array): Promise<void> {
  const seeder = new WebSocket(`${server.serverUrl}/${BIG_ROOM}`);
  await new Promise<void>((resolve, reject) => {
    seeder.once('open', () => resolve());
    seeder.once('error', reject);
  });
  seeder.send(encodeSyncUpdate(update));
  const check = honestClient(server.serverUrl, BIG_ROOM);
  const seeded = await until(() => check.doc.getMap('strokes').size >= BIG_STROKES, 60_000);
  check.destroy();
  seeder.close();
  if (!seeded) throw new Error(`${server.kind}: the big room was not seeded`);
}

async function staticDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hostile-static-'));
  await mkdir(join(dir, 'assets'), { recursive: true });
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>board</title>');
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log("board");\n'.repeat(100));
  return dir;
}

async function runOne(kind: ServerKind, attack: Attack, board: Uint8Array, assets: string) {
  // Production limits for ours: the bench measures the relay as deployed, not as benchmarked.
  const server = await startBenchServer(kind, {
    env: { STATIC_DIR: assets, LOG_LEVEL: 'silent' },
    productionLimits: true,
  });
  const port = Number(new URL(server.serverUrl.replace('ws:', 'http:')).port);
  const extra: Record<string, number | string> = {};
  const bystanders = new Bystanders(server.serverUrl, 'bystanders');
  try {
    await bystanders.ready();
    if (attack.needsBigRoom) await seedBigRoom(server, board);
    await sleep(300);
    const rssBefore = rssBytes(server.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      if (!server.hasExited()) rssPeak = Math.max(rssPeak, rssBytes(server.pid));
    }, 100);
    const cpuBefore = cpuSeconds(server.pid);
    server.resetEventLoop();
    bystanders.start();
    const result = await attack.run(context(server, port, extra));
    await sleep(1000);
    const worst = bystanders.stop();
    clearInterval(sampler);
    const survived = !server.hasExited();
    const cpuMs = survived ? (cpuSeconds(server.pid) - cpuBefore) * 1000 : Number.NaN;
    const loopMs = survived ? await server.eventLoopMaxMs() : Number.NaN;
    const outcome: HostileResult = {
      survived,
      answer: survived ? result.answer : `process died (${result.answer})`,
      bystanderWorstMs: worst,
      bystanderDrops: bystanders.drops,
      serverLoopMaxMs: loopMs,
      cpuMs,
      attackerBytes: result.sent,
      bytesOutPerByteIn: result.sent > 0 ? result.received / result.sent : Number.NaN,
      cpuMicrosPerAttackerKB: result.sent > 0 ? (cpuMs * 1000) / (result.sent / 1024) : Number.NaN,
      rssGrowthMiB: (rssPeak - rssBefore) / 2 ** 20,
      extra,
    };
    return outcome;
  } finally {
    bystanders.destroy();
    await server.stop();
    await removeDataDir(server);
  }
}

const fmt = formatFigure;

function table(results: Record<string, Partial<Record<ServerKind, HostileResult>>>): string {
  const lines = [
    '| Attack (finding) | Server | Survived | Answer to the attacker | Worst stall, other room (ms) | Server loop max (ms) | CPU µs / attacker KB | Bytes out / byte in | RSS growth (MiB) | Notes |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, byKind] of Object.entries(results)) {
    for (const kind of KINDS) {
      const r = byKind[kind];
      if (!r) continue;
      const notes = Object.entries(r.extra)
        .map(([k, v]) => `${k}: ${typeof v === 'number' ? fmt(v) : v}`)
        .join('; ');
      lines.push(
        `| ${name} | ${kind === 'ours' ? 'ours' : 'reference'} | ${r.survived ? 'yes' : '**no**'} | ${r.answer} | ${fmt(r.bystanderWorstMs)} | ${fmt(r.serverLoopMaxMs)} | ${fmt(r.cpuMicrosPerAttackerKB)} | ${fmt(r.bytesOutPerByteIn)} | ${fmt(r.rssGrowthMiB)} | ${notes} |`,
      );
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const attacks = ATTACKS.filter((a) => ONLY.length === 0 || ONLY.some((o) => a.name.includes(o)));
  const cacheDir = join(tmpdir(), 'whiteboard-bench-boards');
  const { fixture } = await cachedBoard(BIG_STROKES, cacheDir);
  const assets = await staticDir();
  const results: Record<string, Partial<Record<ServerKind, HostileResult>>> = {};
  for (const attack of attacks) {
    attack.prepare?.();
    results[attack.name] = {};
    for (const kind of KINDS) {
      process.stderr.write(`hostile: ${attack.name} on ${kind}…\n`);
      try {
        results[attack.name]![kind] = await runOne(kind, attack, fixture.update, assets);
      } catch (error) {
        process.stderr.write(
          `hostile: ${attack.name} on ${kind} failed to run: ${String(error)}\n`,
        );
      }
    }
  }
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    sizes: {
      scale: Number(process.env.HOSTILE_SCALE ?? 1),
      seconds: Number(process.env.HOSTILE_SECONDS ?? 5),
      bigStrokes: BIG_STROKES,
    },
    results,
    table: table(results),
  };
  await mkdir(resultsDir, { recursive: true });
  const stamp = report.date.replace(/[:.]/g, '-');
  await writeFile(join(resultsDir, 'hostile-latest.json'), JSON.stringify(report, null, 2) + '\n');
  await writeFile(
    join(resultsDir, `hostile-${stamp}.json`),
    JSON.stringify(report, null, 2) + '\n',
  );
  process.stdout.write(`${report.table}\n`);
}

await main();
process.exit(0);
