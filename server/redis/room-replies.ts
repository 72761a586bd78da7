import type { LogPosition, StoredRoom } from '../storage/doc-store.ts';
import { decodeStreamEntries, LogEntryError, type LogEntry } from './log-entry.ts';

/** What the room scripts (room-scripts.ts) answer, checked and read: pure, no Redis here. */

/** What a reader of a room's log finds after the end it reached. */
export type LogTail =
  /** The next entries, in order (none when it is up to date), and the end they reach. */
  | { readonly kind: 'entries'; readonly entries: readonly LogEntry[]; readonly end: LogPosition }
  /** Entries it has not read were folded into a snapshot and trimmed: it must load the room again. */
  | { readonly kind: 'trimmed' };

/** The LOAD script's reply as a room: snapshot first, then each entry's updates in order. */
export function parseLoad(room: string, reply: unknown): StoredRoom {
  if (!Array.isArray(reply) || reply.length !== 3)
    throw new LogEntryError(`bad load reply for ${room}`);
  const [snapshot, from, tail]: unknown[] = reply;
  if (!Buffer.isBuffer(snapshot) || !Buffer.isBuffer(from)) {
    throw new LogEntryError(`bad load reply for ${room}`);
  }
  const snapshotEnd = parsePosition(from);
  const updates: Uint8Array[] = snapshot.byteLength > 0 ? [snapshot] : [];
  let end = snapshotEnd;
  let tailCount = 0;
  let tailBytes = 0;
  for (const entry of decodeStreamEntries(tail)) {
    for (const update of entry.updates) {
      updates.push(update);
      tailCount += 1;
      tailBytes += update.byteLength;
    }
    end = entry.position + 1;
  }
  return { updates, end, snapshotBytes: snapshot.byteLength, tailCount, tailBytes };
}

export function parseReadAfter(room: string, end: LogPosition, reply: unknown): LogTail {
  if (!Array.isArray(reply) || reply.length !== 2)
    throw new LogEntryError(`bad read reply for ${room}`);
  const [lastEntry, tail]: unknown[] = reply;
  if (!Buffer.isBuffer(lastEntry)) throw new LogEntryError(`bad read reply for ${room}`);
  const last = parsePosition(lastEntry);
  const entries = decodeStreamEntries(tail);
  // Entry numbers have no gaps (one INCR per entry), so the first one read must be `end` itself
  // (1 from the start), unless nothing was appended since.
  const first = entries[0]?.position ?? null;
  if (last >= Math.max(end, 1) && first !== Math.max(end, 1)) return { kind: 'trimmed' };
  return { kind: 'entries', entries, end: entries.length > 0 ? entries.at(-1)!.position + 1 : end };
}

function parsePosition(reply: Buffer): LogPosition {
  const position = Number(reply.toString('latin1'));
  if (!Number.isSafeInteger(position) || position < 0) throw new LogEntryError('bad log position');
  return position;
}
