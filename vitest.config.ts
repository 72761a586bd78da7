import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/** Tests whose own code uses runes ($effect, $state): they need Svelte's client runtime. */
const RUNES_TESTS = 'web/**/*.svelte.test.ts';

export default defineConfig({
  // Compiles runes ($state, $derived) in web/**/*.svelte.ts, so their classes can be unit tested.
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  test: {
    pool: 'forks',
    // Vitest's default is one worker less than the cores: one, on CI's two. Most files wait on
    // relays, Redis and timers rather than compute, and two workers ran the suite in 322 s
    // instead of 454 s on the same machine (every test passing in both).
    maxWorkers: 2,
    // Memory tests call global.gc() to measure what really stays allocated.
    execArgv: ['--expose-gc'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'protocol/**/*.test.ts',
            'server/**/*.test.ts',
            'web/**/*.test.ts',
            'bench/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: [RUNES_TESTS],
        },
      },
      {
        extends: true,
        // `svelte` itself as the browser has it: its server build runs no effects at all.
        resolve: { conditions: ['browser'] },
        test: {
          name: 'web-runes',
          include: [RUNES_TESTS],
          environment: './vitest.svelte-client-environment.ts',
        },
      },
    ],
  },
});
