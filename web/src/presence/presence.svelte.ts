import type { Awareness } from 'y-protocols/awareness';
import type { Bounds, Vec } from '../model/geometry.ts';
import type { ConnectionStatus } from '../sync/status.ts';
import { readPresenceState } from './awareness-state.ts';
import type { SharedView } from './follow.ts';
import { DEFAULT_IDLE_MS, type Activity } from './idle.ts';
import { IdentityStore } from './identity.svelte.ts';
import { LocalPresence } from './local-presence.ts';
import { listParticipants, sameParticipants, type Participant } from './participants.ts';
import { RemoteCursors, type PresenceProblemReporter } from './remote-cursors.svelte.ts';
import { browserTimers, type Timers } from '../timing/timers.ts';

export interface PresenceOptions {
  /** Default: a store over localStorage. Share one to use the same user id for stroke authors. */
  identity?: IdentityStore;
  /** How long without pointer or keyboard input counts as idle; default 60 s. */
  idleMs?: number;
  timers?: Timers;
  /** Malformed peer states; default `console.warn`. */
  onProblem?: PresenceProblemReporter;
}

/** What `window.__whiteboard.presence` shows end-to-end tests (see board/test-hook.ts). */
export interface PresenceSnapshot {
  readonly self: {
    readonly clientId: number;
    readonly userId: string;
    readonly name: string;
    readonly color: string;
    readonly activity: Activity;
    /** As published: world coordinates, null while the pointer is off the board. */
    readonly cursor: Vec | null;
  };
  /** Remote cursors at the world positions their owners last published. */
  readonly cursors: readonly {
    readonly clientId: number;
    readonly name: string;
    readonly color: string;
    readonly x: number;
    readonly y: number;
    readonly idle: boolean;
  }[];
  readonly participants: readonly Participant[];
}

/**
 * This page's presence in one room: publishes who we are, where our pointer is and whether we
 * are idle (local-presence.ts), and shows everyone else (`cursors`, `participants`; see
 * remote-peers.ts). One per board, created with the board's awareness; `destroy` it with the
 * board.
 */
export class Presence {
  readonly identity: IdentityStore;
  readonly cursors: RemoteCursors;
  readonly #awareness: Awareness;
  readonly #local: LocalPresence;
  #activity = $state<Activity>('active');
  #tool = $state<string | undefined>(undefined);
  #following = $state<number | null>(null);
  #participants: readonly Participant[] = [];

  constructor(awareness: Awareness, options: PresenceOptions = {}) {
    this.#awareness = awareness;
    this.identity = options.identity ?? new IdentityStore();
    this.#local = new LocalPresence(awareness, this.identity.current, {
      idleMs: options.idleMs ?? DEFAULT_IDLE_MS,
      timers: options.timers ?? browserTimers,
      onActivity: (activity) => (this.#activity = activity),
    });
    this.cursors = new RemoteCursors(
      awareness,
      options.onProblem ??
        (({ clientId, reason }) =>
          console.warn(`Ignoring presence of client ${clientId}: ${reason}`)),
    );
  }

  /** active or idle; reactive. */
  get activity(): Activity {
    return this.#activity;
  }

  /** Everyone in the room, this page first. Reactive, but not on cursor moves. */
  get participants(): readonly Participant[] {
    const self = {
      clientId: this.#awareness.clientID,
      state: {
        user: this.identity.current,
        cursor: null,
        activity: this.#activity,
        ...(this.#tool === undefined ? {} : { tool: this.#tool }),
        ...(this.#following === null ? {} : { follows: this.#following }),
      },
    };
    const next = listParticipants(self, this.cursors.roster);
    if (!sameParticipants(next, this.#participants)) this.#participants = next;
    return this.#participants;
  }

  /** The pointer is over the board at `world`; also counts as activity. */
  moveCursor(world: Vec): void {
    this.#local.moveCursor(world);
  }

  /** The pointer left the board: others stop seeing our cursor. */
  leaveBoard(): void {
    this.#local.leaveBoard();
  }

  /** Any pointer or keyboard input anywhere on the page. */
  noteActivity(): void {
    this.#local.noteActivity();
  }

  /** The tool in hand, shown to others; null or '' for none. */
  setTool(tool: string | null): void {
    this.#local.setTool(tool);
    this.#tool = this.#local.tool;
  }

  /** What this page has selected (null frame: nothing), shown to others in our colour. */
  setSelection(ids: readonly string[], frame: Bounds | null): void {
    this.#local.setSelection(ids, frame);
  }

  /** Where this page looks, shared so that others can follow it. */
  setView(view: SharedView): void {
    this.#local.setView(view);
  }

  /** The page this one follows (an awareness client id), or null; reactive. */
  get following(): number | null {
    return this.#following;
  }

  /** Follows another page's view (null: stop); ourselves cannot be followed. */
  follow(clientId: number | null): void {
    const next = clientId === this.#awareness.clientID ? null : clientId;
    if (next === this.#following) return;
    this.#following = next;
    this.#local.setFollowing(next);
  }

  /** The view of the page we follow as last published; null when it is gone or shares none. */
  followedView(): SharedView | null {
    return this.#following === null ? null : (this.cursors.stateOf(this.#following)?.view ?? null);
  }

  /** Renames this visitor everywhere; false (and nothing changes) if empty or too long. */
  rename(name: string): boolean {
    if (!this.identity.rename(name)) return false;
    this.#local.setUser(this.identity.current);
    return true;
  }

  /** Changes this visitor's colour; false for anything but `#rrggbb`. */
  recolor(color: string): boolean {
    if (!this.identity.recolor(color)) return false;
    this.#local.setUser(this.identity.current);
    return true;
  }

  /** Feed the connection's status here on every change (an `$effect` in the board). */
  setConnectionStatus(status: ConnectionStatus): void {
    this.#local.connectionChanged(status);
    this.cursors.connectionChanged(status);
  }

  snapshot(): PresenceSnapshot {
    const published = readPresenceState(this.#awareness.getLocalState());
    return {
      self: {
        clientId: this.#awareness.clientID,
        userId: this.identity.id,
        name: this.identity.name,
        color: this.identity.color,
        activity: this.#activity,
        cursor: published.ok ? published.value.cursor : null,
      },
      cursors: this.cursors.targets().map(({ clientId, name, color, x, y, idle }) => ({
        clientId,
        name,
        color,
        x,
        y,
        idle,
      })),
      participants: this.participants,
    };
  }

  destroy(): void {
    this.#local.destroy();
    this.cursors.destroy();
  }
}
