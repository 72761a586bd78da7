import { Endpoint } from '../../protocol/endpoints.ts';
import type { FastifyReply } from 'fastify';
import type { StoreHealth } from '../storage/doc-store.ts';
import type { HttpApp } from './http-app.ts';
import { sendError } from './http-errors.ts';

export function sendText(reply: FastifyReply, body: string): FastifyReply {
  return reply
    .type('text/plain; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`${body}\n`);
}

/** /healthz: the process answers. /readyz: storage is open, so writes are accepted (503 else). */
export function registerProbes(app: HttpApp, store: { readonly health: StoreHealth }): void {
  app.get(Endpoint.health, (_request, reply) => sendText(reply, 'ok'));
  app.get(Endpoint.ready, (_request, reply) => {
    const { health } = store;
    return health === 'open'
      ? sendText(reply, 'ready')
      : sendError(reply, 503, `storage ${health}`);
  });
}
