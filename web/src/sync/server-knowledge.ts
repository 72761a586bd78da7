/**
 * What the relay is known to hold of one room, learnt only from what the relay itself sends.
 * This is the evidence behind "all changes saved": nothing here is inferred from what we sent.
 *
 * Why the relay's messages are proof (server/rooms/room.ts): it writes every update to LevelDB
 * before it applies it to its in-memory doc and broadcasts it, to the sender too (an echo of the
 * exact bytes); that doc only ever holds stored state. So:
 *
 *   relay → client                  what it proves is stored
 *   sync step 1 (state vector)      every client's structs below the vector's clocks
 *   sync step 2 (a Yjs update)      its structs, and its delete set, which is the relay's whole
 *                                   delete set (Yjs always writes the full one into step 2)
 *   sync update (a Yjs update)      its structs and its deletions
 *
 * Structs and deletions are tracked apart because they are independent facts: erasing a stroke
 * only deletes, so it never moves a state vector. A client that compared state vectors alone
 * would call an erase saved before the relay had heard of it. Structs are kept as id ranges
 * rather than a state vector, so an update that arrives out of order still counts once the gap
 * before it is filled.
 *
 * Each connection rebuilds the knowledge from scratch: step 1 and step 2 together state
 * everything the relay holds at that moment, so once step 2 has arrived the fresh knowledge
 * replaces the old one. That keeps the knowledge true even if the relay lost data meanwhile
 * (say, a restored backup), which merging forever would not. Until then the previous knowledge
 * (possibly loaded from the device, see `encode`) answers, and is only ever added to.
 *
 * Pure: fed raw frames by the connection (connection.svelte.ts), read by pending-changes.ts.
 * The frames' byte layout: protocol/PROTOCOL.md.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MessageType, SyncStep } from '../../../protocol/messages.ts';
import { IdSet } from './id-set.ts';
import { unreachable } from '../unreachable.ts';

/** What a frame was, as far as the knowledge is concerned. */
export type FrameKind = 'step1' | 'step2' | 'update' | 'other' | 'malformed';

/** Version of the encoding written by `encode`. */
const FORMAT_VERSION = 1;

/** Read-only view for pending-changes.ts. */
export interface HeldState {
  /** Struct ids the relay holds. */
  readonly structs: IdSet;
  /** Deleted ids the relay holds the deletion of. */
  readonly deletions: IdSet;
}

interface Fresh {
  readonly structs: IdSet;
  readonly deletions: IdSet;
  sawStep1: boolean;
}

export class ServerKnowledge implements HeldState {
  #structs = new IdSet();
  #deletions = new IdSet();
  /** Knowledge rebuilt on the current connection, until its step 2 makes it complete. */
  #fresh: Fresh | null = null;
  #confirmed = false;

  get structs(): IdSet {
    return this.#structs;
  }

  get deletions(): IdSet {
    return this.#deletions;
  }

  /**
   * True once the current connection has delivered the relay's step 2: the knowledge is then
   * complete and current, not just remembered.
   */
  get confirmed(): boolean {
    return this.#confirmed;
  }

  /** A new socket to the relay: start rebuilding. */
  connectionOpened(): void {
    this.#fresh = { structs: new IdSet(), deletions: new IdSet(), sawStep1: false };
    this.#confirmed = false;
  }

  /** The socket is gone; what we learnt stays true, but stops being current. */
  connectionClosed(): void {
    this.#fresh = null;
    this.#confirmed = false;
  }

