/**
 * CPU profiles of what the page does during a measured step (BENCH_CLIENT_PROFILE=<folder>):
 * Chromium's sampling profiler through the DevTools protocol, written as `<name>.cpuprofile`
 * (opens in DevTools' Performance panel; `npm run bench:profile -- <file>` prints where the time
 * went). Profiling slows the page, so a profiled run's figures are not the benchmark's.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';

/** 200 µs between samples: fine enough to see a 16 ms frame's parts, coarse enough to be cheap. */
const SAMPLING_INTERVAL_US = 200;

export interface Profiler {
  /** Runs `step` with the profiler on and writes what it sampled as `<name>.cpuprofile`. */
  around<T>(name: string, step: () => Promise<T>): Promise<T>;
}

const off: Profiler = { around: (_name, step) => step() };

export async function profilerFor(page: Page, dir: string | null): Promise<Profiler> {
  if (dir === null) return off;
  await mkdir(dir, { recursive: true });
  const session: CDPSession = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  return {
    async around(name, step) {
      await session.send('Profiler.start');
      try {
        return await step();
      } finally {
        const { profile } = await session.send('Profiler.stop');
        const file = join(dir, `${name}.cpuprofile`);
        await writeFile(file, JSON.stringify(profile));
        console.log(`  profile: ${file}`);
      }
    },
  };
}
