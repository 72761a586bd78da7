import * as encoding from 'lib0/encoding';
import { encodeAwareness, encodeSyncStep1 } from '../protocol/messages.ts';

/** One awareness frame announcing `states` as [clientId, JSON] pairs, all at `clock`. */
export function awarenessFrame(
  states: readonly (readonly [number, string])[],
  clock = 1,
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, states.length);
  for (const [clientId, json] of states) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encodeAwareness(encoding.toUint8Array(encoder));
}

/** A sync step 1 whose state vector holds `entries` as [client, clock] pairs. */
export function syncStep1Frame(entries: readonly (readonly [number, number])[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [client, clock] of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encodeSyncStep1(encoding.toUint8Array(encoder));
}

/** Whether a frame the server sent is a sync step 2 ([0, 1, …]). */
export const isSyncStep2 = (frame: Uint8Array): boolean => frame[0] === 0 && frame[1] === 1;