  /**
   * Learns from one binary frame the relay sent. Never throws: a frame that does not decode is
   * reported as 'malformed' and teaches nothing. Returns what the frame was; `changed` tells
   * whether the knowledge grew, was replaced, or became confirmed.
   */
  receive(frame: Uint8Array): { kind: FrameKind; changed: boolean } {
    let message: SyncMessage | null;
    try {
      message = readSyncMessage(frame);
    } catch {
      return { kind: 'malformed', changed: false };
    }
    if (message === null) return { kind: 'other', changed: false };
    switch (message.kind) {
      case 'step1':
        return { kind: 'step1', changed: this.#learnStateVector(message.stateVector) };
      case 'step2':
        return { kind: 'step2', changed: this.#learnStep2(message.held) };
      case 'update':
        return { kind: 'update', changed: this.#learn(message.held) };
      default:
        return unreachable('sync message', message);
    }
  }

  /** Adds what `other` knows (e.g. knowledge loaded from the device). True if anything was new. */
  merge(other: HeldState): boolean {
    const structs = this.#structs.addAll(other.structs);
    const deletions = this.#deletions.addAll(other.deletions);
    return structs || deletions;
  }

  /** The knowledge as bytes, to keep on the device beside the room's content. */
  encode(): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, FORMAT_VERSION);
    this.#structs.write(encoder);
    this.#deletions.write(encoder);
    return encoding.toUint8Array(encoder);
  }

  /** What `encode` wrote, or null for bytes of another version or malformed ones. */
  static decode(bytes: Uint8Array): HeldState | null {
    try {
      const decoder = decoding.createDecoder(bytes);
      if (decoding.readVarUint(decoder) !== FORMAT_VERSION) return null;
      const structs = IdSet.read(decoder);
      const deletions = IdSet.read(decoder);
      if (decoding.hasContent(decoder)) return null;
      return { structs, deletions };
    } catch {
      return null;
    }
  }

  #learnStateVector(stateVector: Map<number, number>): boolean {
    const held = { structs: new IdSet(), deletions: new IdSet() };
    for (const [client, clock] of stateVector) held.structs.add(client, 0, clock);
    const changed = this.#learn(held);
    if (this.#fresh) this.#fresh.sawStep1 = true;
    return changed;
  }

  #learnStep2(held: HeldState): boolean {
    const fresh = this.#fresh;
    if (fresh === null || !fresh.sawStep1) return this.#learn(held);
    fresh.structs.addAll(held.structs);
    fresh.deletions.addAll(held.deletions);
    this.#structs = fresh.structs;
    this.#deletions = fresh.deletions;
    this.#fresh = null;
    this.#confirmed = true;
    // Replaced, and now current: news for whoever counts pending changes, even if nothing grew.
    return true;
  }

  #learn(held: HeldState): boolean {
    if (this.#fresh) {
      this.#fresh.structs.addAll(held.structs);
      this.#fresh.deletions.addAll(held.deletions);
    }
    return this.merge(held);
  }
}

type SyncMessage =
  | { readonly kind: 'step1'; readonly stateVector: Map<number, number> }
  | { readonly kind: 'step2'; readonly held: HeldState }
  | { readonly kind: 'update'; readonly held: HeldState };

/** A sync message's content, or null for any other message type. Throws on malformed bytes. */
function readSyncMessage(frame: Uint8Array): SyncMessage | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== MessageType.sync) return null;
  const step = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  switch (step) {
    case SyncStep.step1:
      return { kind: 'step1', stateVector: Y.decodeStateVector(payload) };
    case SyncStep.step2:
      return { kind: 'step2', held: heldBy(payload) };
    case SyncStep.update:
      return { kind: 'update', held: heldBy(payload) };
    default:
      throw new Error(`unknown sync step ${step}`);
  }
}

/** The struct ids and deletions a Yjs update carries; throws if it does not decode. */
export function heldBy(update: Uint8Array): HeldState {
  const { structs, ds } = Y.decodeUpdate(update);
  const held = { structs: new IdSet(), deletions: new IdSet() };
  for (const struct of structs) {
    // A Skip marks a gap inside a merged update: ids the update does not carry.
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    held.structs.add(client, clock, clock + struct.length);
  }
  for (const [client, items] of ds.clients) {
    for (const { clock, len } of items) held.deletions.add(client, clock, clock + len);
  }
  return held;
}
