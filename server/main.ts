import { startServer } from './app.ts';
import { loadConfigOrExit } from './config.ts';
import { createLogger } from './observability/logger.ts';

const config = loadConfigOrExit(process.env);

const logger = createLogger(config.logLevel);

const server = await startServer({ config, logger }).catch((error: unknown) => {
  logger.fatal({ err: error, dataDir: config.dataDir }, 'server failed to start');
  process.exit(1);
});
logger.info(
  {
    port: server.port,
    host: config.host,
    url: server.url,
    dataDir: config.dataDir,
    accessMode: config.auth.mode,
  },
  'listening',
);

let stopping = false;
function stop(reason: Record<string, unknown>, exitCode: number): void {
  if (stopping) return;
  stopping = true;
  logger.info(reason, 'shutting down');
  server.close().then(
    () => {
      logger.info('stopped');
      process.exit(exitCode);
    },
    (error: unknown) => {
      logger.fatal({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop({ signal }, 0));

// SIGHUP reloads the certificate, as nginx does, so a renewal needs no restart. Without TLS it
// keeps its default (the process ends when its terminal goes).
if (config.tls) process.on('SIGHUP', () => server.reloadCertificate());

/**
 * The last resort. Every request, upgrade, frame and timer has its own error boundary, so a throw
 * that reaches this far is a bug in one place, not a broken process: exiting would turn it into an
 * outage for every room (it used to). It is logged and counted, and the process keeps serving;
 * only when storage itself is gone does it stop, storing what it still can.
 */
function lastResort(kind: 'uncaught' | 'unhandled_rejection', error: unknown): void {
  server.metrics.errors.labels(kind).inc();
  logger.error({ err: error, kind }, 'error outside every handler');
  // A store that is reopening after a failed write is recovering, not gone.
  if (server.storageHealth() === 'closed') {
    stop({ reason: 'storage unusable after an uncaught error' }, 1);
  }
}
process.on('uncaughtException', (error) => lastResort('uncaught', error));
process.on('unhandledRejection', (error) => lastResort('unhandled_rejection', error));
