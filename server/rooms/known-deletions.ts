import * as Y from 'yjs';
import { CloseReason, RefusedError } from '../protocol/close-reasons.ts';
import type { DeleteSet } from './decoded-update.ts';

/**
 * A delete range names clocks of one client. Yjs deletes what the document holds of them and
 * keeps the rest as pending deletions (store.pendingDs), which it merges again with every later
 * update, encodes into every answer and snapshot, and never drops until that client's items
 * reach those clocks. Accepted, 1.8 MB of ranges past a client's clock made each ordinary
 * update of the room cost 77 ms instead of 0.03 ms, 193 ms after a second such frame, for
 * good; and an update with no structs also passed MAX_ROOM_BYTES. So every range must end
 * within what the room holds of its client: `heldEnd(client)` (the document, the accepted
 * updates not yet applied, and the update itself).
 *
 * The one exception is a range the room already keeps pending (a room stored before this
 * check): clients got those from the room itself and send them back on every sync; they add
 * nothing, and refusing them would lock everyone out of that room.
 */
export function refuseUnknownDeletions(
  deleteSet: DeleteSet,
  heldEnd: (client: number) => number,
  pending: PendingDeletions,
): void {
  for (const [client, ranges] of deleteSet.clients) {
    const held = heldEnd(client);
    for (const { clock, len } of ranges) {
      // A range of length 0 at the end is kept pending too.
      if (clock + Math.max(len, 1) <= held || pending.covers(client, clock, len)) continue;
      throw new RefusedError(
        CloseReason.unknownDeletion,
        `update deletes clocks ${clock}–${clock + len} of client ${client}; the room holds up to ${held}`,
      );
    }
  }
}

interface Range {
  readonly clock: number;
  readonly end: number;
}

/** The room document's pending deletions, read when first needed after each change. */
export class PendingDeletions {
  readonly #store: Y.Doc['store'];
  /** The bytes `#ranges` was read from: Yjs replaces store.pendingDs whenever it changes. */
  #source: Uint8Array | null = null;
  #ranges = new Map<number, Range[]>();

  constructor(doc: Y.Doc) {
    this.#store = doc.store;
  }

  /** Whether the room already keeps clocks clock … clock + len of `client` pending. */
  covers(client: number, clock: number, len: number): boolean {
    const source = this.#store.pendingDs;
    if (source === null) return false;
    if (source !== this.#source) {
      this.#ranges = mergedRanges(Y.decodeUpdateV2(source).ds);
      this.#source = source;
    }
    const ranges = this.#ranges.get(client);
    if (!ranges) return false;
    // The last range starting at or before `clock`.
    let low = 0;
    let high = ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (ranges[middle]!.clock <= clock) low = middle + 1;
      else high = middle - 1;
    }
    const range = ranges[high];
    return range !== undefined && clock + len <= range.end;
  }
}

/** Each client's ranges sorted by clock, touching and overlapping ones joined. */
function mergedRanges(deleteSet: DeleteSet): Map<number, Range[]> {
  const merged = new Map<number, Range[]>();
  for (const [client, items] of deleteSet.clients) {
    const sorted = items
      .map(({ clock, len }) => ({ clock, end: clock + len }))
      .sort((a, b) => a.clock - b.clock);
    const joined: Range[] = [];
    for (const range of sorted) {
      const last = joined[joined.length - 1];
      if (last && range.clock <= last.end) {
        joined[joined.length - 1] = { clock: last.clock, end: Math.max(last.end, range.end) };
      } else {
        joined.push(range);
      }
    }
    merged.set(client, joined);
  }
  return merged;
}
