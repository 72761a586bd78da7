import { rm } from 'node:fs/promises';
import {
  test as base,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from '@playwright/test';
import { restartRelay, type RelayProcess } from '../../server/test-support/relay-process.ts';
import { openSyncedBoard } from './board.ts';
import { startCompiledRelay } from './relay.ts';

export { expect } from './expect.ts';

/** How long teardown waits for a graceful SIGTERM exit before calling it a failure. */
const STOP_TIMEOUT_MS = 10_000;

/** One person in a test: a browser context of their own (own storage, so own identity) and a page. */
export interface User {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
}

export interface OpenOptions {
  /** Default: this test's relay (`server.url`); a restarted relay's URL otherwise. */
  readonly baseUrl?: string;
  /** Appended to the room's path, e.g. '?idleMs=2000'. */
  readonly query?: string;
}

/** The people of a test. Every context they got is closed at teardown, pass or fail. */
export interface Users {
  /** Someone new, with their page still blank (to install scripts or routes first). */
  add(name: string, options?: BrowserContextOptions): Promise<User>;
  /** Someone new, with the board of `room` open and synced with the relay. */
  open(name: string, room: string, options?: OpenOptions): Promise<User>;
}

interface Fixtures {
  /** Extra environment for the `server` fixture: `test.use({ serverEnv: { … } })`. */
  serverEnv: Record<string, string>;
  /** A relay of this test's own: free port, fresh data folder, stopped and removed afterwards. */
  server: RelayProcess;
  /**
   * Starts this test's relay again once it has stopped or been killed: same port (so open pages
   * find it again), same data folder. Stopped at teardown.
   */
  restartServer: () => Promise<RelayProcess>;
  users: Users;
}

interface WorkerFixtures {
  /**
   * One relay for all the tests of a worker that ask for it: for journeys that never stop,
   * restart or configure the relay, each in a room of its own. Starting a relay takes 3.6 s
   * (measured), most of a short journey; this pays it once per worker instead of per test.
   */
  sharedServer: RelayProcess;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  serverEnv: [{}, { option: true }],

  server: async ({ serverEnv }, use, testInfo) => {
    const server = await startCompiledRelay({ env: serverEnv });
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

  sharedServer: [
    // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startCompiledRelay({ env: {} });
      await use(server);
      const exit = await stopWithin(server, STOP_TIMEOUT_MS);
      await rm(server.dataDir, { recursive: true, force: true });
      if (exit.timedOut) {
        throw new Error(
          `shared relay did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM\n${relayOutput(server)}`,
        );
      }
    },
    { scope: 'worker' },
  ],

  restartServer: async ({ server }, use) => {
    const restarted: RelayProcess[] = [];
    await use(async () => {
      const relay = await restartRelay(server);
      restarted.push(relay);
      return relay;
    });
    for (const relay of restarted) await relay.stop();
  },

  users: async ({ browser, server }, use, testInfo) => {
    const everyone: User[] = [];
    const add = async (name: string, options: BrowserContextOptions = {}): Promise<User> => {
      const context = await browser.newContext(options);
      const user = { name, context, page: await context.newPage() };
      everyone.push(user);
      return user;
    };
    await use({
      add,
      async open(name, room, { baseUrl = server.url, query = '' } = {}) {
        const user = await add(name);
        await openSyncedBoard(user.page, baseUrl, room, query);
        return user;
      },
    });
    // Each person's screen as it was when the test failed, named after them.
    if (testInfo.status !== testInfo.expectedStatus) {
      for (const { name, page } of everyone) {
        if (page.isClosed()) continue;
        const title = `${name}'s screen`;
        try {
          await testInfo.attach(title, { body: await page.screenshot(), contentType: 'image/png' });
        } catch (error) {
          await testInfo.attach(title, { body: `no screenshot: ${String(error)}` });
        }
      }
    }
    for (const { context } of everyone) await context.close();
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
