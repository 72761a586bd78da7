/**
 * Presence bound to its connection: an awareness client id belongs to the connection that first
 * announced it, for as long as that connection lives (or until it removes the state itself).
 * Entries another connection sends for it are dropped, removals included, so nobody can rename,
 * move or hide somebody else's cursor.
 *
 * Clocks. y-protocols bumps a client's clock by 1 per change and per 15 s renewal, and
 * y-websocket sends every change, so an owner never steps more than 1 past what the room holds;
 * MAX_CLOCK_STEP (16) leaves slack for a client that skipped sends while its socket was dying.
 * A larger step from the owner is a clock jump and is dropped: a clock of 2^53 would have made
 * every later honest entry look stale to everyone. A returning client is different: while it
 * was offline its clock kept counting (every renewal and cursor move), so its first entry may
 * be far ahead of the room's. Its claim is accepted at the room's clock + 1 and the difference
 * kept as the owner's offset: everyone sees small steps, and the client's own copy (whose clock
 * is higher) ignores the room's echo of itself instead of taking it over.
 *
 * A reconnect while the old socket still looks alive (the room notices only at the heartbeat,
 * up to two HEARTBEAT_MS): the new connection cannot take over then, because nothing tells an
 * honest reconnect from a spoofer who bumps the clock by one. What it sends is dropped, but its
 * latest attempt is remembered: when the old connection goes, the id passes to it instead of
 * being removed, so the user never vanishes for others and shows their next change or renewal.
 * The heir may be a spoofer who tried last: it gains nothing it could not take anyway by claiming
 * the freed id one clock later (without a credential, nothing tells a returning client from
 * anyone else), and a real reconnect never flickers.
 * (Later: ask the old owner at once, with a removal of its own id that a live y-protocols client
 * answers by renewing, and close it if it stays silent.)
 *
 * Issue 12 (several instances): ownership is kept per instance. Presence applied from another
 * instance has no owner here, so a connection here could still claim such an id; binding across
 * instances needs the owner's instance to travel with the presence frames.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { AwarenessEntry } from '../protocol/awareness-update.ts';
import type { Peer } from './peer.ts';
import { isRemoval } from './presence-changes.ts';

/** Largest clock step an owner may take past the clock the room holds for its id. */
export const MAX_CLOCK_STEP = 16;

export type PresenceDropReason = 'not_owner' | 'clock_jump';

interface Ownership {
  readonly peer: Peer;
  /** The owner's clocks minus the room's for this id (0 unless it came back from offline). */
  readonly offset: number;
}

/** A live connection that tried to change an owned id: who, and the latest clock it sent. */
interface Contender {
  readonly peer: Peer;
  readonly clock: number;
}

/** What the sender may apply of one awareness frame. */
export interface ScreenedPresence {
  /** Entries to apply, clocks in the room's terms; stale ones (echoes) may be among them. */
  readonly accepted: AwarenessEntry[];
  /** Whether `accepted` differs from the frame as sent, so it must be encoded again. */
  readonly altered: boolean;
  /** The offset each id the sender changes will have, recorded once the frame applied. */
  readonly claims: ReadonlyMap<number, number>;
  readonly dropped: Readonly<Record<PresenceDropReason, number>>;
  /** Claims whose clock ran ahead while offline, accepted at the room's clock + 1. */
  readonly rebased: number;
}

/** y-protocols' rule: the entry applies when newer, or when it removes a state at its clock. */
const applies = (clock: number, current: number, removal: boolean, held: boolean): boolean =>
  clock > current || (clock === current && removal && held);

/** Who owns which presence client id in one room instance. */
export class PresenceOwners {
  readonly #owners = new Map<number, Ownership>();
  readonly #contenders = new Map<number, Contender>();

  ownerOf(clientId: number): Peer | undefined {
    return this.#owners.get(clientId)?.peer;
  }

  /**
   * Sorts a frame's entries into what `peer` may apply and what it may not. Keeps only who tried
   * to change an id it does not own (a refused frame closes its sender, which then inherits
   * nothing: release checks the contender is still here).
   */
  screen(peer: Peer, entries: readonly AwarenessEntry[], awareness: Awareness): ScreenedPresence {
    const accepted: AwarenessEntry[] = [];
    const claims = new Map<number, number>();
    const dropped = { not_owner: 0, clock_jump: 0 };
    let rebased = 0;
    let altered = false;
    // The room's clock and state for ids named earlier in the frame, as the apply will walk it.
    const running = new Map<number, { clock: number; held: boolean }>();
    for (const entry of entries) {
      const { clientId } = entry;
      const removal = isRemoval(entry.json);
      const earlier = running.get(clientId);
      const known = earlier?.clock ?? awareness.meta.get(clientId)?.clock;
      const current = known ?? 0;
      const held = earlier ? earlier.held : awareness.states.has(clientId);
      const owner = this.#owners.get(clientId);
      if (owner && owner.peer !== peer) {
        altered = true;
        if (applies(entry.clock, current, removal, held)) {
          dropped.not_owner++;
          this.#contenders.set(clientId, { peer, clock: entry.clock });
        }
        continue;
      }
      let offset = claims.get(clientId) ?? owner?.offset ?? 0;
      let clock = entry.clock - offset;
      if (!applies(clock, current, removal, held)) {
        // An echo of what the room holds: applying it changes nothing, unless its clock moved.
        if (offset === 0) accepted.push(entry);
        else altered = true;
        continue;
      }
      if (known !== undefined && clock > known + MAX_CLOCK_STEP) {
        altered = true;
        if (owner || claims.has(clientId)) {
          dropped.clock_jump++;
          continue;
        }
        offset += clock - (known + 1);
        clock = known + 1;
        rebased++;
      }
      claims.set(clientId, offset);
      running.set(clientId, { clock, held: !removal });
      if (offset === 0) accepted.push(entry);
      else {
        accepted.push({ ...entry, clock });
        altered = true;
      }
    }
    return { accepted, altered, claims, dropped, rebased };
  }

  /** The screened frame applied: its sender owns what it announced and lets go what it removed. */
  commit(peer: Peer, screened: ScreenedPresence, awareness: Awareness): void {
    for (const [clientId, offset] of screened.claims) {
      if (awareness.states.has(clientId)) this.#owners.set(clientId, { peer, offset });
      else if (this.#owners.get(clientId)?.peer === peer) {
        this.#owners.delete(clientId);
        this.#contenders.delete(clientId);
      }
    }
  }

  /**
   * `peer` left, owning `owned`: each id passes to the live connection that last tried to change
   * it (a client that reconnected before its old socket was found dead), or is free again.
   * `isHere` tells whether a contender is still connected. Returns the ids nobody took over.
   */
  release(
    peer: Peer,
    owned: readonly number[],
    isHere: (peer: Peer) => boolean,
    awareness: Awareness,
  ): number[] {
    const gone: number[] = [];
    for (const clientId of owned) {
      if (this.#owners.get(clientId)?.peer !== peer) continue;
      const contender = this.#contenders.get(clientId);
      this.#contenders.delete(clientId);
      if (contender && contender.peer !== peer && isHere(contender.peer)) {
        // Its clocks go on from its last attempt, the room's from what the room holds.
        const current = awareness.meta.get(clientId)?.clock ?? 0;
        const offset = Math.max(0, contender.clock - current);
        this.#owners.set(clientId, { peer: contender.peer, offset });
      } else {
        this.#owners.delete(clientId);
        gone.push(clientId);
      }
    }
    return gone;
  }
}
