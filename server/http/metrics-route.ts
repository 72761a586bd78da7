import { Endpoint } from '../../protocol/endpoints.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { createHttpApp, type HttpApp } from './http-app.ts';
import { sendError } from './http-errors.ts';
import { metricsAccess, type MetricsPolicy } from './metrics-access.ts';

/** GET /metrics under `policy` (see metrics-access.ts); a failed render is the error handler's. */
export function registerMetricsRoute(app: HttpApp, metrics: Metrics, policy: MetricsPolicy): void {
  app.get(Endpoint.metrics, async (request, reply) => {
    const access = metricsAccess(request.raw, policy);
    if (!access.ok && access.status === 401) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      return sendError(reply, 401, 'a bearer token is required');
    }
    if (!access.ok) return sendError(reply, 404, 'not found');
    const body = await metrics.render();
    return reply.type(metrics.contentType).header('cache-control', 'no-store').send(body);
  });
}

/** The METRICS_PORT listener: GET /metrics and nothing else (404, whatever the method). */
export function createMetricsApp(deps: {
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly token: string | null;
}): HttpApp {
  const app = createHttpApp({
    logger: deps.logger,
    metrics: deps.metrics,
    otherMethods: 'not-found',
  });
  registerMetricsRoute(app, deps.metrics, { servedHere: true, dedicated: true, token: deps.token });
  return app;
}
