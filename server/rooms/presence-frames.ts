/**
 * Presence states as awareness frames a client can answer. y-websocket sends back every state it
 * applies, all of one frame in one message, and the relay reads that message under the same
 * limits as any other: one frame of everyone's presence in a crowded room came back over
 * MAX_PAYLOAD_BYTES (1009), or naming more clients than one connection may (1008), and the
 * joiner was closed on every reconnect. So no frame holds more than MAX_PRESENCE_ENTRIES_PER_FRAME
 * states or a quarter of MAX_PAYLOAD_BYTES (unless a single state is larger on its own).
 *
 * Each entry is written as y-protocols' encodeAwarenessUpdate writes it (varUint client id,
 * varUint clock, varString JSON of the state or null); presence-frames.test.ts compares the two.
 */
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';
import { MAX_PRESENCE_ENTRIES_PER_FRAME } from '../protocol/awareness-update.ts';
import { encodeAwareness } from '../protocol/messages.ts';

export interface PresenceFrameLimits {
  /** Largest frame a client may send; presence frames stay at a quarter of it. */
  readonly maxPayload: number;
}

interface Entry {
  readonly clientId: number;
  readonly clock: number;
  readonly json: string;
  readonly size: number;
}

/** Bytes lib0 writes for `value` as a varUint. */
function varUintSize(value: number): number {
  let size = 1;
  while (value > 0x7f) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}

function entryOf(awareness: Awareness, clientId: number): Entry {
  // As encodeAwarenessUpdate reads them: a falsy state is written as null.
  const json = JSON.stringify(awareness.states.get(clientId) || null);
  const clock = awareness.meta.get(clientId)?.clock ?? 0;
  const length = Buffer.byteLength(json, 'utf8');
  const size = varUintSize(clientId) + varUintSize(clock) + varUintSize(length) + length;
  return { clientId, clock, json, size };
}

function frameOf(entries: readonly Entry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, json } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encodeAwareness(encoding.toUint8Array(encoder));
}

/**
 * The frames carrying the states (or removals) of `clients`, in order. No clients make one frame
 * of no states, as encodeAwarenessUpdate does.
 */
export function encodePresenceFrames(
  awareness: Awareness,
  clients: Iterable<number>,
  limits: PresenceFrameLimits,
): Uint8Array[] {
  // Headroom for the frame's own header and the entry count.
  const maxBytes = Math.floor(limits.maxPayload / 4) - 16;
  const frames: Uint8Array[] = [];
  let batch: Entry[] = [];
  let batchBytes = 0;
  for (const clientId of clients) {
    const entry = entryOf(awareness, clientId);
    const full =
      batch.length === MAX_PRESENCE_ENTRIES_PER_FRAME || batchBytes + entry.size > maxBytes;
    if (batch.length > 0 && full) {
      frames.push(frameOf(batch));
      batch = [];
      batchBytes = 0;
    }
    batch.push(entry);
    batchBytes += entry.size;
  }
  if (batch.length > 0 || frames.length === 0) frames.push(frameOf(batch));
  return frames;
}
