/**
 * The bytes of every presence state one room holds, against a cap for the room as a whole. Each
 * state is small (MAX_PRESENCE_STATE_BYTES) and each connection announces few, yet a room's
 * presence is sent whole to every joiner: two 3 MB states made every joiner's snapshot 6 MB, too
 * large for its own client to send back, and nobody could stay in the room.
 *
 * States are counted as announced (UTF-8 JSON). The relay re-encodes what it parsed, which is the
 * same bytes for every client that writes JSON.stringify output (y-protocols does); a hand-made
 * state can grow on re-encoding (`1e20` becomes 21 digits), at most about 5×, so frames are split
 * by the bytes they really hold (presence-frames.ts), not by these counts.
 */
import { CloseReason, RefusedError } from '../protocol/close-reasons.ts';
import type { PresenceChange } from './presence-changes.ts';

export interface RoomPresenceLimits {
  /** All presence states of one room together, in bytes. */
  readonly maxRoomPresenceBytes: number;
}

export class PresenceBudget {
  readonly #max: number;
  readonly #bytes = new Map<number, number>();
  #total = 0;

  constructor(limits: RoomPresenceLimits) {
    this.#max = limits.maxRoomPresenceBytes;
  }

  get totalBytes(): number {
    return this.#total;
  }

  /**
   * Throws RefusedError(roomPresenceFull) when `changes` would take the room past its cap. A
   * frame that does not grow the room always passes: removing or shrinking a state never fails.
   */
  check(changes: ReadonlyMap<number, PresenceChange>): void {
    let next = this.#total;
    for (const [clientId, { bytes }] of changes) {
      next += (bytes ?? 0) - (this.#bytes.get(clientId) ?? 0);
    }
    if (next > this.#max && next > this.#total) {
      throw new RefusedError(
        CloseReason.roomPresenceFull,
        `presence would take the room to ${next} bytes, over its cap of ${this.#max}`,
      );
    }
  }

  /** The room now holds `bytes` of presence for `clientId`. */
  hold(clientId: number, bytes: number): void {
    this.release(clientId);
    this.#bytes.set(clientId, bytes);
    this.#total += bytes;
  }

  /** The room no longer holds a state for `clientId` (removed, timed out, or never kept). */
  release(clientId: number): void {
    const bytes = this.#bytes.get(clientId);
    if (bytes === undefined) return;
    this.#bytes.delete(clientId);
    this.#total -= bytes;
  }
}
