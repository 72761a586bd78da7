/**
 * One relay per test for the app's API clients (web/src/**\/*.relay.test.ts): started when a
 * test asks, stopped after it with its data folder and every stock client the test tracked. A test
 * may stop it itself (to go offline) or start another in its place (a restart).
 */
import { afterEach } from 'vitest';
import type { StockClient } from './clients.ts';
import { removeDir, startTestServer, type TestServer } from './server.ts';

export class RelayPerTest {
  server: TestServer | undefined;
  readonly #clients: StockClient[] = [];

  constructor() {
    afterEach(() => this.#stop());
  }

  async start(...args: Parameters<typeof startTestServer>): Promise<TestServer> {
    this.server = await startTestServer(...args);
    return this.server;
  }

  track<T extends StockClient>(client: T): T {
    this.#clients.push(client);
    return client;
  }

  async #stop(): Promise<void> {
    for (const client of this.#clients.splice(0)) client.destroy();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await server.close();
    await removeDir(server.dataDir);
  }
}
