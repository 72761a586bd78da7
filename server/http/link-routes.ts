import type { FastifyRequest } from 'fastify';
import { linkInfoPath, linkPagePath, roomLinksPath } from '../../protocol/endpoints.ts';
import { LinkAccess, isLinkId, linkStatus, type Link } from '../links/link.ts';
import type { LinkStore } from '../links/link-store.ts';
import type { HttpApp } from './http-app.ts';
import { sendError } from './http-errors.ts';
import { roomEditorGuard, type RoomEditorDeps } from './room-editor.ts';

export interface LinkRouteDeps extends RoomEditorDeps {
  readonly store: LinkStore;
  /** How many connections each link holds open now, and how to end them when it is revoked. */
  readonly sessions: { count(id: string): number; revoked(id: string): void };
}

/** Longest a link may be made to last: a year. Longer: leave expiresIn out. */
const MAX_EXPIRES_IN_SECONDS = 365 * 24 * 3600;

const newLinkBody = {
  type: 'object',
  required: ['access'],
  additionalProperties: false,
  properties: {
    access: { type: 'string', enum: [LinkAccess.view, LinkAccess.edit] },
    expiresIn: { type: 'integer', minimum: 1, maximum: MAX_EXPIRES_IN_SECONDS },
    /** Whether viewers' cursors show (default true); see link.ts. */
    presence: { type: 'boolean' },
  },
} as const;

interface NewLinkBody {
  readonly access: LinkAccess;
  readonly expiresIn?: number;
  readonly presence?: boolean;
}

interface RoomParams {
  readonly room: string;
}
interface LinkParams extends RoomParams {
  readonly id: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The page URL of a link, on the origin the client asked (Host as sent: it is only ever handed
 * back to that client). Never the room's name: `/l#<id>`.
 */
export function linkUrl(request: FastifyRequest, id: string): string {
  return `${request.protocol}://${request.host}${linkPagePath(id)}`;
}

/**
 * The link API of a room:
 *   POST   /api/rooms/<room>/links        {"access", "expiresIn"?, "presence"?} → 201 {id, access, url, expiresAt}
 *   GET    /api/rooms/<room>/links        → 200 [{id, access, created, expires, connections}], live links only
 *   DELETE /api/rooms/<room>/links/<id>   → 204; the link's connections close with 4403
 *   GET    /api/links/<id>                → 200 {access, room (edit links only)} (anyone holding the id); 404 unknown, 410 revoked or expired
 * Each only for an editor of the room (link-editor.ts); errors are JSON with their status.
 */
export function registerLinkRoutes(app: HttpApp, deps: LinkRouteDeps): void {
  const base = roomLinksPath(':room');

  const editor = roomEditorGuard(deps);

  app.post<{ Params: RoomParams; Body: NewLinkBody }>(
    base,
    { schema: { body: newLinkBody } },
    async (request, reply) => {
      if (!(await editor(request, reply))) return reply;
      const now = Date.now();
      const { access, expiresIn, presence } = request.body;
      const link = await deps.store.create(
        {
          room: request.params.room,
          access,
          expiresAt: expiresIn === undefined ? null : now + expiresIn * 1000,
          ...(presence === undefined ? {} : { presence }),
        },
        now,
      );
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({
          id: link.id,
          access: link.access,
          url: linkUrl(request, link.id),
          expiresAt: iso(link.expiresAt),
        });
    },
  );

  app.get<{ Params: RoomParams }>(base, async (request, reply) => {
    if (!(await editor(request, reply))) return reply;
    const links = await deps.store.list(request.params.room, Date.now());
    return reply.header('cache-control', 'no-store').send(links.map(listed));
  });

  app.delete<{ Params: LinkParams }>(`${base}/:id`, async (request, reply) => {
    if (!(await editor(request, reply))) return reply;
    const { room, id } = request.params;
    const link = isLinkId(id) ? await deps.store.get(id) : undefined;
    if (!link || link.room !== room) return sendError(reply, 404, 'no such link in this room');
    await deps.store.revoke(id, Date.now());
    deps.sessions.revoked(id);
    return reply.code(204).header('cache-control', 'no-store').send();
  });

  // What a link grants, for the page that opens it (web/src/board/link-access.ts): the holder of
  // the id learns no more than the id already gives it, and never the room's name.
  app.get<{ Params: { readonly id: string } }>(linkInfoPath(':id'), async (request, reply) => {
    const { id } = request.params;
    const link = isLinkId(id) ? await deps.store.get(id) : undefined;
    if (!link) return sendError(reply, 404, 'no such link');
    const status = linkStatus(link, Date.now());
    if (status !== 'live') return sendError(reply, 410, `this link was ${status}`);
    // An edit link's holder may manage the room's links (link-editor.ts), so its page is told the
    // room those routes name; a view link's page never learns it.
    const body =
      link.access === 'edit' ? { access: link.access, room: link.room } : { access: link.access };
    return reply.header('cache-control', 'no-store').send(body);
  });

  const listed = (link: Link) => ({
    id: link.id,
    access: link.access,
    created: iso(link.createdAt),
    expires: iso(link.expiresAt),
    connections: deps.sessions.count(link.id),
  });
}
