/**
 * Everyone else's presence as this page knows it: each remote client's validated awareness
 * state, kept from awareness 'change' events, and where its cursor is drawn as it glides toward
 * the position its owner published. No DOM and no Svelte: remote-cursors.svelte.ts adds the
 * reactivity.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { Vec } from '../model/geometry.ts';
import type { ConnectionStatus } from '../sync/status.ts';
import { readPresenceState, type PresenceState, type SharedSelection } from './awareness-state.ts';
import { approach, CURSOR_SMOOTHING, inWorldUnits, isSettled } from './interpolation.ts';
import { distinctNames } from './peer-names.ts';

/** A remote pointer to draw: where it is shown now (or, from `targets()`, where it was sent). */
export interface RemoteCursor {
  readonly clientId: number;
  readonly userId: string;
  readonly name: string;
  readonly color: string;
  /** World coordinates. */
  readonly x: number;
  readonly y: number;
  readonly idle: boolean;
  readonly tool?: string;
}

/** A peer's awareness state that was ignored, and why. */
export interface PresenceProblem {
  readonly clientId: number;
  readonly reason: string;
}

export type PresenceProblemReporter = (problem: PresenceProblem) => void;

/** What a change touched: something to redraw, and/or the participant list. */
export interface PeersChange {
  readonly drawn: boolean;
  readonly roster: boolean;
}

interface Peer {
  state: PresenceState;
  /** Where the cursor is drawn, trailing `state.cursor`; null while the pointer is away. */
  shown: Vec | null;
}

interface AwarenessChange {
  readonly added: readonly number[];
  readonly updated: readonly number[];
  readonly removed: readonly number[];
}

export interface RemoteSelection extends SharedSelection {
  readonly clientId: number;
  readonly name: string;
  readonly color: string;
}

const NOTHING: PeersChange = { drawn: false, roster: false };
const EVERYTHING: PeersChange = { drawn: true, roster: true };

/**
 * Our own client is never listed. A state that fails validation is reported (each client and
 * reason once) and that client is treated as absent until it sends a valid one.
 *
 * Offline, nobody is listed: remote states may already be stale, and y-websocket drops them
 * when the socket closes anyway. Awareness keeps each dropped client's clock, though, and
 * ignores a state re-sent with the same clock, which is what the relay replays to a client
 * that reconnects. So going offline also forgets those clocks; otherwise a peer that has not
 * moved would stay invisible after a reconnect until its keep-alive renewal, up to 15 s later.
 */
export class RemotePeers {
  readonly #awareness: Awareness;
  readonly #onProblem: PresenceProblemReporter;
  readonly #onChange: (change: PeersChange) => void;
  readonly #peers = new Map<number, Peer>();
  #offline = false;
  #lastAdvanceAt: number | null = null;
  /** Cursor labels by client id (peer-names.ts), worked out again after any awareness change. */
  #labels: Map<number, string> | null = null;

