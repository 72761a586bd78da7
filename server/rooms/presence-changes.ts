/**
 * Which entries of an awareness frame the room's Awareness will keep, worked out before it is
 * applied, so that limits can refuse the frame first. The rule is y-protocols'
 * applyAwarenessUpdate (1.0.x): an entry applies when its clock is newer than the one held for
 * that client, or when it removes a state held at the same clock. Everything else is a stale
 * echo: y-websocket sends back every state it applies, so a joiner answers the room's presence
 * snapshot with everyone's states at the clocks the room already has, which change nothing and
 * must not count against it. presence-changes.test.ts holds this to the library.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { AwarenessEntry } from '../protocol/awareness-update.ts';

export interface PresenceChange {
  /** The clock the room will hold for the client. */
  readonly clock: number;
  /** UTF-8 bytes of its state as announced; null when the frame removes the client. */
  readonly bytes: number | null;
}

/** JSON whitespace around `null`: JSON.parse reads all of these as a removal. */
const NULL_STATE = /^[\t\n\r ]*null[\t\n\r ]*$/;

export const isRemoval = (json: string): boolean => json.length <= 64 && NULL_STATE.test(json);

/**
 * What the frame will leave for each client it changes, in the order they first change; a client
 * named twice is followed through, as applyAwarenessUpdate walks the entries in order.
 */
export function presenceChanges(
  awareness: Awareness,
  entries: readonly AwarenessEntry[],
): Map<number, PresenceChange> {
  const changes = new Map<number, PresenceChange>();
  for (const { clientId, clock, json, bytes } of entries) {
    const removal = isRemoval(json);
    const earlier = changes.get(clientId);
    const current = earlier?.clock ?? awareness.meta.get(clientId)?.clock ?? 0;
    const held = earlier ? earlier.bytes !== null : awareness.states.has(clientId);
    if (current < clock || (current === clock && removal && held)) {
      changes.set(clientId, { clock, bytes: removal ? null : bytes });
    }
  }
  return changes;
}
