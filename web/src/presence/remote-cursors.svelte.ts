import type { Awareness } from 'y-protocols/awareness';
import type { ConnectionStatus } from '../sync/status.ts';
import type { PresenceState } from './awareness-state.ts';
import {
  RemotePeers,
  type PeersChange,
  type PresenceProblemReporter,
  type RemoteCursor,
  type RemoteSelection,
} from './remote-peers.ts';

export type {
  PresenceProblem,
  PresenceProblemReporter,
  RemoteCursor,
  RemoteSelection,
} from './remote-peers.ts';

/**
 * Remote cursors and participants (see remote-peers.ts) as reactive state for the board:
 * `version` changes whenever there is something new to draw, so the overlay layer schedules a
 * frame; `roster` changes only when someone joins, leaves, renames, recolours, goes idle or
 * picks another tool, so the participant list does not re-render at cursor rate.
 */
export class RemoteCursors {
  readonly #peers: RemotePeers;
  // Plain counters mirrored into $state by assignment only: incrementing the $state itself
  // would read it, and a caller inside an effect would then depend on every cursor move.
  #changes = 0;
  #rosterChanges = 0;
  #version = $state(0);
  #rosterVersion = $state(0);
  #roster: {
    readonly version: number;
    readonly states: ReadonlyMap<number, PresenceState>;
  } | null = null;

  constructor(awareness: Awareness, onProblem: PresenceProblemReporter) {
    this.#peers = new RemotePeers(awareness, onProblem, this.#changed);
  }

  /** Changes whenever there is something new to draw. */
  get version(): number {
    return this.#version;
  }

  /** Every valid remote state by awareness client id; reactive on roster changes only. */
  get roster(): ReadonlyMap<number, PresenceState> {
    const version = this.#rosterVersion;
    if (this.#roster?.version !== version) {
      this.#roster = { version, states: this.#peers.states() };
    }
    return this.#roster.states;
  }

  /**
   * Moves each cursor one frame on and returns what to draw: call once per overlay frame with
   * requestAnimationFrame's timestamp and the board's zoom.
   */
  advance(now: number, zoom = 1): RemoteCursor[] {
    return this.#peers.advance(now, zoom);
  }

  /** True while some cursor is still gliding: keep requesting overlay frames. */
  get animating(): boolean {
    return this.#peers.animating;
  }

  /** Each visible cursor at the world position its owner last published. */
  targets(): RemoteCursor[] {
    return this.#peers.targets();
  }

  /** One peer's state as last published (its view, say); null for a page not here. */
  stateOf(clientId: number): PresenceState | null {
    return this.#peers.stateOf(clientId);
  }

  /** Each peer's selection as last published. */
  selections(): RemoteSelection[] {
    return this.#peers.selections();
  }

  connectionChanged(status: ConnectionStatus): void {
    this.#peers.connectionChanged(status);
  }

  destroy(): void {
    this.#peers.destroy();
  }

  readonly #changed = ({ drawn, roster }: PeersChange): void => {
    if (drawn) this.#version = ++this.#changes;
    if (roster) this.#rosterVersion = ++this.#rosterChanges;
  };
}
