// `npm run dev`: the relay on a private loopback port behind Vite's dev server, so the browser
// sees one origin (hot reload for web/, /ws and the probes proxied to the relay) exactly as it
// does in production, where the relay serves dist/ itself.
import { fileURLToPath } from 'node:url';
import { createServer, type ProxyOptions } from 'vite';
import { startServer } from './app.ts';
import { loadConfigOrExit } from './config.ts';
import { createLogger } from './observability/logger.ts';

const config = loadConfigOrExit(process.env);

const logger = createLogger(config.logLevel);
const relay = await startServer({ config: { ...config, port: 0, host: '127.0.0.1' }, logger });

const toRelay = (protocol: 'http' | 'ws'): ProxyOptions => ({
  target: `${protocol}://127.0.0.1:${relay.port}`,
  ws: protocol === 'ws',
});

const vite = await createServer({
  configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
  server: {
    port: config.port,
    host: config.host,
    // The port is the one the user asked for; silently moving to another would hide a clash.
    strictPort: true,
    proxy: {
      '/ws': toRelay('ws'),
      '/healthz': toRelay('http'),
      '/readyz': toRelay('http'),
      '/metrics': toRelay('http'),
    },
  },
});
await vite.listen();
vite.printUrls();
logger.info({ url: vite.resolvedUrls?.local[0], relayPort: relay.port }, 'dev server listening');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A second Ctrl-C means "now": skip the graceful path if the first one is stuck.
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void Promise.allSettled([vite.close(), relay.close()]).then((results) => {
      const failed = results.filter((result) => result.status === 'rejected');
      for (const failure of failed) logger.error({ err: failure.reason }, 'shutdown failed');
      process.exit(failed.length === 0 ? 0 : 1);
    });
  });
}
