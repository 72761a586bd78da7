import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { redactTarget } from '../observability/redact.ts';
import { StoreUnavailableError } from '../storage/doc-store.ts';

/** What every HTTP error says: the status twice (for people and for scripts) and why. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
}

/** Answers `status` as JSON; never cached, since an error says nothing about later requests. */
export function sendError(reply: FastifyReply, status: number, message: string): FastifyReply {
  const body: ErrorBody = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message };
  return reply.code(status).header('cache-control', 'no-store').send(body);
}

/** A client's mistake the framework found (a bad body, a schema miss): its own 4xx status. */
function clientStatus(error: FastifyError): number | null {
  const status = error.statusCode;
  return status !== undefined && status >= 400 && status < 500 ? status : null;
}

/**
 * The headers an error asks its answer to carry (@fastify/send's 416 carries `Content-Range:
 * bytes *\/size`, which tells the client the size); only string values are taken.
 */
function headersOf(error: object): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!('headers' in error) || typeof error.headers !== 'object' || error.headers === null) {
    return headers;
  }
  for (const [name, value] of Object.entries(error.headers)) {
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/**
 * A failure of the storage a route read or wrote (the link store, in the rooms' LevelDB): the
 * request was fine and may succeed later, so 503, not 500. Level's errors carry `LEVEL_` codes;
 * a store that is recovering throws StoreUnavailableError.
 */
function isStorageFailure(error: FastifyError): boolean {
  if (error instanceof StoreUnavailableError) return true;
  return typeof error.code === 'string' && error.code.startsWith('LEVEL_');
}

/**
 * The error boundary of every request on a listener: a client's mistake is answered with its
 * 4xx, anything else with 500, counted and logged; nobody else notices either way.
 */
export function errorHandler(deps: { readonly metrics: Metrics; readonly logger: Logger }) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const status = clientStatus(error);
    if (status !== null) return sendError(reply.headers(headersOf(error)), status, error.message);
    if (isStorageFailure(error)) {
      deps.metrics.errors.labels('http_storage').inc();
      deps.logger.error({ err: error, url: redactTarget(request.url) }, 'storage failed a request');
      return sendError(reply.header('retry-after', 5), 503, 'storage unavailable, try again');
    }
    deps.metrics.errors.labels('http').inc();
    const url = redactTarget(request.url);
    deps.logger.error({ err: error, method: request.method, url }, 'request failed');
    return sendError(reply, 500, 'internal error');
  };
}

/**
 * What a request for no route gets. On a listener whose routes all read (GET, HEAD), another
 * method is told 405 with Allow, wherever it points, as before the framework.
 */
export function notFoundHandler(otherMethods: 'method-not-allowed' | 'not-found') {
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const reads = request.method === 'GET' || request.method === 'HEAD';
    if (reads || otherMethods === 'not-found') return sendError(reply, 404, 'not found');
    return sendError(reply.header('allow', 'GET, HEAD'), 405, 'method not allowed');
  };
}
