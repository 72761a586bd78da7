/**
 * Which presence client ids each other relay instance carries, per room, learned from the
 * presence it publishes (every frame names its instance: bus-wire.ts). When an instance dies
 * without a word its clients' states would linger on every other instance until y-protocols'
 * 30 s timeout; with this ledger the survivors remove them as soon as its heartbeat lapses
 * (instance-heartbeat.ts). Pure: no timers, no Redis.
 *
 * An instance that opens a room learns the clients already there from the others' answers to its
 * recall (bus-wire.ts), within a round trip, rather than when they next renew (every 15 s).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { decodeClientMessage, encodeAwareness } from '../protocol/messages.ts';

/** A client id and the last clock its state was seen with: what a removal must carry. */
export interface HeldClient {
  readonly clientId: number;
  readonly clock: number;
}

/** What one lapsed instance leaves to remove in one room. */
export interface Orphans {
  readonly room: string;
  readonly clients: readonly HeldClient[];
}

export class PresenceLedger {
  /** room → instance → client id → clock. */
  readonly #rooms = new Map<string, Map<string, Map<number, number>>>();

  /**
   * `instance` published `frames` (awareness messages) for `room`. A client that shows up on
   * another instance moved there (it reconnected through the load balancer): it is no longer the
   * first instance's to lose. Throws for a frame that is no awareness message.
   */
  heard(room: string, instance: string, frames: readonly Uint8Array[]): void {
    let instances = this.#rooms.get(room);
    if (!instances) {
      instances = new Map();
      this.#rooms.set(room, instances);
    }
    let held = instances.get(instance);
    if (!held) {
      held = new Map();
      instances.set(instance, held);
    }
    for (const frame of frames) {
      const message = decodeClientMessage(frame);
      if (message.type !== 'awareness') throw new Error(`presence frame of type ${message.type}`);
      for (const entry of readEntries(message.update)) {
        if (entry.removed) {
          held.delete(entry.clientId);
          continue;
        }
        held.set(entry.clientId, entry.clock);
        for (const [other, clients] of instances) {
          if (other !== instance) clients.delete(entry.clientId);
        }
      }
    }
    if (held.size === 0) instances.delete(instance);
    if (instances.size === 0) this.#rooms.delete(room);
  }

  /** Every other instance that holds presence in a room here: whose heartbeat to watch. */
  instances(): Set<string> {
    const ids = new Set<string>();
    for (const instances of this.#rooms.values()) for (const id of instances.keys()) ids.add(id);
    return ids;
  }

  /** `instance` is gone: its clients, room by room, forgotten here and to be removed. */
  lapse(instance: string): Orphans[] {
    const orphans: Orphans[] = [];
    for (const [room, instances] of this.#rooms) {
      const held = instances.get(instance);
      if (!held) continue;
      instances.delete(instance);
      if (instances.size === 0) this.#rooms.delete(room);
      const clients = [...held].map(([clientId, clock]) => ({ clientId, clock }));
      if (clients.length > 0) orphans.push({ room, clients });
    }
    return orphans;
  }

  /** This instance left `room`: nothing of it to watch any more. */
  forget(room: string): void {
    this.#rooms.delete(room);
  }
}

/**
 * An awareness message removing `clients`. y-protocols applies a null state carrying the clock it
 * holds for a client (a removal needs no newer clock), so the last clock seen is enough.
 */
export function removalFrame(clients: readonly HeldClient[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, clients.length);
  for (const { clientId, clock } of clients) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, 'null');
  }
  return encodeAwareness(encoding.toUint8Array(encoder));
}

/** The entries of an awareness update another instance checked already: ids, clocks, removals. */
function readEntries(
  update: Uint8Array,
): { readonly clientId: number; readonly clock: number; readonly removed: boolean }[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const removed = decoding.readVarString(decoder) === 'null';
    entries.push({ clientId, clock, removed });
  }
  return entries;
}
