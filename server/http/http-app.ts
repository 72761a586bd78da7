import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { errorHandler, notFoundHandler, sendError } from './http-errors.ts';
import { routableTarget } from './request-target.ts';

/**
 * One HTTP listener: Fastify on a node server (node:http, or node:https, which extends it) that
 * app.ts owns (it listens, upgrades, closes).
 */
export type HttpApp = FastifyInstance<Server, IncomingMessage, ServerResponse, Logger>;

/**
 * Largest request body any route reads. Today's routes read none; the API to come (rooms, links,
 * tickets) sends small JSON documents, and 64 KiB is far above any of them while one request
 * still cannot make the server buffer much (Fastify's default is 1 MiB). Larger: 413.
 */
export const MAX_BODY_BYTES = 64 * 1024;

export interface HttpAppOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** See notFoundHandler: the main port answers 405 to other methods, the metrics port 404. */
  readonly otherMethods: 'method-not-allowed' | 'not-found';
  /** Helmet's headers for every answer of this listener, its earliest refusals included. */
  readonly securityHeaders?: FastifyHelmetOptions;
  /** The node server to answer on (node:https for TLS); default a new plain node:http one. */
  readonly server?: Server;
}

/**
 * The framework every listener shares, with its rules for hostile input in one place:
 *   - a request-target that is no URL is answered 400 before any route runs (it used to end the
 *     process); the others are routed by their normalized path, as the URL parser reads them;
 *   - bodies are JSON only (415 otherwise), at most MAX_BODY_BYTES (413), checked against the
 *     route's schema as sent: no coercion, no defaults, no dropped properties (400);
 *   - every error is answered as JSON with its status (see http-errors.ts), never thrown out.
 * Routes are added by the caller before `ready()`.
 */
export function createHttpApp({
  logger,
  metrics,
  otherMethods,
  securityHeaders,
  server = createServer(),
}: HttpAppOptions): HttpApp {
  const invalidTargets = new WeakSet<IncomingMessage>();
  const app = Fastify({
    loggerInstance: logger,
    // One line per request would drown the relay's own log; errors are logged where handled.
    logController: new LogController({ disableRequestLogging: true }),
    // app.ts owns the node server: it listens itself (Fastify's listen would bind `localhost`
    // to each of its addresses on servers of its own, which the WebSocket upgrade never sees).
    serverFactory: (handler) => server.on('request', handler),
    bodyLimit: MAX_BODY_BYTES,
    // Runs before routing and must never throw: a throw here would escape every error boundary.
    rewriteUrl: (req) => {
      const target = routableTarget(req.url);
      if (target !== null) return target;
      invalidTargets.add(req);
      return '/';
    },
    ajv: {
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false },
    },
  });
  app.removeContentTypeParser('text/plain');
  if (securityHeaders) app.register(fastifyHelmet, securityHeaders);
  // Once helmet is in (its hooks are added when it loads): the 400 carries its headers too.
  app.after(() => {
    app.addHook('onRequest', async (request, reply) => {
      if (invalidTargets.has(request.raw))
        return sendError(reply, 400, 'request target is not a valid URL');
    });
  });
  app.setErrorHandler(errorHandler({ logger, metrics }));
  app.setNotFoundHandler(notFoundHandler(otherMethods));
  return app;
}
