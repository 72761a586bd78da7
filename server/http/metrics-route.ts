import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { metricsAccess, type MetricsPolicy } from './metrics-access.ts';
import { requestPath } from './request-target.ts';
import { Endpoint } from '../../protocol/endpoints.ts';

const NOT_FOUND = 'not found\n';

/** Answers GET /metrics under `policy`; the caller's error boundary gets any failure. */
export function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: Metrics,
  policy: MetricsPolicy,
  failed: (res: ServerResponse, error: unknown) => void,
): void {
  const access = metricsAccess(req, policy);
  if (!access.ok) {
    const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
    if (access.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="metrics"';
    res.writeHead(access.status, headers);
    res.end(access.status === 401 ? 'a bearer token is required\n' : NOT_FOUND);
    return;
  }
  metrics.render().then(
    (body) => {
      res.writeHead(200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
      res.end(body);
    },
    (error: unknown) => failed(res, error),
  );
}

/** The METRICS_PORT listener: GET /metrics and nothing else. */
export function createMetricsHandler(deps: {
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly policy: MetricsPolicy;
}) {
  const failed = (res: ServerResponse, error: unknown): void => {
    deps.metrics.errors.labels('http').inc();
    deps.logger.error({ err: error }, 'metrics request failed');
    if (res.headersSent) res.destroy();
    else {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    }
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      if (
        requestPath(req.url) === Endpoint.metrics &&
        (req.method === 'GET' || req.method === 'HEAD')
      ) {
        serveMetrics(req, res, deps.metrics, deps.policy, failed);
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(NOT_FOUND);
    } catch (error) {
      failed(res, error);
    }
  };
}
