/**
 * Both benchmarks, run end to end at tiny sizes, so that CI proves they work from a clean clone.
 * Only counts are asserted here (every update delivered, every room converged, every item
 * found, bytes per point): timings are the benchmarks' output, never a test's verdict.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const TIMEOUT_MS = 240_000;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-smoke-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs a benchmark script to its end; rejects with its output if it fails. */
function runBench(script: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: repoRoot,
      env: { ...process.env, ...env, BENCH_RESULTS_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} exited ${code}:\n${output}`)),
    );
  });
}

const readJson = async <T>(name: string): Promise<T> =>
  JSON.parse(await readFile(join(dir, name), 'utf8')) as T;

interface Throughput {
  connections: number;
  steady: { sent: number; delivered: number; complete: boolean; cpuMicrosPerDelivered: number };
  burst: { sent: number; delivered: number; complete: boolean };
  convergedRooms: number;
  rooms: number;
}
interface ColdLoad {
  items: number;
  found: number;
  crashed: boolean;
}

describe('benchmarks at tiny sizes', () => {
  it(
    'bench:relay drives both relays: every update delivered, every room converged, cold rooms complete',
    async () => {
      const rooms = 2;
      const clients = 3;
      await runBench('bench/relay/run.ts', {
        BENCH_ROOMS: String(rooms),
        BENCH_CLIENTS: String(clients),
        BENCH_HZ: '10',
        BENCH_SECONDS: '1',
        // One round: the smoke test asserts counts, which a second round repeats; medianOf, which
        // combines rounds, is tested directly (bench/relay/median.test.ts).
        BENCH_ROUNDS: '1',
        BENCH_BURST: '3',
        BENCH_AWARENESS_CLIENTS: '4',
        BENCH_AWARENESS_SECONDS: '1',
        BENCH_COLD_UPDATES: '300',
        BENCH_COLD_STROKES: '30',
      });
      const report = await readJson<{
        results: Record<string, Record<'ours' | 'peer', unknown>>;
        rows: { label: string; ours: number; peer: number }[];
      }>('relay-latest.json');
      for (const kind of ['ours', 'peer'] as const) {
        const run = report.results.throughput![kind] as Throughput;
        expect(run.connections).toBe(rooms * clients);
        expect(run.steady.complete && run.burst.complete).toBe(true);
        expect(run.steady.delivered).toBe(run.steady.sent * (clients - 1));
        expect(run.burst.delivered).toBe(run.burst.sent * (clients - 1));
        expect(run.convergedRooms).toBe(rooms);
        expect(run.steady.cpuMicrosPerDelivered).toBeGreaterThan(0);
        for (const shape of ['cold:updates', 'cold:strokes']) {
          const cold = report.results[shape]![kind] as ColdLoad;
          expect({ crashed: cold.crashed, found: cold.found }).toEqual({
            crashed: false,
            found: cold.items,
          });
        }
      }
      const viaServer = report.results['cold:updates-via-server']!.ours as ColdLoad;
      expect(viaServer.found).toBe(viaServer.items);
      expect(report.rows.map((row) => row.label)).toContain(
        'server CPU per delivered update, steady (µs)',
      );
    },
    TIMEOUT_MS,
  );

  it(
    'bench:client measures a small board in Chromium: frames, first render and bytes per point',
    async () => {
      await runBench('bench/board/run.ts', {
        BENCH_CLIENT_SIZES: '200',
        // A small mixed board proves the shape, text and selection gestures run; the default
        // (10,000 elements) took most of this test's 135 s.
        BENCH_CLIENT_MIXED: '200',
        BENCH_CLIENT_STEPS: '4',
        BENCH_CLIENT_DIR: join(dir, 'client'),
      });
      const { rows } = await readJson<{ rows: { label: string; value: number }[] }>(
        'client-latest.json',
      );
      const value = (label: string) => rows.find((row) => row.label === `200 strokes: ${label}`);
      for (const label of [
        'stored bytes per point (generated)',
        'stored bytes per point (loaded from relay)',
      ]) {
        expect(value(label)?.value).toBeGreaterThan(0);
        expect(value(label)?.value).toBeLessThanOrEqual(8);
      }
      expect(value('pan at 100 %, frame p95')?.value).toBeGreaterThan(0);
      expect(value('open → first frame with all strokes')?.value).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );

  it(
    'bench:hostile replays attacks against both relays and reports who survived and what it cost',
    async () => {
      await runBench('bench/hostile/run.ts', {
        HOSTILE_SCALE: '0.01',
        HOSTILE_SECONDS: '1',
        HOSTILE_BIG_STROKES: '200',
        HOSTILE_ONLY: 'no URL,presence nested,empty state vector,5 MiB',
      });
      const report = await readJson<{
        results: Record<string, Record<'ours' | 'peer', { survived: boolean; answer: string }>>;
        table: string;
      }>('hostile-latest.json');
      expect(Object.keys(report.results)).toHaveLength(4);
      for (const byKind of Object.values(report.results)) {
        expect(byKind.ours.survived).toBe(true);
        expect(byKind.peer).toBeDefined();
      }
      expect(report.results['presence nested 5,000 deep']!.ours.answer).toBe('close 1007');
      expect(report.results['one frame of 5 MiB']!.ours.answer).toBe('close 1009');
      expect(report.table).toContain('| one frame of 5 MiB | ours | yes |');
    },
    TIMEOUT_MS,
  );
});
