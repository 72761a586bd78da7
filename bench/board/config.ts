/** The client benchmark's settings, read once from the environment. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchConfig {
  /** Board sizes in strokes, measured in this order. */
  readonly sizes: readonly number[];
  /** Mixed board sizes in elements (strokes, shapes, text, notes), measured after those. */
  readonly mixed: readonly number[];
  /** Wheel events per pan or zoom gesture. */
  readonly steps: number;
  /** Where generated boards and the built app are kept between runs. */
  readonly workDir: string;
  /** Print every frame's time, to see where the slow ones are. */
  readonly printFrames: boolean;
  /** Keep the previous results of boards this run does not measure (BENCH_CLIENT_KEEP=1). */
  readonly keep: boolean;
  /** A web app built beforehand to measure instead of this one (to compare two versions). */
  readonly appDir: string | null;
  /** Where to write CPU profiles of the mixed board's steps (profiler.ts); null: not profiled. */
  readonly profileDir: string | null;
}

class BenchConfigError extends Error {
  override name = 'BenchConfigError';
}

export function loadBenchConfig(env: NodeJS.ProcessEnv): BenchConfig {
  return Object.freeze({
    sizes: sizeList('BENCH_CLIENT_SIZES', env.BENCH_CLIENT_SIZES || '1000,10000,50000'),
    mixed: sizeList('BENCH_CLIENT_MIXED', env.BENCH_CLIENT_MIXED || '10000'),
    steps: wholeNumber('BENCH_CLIENT_STEPS', env.BENCH_CLIENT_STEPS || '60'),
    workDir: env.BENCH_CLIENT_DIR || join(tmpdir(), 'whiteboard-bench-client'),
    printFrames: env.BENCH_CLIENT_FRAMES === '1',
    keep: env.BENCH_CLIENT_KEEP === '1',
    appDir: env.BENCH_CLIENT_APP || null,
    profileDir: env.BENCH_CLIENT_PROFILE || null,
  });
}

/** Comma-separated whole numbers, or `none` to skip those boards. */
function sizeList(variable: string, raw: string): readonly number[] {
  if (raw.trim() === 'none') return Object.freeze([]);
  return Object.freeze(raw.split(',').map((size) => wholeNumber(variable, size.trim())));
}

function wholeNumber(variable: string, raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1) {
    throw new BenchConfigError(`${variable}: expected whole numbers from 1, got ${raw}`);
  }
  return value;
}
