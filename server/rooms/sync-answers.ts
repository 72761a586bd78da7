/**
 * A room's answers to sync step 1, reused while the document stays the same.
 *
 * - A state vector that lacks at least half of the room's content (an empty one from a newcomer,
 *   or one naming only clients the room has never seen) is answered with the full state, encoded
 *   once and shared by everyone until the next change. Applying what one already has is a no-op
 *   in Yjs, so this costs the client at most twice the bytes of the exact diff, and the relay no
 *   encoding: an 8-byte step 1 naming an unknown client used to re-encode the whole room.
 * - Any other state vector gets its diff; the last one is kept, so clients that reconnect with
 *   the same state vector (all of them up to date, after a restart) share one encoding.
 *
 * Everything is dropped when a transaction changes the document.
 */
import * as Y from 'yjs';
import { ProtocolError, encodeSyncStep2 } from '../protocol/messages.ts';
import { SharedFrames } from './shared-frames.ts';

export interface SyncAnswer {
  /** The sync step 2 message, shared by everyone it answers (framed once, see SharedFrames). */
  readonly frame: SharedFrames;
  /** False when it came from the cache: only its bytes cost anything. */
  readonly encoded: boolean;
}

/** What a client with an empty document sends as its state vector: no clients. */
const isEmptyStateVector = (stateVector: Uint8Array): boolean =>
  stateVector.length === 1 && stateVector[0] === 0;

interface Content {
  readonly stateVector: Map<number, number>;
  /** Sum of every client's clock: the number of items (characters, array elements…) held. */
  readonly clocks: number;
}

export class SyncAnswers {
  readonly #doc: Y.Doc;
  #full: SharedFrames | null = null;
  #content: Content | null = null;
  #lastDiff: { readonly key: string; readonly frame: SharedFrames } | null = null;
  /** Bytes of the last full state encoded, or more if a diff was ever larger: what a full state costs. */
  #fullStateBytes = 0;
  // Bound once: a listener for the room's lifetime.
  readonly #onTransaction = this.#forget.bind(this);

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    doc.on('afterTransaction', this.#onTransaction);
  }

  /**
   * A room loaded from exactly one stored update: those bytes are its full state, so the first
   * joiner of a cold room costs no encoding at all (20–30 ms for 10,000 strokes).
   */
  seedFullState(update: Uint8Array): void {
    this.#full = SharedFrames.sync(encodeSyncStep2(update));
    this.#fullStateBytes = this.#full.byteLength;
  }

  /** Size of the room's full state as last seen; an estimate once the room has changed. */
  get fullStateBytes(): number {
    return this.#fullStateBytes;
  }

  /** Throws ProtocolError('malformed') for a state vector that cannot be decoded. */
  answer(stateVector: Uint8Array): SyncAnswer {
    if (isEmptyStateVector(stateVector) || this.#lacksMostOf(stateVector)) return this.#fullState();
    const key = Buffer.from(stateVector).toString('latin1');
    if (this.#lastDiff?.key === key) return { frame: this.#lastDiff.frame, encoded: false };
    const frame = SharedFrames.sync(encodeSyncStep2(Y.encodeStateAsUpdate(this.#doc, stateVector)));
    this.#lastDiff = { key, frame };
    // A diff is never larger than the full state: the room has grown since that was measured.
    this.#fullStateBytes = Math.max(this.#fullStateBytes, frame.byteLength);
    return { frame, encoded: true };
  }

  /** Drops every answer, as the document changed; and stops listening. */
  destroy(): void {
    this.#doc.off('afterTransaction', this.#onTransaction);
    this.#forget();
  }

  #forget(): void {
    this.#full = null;
    this.#content = null;
    this.#lastDiff = null;
  }

  #fullState(): SyncAnswer {
    if (this.#full) return { frame: this.#full, encoded: false };
    this.#full = SharedFrames.sync(encodeSyncStep2(Y.encodeStateAsUpdate(this.#doc)));
    this.#fullStateBytes = this.#full.byteLength;
    return { frame: this.#full, encoded: true };
  }

  /** True when the client lacks at least half of the room's items (linear in the room's clients). */
  #lacksMostOf(stateVector: Uint8Array): boolean {
    const has = decodeStateVector(stateVector);
    const content = this.#contentNow();
    if (content.clocks === 0) return true;
    let missing = 0;
    for (const [client, clock] of content.stateVector) {
      missing += Math.max(0, clock - (has.get(client) ?? 0));
    }
    return missing * 2 >= content.clocks;
  }

  #contentNow(): Content {
    if (this.#content) return this.#content;
    const stateVector = Y.decodeStateVector(Y.encodeStateVector(this.#doc));
    let clocks = 0;
    for (const clock of stateVector.values()) clocks += clock;
    this.#content = { stateVector, clocks };
    return this.#content;
  }
}

function decodeStateVector(bytes: Uint8Array): Map<number, number> {
  try {
    return Y.decodeStateVector(bytes);
  } catch (error) {
    throw new ProtocolError('malformed', `undecodable state vector: ${(error as Error).message}`);
  }
}
