import { startServer } from './app.ts';
import { loadConfigOrExit } from './config.ts';
import { createLogger } from './observability/logger.ts';

const config = loadConfigOrExit(process.env);

const logger = createLogger(config.logLevel);

process.on('uncaughtException', (error) => {
  logger.fatal({ err: error }, 'uncaught exception');
  process.exit(1);
});
process.on('unhandledRejection', (error) => {
  logger.fatal({ err: error }, 'unhandled rejection');
  process.exit(1);
});

const server = await startServer({ config, logger }).catch((error: unknown) => {
  logger.fatal({ err: error, dataDir: config.dataDir }, 'server failed to start');
  process.exit(1);
});
logger.info({ port: server.port, host: config.host, dataDir: config.dataDir }, 'listening');

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
