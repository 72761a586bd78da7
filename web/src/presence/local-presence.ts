/**
 * What this page publishes in its awareness state (see awareness-state.ts): who we are, where
 * our pointer is, whether we are idle and which tool we hold. No DOM and no Svelte: the pointer
 * and keyboard reach it through pointer-tracking.svelte.ts, time through `Timers`.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { Bounds, Vec } from '../model/geometry.ts';
import type { ConnectionStatus } from '../sync/status.ts';
import {
  initialPresenceState,
  MAX_COORDINATE,
  MAX_SHARED_SELECTION_CHARS,
  MAX_SHARED_SELECTION_IDS,
  MAX_TOOL_LENGTH,
  PresenceField,
  type SharedSelection,
} from './awareness-state.ts';
import type { SharedView } from './follow.ts';
import { IdleTracker, type Activity } from './idle.ts';
import type { Identity } from './identity.ts';
import { throttle, type Throttled } from './throttle.ts';
import type { Timers } from '../timing/timers.ts';

/**
 * At most 30 cursor updates a second: each is a ~150-byte awareness frame the relay fans out to
 * everyone in the room, and interpolation (interpolation.ts) hides the steps in between.
 */
export const CURSOR_PUBLISH_INTERVAL_MS = 1000 / 30;

/** A quarter of a world unit is the precision strokes are stored at; finer is noise on the wire. */
const CURSOR_STEPS_PER_UNIT = 4;

export interface LocalPresenceOptions {
  readonly idleMs: number;
  readonly timers: Timers;
  /** Called after each active ↔ idle transition. */
  readonly onActivity?: (activity: Activity) => void;
}

/**
 * Owns this client's awareness state from construction on. When the link to the relay comes
 * back after being offline, the state is re-announced with a new clock: the relay keeps the
 * clock of a client whose socket closed and ignores a state re-sent with that same clock, so
 * without this nobody would see us again until our next change.
 */
export class LocalPresence {
  readonly #awareness: Awareness;
  readonly #idle: IdleTracker;
  readonly #publishCursor: Throttled<Vec | null>;
  readonly #publishSelection: Throttled<SharedSelection | null>;
  readonly #publishView: Throttled<SharedView>;
  #tool: string | undefined = undefined;
  #wasOffline = false;

  constructor(awareness: Awareness, user: Identity, options: LocalPresenceOptions) {
    this.#awareness = awareness;
    awareness.setLocalState(initialPresenceState(user));
    this.#publishCursor = throttle(
      (cursor) => this.#setField(PresenceField.cursor, cursor),
      CURSOR_PUBLISH_INTERVAL_MS,
      options.timers,
    );
    // A selection being dragged moves its frame at the cursor's rate, and no faster.
    this.#publishSelection = throttle(
      (selection) => this.#setField(PresenceField.selection, selection ?? undefined),
      CURSOR_PUBLISH_INTERVAL_MS,
      options.timers,
    );
    // A follower's view trails ours at the cursor's rate: a pan is as smooth as a pointer.
    this.#publishView = throttle(
      (view) => this.#setField(PresenceField.view, view),
      CURSOR_PUBLISH_INTERVAL_MS,
      options.timers,
    );
    this.#idle = new IdleTracker(options.idleMs, options.timers, (activity) => {
      this.#setField(PresenceField.activity, activity);
      options.onActivity?.(activity);
    });
  }

  get activity(): Activity {
    return this.#idle.activity;
  }

  get tool(): string | undefined {
    return this.#tool;
  }

  /** The pointer is over the board at `world`; also counts as activity. */
  moveCursor(world: Vec): void {
    this.noteActivity();
    if (!Number.isFinite(world.x) || !Number.isFinite(world.y)) return;
    this.#publishCursor.push({ x: toWire(world.x), y: toWire(world.y) });
  }

  /** The pointer left the board: others stop seeing our cursor. */
  leaveBoard(): void {
    this.#publishCursor.push(null);
  }

  noteActivity(): void {
    this.#idle.noteActivity();
  }

  /** The tool in hand, shown to others; null or '' for none. */
  setTool(tool: string | null): void {
    const value = tool ? tool.slice(0, MAX_TOOL_LENGTH) : undefined;
    if (value === this.#tool) return;
    this.#tool = value;
    const state = this.#awareness.getLocalState();
    if (!state) return;
    const next = { ...state, [PresenceField.tool]: value };
    if (value === undefined) delete next[PresenceField.tool];
    this.#awareness.setLocalState(next);
  }

  /** What this page has selected (null: nothing), shown to others in our colour. */
  setSelection(ids: readonly string[], frame: Bounds | null): void {
    this.#publishSelection.push(frame === null ? null : shareable(ids, frame));
  }

  /** Where we look: the world point at the centre of our screen, and our zoom. */
  setView(view: SharedView): void {
    if (![view.x, view.y, view.zoom].every(Number.isFinite)) return;
    this.#publishView.push({ x: toWire(view.x), y: toWire(view.y), zoom: view.zoom });
  }

  /** The page we follow (an awareness client id), or null: everyone sees who follows whom. */
  setFollowing(clientId: number | null): void {
    this.#setField(PresenceField.follows, clientId ?? undefined);
  }

  setUser(user: Identity): void {
    this.#setField(PresenceField.user, user);
  }

  connectionChanged(status: ConnectionStatus): void {
    if (status === 'offline') {
      this.#wasOffline = true;
    } else if ((status === 'connected' || status === 'synced') && this.#wasOffline) {
      this.#wasOffline = false;
      const state = this.#awareness.getLocalState();
      if (state) this.#awareness.setLocalState({ ...state });
    }
  }

  destroy(): void {
    this.#publishCursor.cancel();
    this.#publishSelection.cancel();
    this.#publishView.cancel();
    this.#idle.destroy();
  }

  /** A no-op once the awareness has been destroyed (its local state is then null). */
  #setField(field: string, value: unknown): void {
    this.#awareness.setLocalStateField(field, value);
  }
}

/** The first ids that fit the bounds readers hold them to (awareness-state.ts). */
function shareable(ids: readonly string[], frame: Bounds): SharedSelection {
  const shared: string[] = [];
  let chars = 0;
  for (const id of ids) {
    if (shared.length === MAX_SHARED_SELECTION_IDS) break;
    if (chars + id.length > MAX_SHARED_SELECTION_CHARS) break;
    shared.push(id);
    chars += id.length;
  }
  const { minX, minY, maxX, maxY } = frame;
  return {
    ids: shared,
    frame: { minX: toWire(minX), minY: toWire(minY), maxX: toWire(maxX), maxY: toWire(maxY) },
  };
}

function toWire(coordinate: number): number {
  const clamped = Math.min(MAX_COORDINATE, Math.max(-MAX_COORDINATE, coordinate));
  return Math.round(clamped * CURSOR_STEPS_PER_UNIT) / CURSOR_STEPS_PER_UNIT;
}
