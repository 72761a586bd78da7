/**
 * The whiteboard document schema, and validated reads of it.
 *
 *   doc.getMap('strokes'): Y.Map<stroke id → Y.Map>, one entry per stroke:
 *
 *   key         type                  meaning
 *   color       string                CSS colour: #rgb[a], #rrggbb[aa], rgb()/hsl()/… or a name
 *   width       number                line width in world units, MIN_STROKE_WIDTH..MAX_STROKE_WIDTH
 *   author      string                stable user id of whoever drew it
 *   z           number (safe integer) stacking order: larger is drawn later (on top). A new
 *                                     stroke takes max existing z + 1; two peers may pick the
 *                                     same z at once, so ties are broken by id (code-unit order)
 *   done        boolean               false while the stroke is being drawn
 *   points      Y.Array<Uint8Array>   point chunks (see points-codec.ts), in drawing order;
 *                                     a finished stroke normally holds exactly one chunk, and
 *                                     at most MAX_POINTS_PER_STROKE points in all
 *   createdAt   number                ms since the Unix epoch, as the author's clock said
 *
 * Stroke ids are chosen by the caller (e.g. `${doc.clientID}-${counter}` or random base64url) and
 * are at most MAX_STROKE_ID_LENGTH characters.
 *
 * Any peer can write anything, so every read is validated: a stroke with a missing or malformed
 * field is skipped as a whole, a point chunk that fails to decode is skipped on its own, and
 * each skip is reported through a ProblemReporter instead of throwing.
 */
import * as Y from 'yjs';

export const STROKES_KEY = 'strokes';

export const StrokeField = {
  color: 'color',
  width: 'width',
  author: 'author',
  z: 'z',
  done: 'done',
  points: 'points',
  createdAt: 'createdAt',
} as const;

export const MAX_STROKE_ID_LENGTH = 128;
export const MAX_AUTHOR_LENGTH = 128;
export const MAX_COLOR_LENGTH = 64;
/** Thinner than this would not show at the largest zoom (20×): 0.01 units is 0.2 px. */
export const MIN_STROKE_WIDTH = 0.01;
/** A 100 px brush at the smallest zoom (0.05×) is 2000 units; anything wider is garbage. */
export const MAX_STROKE_WIDTH = 2048;

/**
 * Points one stroke holds at most (content-limits.ts, shared with the relay). The pen goes on in
 * a new stroke past it (tools/pen.ts), so the app never writes a longer one, and its merged chunk
 * stays under 100 kB (at most 10 bytes a point); readers decode only the first
 * MAX_POINTS_PER_STROKE of a longer stroke a peer wrote, so one stroke costs every page a
 * bounded decode and outline whatever it holds.
 */
export { MAX_POINTS_PER_STROKE } from './content-limits.ts';

/** A stroke's plain fields, as read from the document. */
export interface StrokeMeta {
  readonly id: string;
  readonly color: string;
  readonly width: number;
  readonly author: string;
  readonly z: number;
  readonly done: boolean;
  readonly createdAt: number;
}

/** Something in the document that was skipped because a peer wrote it malformed. */
export interface ModelProblem {
  readonly strokeId: string;
  readonly reason: string;
}

export type ProblemReporter = (problem: ModelProblem) => void;

/** A valid stroke record: its fields plus its (still unvalidated) chunk list. */
export interface StrokeRecord {
  readonly meta: StrokeMeta;
  readonly map: Y.Map<unknown>;
  readonly points: Y.Array<unknown>;
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export function strokesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(STROKES_KEY);
}

const HEX_COLOR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
// Numbers, units and `none`, but no nested parentheses: var() and calc() mean nothing to a peer.
const FUNCTIONAL_COLOR = /^(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\([\w\s.,%/+-]*\)$/i;
const NAMED_COLOR = /^[a-z]{3,24}$/i;

export function isCssColor(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_COLOR_LENGTH &&
    (HEX_COLOR.test(value) || FUNCTIONAL_COLOR.test(value) || NAMED_COLOR.test(value))
  );
}

export function isStrokeWidth(value: unknown): value is number {
  return (
    typeof value === 'number' && value >= MIN_STROKE_WIDTH && value <= MAX_STROKE_WIDTH // NaN fails both
  );
}

export function isStrokeId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_STROKE_ID_LENGTH;
}

export function isAuthor(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_AUTHOR_LENGTH;
}

export const isZ = (value: unknown): value is number => Number.isSafeInteger(value);

export const isTimestamp = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** Reads and validates one entry of the strokes map. */
export function readStrokeRecord(id: string, value: unknown): ReadResult<StrokeRecord> {
  if (!isStrokeId(id)) return { ok: false, reason: 'id is empty or too long' };
  if (!(value instanceof Y.Map)) return { ok: false, reason: 'entry is not a Y.Map' };
  const map: Y.Map<unknown> = value;
  const color = map.get(StrokeField.color);
  const width = map.get(StrokeField.width);
  const author = map.get(StrokeField.author);
  const z = map.get(StrokeField.z);
  const done = map.get(StrokeField.done);
  const createdAt = map.get(StrokeField.createdAt);
  const points = map.get(StrokeField.points);
  if (!isCssColor(color)) return { ok: false, reason: 'color is not a CSS colour' };
  if (!isStrokeWidth(width)) return { ok: false, reason: 'width is out of range' };
  if (!isAuthor(author)) return { ok: false, reason: 'author is missing' };
  if (!isZ(z)) return { ok: false, reason: 'z is not a safe integer' };
  if (typeof done !== 'boolean') return { ok: false, reason: 'done is not a boolean' };
  if (!isTimestamp(createdAt)) return { ok: false, reason: 'createdAt is not a number' };
  if (!(points instanceof Y.Array)) return { ok: false, reason: 'points is not a Y.Array' };
  const meta: StrokeMeta = { id, color, width, author, z, done, createdAt };
  return { ok: true, value: { meta, map, points } };
}
