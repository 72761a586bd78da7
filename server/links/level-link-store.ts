import type { KeyedTable } from '../storage/keyed-table.ts';
import { LinkAccess, linkStatus, newLinkRecord, type Link, type NewLink } from './link.ts';
import type { LinkStore } from './link-store.ts';

/**
 * Links in the relay's LevelDB, as a table of the database the rooms live in (LevelStore.table):
 * a link is as durable as the room it opens, a restart keeps both, and one folder holds
 * everything to back up. Records (room names and ids are [A-Za-z0-9_-], so '!' separates):
 *   id!<id>            the link, as JSON
 *   room!<room>!<id>   the id again: the room's index, so listing a room reads its links only
 */
const recordKey = (id: string) => `id!${id}`;
const roomPrefix = (room: string) => `room!${room}!`;

const text = new TextEncoder();
const fromText = new TextDecoder('utf-8', { fatal: true });

export class LevelLinkStore implements LinkStore {
  readonly #table: KeyedTable;

  constructor(table: KeyedTable) {
    this.#table = table;
  }

  async create(link: NewLink, now: number): Promise<Link> {
    const stored = newLinkRecord(link, now);
    await this.#table.put([
      { key: recordKey(stored.id), value: text.encode(JSON.stringify(stored)) },
      { key: roomPrefix(stored.room) + stored.id, value: text.encode(stored.id) },
    ]);
    return stored;
  }

  async get(id: string): Promise<Link | undefined> {
    const value = await this.#table.get(recordKey(id));
    return value === undefined ? undefined : decodeLink(value);
  }

  async list(room: string, now: number): Promise<Link[]> {
    const ids = await this.#table.valuesFrom(roomPrefix(room));
    const links: Link[] = [];
    for (const id of ids) {
      const link = await this.get(fromText.decode(id));
      if (link && linkStatus(link, now) === 'live') links.push(link);
    }
    return links.sort((a, b) => a.createdAt - b.createdAt);
  }

  async revoke(id: string, now: number): Promise<Link | undefined> {
    const link = await this.get(id);
    if (!link || link.state.kind === 'revoked') return link;
    const revoked: Link = { ...link, state: { kind: 'revoked', at: now } };
    await this.#table.put([{ key: recordKey(id), value: text.encode(JSON.stringify(revoked)) }]);
    return revoked;
  }
}

/** A stored record back into a Link; a record that is not one is a storage fault, said so. */
function decodeLink(value: Uint8Array): Link {
  const parsed: unknown = JSON.parse(fromText.decode(value));
  if (isLink(parsed)) return parsed;
  throw new Error(`stored link record is malformed: ${fromText.decode(value).slice(0, 200)}`);
}

export function isLink(value: unknown): value is Link {
  if (typeof value !== 'object' || value === null) return false;
  const link = value as Record<string, unknown>;
  const state = link.state as Record<string, unknown> | null | undefined;
  return (
    typeof link.id === 'string' &&
    typeof link.room === 'string' &&
    (link.access === LinkAccess.view || link.access === LinkAccess.edit) &&
    typeof link.presence === 'boolean' &&
    typeof link.createdAt === 'number' &&
    (link.expiresAt === null || typeof link.expiresAt === 'number') &&
    typeof state === 'object' &&
    state !== null &&
    (state.kind === 'live' || (state.kind === 'revoked' && typeof state.at === 'number'))
  );
}
