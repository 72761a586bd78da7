/**
 * Every frame this page sends the relay goes through here, so that no frame is one the relay
 * refuses by size or by rate:
 *
 * - a document update (sync step 2 or update) larger than PIECE_BYTES is cut into updates that
 *   each fit (update-pieces.ts); a piece that still does not fit RELAY_MAX_PAYLOAD_BYTES (one
 *   struct bigger than that) is never sent, and reported as unsendable instead;
 * - frames leave at most SEND_BYTES_PER_SECOND after a burst of SEND_BURST_BYTES, so the pieces
 *   of a big change never exceed the relay's byte allowances (1008 when exceeded):
 *   the connection's (RATE_LIMIT_BYTES_PER_SECOND, 8 MiB/s after 8 MiB by default) and, the
 *   tighter one, what the whole room may send together (ROOM_RATE_LIMIT_BYTES_PER_SECOND, 1 MiB/s
 *   after 8 MiB, where the heaviest sender is closed). Half the room's rate leaves the other half
 *   to everyone else: a 10 MB undo takes about 12 s to send;
 * - presence (awareness) frames go ahead of queued document frames, as soon as the budget has
 *   their few bytes: they are independent of the document, and behind a 12 s change a user's
 *   cursor froze and peers timed the user out (after 30 s without a renewal). Every other frame
 *   leaves strictly in the order sent: a piece builds on the pieces before it. Presence costs
 *   the budget too, so the relay's limits hold; at 30 cursor frames a second of about 150 bytes
 *   (local-presence.ts) it takes under 1 % of it from the document;
 * - while `withhold` says so (the relay refused one of our changes, see refusal.ts), document
 *   updates are dropped: the page still receives everything and keeps its changes on the device.
 *
 * Frames still queued when the socket closes are dropped: the next connection's sync step 2
 * carries whatever the relay lacks.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Timers } from '../timing/timers.ts';
import { MessageType, SyncStep } from '../../../protocol/messages.ts';
import { splitUpdate } from './update-pieces.ts';

const MiB = 1024 * 1024;
/** The relay's default MAX_PAYLOAD_BYTES: a larger frame is closed with 1009. */
export const RELAY_MAX_PAYLOAD_BYTES = 4 * MiB;
/** Big updates are cut to pieces of at most this, a quarter of the relay's limit. */
export const PIECE_BYTES = 1 * MiB;
export const SEND_BYTES_PER_SECOND = MiB / 2;
/** Room for the largest frame that may be sent at all, so it never waits forever. */
export const SEND_BURST_BYTES = RELAY_MAX_PAYLOAD_BYTES;
/** Sync message header: type, step and the update's length, as varUints. */
const FRAME_HEADER_BYTES = 1 + 1 + 5;

/** The socket under the outbox. */
export interface OutboxLink {
  transmit(frame: Uint8Array<ArrayBuffer>): void;
  readonly open: boolean;
}

export interface OutboxOptions {
  readonly timers: Timers;
  readonly now: () => number;
  /** True while this page's document updates must not be sent. */
  readonly withhold: () => boolean;
  /** A non-empty document update went out. */
  readonly sentDocument: () => void;
  /** A change holds a piece bigger than the relay takes: it was not sent. */
  readonly unsendable: (bytes: number) => void;
}

export class Outbox {
  readonly #link: OutboxLink;
  readonly #options: OutboxOptions;
  /** Frames leaving in the order sent: everything but presence. */
  readonly #queue: { frame: Uint8Array<ArrayBuffer>; document: boolean }[] = [];
  /** Presence frames, leaving ahead of `#queue`. */
  readonly #presence: Uint8Array<ArrayBuffer>[] = [];
  #tokens = SEND_BURST_BYTES;
  #refilledAt: number;
  #timer: unknown = null;

  constructor(link: OutboxLink, options: OutboxOptions) {
    this.#link = link;
    this.#options = options;
    this.#refilledAt = options.now();
  }