  constructor(
    awareness: Awareness,
    onProblem: PresenceProblemReporter,
    onChange: (change: PeersChange) => void = () => {},
  ) {
    this.#awareness = awareness;
    this.#onProblem = reportEachOnce(onProblem);
    this.#onChange = onChange;
    awareness.on('change', this.#onAwarenessChange);
    this.#rebuild();
  }

  /** Every valid remote state by awareness client id, as a new map. */
  states(): Map<number, PresenceState> {
    return new Map([...this.#peers].map(([clientId, peer]) => [clientId, peer.state]));
  }

  /**
   * Moves each shown cursor one frame toward its target and returns what to draw. `now` is the
   * frame's timestamp (requestAnimationFrame's argument); `zoom` turns the on-screen settle and
   * snap distances into world units.
   */
  advance(now: number, zoom = 1): RemoteCursor[] {
    const dt = this.#lastAdvanceAt === null ? 0 : now - this.#lastAdvanceAt;
    this.#lastAdvanceAt = now;
    const smoothing = inWorldUnits(CURSOR_SMOOTHING, zoom);
    const labels = this.#cursorLabels();
    const frame: RemoteCursor[] = [];
    for (const [clientId, peer] of this.#peers) {
      const target = peer.state.cursor;
      if (!target || !peer.shown) continue;
      peer.shown = approach(peer.shown, target, dt, smoothing);
      frame.push(toCursor(clientId, peer.state, peer.shown, labels));
    }
    return frame;
  }

  /** True while some cursor has not reached its target: keep requesting frames. */
  get animating(): boolean {
    for (const { state, shown } of this.#peers.values()) {
      if (state.cursor && shown && !isSettled(shown, state.cursor)) return true;
    }
    return false;
  }

  /** Each visible cursor at the world position its owner last published. */
  targets(): RemoteCursor[] {
    const labels = this.#cursorLabels();
    return [...this.#peers].flatMap(([clientId, { state }]) =>
      state.cursor ? [toCursor(clientId, state, state.cursor, labels)] : [],
    );
  }

  /** One peer's state as last published; null for a page not here (or ourselves). */
  stateOf(clientId: number): PresenceState | null {
    return this.#peers.get(clientId)?.state ?? null;
  }

  /** Each peer's selection, in the peer's colour, for the overlay. */
  selections(): RemoteSelection[] {
    const labels = this.#cursorLabels();
    return [...this.#peers].flatMap(([clientId, { state }]) =>
      state.selection
        ? [
            {
              clientId,
              name: labels.get(clientId) ?? state.user.name,
              color: state.user.color,
              ...state.selection,
            },
          ]
        : [],
    );
  }

  /** Everyone's names as shown: ours first, so a peer copying it is the one marked " (2)". */
  #cursorLabels(): Map<number, string> {
    if (this.#labels) return this.#labels;
    const own = readPresenceState(this.#awareness.getLocalState());
    const entries = [...this.#peers].map(([clientId, { state }]) => ({
      clientId,
      name: state.user.name,
      isSelf: false,
    }));
    if (own.ok) {
      entries.push({ clientId: this.#awareness.clientID, name: own.value.user.name, isSelf: true });
    }
    this.#labels = distinctNames(entries);
    return this.#labels;
  }

  connectionChanged(status: ConnectionStatus): void {
    if (status === 'offline' && !this.#offline) {
      this.#offline = true;
      this.#forgetRemoteClocks();
      this.#emit(this.#clear());
    } else if ((status === 'connected' || status === 'synced') && this.#offline) {
      this.#offline = false;
      this.#rebuild();
    }
  }

  destroy(): void {
    this.#awareness.off('change', this.#onAwarenessChange);
    this.#peers.clear();
  }

  readonly #onAwarenessChange = ({ added, updated, removed }: AwarenessChange): void => {
    this.#labels = null;
    if (this.#offline) return;
    const states = this.#awareness.getStates();
    let drawn = false;
    let roster = false;
    const note = (change: PeersChange) => {
      drawn ||= change.drawn;
      roster ||= change.roster;
    };
    for (const clientId of removed) note(this.#remove(clientId));
    for (const clientId of [...added, ...updated]) note(this.#set(clientId, states.get(clientId)));
    this.#emit({ drawn, roster });
  };

  #rebuild(): void {
    const hadPeers = this.#clear() !== NOTHING;
    for (const [clientId, state] of this.#awareness.getStates()) this.#set(clientId, state);
    if (hadPeers || this.#peers.size > 0) this.#emit(EVERYTHING);
  }

  /** Takes in one client's raw awareness state (undefined: it is gone). */
  #set(clientId: number, raw: unknown): PeersChange {
    if (clientId === this.#awareness.clientID) return NOTHING;
    if (raw === undefined) return this.#remove(clientId);
    const read = readPresenceState(raw);
    if (!read.ok) {
      this.#onProblem({ clientId, reason: read.reason });
      return this.#remove(clientId);
    }
    const state = read.value;
    const previous = this.#peers.get(clientId);
    if (!previous) {
      this.#peers.set(clientId, { state, shown: state.cursor });
      return EVERYTHING;
    }
    // A pointer coming back onto the board appears where it is rather than gliding from where
    // it left; one already shown glides on.
    previous.shown = state.cursor === null ? null : (previous.shown ?? state.cursor);
    const roster = !sameListing(previous.state, state);
    previous.state = state;
    return { drawn: true, roster };
  }

  #remove(clientId: number): PeersChange {
    return this.#peers.delete(clientId) ? EVERYTHING : NOTHING;
  }

  #clear(): PeersChange {
    this.#labels = null;
    if (this.#peers.size === 0) return NOTHING;
    this.#peers.clear();
    return EVERYTHING;
  }

  #emit(change: PeersChange): void {
    if (change.drawn || change.roster) this.#onChange(change);
  }

  /**
   * Only for clients whose state is already gone: y-websocket drops them synchronously right
   * after emitting 'connection-close', before the status change can reach any effect.
   */
  #forgetRemoteClocks(): void {
    const states = this.#awareness.getStates();
    for (const clientId of [...this.#awareness.meta.keys()]) {
      if (clientId !== this.#awareness.clientID && !states.has(clientId)) {
        this.#awareness.meta.delete(clientId);
      }
    }
  }
}

/**
 * Reports each (client, reason) once, and at most `limit` in all, so a peer spamming malformed
 * states with ever-new values cannot flood the console.
 */
export function reportEachOnce(
  report: PresenceProblemReporter,
  limit = 100,
): PresenceProblemReporter {
  const seen = new Set<string>();
  return ({ clientId, reason }) => {
    const key = `${clientId}\u0000${reason}`;
    if (seen.has(key) || seen.size > limit) return;
    seen.add(key);
    report(
      seen.size > limit
        ? { clientId, reason: `${reason} (further problems are not reported)` }
        : { clientId, reason },
    );
  };
}

function sameListing(a: PresenceState, b: PresenceState): boolean {
  return (
    a.user.id === b.user.id &&
    a.user.name === b.user.name &&
    a.user.color === b.user.color &&
    a.activity === b.activity &&
    a.tool === b.tool &&
    a.follows === b.follows
  );
}

function toCursor(
  clientId: number,
  state: PresenceState,
  at: Vec,
  labels: ReadonlyMap<number, string>,
): RemoteCursor {
  return {
    clientId,
    userId: state.user.id,
    name: labels.get(clientId) ?? state.user.name,
    color: state.user.color,
    x: at.x,
    y: at.y,
    idle: state.activity === 'idle',
    ...(state.tool === undefined ? {} : { tool: state.tool }),
  };
}
