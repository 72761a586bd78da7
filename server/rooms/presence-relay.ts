import type * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import {
  encodeAwarenessEntries,
  readAwarenessEntries,
  type PresenceLimits,
} from '../protocol/awareness-update.ts';
import { CloseReason, RefusedError } from '../protocol/close-reasons.ts';
import { ProtocolError, decodeClientMessage } from '../protocol/messages.ts';
import type { Peer } from './peer.ts';
import { PresenceBudget, type RoomPresenceLimits } from './presence-budget.ts';
import { presenceChanges, type PresenceChange } from './presence-changes.ts';
import { encodePresenceFrames, type PresenceFrameLimits } from './presence-frames.ts';
import { PresenceOwners, type PresenceDropReason } from './presence-owners.ts';
import { stampIdentity } from './presence-stamp.ts';
import type { AwarenessChanges, RoomPeers } from './room-peers.ts';
import { SharedFrames } from './shared-frames.ts';

/** How long awareness renewals (unchanged states) may wait to share a frame. */
const AWARENESS_RENEWAL_DELAY_MS = 1000;

/** The origin of presence applied from another instance of the room: relayed, never re-published. */
const FROM_ELSEWHERE = Symbol('another instance of the room');

export interface PresenceRelayOptions
  extends PresenceLimits, RoomPresenceLimits, PresenceFrameLimits {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Everyone's presence as frames, and whether producing them cost an encoding. */
export interface PresenceSnapshot {
  readonly frames: SharedFrames;
  readonly encoded: boolean;
}

/**
 * When the changes gathered so far go out: at the end of the turn for a real change, within a
 * second for renewals; a change arriving while renewals wait takes them along.
 */
type Flush =
  | { readonly kind: 'idle' }
  | { readonly kind: 'renewals'; readonly timer: NodeJS.Timeout }
  | {
      readonly kind: 'now';
      readonly immediate: NodeJS.Immediate;
      readonly timer: NodeJS.Timeout | null;
    }
  | { readonly kind: 'stopped' };

/** The states that carry nothing, shared by every room. */
const IDLE = { kind: 'idle' } as const;
const STOPPED = { kind: 'stopped' } as const;

/**
 * A room's awareness: checks what peers announce against the limits, keeps who announced what,
 * and sends changes out coalesced, each change frame encoded once for every peer.
 */
export class PresenceRelay {
  readonly awareness: awarenessProtocol.Awareness;
  readonly #name: string;
  readonly #peers: RoomPeers;
  readonly #options: PresenceRelayOptions;
  /** Where coalesced change frames go: the room's peers and its other instances. */
  readonly #send: (frames: SharedFrames) => void;
  readonly #budget: PresenceBudget;
  readonly #owners = new PresenceOwners();
  readonly #dirty = new Set<number>();
  #flush: Flush = IDLE;
  /** Set by a real presence change (not a mere renewal) until the next 'update' event is seen. */
  #changed = false;
  /** Everyone's presence as frames a joiner can answer, kept until presence next changes. */
  #snapshot: SharedFrames | null = null;
  // Handed to timers and events, so bound once per room. Bound methods, not arrow fields: under
  // tsx (esbuild keepNames) each arrow-field instance has its name redefined, which costs it a
  // 256-byte property dictionary.
  readonly #onUpdate = this.#updated.bind(this);
  readonly #onChange = this.#changedNow.bind(this);
  readonly #onFlush = this.#sendPending.bind(this);

  constructor(
    name: string,
    doc: Y.Doc,
    peers: RoomPeers,
    options: PresenceRelayOptions,
    send: (frames: SharedFrames) => void,
  ) {
    this.#name = name;
    this.#peers = peers;
    this.#options = options;
    this.#send = send;
    this.#budget = new PresenceBudget(options);
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server is not a participant: it relays others' presence and announces none of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('change', this.#onChange);
    this.awareness.on('update', this.#onUpdate);
  }

  /**
   * Applies what a peer may change of an awareness update (presence-owners.ts): entries for ids
   * another connection owns, and clock jumps, are dropped and counted; the rest applies. Throws
   * RefusedError or ProtocolError, keeping nothing.
   */
  apply(peer: Peer, update: Uint8Array): void {
    // Checked before anything is kept: size, depth and count limits, the connection's cap and
    // the room's. Only entries the room will keep count: the rest are echoes of what it sent.
    const screened = this.#owners.screen(
      peer,
      readAwarenessEntries(update, this.#options),
      this.awareness,
    );
    this.#count(screened.dropped, screened.rebased);
    // The verified name and color replace what the peer says of itself (presence-stamp.ts).
    const stamped = stampIdentity(screened.accepted, peer.identity);
    const changes = presenceChanges(this.awareness, stamped.entries);
    const owned = this.#peers.owned(peer);
    let added = 0;
    for (const [clientId, { bytes }] of changes) {
      if (bytes !== null && !owned.includes(clientId)) added++;
    }
    const cap = this.#options.maxPresenceClientsPerConnection;
    if (owned.length + added > cap) {
      throw new RefusedError(
        CloseReason.presenceLimit,
        `connection would announce ${owned.length + added} presence clients, over the cap of ${cap}`,
      );
    }
    this.#budget.check(changes);
    const allowed =
      screened.altered || stamped.altered ? encodeAwarenessEntries(stamped.entries) : update;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, allowed, peer);
    } catch (error) {
      this.#undoPartialApply(changes);
      throw new ProtocolError(
        'malformed',
        `undecodable awareness update: ${(error as Error).message}`,
      );
    }
    this.#owners.commit(peer, screened, this.awareness);
    for (const [clientId, { bytes }] of changes) {
      if (bytes !== null && this.awareness.states.has(clientId)) {
        this.#budget.hold(clientId, bytes);
      } else {
        this.#budget.release(clientId);
      }
    }
  }

  /**
   * Presence another instance of the room sent out (already checked there): applied, and handed
   * to this instance's peers as the same frames.
   */
  applyRemote(frames: SharedFrames): void {
    for (const frame of frames.messages) {
      const message = decodeClientMessage(frame);
      if (message.type !== 'awareness') throw new Error(`presence frame of type ${message.type}`);
      awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, FROM_ELSEWHERE);
    }
    this.#peers.broadcast(frames);
  }

  /**
   * A peer left: its client ids go for everyone, except those a connection still here tried to
   * change, which pass to it (a client that reconnected before its dead socket was noticed).
   */
  left(peer: Peer, owned: readonly number[]): void {
    const isHere = (other: Peer): boolean => this.#peers.has(other);
    const gone = this.#owners.release(peer, owned, isHere, this.awareness);
    for (const clientId of owned) {
      const heir = this.#owners.ownerOf(clientId);
      if (heir && heir !== peer) this.#peers.adopt(heir, clientId);
    }
    if (gone.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, gone, peer);
  }

  #count(dropped: Readonly<Record<PresenceDropReason, number>>, rebased: number): void {
    const { metrics } = this.#options;
    if (dropped.not_owner > 0) metrics.presenceDropped.labels('not_owner').inc(dropped.not_owner);
    if (dropped.clock_jump > 0)
      metrics.presenceDropped.labels('clock_jump').inc(dropped.clock_jump);
    if (rebased > 0) metrics.presenceRebased.inc(rebased);
  }

  /** Every known presence state, in as many frames as a client can answer one by one. */
  everyone(): PresenceSnapshot {
    if (this.#snapshot) return { frames: this.#snapshot, encoded: false };
    this.#snapshot = SharedFrames.awareness(
      encodePresenceFrames(this.awareness, this.awareness.getStates().keys(), this.#options),
    );
    return { frames: this.#snapshot, encoded: true };
  }

  /**
   * The states of `clients` (this instance's own peers' ids), as frames for another instance
   * that asks for them; null when none of them has a state.
   */
  statesOf(clients: readonly number[]): SharedFrames | null {
    const held = clients.filter((id) => this.awareness.states.has(id));
    if (held.length === 0) return null;
    return SharedFrames.awareness(encodePresenceFrames(this.awareness, held, this.#options));
  }

  /** Sends what is pending (other instances still need removals), then stops for good. */
  destroy(): void {
    if (this.#flush.kind !== 'idle' && this.#flush.kind !== 'stopped') this.#sendPending();
    this.#flush = STOPPED;
    this.awareness.off('update', this.#onUpdate);
    this.awareness.off('change', this.#onChange);
    this.#snapshot = null;
    this.awareness.destroy();
  }

  /**
   * applyAwarenessUpdate keeps the entries before one it cannot parse, and announces none of
   * them: nobody would own those states, and the budget would not count them. Whatever the
   * frame set is removed again, for everyone.
   */
  #undoPartialApply(changes: ReadonlyMap<number, PresenceChange>): void {
    const kept: number[] = [];
    for (const [clientId, { clock }] of changes) {
      if (!this.awareness.states.has(clientId)) this.#budget.release(clientId);
      else if (this.awareness.meta.get(clientId)?.clock === clock) kept.push(clientId);
    }
    if (kept.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, kept, null);
  }

  #updated(changes: AwarenessChanges, origin: unknown): void {
    // Removed by the peer, by its leaving, or by y-protocols' 30 s timeout.
    for (const id of changes.removed) this.#budget.release(id);
    this.#snapshot = null;
    const changed = this.#changed;
    this.#changed = false;
    // What another instance sent is relayed as it came (applyRemote), not sent out again.
    if (origin === FROM_ELSEWHERE || this.#flush.kind === 'stopped') return;
    this.#peers.changed(origin as Peer, changes);
    for (const list of [changes.added, changes.updated, changes.removed]) {
      for (const id of list) this.#dirty.add(id);
    }
    const flush = this.#flush;
    if (changed) {
      if (flush.kind === 'now') return;
      const timer = flush.kind === 'renewals' ? flush.timer : null;
      this.#flush = { kind: 'now', immediate: setImmediate(this.#onFlush), timer };
    } else if (flush.kind === 'idle') {
      // A renewal (same state, new clock) only keeps a client alive for others, who time out
      // after 30 s: gathering a second of them into one frame cuts an idle room's traffic
      // roughly by the number of clients, and nobody sees a difference.
      this.#flush = {
        kind: 'renewals',
        timer: setTimeout(this.#onFlush, AWARENESS_RENEWAL_DELAY_MS),
      };
    }
  }

  #changedNow(): void {
    this.#changed = true;
  }

  /**
   * Sends every pending presence change as one frame, encoded once for all peers: changes
   * within the turn they arrive in, renewals within a second.
   */
  #sendPending(): void {
    // A timer callback: its own error boundary, or a throw here would reach no handler at all.
    try {
      this.#encodeAndSend();
    } catch (error) {
      this.#options.metrics.errors.labels('internal').inc();
      this.#options.logger.error({ err: error, room: this.#name }, 'presence broadcast failed');
      this.#dirty.clear();
    }
  }

  #encodeAndSend(): void {
    const flush = this.#flush;
    if (flush.kind === 'stopped') return;
    if (flush.kind === 'now') {
      clearImmediate(flush.immediate);
      if (flush.timer) clearTimeout(flush.timer);
    } else if (flush.kind === 'renewals') {
      clearTimeout(flush.timer);
    }
    this.#flush = IDLE;
    if (this.#dirty.size === 0) return;
    const frames = SharedFrames.awareness(
      encodePresenceFrames(this.awareness, this.#dirty, this.#options),
    );
    this.#dirty.clear();
    this.#send(frames);
  }
}
