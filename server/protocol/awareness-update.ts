/**
 * Reads a y-protocols awareness update before anything applies it:
 *   varUint(n) then n × (varUint clientID, varUint clock, varString JSON state | "null")
 * and holds it to limits that keep presence cheap for everyone: how many clients one frame names,
 * how large and how deeply nested one state is. Pure; the room applies what passes.
 *
 * Why each limit: a state nested 5,000 levels deep (a 10 KB frame) parsed fine, then overflowed
 * the stack when the room re-encoded it for relay, outside any handler, and ended the process; a
 * frame naming 80,000 clients stalled the process for 43 s; two 3 MB states made every joiner's
 * presence frame too large for its own client to answer.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { CloseReason, RefusedError } from './close-reasons.ts';
import { ProtocolError } from './messages.ts';

export interface PresenceLimits {
  /** Largest JSON state of one client, in UTF-8 bytes. */
  readonly maxPresenceStateBytes: number;
  /** Most client ids one connection may announce (a browser tab announces one). */
  readonly maxPresenceClientsPerConnection: number;
}

/** Deepest nesting of arrays and objects a state may have; real ones are 3–4 deep. */
export const MAX_PRESENCE_DEPTH = 32;

/**
 * Most states the relay puts in one awareness frame, and so the most an honest client sends back
 * in one: y-websocket answers each frame with every state it applied from it. 128 states of the
 * default 8 KiB limit make 1 MiB, a quarter of the default MAX_PAYLOAD_BYTES.
 */
export const MAX_PRESENCE_ENTRIES_PER_FRAME = 128;

export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** The state's JSON text; "null" removes the client. */
  readonly json: string;
  /** Its UTF-8 length. */
  readonly bytes: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Nesting depth of a JSON text, counted in one pass without parsing it. */
export function jsonDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * Throws ProtocolError('malformed') for undecodable bytes and for states over the size or depth
 * limit (1007), RefusedError(presenceLimit) for a frame naming more clients than one frame of the
 * relay's own holds and than one connection may have (1008). Which of the named clients are new
 * for the connection is for the room to tell: most of a crowded room's echo is other people.
 */
export function readAwarenessEntries(update: Uint8Array, limits: PresenceLimits): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  try {
    const count = decoding.readVarUint(decoder);
    // Each entry takes at least three bytes, so a count past that is a lie about the frame.
    if (count > update.length / 3) {
      throw new ProtocolError('malformed', `awareness update claims ${count} entries`);
    }
    const most = Math.max(MAX_PRESENCE_ENTRIES_PER_FRAME, limits.maxPresenceClientsPerConnection);
    if (count > most) {
      throw new RefusedError(
        CloseReason.presenceLimit,
        `awareness update names ${count} clients, more than the ${most} one frame may hold`,
      );
    }
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const bytes = decoding.readVarUint8Array(decoder);
      if (bytes.length > limits.maxPresenceStateBytes) {
        throw new ProtocolError(
          'malformed',
          `presence state of ${bytes.length} bytes, over the ${limits.maxPresenceStateBytes}-byte limit`,
        );
      }
      const json = utf8.decode(bytes);
      if (jsonDepth(json) > MAX_PRESENCE_DEPTH) {
        throw new ProtocolError(
          'malformed',
          `presence state nested deeper than ${MAX_PRESENCE_DEPTH} levels`,
        );
      }
      entries.push({ clientId, clock, json, bytes: bytes.length });
    }
  } catch (error) {
    if (error instanceof ProtocolError || error instanceof RefusedError) throw error;
    throw new ProtocolError(
      'malformed',
      `undecodable awareness update: ${(error as Error).message}`,
    );
  }
  if (decoding.hasContent(decoder)) {
    throw new ProtocolError('malformed', 'trailing bytes after the awareness update');
  }
  return entries;
}

/**
 * The awareness update holding `entries`, in the layout readAwarenessEntries reads: what the
 * room applies when it keeps only part of a frame (presence-owners.ts).
 */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, json } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}
