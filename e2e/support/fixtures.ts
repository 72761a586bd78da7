import { rm } from 'node:fs/promises';
import { test as base } from '@playwright/test';
import { startRelay, type RelayProcess } from '../../server/test-support/relay-process.ts';

export { expect } from '@playwright/test';

/** How long teardown waits for a graceful SIGTERM exit before calling it a failure. */
const STOP_TIMEOUT_MS = 10_000;

interface Fixtures {
  /** Extra environment for the `server` fixture: `test.use({ serverEnv: { … } })`. */
  serverEnv: Record<string, string>;
  /** A relay of this test's own: free port, fresh data folder, stopped and removed afterwards. */
  server: RelayProcess;
}

export const test = base.extend<Fixtures>({
  serverEnv: [{}, { option: true }],

  server: async ({ serverEnv }, use, testInfo) => {
    const server = await startRelay({ env: serverEnv });
    await use(server);
    const exit = await stopWithin(server, STOP_TIMEOUT_MS);
    if (testInfo.status !== testInfo.expectedStatus || exit.timedOut) {
      await testInfo.attach('relay output', {
        body: relayOutput(server),
        contentType: 'text/plain',
      });
    }
    await rm(server.dataDir, { recursive: true, force: true });
    // A relay that ignores SIGTERM would lose data in production; fail the test that saw it.
    if (exit.timedOut)
      throw new Error(`relay did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM`);
  },
});

async function stopWithin(server: RelayProcess, ms: number): Promise<{ timedOut: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const result = await Promise.race([server.stop(), timeout]);
  clearTimeout(timer);
  if (result !== 'timeout') return { timedOut: false };
  await server.kill();
  return { timedOut: true };
}

function relayOutput(server: RelayProcess): string {
  const stdout = server.logs.map((record) => JSON.stringify(record)).join('\n');
  return `--- stdout (JSON logs) ---\n${stdout}\n--- stderr ---\n${server.stderr()}`;
}
