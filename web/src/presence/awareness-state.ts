/**
 * What each client publishes in its Yjs awareness state, and how to read a peer's safely.
 *
 *   field     type                         meaning
 *   user      { id, name, color }          see identity.ts: base64url id, 1–32 char name, #rrggbb
 *   cursor    { x, y } | null              pointer position in world coordinates; null while the
 *                                          pointer is outside the board
 *   activity  'active' | 'idle'            idle after a while without pointer or keyboard input
 *   tool      string (optional)            the tool in hand, e.g. 'pen'; at most 32 characters
 *   selection { ids, frame } (optional)    what we have selected: up to 100 element ids (of at
 *                                          most 2,048 characters together) and the world box
 *                                          around all of it, so others see it even past 100
 *   view      { x, y, zoom } (optional)    the world point at the centre of our screen and our
 *                                          zoom: what a follower shows (follow.ts)
 *   follows   number (optional)            the awareness client id of the page we follow
 *
 * Awareness states arrive from any peer as parsed JSON, so every read is validated and a state
 * with any malformed field is ignored whole, as the document model does with strokes. An
 * unknown extra field is allowed: a newer client may publish more.
 */
import type { ReadResult } from '../model/schema.ts';
import type { Bounds, Vec } from '../model/geometry.ts';
import { isStrokeId } from '../model/schema.ts';
import { MAX_ZOOM, MIN_ZOOM } from '../model/viewport.ts';
import type { SharedView } from './follow.ts';
import { ACTIVITIES, type Activity } from './idle.ts';
import { isHexColor, isRecord, isUserId, normalizeName, type Identity } from './identity.ts';

export interface PresenceState {
  readonly user: Identity;
  readonly cursor: Vec | null;
  readonly activity: Activity;
  readonly tool?: string;
  readonly selection?: SharedSelection;
  readonly view?: SharedView;
  readonly follows?: number;
}

export interface SharedSelection {
  readonly ids: readonly string[];
  readonly frame: Bounds;
}

export const PresenceField = {
  user: 'user',
  cursor: 'cursor',
  activity: 'activity',
  tool: 'tool',
  selection: 'selection',
  view: 'view',
  follows: 'follows',
} as const;

/**
 * A selection is shared as at most this many ids, at most MAX_SHARED_SELECTION_CHARS of them
 * together: 100 of the app's 16-character ids are about 2 kB of the relay's 8 kB per state
 * (MAX_PRESENCE_STATE_BYTES), leaving room for the rest.
 */
export const MAX_SHARED_SELECTION_IDS = 100;
export const MAX_SHARED_SELECTION_CHARS = 2048;

export const MAX_TOOL_LENGTH = 32;
/**
 * Far beyond any board anyone draws (±1e7 units is 500,000 screens at the smallest zoom) but
 * small enough that the arithmetic of interpolating and projecting stays exact to a pixel.
 */
export const MAX_COORDINATE = 1e7;

export function readPresenceState(value: unknown): ReadResult<PresenceState> {
  if (!isRecord(value)) return fail('state is not an object');
  const user = readUser(value.user);
  if (!user.ok) return user;
  const cursor = readCursor(value.cursor);
  if (!cursor.ok) return cursor;
  if (!isActivity(value.activity)) return fail(`activity is ${describe(value.activity)}`);
  if (value.tool !== undefined && !isTool(value.tool))
    return fail(`tool is ${describe(value.tool)}`);
  const selection = value.selection === undefined ? null : readSelection(value.selection);
  if (selection !== null && !selection.ok) return selection;
  const view = value.view === undefined ? null : readView(value.view);
  if (view !== null && !view.ok) return view;
  if (value.follows !== undefined && !isClientId(value.follows)) {
    return fail(`follows is ${describe(value.follows)}`);
  }
  const state: PresenceState = {
    user: user.value,
    cursor: cursor.value,
    activity: value.activity,
    ...(value.tool === undefined ? {} : { tool: value.tool }),
    ...(selection === null ? {} : { selection: selection.value }),
    ...(view === null ? {} : { view: view.value }),
    ...(value.follows === undefined ? {} : { follows: value.follows }),
  };
  return { ok: true, value: state };
}

/** The state this client starts out publishing. */
export function initialPresenceState(user: Identity): PresenceState {
  return { user, cursor: null, activity: 'active' };
}

function readUser(value: unknown): ReadResult<Identity> {
  if (!isRecord(value)) return fail('user is not an object');
  if (!isUserId(value.id)) return fail(`user.id is ${describe(value.id)}`);
  // Names are compared, not normalised: a peer that sends an untidy name is not following the
  // schema, and quietly fixing it would hide that.
  if (typeof value.name !== 'string' || normalizeName(value.name) !== value.name) {
    return fail(`user.name is ${describe(value.name)}`);
  }
  if (!isHexColor(value.color)) return fail(`user.color is ${describe(value.color)}`);
  return { ok: true, value: { id: value.id, name: value.name, color: value.color } };
}

function readCursor(value: unknown): ReadResult<Vec | null> {
  if (value === null) return { ok: true, value: null };
  if (!isRecord(value) || !isCoordinate(value.x) || !isCoordinate(value.y)) {
    return fail(`cursor is ${describe(value)}`);
  }
  return { ok: true, value: { x: value.x, y: value.y } };
}

function readView(value: unknown): ReadResult<SharedView> {
  if (!isRecord(value) || !isCoordinate(value.x) || !isCoordinate(value.y)) {
    return fail(`view is ${describe(value)}`);
  }
  const zoom = value.zoom;
  if (typeof zoom !== 'number' || !(zoom >= MIN_ZOOM && zoom <= MAX_ZOOM)) {
    return fail(`view.zoom is ${describe(zoom)}`);
  }
  return { ok: true, value: { x: value.x, y: value.y, zoom } };
}

/** Awareness client ids are random unsigned 32-bit integers (Yjs). */
function isClientId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function readSelection(value: unknown): ReadResult<SharedSelection> {
  if (!isRecord(value) || !Array.isArray(value.ids)) return fail(`selection is ${describe(value)}`);
  const ids: unknown[] = value.ids;
  if (ids.length > MAX_SHARED_SELECTION_IDS || !ids.every(isStrokeId)) {
    return fail('selection.ids is not a short list of ids');
  }
  if (
    ids.reduce<number>((sum, id) => sum + (id as string).length, 0) > MAX_SHARED_SELECTION_CHARS
  ) {
    return fail('selection.ids is too long');
  }
  const frame = value.frame;
  if (
    !isRecord(frame) ||
    ![frame.minX, frame.minY, frame.maxX, frame.maxY].every(isCoordinate) ||
    (frame.minX as number) > (frame.maxX as number) ||
    (frame.minY as number) > (frame.maxY as number)
  ) {
    return fail(`selection.frame is ${describe(frame)}`);
  }
  const { minX, minY, maxX, maxY } = frame as unknown as Bounds;
  return { ok: true, value: { ids: ids as string[], frame: { minX, minY, maxX, maxY } } };
}

function isCoordinate(value: unknown): value is number {
  return typeof value === 'number' && Math.abs(value) <= MAX_COORDINATE; // NaN fails
}

function isActivity(value: unknown): value is Activity {
  return ACTIVITIES.includes(value as Activity);
}

function isTool(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= MAX_TOOL_LENGTH;
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

/** A short, safe description of a bad value for a problem report; never the whole of it. */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
