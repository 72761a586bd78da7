/**
 * The whiteboard document schema, and validated reads of it.
 *
 *   doc.getMap('strokes'): Y.Map<element id → Y.Map>, one entry per element (the key predates
 *   shapes and text and stays, so rooms written before them load unchanged):
 *
 *   key         type                  kinds      meaning
 *   type        string                all new    'stroke' | 'rect' | 'ellipse' | 'line' | 'arrow' |
 *                                                'text' | 'note'; ABSENT means a stroke (every
 *                                                entry written before shapes). A kind this app
 *                                                does not know (a later version's) is skipped
 *                                                and left as it is, never rewritten or deleted
 *   color       string                all        CSS colour: #rgb[a], #rrggbb[aa], rgb()/hsl()/…
 *                                                or a name (ink, outline, text; a note's paper)
 *   width       number                all        line width in world units, MIN_STROKE_WIDTH..
 *                                                MAX_STROKE_WIDTH; text's font size is derived
 *                                                from it (FONT_PER_WIDTH in elements.ts)
 *   author      string                all        stable user id of whoever made it
 *   z           number (safe integer) all        stacking order: larger is drawn later (on top). A
 *                                                new element takes max existing z + 1; two peers
 *                                                may pick the same z at once, so ties are broken by
 *                                                id (code-unit order)
 *   createdAt   number                all        ms since the Unix epoch, as the author's clock said
 *   done        boolean               stroke     false while being drawn (optional on other
 *                                                kinds, absent = true: a shape being dragged out)
 *   points      Y.Array<Uint8Array>   stroke     point chunks (see points-codec.ts), in drawing
 *                                                order, in the stroke's own coordinates; a finished
 *                                                stroke normally holds exactly one chunk, and at
 *                                                most MAX_POINTS_PER_STROKE points in all
 *   m           number[6]             stroke     affine matrix [a, b, c, d, e, f] from the stored
 *                                                points to the world (transform.ts); absent =
 *                                                identity. Moving a 300-point stroke rewrites only
 *                                                this (about 60 bytes), never its points. Widths
 *                                                are not scaled by it
 *   x, y        number                box, seg   box: top-left corner before rotation;
 *                                                segment (line, arrow): its start point
 *   w, h        number                box, seg   box: width and height, >= 0; segment: end point
 *                                                minus start point (any sign)
 *   rot         number                box        rotation in radians about the box's centre,
 *                                                clockwise on screen; absent = 0
 *   fill        string                rect,      'none' | 'semi' | 'solid'; absent = 'none'
 *                                     ellipse
 *   text        Y.Text                box, seg   the words (text, note) or a shape's label;
 *                                                plain characters only, at most MAX_TEXT_LENGTH
 *                                                are read
 *
 *   box = rect, ellipse, text, note; seg = line, arrow. Transform fields (m; x, y, w, h, rot)
 *   are separate from content (points, text) and style (color, width, fill), so a move and a
 *   recolour, or a move and typing, made at once by two people both survive: Yjs merges a map
 *   field by field.
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

/** Every field any element kind has (see the table above). */
export const ElementField = {
  ...StrokeField,
  type: 'type',
  matrix: 'm',
  x: 'x',
  y: 'y',
  w: 'w',
  h: 'h',
  rot: 'rot',
  fill: 'fill',
  text: 'text',
} as const;

export const ELEMENT_KINDS = [
  'stroke',
  'rect',
  'ellipse',
  'line',
  'arrow',
  'text',
  'note',
] as const;
export type ElementKind = (typeof ELEMENT_KINDS)[number];
export type BoxKind = 'rect' | 'ellipse' | 'text' | 'note';
export type SegmentKind = 'line' | 'arrow';

export const FILLS = ['none', 'semi', 'solid'] as const;
export type Fill = (typeof FILLS)[number];

export const isElementKind = (value: unknown): value is ElementKind =>
  typeof value === 'string' && (ELEMENT_KINDS as readonly string[]).includes(value);

export const isBoxKind = (kind: ElementKind): kind is BoxKind =>
  kind === 'rect' || kind === 'ellipse' || kind === 'text' || kind === 'note';

export const isFill = (value: unknown): value is Fill =>
  typeof value === 'string' && (FILLS as readonly string[]).includes(value);

/**
 * Coordinates and sizes, in world units, beyond which nothing is drawn: the camera reaches
 * about ±1e6 at the smallest zoom, and float32 points lose whole units past 1.6e7.
 */
export const MAX_COORDINATE = 1e7;

export const isCoordinate = (value: unknown): value is number =>
  typeof value === 'number' && Math.abs(value) <= MAX_COORDINATE; // NaN fails

/** Radians; writers keep angles in (-π, π], readers accept a few turns either way. */
export const isAngle = (value: unknown): value is number =>
  typeof value === 'number' && Math.abs(value) <= 8 * Math.PI;

/**
 * A stroke's matrix: six coordinates that do not flatten the stroke. 1e-6 as the smallest
 * determinant keeps a 1e6-unit stroke at least a unit wide; its inverse stays finite.
 */
export function isMatrix(
  value: unknown,
): value is readonly [number, number, number, number, number, number] {
  if (!Array.isArray(value) || value.length !== 6 || !value.every(isCoordinate)) return false;
  const [a, b, c, d] = value as number[];
  return Math.abs(a! * d! - b! * c!) >= 1e-6;
}

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
export { MAX_POINTS_PER_STROKE, MAX_TEXT_LENGTH } from './content-limits.ts';

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
