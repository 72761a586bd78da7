/**
 * What each client publishes in its Yjs awareness state, and how to read a peer's safely.
 *
 *   field     type                         meaning
 *   user      { id, name, color }          see identity.ts: base64url id, 1–32 char name, #rrggbb
 *   cursor    { x, y } | null              pointer position in world coordinates; null while the
 *                                          pointer is outside the board
 *   activity  'active' | 'idle'            idle after a while without pointer or keyboard input
 *   tool      string (optional)            the tool in hand, e.g. 'pen'; at most 32 characters
 *
 * Awareness states arrive from any peer as parsed JSON, so every read is validated and a state
 * with any malformed field is ignored whole, as the document model does with strokes. An
 * unknown extra field is allowed: a newer client may publish more.
 */
import type { ReadResult } from '../model/schema.ts';
import type { Vec } from '../model/geometry.ts';
import { ACTIVITIES, type Activity } from './idle.ts';
import { isHexColor, isRecord, isUserId, normalizeName, type Identity } from './identity.ts';

export interface PresenceState {
  readonly user: Identity;
  readonly cursor: Vec | null;
  readonly activity: Activity;
  readonly tool?: string;
}

export const PresenceField = {
  user: 'user',
  cursor: 'cursor',
  activity: 'activity',
  tool: 'tool',
} as const;

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
  const state: PresenceState = {
    user: user.value,
    cursor: cursor.value,
    activity: value.activity,
    ...(value.tool === undefined ? {} : { tool: value.tool }),
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
