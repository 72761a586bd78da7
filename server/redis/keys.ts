/**
 * The Redis key layout, written once (issue 12). Every key of one room carries the room as a
 * hash tag (`{room}`), so in a Redis Cluster all of a room's keys live in one slot and a Lua
 * script may touch several of them; no command ever spans two rooms. Room names are
 * [A-Za-z0-9_-] (protocol/room-name.ts), so a name never holds the braces that end a tag.
 *
 *   wb:{<room>}:log       stream: the room's update log, one entry per append (log-entry.ts)
 *   wb:{<room>}:snap      hash: `data` snapshot update bytes, `end` the position it covers up to
 *   wb:{<room>}:seq       counter: the last entry number handed out (INCR)
 *   wb:{<room>}:lease     string: the instance compacting the room now (SET NX PX)
 *   wb:{<room>}:authors   hash: Yjs client id -> identity key
 *   wb:{<room>}:presence  sharded pub/sub channel: the room's presence frames
 *   wb:{<room>}:links     sorted set: the room's link ids by creation time (listing a room)
 *   wb:{<room>}:versions       hash: version id -> its record, JSON (history/version.ts)
 *   wb:{<room>}:versions:data  hash: version id -> its payload (history/version-chain.ts)
 *   wb:{<room>}:versions:seq   counter: how many versions the room was ever given
 *   wb:link:<id>          hash: one share link, `link` its JSON, `revokedAt` once revoked
 *   wb:ticket:<ticket>    one one-time ticket's grant as JSON (taken with GETDEL, PX 60 s)
 *   wb:tickets            sorted set: live tickets by expiry, the bound on how many are held
 *
 * Links and tickets are found by id alone, so they are keys of their own, spread over the
 * slots; no command spans two of them (a link and its room's index are written one after the
 * other, the link first: a crash between leaves a link that works but is not listed).
 *
 * Positions: an append INCRs `:seq` to n and adds its entry with the explicit stream id `<n>-0`
 * in the same script, so entry numbers follow the order appends were stored in. The entry's
 * LogPosition (doc-store.ts) is n and what it reaches, its end, is n + 1; a snapshot with end E
 * holds every entry below E, and a load reads the stream from `<E>-0` on. Entry numbers have no
 * gaps, so a reader that finds one knows entries were trimmed under it. Anything that writes a
 * room by other means (a copy from LevelDB) must leave `:seq` at the last entry number: XADD
 * refuses an id at or below the stream's last.
 */

export interface RoomKeys {
  readonly log: string;
  readonly snap: string;
  readonly seq: string;
  readonly lease: string;
  readonly authors: string;
  readonly presence: string;
  readonly links: string;
  readonly versions: string;
  readonly versionData: string;
  readonly versionSeq: string;
}

export function roomKeys(room: string): RoomKeys {
  const tag = `wb:{${room}}`;
  return {
    log: `${tag}:log`,
    snap: `${tag}:snap`,
    seq: `${tag}:seq`,
    lease: `${tag}:lease`,
    authors: `${tag}:authors`,
    presence: `${tag}:presence`,
    links: `${tag}:links`,
    versions: `${tag}:versions`,
    versionData: `${tag}:versions:data`,
    versionSeq: `${tag}:versions:seq`,
  };
}

export const linkKey = (id: string): string => `wb:link:${id}`;
export const ticketKey = (ticket: string): string => `wb:ticket:${ticket}`;
export const TICKETS_KEY = 'wb:tickets';

/** Fields of the `:snap` hash. */
export const SNAP_DATA = 'data';
export const SNAP_END = 'end';

/** The stream id of entry number `n`. */
export const entryId = (n: number): string => `${n}-0`;

/**
 * The id to read a room's stream after, having loaded (or applied) everything up to `end`:
 * XREAD returns entries with greater ids, that is entry numbers from `end` on. Entry numbers
 * start at 1, so `0-0` reads everything.
 */
export const readAfterId = (end: number): string => entryId(Math.max(end - 1, 0));

const ENTRY_ID = /^([1-9][0-9]{0,15})-0$/;

/** The entry number of a stream id this layout wrote; null for any other id. */
export function entryNumber(id: string): number | null {
  const match = ENTRY_ID.exec(id);
  if (!match) return null;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) ? n : null;
}
