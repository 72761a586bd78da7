import type { IncomingMessage, Server } from 'node:http';
import { Endpoint } from '../../protocol/endpoints.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { StoreHealth } from '../storage/doc-store.ts';
import { createHttpApp, type HttpApp } from './http-app.ts';
import { registerCredentialRoutes, type CredentialRouteDeps } from './credential-routes.ts';
import { registerHistoryRoutes, type HistoryRouteDeps } from './history-routes.ts';
import { registerLinkRoutes, type LinkRouteDeps } from './link-routes.ts';
import type { MetricsPolicy } from './metrics-access.ts';
import { registerMetricsRoute } from './metrics-route.ts';
import { registerProbes } from './probes.ts';
import type { HostDecision } from './public-origin.ts';
import { sendError } from './http-errors.ts';
import { securityHeaders } from './security-headers.ts';
import { registerWebApp } from './web-app.ts';

export interface RouteDeps {
  readonly staticDir: string;
  readonly metrics: Metrics;
  readonly store: { readonly health: StoreHealth };
  readonly logger: Logger;
  /** Who may read /metrics here (see metrics-access.ts). */
  readonly metricsPolicy: MetricsPolicy;
  /** CSP frame-ancestors sources (FRAME_ANCESTORS). */
  readonly frameAncestors: readonly string[];
  /** Whether a request is addressed to PUBLIC_ORIGIN's host (public-origin.ts). */
  readonly publicHost: (request: IncomingMessage) => HostDecision;
  /** The link API (link-routes.ts). */
  readonly links: LinkRouteDeps;
  /** Board history (history-routes.ts). */
  readonly history: HistoryRouteDeps;
  /** Tickets and new rooms (credential-routes.ts). */
  readonly credentials: CredentialRouteDeps;
  /** Whether the main port serves TLS: then browsers are told to keep to https (HSTS). */
  readonly tls: boolean;
  /** The main port's node server (node:https with TLS), which app.ts owns. */
  readonly server: Server;
}

/** Paths answered whatever Host a request names. */
const UNADDRESSED: ReadonlySet<string> = new Set([
  Endpoint.health,
  Endpoint.ready,
  Endpoint.metrics,
]);

/**
 * The main port's HTTP (or HTTPS): probes, metrics, the link API and the built web app, each
 * answer (errors too) with helmet's security headers. WebSocket upgrades never reach it: app.ts
 * takes them from the node server.
 */
export function createHttpRoutes(deps: RouteDeps): HttpApp {
  const app = createHttpApp({
    logger: deps.logger,
    metrics: deps.metrics,
    otherMethods: 'method-not-allowed',
    securityHeaders: securityHeaders(deps.frameAncestors, { tls: deps.tls }),
    server: deps.server,
  });
  // Before any route: a page on a rebound name learns nothing (public-origin.ts). Probes and
  // metrics are asked by address (load balancers, Prometheus) and keep their own checks.
  app.addHook('onRequest', async (request, reply) => {
    if (UNADDRESSED.has(request.url)) return;
    const host = deps.publicHost(request.raw);
    if (!host.ok) return sendError(reply, host.status, host.message);
  });
  registerProbes(app, deps.store);
  registerMetricsRoute(app, deps.metrics, deps.metricsPolicy);
  registerLinkRoutes(app, deps.links);
  registerHistoryRoutes(app, deps.history);
  registerCredentialRoutes(app, deps.credentials);
  registerWebApp(app, deps.staticDir);
  return app;
}
