import { entryNumber, readAfterId, roomKeys } from './keys.ts';
import { decodeLogEntry, type LogEntry } from './log-entry.ts';

export interface StreamReaderEvents {
  /** An entry of `room`, in stream order, from the position the room asked for on. */
  entry(room: string, entry: LogEntry): void;
  /**
   * The stream of `room` no longer holds entries from `expected` (a compaction elsewhere trimmed
   * them before this instance read them), or one could not be decoded: the room must catch up
   * from the store. Reading goes on after `next`.
   */
  gap(room: string, expected: number, next: number): void;
  /** A read failed (Redis unreachable), or an entry could not be decoded; reading goes on. */
  failed(error: unknown): void;
  /** A read succeeded after failures. */
  recovered(): void;
}

/** How an instance follows its rooms' streams: stream-reader.ts (one server), polling-stream-reader.ts (a Cluster). */
export interface RoomStreamReader {
  /** Reads `room` from entry number `from` on; a second follower may only move it back. */
  follow(room: string, from: number): void;
  unfollow(room: string): void;
  /** Someone waits for news of `room` (its own append, another instance's tick): read it soon. */
  poke(room: string): void;
  close(): Promise<void>;
}

/** An XREAD reply with Buffer values. */
export type XreadReply = [key: Buffer, items: [id: Buffer, fields: Buffer[]][]][];

/**
 * Where each followed room's stream is read next, and the handing on of what a read returned:
 * in order, each entry once, gaps reported. Shared by both readers.
 */
export class StreamCursors {
  /** room → the entry number read next (everything below it was handed on or skipped). */
  readonly #cursors = new Map<string, number>();
  /** stream key → room */
  readonly #rooms = new Map<string, string>();
  readonly #events: StreamReaderEvents;

  constructor(events: StreamReaderEvents) {
    this.#events = events;
  }

  get size(): number {
    return this.#cursors.size;
  }

  /** False when nothing changed (`room` is read from `from` or earlier already). */
  follow(room: string, from: number): boolean {
    const cursor = this.#cursors.get(room);
    if (cursor !== undefined && cursor <= from) return false;
    this.#cursors.set(room, from);
    this.#rooms.set(roomKeys(room).log, room);
    return true;
  }

  unfollow(room: string): boolean {
    if (!this.#cursors.delete(room)) return false;
    this.#rooms.delete(roomKeys(room).log);
    return true;
  }

  has(room: string): boolean {
    return this.#cursors.has(room);
  }

  rooms(): string[] {
    return [...this.#cursors.keys()];
  }

  /** XREAD's STREAMS arguments for `rooms`: their keys, then the ids to read after. */
  streamsArguments(rooms: readonly string[]): string[] {
    const keys = rooms.map((room) => roomKeys(room).log);
    const ids = rooms.map((room) => readAfterId(this.#cursors.get(room) ?? 0));
    return [...keys, ...ids];
  }

  handOn(reply: XreadReply): void {
    for (const [key, items] of reply) {
      const room = this.#rooms.get(key.toString('latin1'));
      // Unfollowed while the read was out.
      if (room === undefined) continue;
      for (const [rawId, fields] of items) {
        const id = rawId.toString('latin1');
        const position = entryNumber(id);
        const cursor = this.#cursors.get(room);
        if (cursor === undefined) break;
        // Below the cursor: a follower moved it back meanwhile and this read started later.
        if (position === null || position < cursor) continue;
        this.#cursors.set(room, position + 1);
        if (position > cursor) this.#events.gap(room, cursor, position);
        let entry: LogEntry;
        try {
          entry = decodeLogEntry(id, fields);
        } catch (error) {
          // Nothing this version wrote: reported, and the room catches up from the store.
          this.#events.failed(error);
          this.#events.gap(room, position, position + 1);
          continue;
        }
        this.#events.entry(room, entry);
      }
    }
  }
}
