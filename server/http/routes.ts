import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { Endpoint, roomPageSegment } from '../../protocol/endpoints.ts';
import { ROOM_NAME_RULE, isValidRoomName } from '../protocol/room-name.ts';
import type { DocStore } from '../storage/doc-store.ts';
import type { MetricsPolicy } from './metrics-access.ts';
import { serveMetrics } from './metrics-route.ts';
import { requestPath } from './request-target.ts';
import { StaticFiles } from './static-files.ts';

export interface RouteDeps {
  readonly staticDir: string;
  readonly metrics: Metrics;
  readonly store: DocStore;
  readonly logger: Logger;
  /** Who may read /metrics here (see metrics-access.ts). */
  readonly metricsPolicy: MetricsPolicy;
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(`${body}\n`);
}

/**
 * Plain HTTP: probes, metrics, and the built web app. Every page route serves the app's
 * index.html (the app routes on the client); hashed assets are cached for good.
 */
export function createRequestHandler({
  staticDir,
  metrics,
  store,
  logger,
  metricsPolicy,
}: RouteDeps) {
  const indexPath = join(staticDir, 'index.html');
  const assets = StaticFiles.open(staticDir);
  // Read lazily: a build after the server started is picked up, a missing build is reported.
  let index: Buffer | null = null;
  const readIndex = (): Buffer | null => {
    if (index) return index;
    if (!existsSync(indexPath)) return null;
    index = readFileSync(indexPath);
    return index;
  };

  const serveApp = (res: ServerResponse): void => {
    const html = readIndex();
    if (!html) {
      text(res, 503, 'web app not built: run `npm run build`');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.end(html);
  };

  const route = (req: IncomingMessage, res: ServerResponse): void => {
    const path = requestPath(req.url);
    if (path === null) return text(res, 400, 'request target is not a valid URL');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      text(res, 405, 'method not allowed');
      return;
    }
    if (path === Endpoint.health) return text(res, 200, 'ok');
    if (path === Endpoint.ready) {
      const { health } = store;
      return health === 'open' ? text(res, 200, 'ready') : text(res, 503, `storage ${health}`);
    }
    if (path === Endpoint.metrics) return serveMetrics(req, res, metrics, metricsPolicy, failed);
    if (path === '/' || path === Endpoint.appShell) return serveApp(res);
    const room = roomPageSegment(path);
    if (room !== null) {
      return isValidRoomName(room) ? serveApp(res) : text(res, 400, ROOM_NAME_RULE);
    }
    if (!assets?.serve(req, res, path)) text(res, 404, 'not found');
  };

  /** The error boundary of one request: it gets a 500 (or a cut socket), nobody else notices. */
  const failed = (res: ServerResponse, error: unknown): void => {
    metrics.errors.labels('http').inc();
    logger.error({ err: error }, 'request failed');
    if (res.headersSent) res.destroy();
    else text(res, 500, 'internal error');
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      route(req, res);
    } catch (error) {
      failed(res, error);
    }
  };
}
