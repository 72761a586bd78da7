import { existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Endpoint, roomPageSegment } from '../../protocol/endpoints.ts';
import { ROOM_NAME_RULE, isValidRoomName } from '../protocol/room-name.ts';
import { parseByteRange, rangeHeaderFor } from './byte-range.ts';
import type { HttpApp } from './http-app.ts';
import { sendError } from './http-errors.ts';

/**
 * Vite names everything under assets/ by its content hash, so those never change and may be
 * cached for a year; anything else (the page and the service worker above all) must be
 * revalidated, or a browser keeps running an old app.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * The built web app: every page route serves index.html (the app routes on the client), and
 * the other files of the build are served as they are. Without a build the relay still runs:
 * pages answer 503 and say how to build.
 */
export function registerWebApp(app: HttpApp, staticDir: string): void {
  const page = appPage(join(staticDir, 'index.html'));
  app.get('/', (_request, reply) => page(reply));
  app.get(Endpoint.appShell, (_request, reply) => page(reply));
  // A link's board, `/l#<id>`: the id rides in the fragment and never reaches this server.
  app.get(Endpoint.linkPage, (_request, reply) => page(reply));
  app.get(`${Endpoint.roomPage}/*`, (request, reply) => {
    // On the path as sent (not percent-decoded), with or without a trailing slash.
    const room = roomPageSegment(request.url.split('?', 1)[0]!);
    if (room === null) return sendError(reply, 404, 'not found');
    if (!isValidRoomName(room)) return sendError(reply, 400, ROOM_NAME_RULE);
    return page(reply);
  });
  if (existsSync(staticDir)) app.register(builtFiles(staticDir));
}

/** index.html, read on first use: a build made after the server started is picked up. */
function appPage(indexPath: string) {
  let html: Buffer | null = null;
  return (reply: FastifyReply): FastifyReply => {
    if (!html && existsSync(indexPath)) html = readFileSync(indexPath);
    if (!html) return sendError(reply, 503, 'web app not built: run `npm run build`');
    return reply.type('text/html; charset=utf-8').header('cache-control', REVALIDATE).send(html);
  };
}

/**
 * The build's files, listed once at start (`wildcard: false`: one route per file), so a request
 * can only name a file of that list and no path (`..`, encoded slashes, NUL, dotfiles) reaches
 * the file system. In a scope of its own, so that the Range rule below is theirs alone.
 */
function builtFiles(root: string) {
  return async (scope: HttpApp): Promise<void> => {
    scope.addHook('preHandler', rangeAsDecided(root));
    await scope.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      // Served by the page routes above, with their 503 when missing.
      globIgnore: ['index.html'],
      serveDotFiles: false,
      cacheControl: false,
      setHeaders: (reply) => {
        const hashed = reply.request.routeOptions.url?.startsWith(Endpoint.assets) ?? false;
        reply.header('cache-control', hashed ? IMMUTABLE : REVALIDATE);
      },
    });
  };
}

/**
 * Hands @fastify/send the Range that parseByteRange decided (byte-range.ts), spelled the one way
 * send reads as we do, or none. Send alone answers `bytes=5-1` (ignored by the RFC: the whole
 * file) and a suffix longer than the file (RFC: the whole file, as 206) with 416, and ignores
 * `BYTES = 0-9`. Costs one stat, only for requests that carry a Range.
 */
function rangeAsDecided(root: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const { headers } = request.raw;
    if (headers.range === undefined) return;
    const route = request.routeOptions.url;
    const size = route === undefined ? null : await fileSize(join(root, route));
    const header =
      size === null ? undefined : rangeHeaderFor(parseByteRange(headers.range, size), size);
    if (header === undefined) delete headers.range;
    else headers.range = header;
  };
}

/**
 * The size of a file of the build, or null when it is gone: then the whole-file answer follows,
 * and send reports the missing file itself (404).
 */
async function fileSize(path: string): Promise<number | null> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats.size : null;
  } catch {
    return null;
  }
}