  /** Frames waiting for their turn. */
  get queued(): number {
    return this.#queue.length + this.#presence.length;
  }

  send(frame: Uint8Array<ArrayBuffer>): void {
    if (isPresence(frame)) {
      this.#presence.push(frame);
      this.#pump();
      return;
    }
    const update = documentUpdate(frame);
    if (update === null) {
      this.#queue.push({ frame, document: false });
    } else {
      if (this.#options.withhold()) return;
      const frames =
        update.bytes.byteLength + FRAME_HEADER_BYTES > PIECE_BYTES ? pieces(update) : [frame];
      const largest = Math.max(...frames.map((piece) => piece.byteLength));
      if (largest > RELAY_MAX_PAYLOAD_BYTES) {
        this.#options.unsendable(largest);
        return;
      }
      const document = !isEmptyUpdate(update.bytes);
      for (const piece of frames) this.#queue.push({ frame: piece, document });
    }
    this.#pump();
  }

  /** The socket closed: nothing queued can go out any more. */
  close(): void {
    this.#queue.length = 0;
    this.#presence.length = 0;
    this.#stopTimer();
  }

  /** Sends whatever the budget allows now, and sets a timer for the next frame that must wait. */
  #pump(): void {
    // A presence frame arriving while a document piece waits may go before it: recount.
    this.#stopTimer();
    const now = this.#options.now();
    this.#tokens = Math.min(
      SEND_BURST_BYTES,
      this.#tokens + ((now - this.#refilledAt) * SEND_BYTES_PER_SECOND) / 1000,
    );
    this.#refilledAt = now;
    for (;;) {
      const presence = this.#presence[0];
      const next = presence ?? this.#queue[0]?.frame;
      if (next === undefined) return;
      if (!this.#link.open) {
        this.close();
        return;
      }
      const cost = next.byteLength;
      if (this.#tokens < cost) {
        const wait = Math.ceil(((cost - this.#tokens) * 1000) / SEND_BYTES_PER_SECOND);
        this.#timer = this.#options.timers.setTimeout(() => {
          this.#timer = null;
          this.#pump();
        }, wait);
        return;
      }
      this.#tokens -= cost;
      if (presence !== undefined) {
        this.#presence.shift();
        this.#link.transmit(presence);
        continue;
      }
      const { frame, document } = this.#queue.shift()!;
      this.#link.transmit(frame);
      if (document) this.#options.sentDocument();
    }
  }

  #stopTimer(): void {
    if (this.#timer !== null) this.#options.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}

interface DocumentUpdate {
  readonly step: number;
  readonly bytes: Uint8Array;
}

/** An awareness frame: its first byte is the message type, a varUint below 128. */
const isPresence = (frame: Uint8Array): boolean => frame[0] === MessageType.awareness;

/** The update a sync step 2 or update frame carries; null for any other frame. */
function documentUpdate(frame: Uint8Array): DocumentUpdate | null {
  try {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MessageType.sync) return null;
    const step = decoding.readVarUint(decoder);
    if (step !== SyncStep.step2 && step !== SyncStep.update) return null;
    return { step, bytes: decoding.readVarUint8Array(decoder) };
  } catch {
    // Not ours to judge: y-websocket wrote it; send it as it is.
    return null;
  }
}

function pieces({ step, bytes }: DocumentUpdate): Uint8Array<ArrayBuffer>[] {
  return splitUpdate(bytes, PIECE_BYTES - FRAME_HEADER_BYTES).map((piece) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    encoding.writeVarUint(encoder, step);
    encoding.writeVarUint8Array(encoder, piece);
    return encoding.toUint8Array(encoder);
  });
}

/** What y-websocket sends as step 2 when the relay lacks nothing. */
const isEmptyUpdate = (update: Uint8Array): boolean =>
  update.byteLength === 2 && update[0] === 0 && update[1] === 0;
