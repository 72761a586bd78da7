/**
 * Every kind of element on the board (schema.ts has the field table): validated reads, geometry
 * in world space, and the writes the tools make. Like strokes.ts, each write is one transaction
 * carrying the caller's `origin` (undo.ts), writes throw on a programming error, and reads skip
 * and report what a peer wrote malformed.
 *
 * A move, resize or rotation writes only transform fields (m for strokes; x, y, w, h, rot for
 * boxes and segments) and only those whose value changes, so its update is tens of bytes
 * whatever the element holds.
 */
import * as Y from 'yjs';
import {
  expandBounds,
  pointSegmentDistanceSq,
  hitTest,
  strokeBounds,
  type Bounds,
  type Sweep,
  type Vec,
} from './geometry.ts';
import {
  ElementField,
  MAX_STROKE_WIDTH,
  MAX_TEXT_LENGTH,
  MIN_STROKE_WIDTH,
  isAngle,
  isAuthor,
  isBoxKind,
  isCoordinate,
  isCssColor,
  isElementKind,
  isFill,
  isMatrix,
  isStrokeId,
  isStrokeWidth,
  isTimestamp,
  isZ,
  readStrokeRecord,
  strokesMap,
  type BoxKind,
  type ElementKind,
  type Fill,
  type ProblemReporter,
  type SegmentKind,
} from './schema.ts';
import { compareStacking, eraseStrokes, nextZ, readPoints } from './strokes.ts';
import {
  IDENTITY,
  applyToPoint,
  applyToVector,
  boundsOfPoints,
  compose,
  determinant,
  invert,
  normalizeAngle,
  rotationOf,
  transformPoints,
  type Affine,
} from './transform.ts';

export type { ElementKind, BoxKind, SegmentKind, Fill } from './schema.ts';

interface ElementCommon {
  readonly id: string;
  readonly z: number;
  readonly color: string;
  readonly width: number;
  readonly author: string;
  readonly createdAt: number;
  /** False while its author is still drawing it (the live layer shows it). */
  readonly done: boolean;
  /** The box around its ink in world units, outline width included. */
  readonly bounds: Bounds;
}

export interface StrokeElement extends ElementCommon {
  readonly type: 'stroke';
  /** x, y, p triples in the stroke's own coordinates, as stored. */
  readonly points: Float32Array;
  /** From `points` to the world. */
  readonly matrix: Affine;
  /** `points` through `matrix`: where the ink is. The same array when matrix is the identity. */
  readonly worldPoints: Float32Array;
}

export interface BoxElement extends ElementCommon {
  readonly type: BoxKind;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly rot: number;
  readonly fill: Fill;
  /** The words, or a shape's label; '' for none. */
  readonly text: string;
}

export interface SegmentElement extends ElementCommon {
  readonly type: SegmentKind;
  /** Start point. */
  readonly x: number;
  readonly y: number;
  /** End point minus start point. */
  readonly w: number;
  readonly h: number;
  readonly text: string;
}

export type ElementView = StrokeElement | BoxElement | SegmentElement;

/** Every kind but strokes: drawn from fields, not from points. */
export type ShapeElement = BoxElement | SegmentElement;

export const isSegment = (view: ElementView): view is SegmentElement =>
  view.type === 'line' || view.type === 'arrow';

/** The transform fields one element has, as a value: what setTransforms writes. */
export type TransformPatch =
  | { readonly kind: 'matrix'; readonly matrix: Affine }
  | {
      readonly kind: 'box';
      readonly x: number;
      readonly y: number;
      readonly w: number;
      readonly h: number;
      readonly rot: number;
      /**
       * A text's new width, which sets its font size (fontSizeOf): resizing a text box scales
       * its words with it, as in Excalidraw, instead of cutting them off. Absent: unchanged.
       */
      readonly width?: number;
    }
  | {
      readonly kind: 'segment';
      readonly x: number;
      readonly y: number;
      readonly w: number;
      readonly h: number;
    };

/** Arrowheads reach this many line widths (and at least ARROW_HEAD_MIN units) back along the line. */
export const ARROW_HEAD_PER_WIDTH = 4;
export const ARROW_HEAD_MIN = 10;
/** Text's font size is the width times this: the pen widths 2, 4, 8, 16 px give 12, 24, 48, 96 px type. */
export const FONT_PER_WIDTH = 6;
/** A note is a square this many units wide when placed by a click. */
export const NOTE_SIZE = 200;

export const fontSizeOf = (width: number): number => width * FONT_PER_WIDTH;

// ─── Reading ────────────────────────────────────────────────────────────────────────────────

/** Every valid element, in drawing order (z, then id). Unknown kinds are reported and skipped. */
export function listElements(doc: Y.Doc, onProblem?: ProblemReporter): ElementView[] {
  const views: ElementView[] = [];
  strokesMap(doc).forEach((value, id) => {
    const view = readEntry(id, value, onProblem);
    if (view) views.push(view);
  });
  return views.sort(compareStacking);
}

/** One element, or null when it is missing, malformed or of a kind this version does not know. */
export function readElement(
  doc: Y.Doc,
  id: string,
  onProblem?: ProblemReporter,
): ElementView | null {
  const map = strokesMap(doc);
  if (!map.has(id)) return null;
  return readEntry(id, map.get(id), onProblem);
}

/** An entry's kind: absent means stroke; `unknown` for a kind a later version wrote. */
export function kindOf(map: Y.Map<unknown>): ElementKind | { unknown: unknown } {
  const type = map.get(ElementField.type);
  if (type === undefined) return 'stroke';
  return isElementKind(type) ? type : { unknown: type };
}

/** Validates and reads one entry of the elements map. */
export function readEntry(
  id: string,
  value: unknown,
  onProblem?: ProblemReporter,
): ElementView | null {
  const report = (reason: string): null => {
    onProblem?.({ strokeId: id, reason });
    return null;
  };
  if (!isStrokeId(id)) return report('id is empty or too long');
  if (!(value instanceof Y.Map)) return report('entry is not a Y.Map');
  const map: Y.Map<unknown> = value;
  const kind = kindOf(map);
  if (typeof kind !== 'string') {
    const name = typeof kind.unknown === 'string' ? kind.unknown.slice(0, 32) : typeof kind.unknown;
    return report(`kind ${name} is unknown to this version: skipped and kept`);
  }
  if (kind === 'stroke') return readStrokeElement(id, map, onProblem);
  const common = readCommon(map);
  if (typeof common === 'string') return report(common);
  const x = map.get(ElementField.x);
  const y = map.get(ElementField.y);
  const w = map.get(ElementField.w);
  const h = map.get(ElementField.h);
  if (!isCoordinate(x) || !isCoordinate(y)) return report('x or y is not a coordinate');
  if (!isCoordinate(w) || !isCoordinate(h)) return report('w or h is not a coordinate');
  const text = readText(map.get(ElementField.text));
  if (text === null) return report('text is not a Y.Text');
  if (isBoxKind(kind)) {
    if (w < 0 || h < 0) return report('a box has a negative size');
    const rot = map.get(ElementField.rot) ?? 0;
    if (!isAngle(rot)) return report('rot is not an angle');
    const fill = map.get(ElementField.fill) ?? 'none';
    if (!isFill(fill)) return report('fill is not none, semi or solid');
    const box = { x, y, w, h, rot };
    return { id, ...common, type: kind, ...box, fill, text, bounds: boxBounds(box, common.width) };
  }
  const segment = { x, y, w, h };
  return {
    id,
    ...common,
    type: kind,
    ...segment,
    text,
    bounds: segmentBounds(kind, segment, common.width),
  };
}

/**
 * A shape of which only transform fields changed (changes.ts, 'moved': a drag, a peer moving a
 * selection): `before` with its box read again, its other fields (the words among them) kept.
 * Null when the new fields are not valid: the caller reads the entry in full, which reports why.
 * A moved shape read in full cost a fifth of a drag of 972 elements' writes (184 of 1,090 ms).
 */
export function readMovedShape(before: ShapeElement, map: Y.Map<unknown>): ShapeElement | null {
  const x = map.get(ElementField.x);
  const y = map.get(ElementField.y);
  const w = map.get(ElementField.w);
  const h = map.get(ElementField.h);
  if (!isCoordinate(x) || !isCoordinate(y) || !isCoordinate(w) || !isCoordinate(h)) return null;
  if (isSegment(before)) {
    const segment = { x, y, w, h };
    return { ...before, ...segment, bounds: segmentBounds(before.type, segment, before.width) };
  }
  const rot = map.get(ElementField.rot) ?? 0;
  if (w < 0 || h < 0 || !isAngle(rot)) return null;
  const box = { x, y, w, h, rot };
  return { ...before, ...box, bounds: boxBounds(box, before.width) };
}

type Common = Omit<ElementCommon, 'id' | 'bounds'>;

function readCommon(map: Y.Map<unknown>): Common | string {
  const color = map.get(ElementField.color);
  const width = map.get(ElementField.width);
  const author = map.get(ElementField.author);
  const z = map.get(ElementField.z);
  const createdAt = map.get(ElementField.createdAt);
  const done = map.get(ElementField.done) ?? true;
  if (!isCssColor(color)) return 'color is not a CSS colour';
  if (!isStrokeWidth(width)) return 'width is out of range';
  if (!isAuthor(author)) return 'author is missing';
  if (!isZ(z)) return 'z is not a safe integer';
  if (!isTimestamp(createdAt)) return 'createdAt is not a number';
  if (typeof done !== 'boolean') return 'done is not a boolean';
  return { color, width, author, z, createdAt, done };
}

function readStrokeElement(
  id: string,
  map: Y.Map<unknown>,
  onProblem?: ProblemReporter,
): StrokeElement | null {
  const record = readStrokeRecord(id, map);
  if (!record.ok) {
    onProblem?.({ strokeId: id, reason: record.reason });
    return null;
  }
  const matrix = readMatrix(map);
  if (matrix === null) {
    onProblem?.({ strokeId: id, reason: 'm is not an invertible matrix' });
    return null;
  }
  const points = readPoints(record.value, onProblem);
  return strokeElement({ ...record.value.meta, points, matrix });
}

/** A stroke's matrix: IDENTITY when absent, null when malformed. */
export function readMatrix(map: Y.Map<unknown>): Affine | null {
  const m = map.get(ElementField.matrix);
  if (m === undefined) return IDENTITY;
  return isMatrix(m) ? m : null;
}

/** A stroke element from its fields and stored points: world points and bounds worked out. */
export function strokeElement(
  stroke: Omit<StrokeElement, 'type' | 'worldPoints' | 'bounds'>,
): StrokeElement {
  const worldPoints = transformPoints(stroke.points, stroke.matrix);
  const bounds =
    strokeBounds({ points: worldPoints, width: stroke.width }) ?? emptyAt(stroke.matrix);
  return { ...stroke, type: 'stroke', worldPoints, bounds };
}

const emptyAt = (m: Affine): Bounds => ({ minX: m[4], minY: m[5], maxX: m[4], maxY: m[5] });

/** Plain characters of a Y.Text, at most MAX_TEXT_LENGTH; '' when absent; null when not a Y.Text. */
function readText(value: unknown): string | null {
  if (value === undefined) return '';
  if (!(value instanceof Y.Text)) return null;
  const text = value.toString();
  return text.length > MAX_TEXT_LENGTH ? text.slice(0, MAX_TEXT_LENGTH) : text;
}

/** The element's Y.Text, for an editor to bind to; null for strokes and missing elements. */
export function elementText(doc: Y.Doc, id: string): Y.Text | null {
  const value = strokesMap(doc).get(id);
  if (!(value instanceof Y.Map)) return null;
  const text: unknown = value.get(ElementField.text);
  return text instanceof Y.Text ? text : null;
}

// ─── Geometry ───────────────────────────────────────────────────────────────────────────────

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly rot: number;
}

interface Segment {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The box's corners in world space, clockwise from its top-left (before rotation). */
function boxCorners(box: Box): [Vec, Vec, Vec, Vec] {
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  const cos = Math.cos(box.rot);
  const sin = Math.sin(box.rot);
  const at = (dx: number, dy: number): Vec => ({
    x: cx + dx * cos - dy * sin,
    y: cy + dx * sin + dy * cos,
  });
  const hw = box.w / 2;
  const hh = box.h / 2;
  return [at(-hw, -hh), at(hw, -hh), at(hw, hh), at(-hw, hh)];
}

function boxBounds(box: Box, width: number): Bounds {
  return expandBounds(boundsOfPoints(boxCorners(box))!, width / 2);
}

export function arrowHeadLength(width: number): number {
  return Math.max(ARROW_HEAD_MIN, width * ARROW_HEAD_PER_WIDTH);
}

function segmentBounds(kind: SegmentKind, s: Segment, width: number): Bounds {
  const ends = boundsOfPoints([
    { x: s.x, y: s.y },
    { x: s.x + s.w, y: s.y + s.h },
  ])!;
  return expandBounds(ends, width / 2 + (kind === 'arrow' ? arrowHeadLength(width) : 0));
}

/**
 * The four world corners of the element's own (rotated) box, clockwise from its top-left:
 * where the select tool draws the frame and handles. A stroke's is the box around its stored
 * points through its matrix; a segment's is the box around its two ends.
 */
/**
 * The box of a stroke's stored points, kept per points array: a move writes only the matrix and
 * keeps the array, and a selection's frame is asked for on every frame of a drag (972 selected
 * elements: the boxes of ~500 strokes' points, 370 ms of a 60-move drag, profiled).
 */
const storedBounds = new WeakMap<Float32Array, Bounds | null>();

function storedBoundsOf(points: Float32Array): Bounds | null {
  let bounds = storedBounds.get(points);
  if (bounds === undefined) {
    bounds = strokeBounds({ points, width: 0 });
    storedBounds.set(points, bounds);
  }
  return bounds;
}

export function elementCorners(view: ElementView): [Vec, Vec, Vec, Vec] {
  switch (view.type) {
    case 'stroke': {
      const local = storedBoundsOf(view.points);
      if (local === null) {
        const at = { x: view.matrix[4], y: view.matrix[5] };
        return [at, at, at, at];
      }
      const m = view.matrix;
      return [
        applyToPoint(m, { x: local.minX, y: local.minY }),
        applyToPoint(m, { x: local.maxX, y: local.minY }),
        applyToPoint(m, { x: local.maxX, y: local.maxY }),
        applyToPoint(m, { x: local.minX, y: local.maxY }),
      ];
    }
    case 'line':
    case 'arrow': {
      const minX = Math.min(view.x, view.x + view.w);
      const maxX = Math.max(view.x, view.x + view.w);
      const minY = Math.min(view.y, view.y + view.h);
      const maxY = Math.max(view.y, view.y + view.h);
      return [
        { x: minX, y: minY },
        { x: maxX, y: minY },
        { x: maxX, y: maxY },
        { x: minX, y: maxY },
      ];
    }
    default:
      return boxCorners(view);
  }
}

/**
 * The angle of the element's own box (elementCorners), which a frame around it alone turns
 * with: a box's rot; a stroke's matrix's turn (rotationOf), or 0 when the matrix shears and its
 * own box is no longer a rectangle; 0 for lines and arrows, whose own box is the world's.
 */
export function elementAngle(view: ElementView): number {
  switch (view.type) {
    case 'stroke':
      return rotationOf(view.matrix) ?? 0;
    case 'line':
    case 'arrow':
      return 0;
    default:
      return view.rot;
  }
}

/**
 * Does a circle of `tolerance` world units at `point` touch the element? Strokes, lines and
 * arrows by their ink; unfilled rectangles and ellipses by their outline (so a click inside an
 * empty frame reaches what is below it, as in Excalidraw); filled shapes, shapes with a label,
 * text and notes anywhere inside.
 */
export function hitTestElement(view: ElementView, point: Vec, tolerance: number): boolean {
  const b = view.bounds;
  if (point.x < b.minX - tolerance || point.x > b.maxX + tolerance) return false;
  if (point.y < b.minY - tolerance || point.y > b.maxY + tolerance) return false;
  switch (view.type) {
    case 'stroke':
      return hitTest(view.worldPoints, view.width, point, tolerance);
    case 'line':
    case 'arrow': {
      const reach = view.width / 2 + tolerance;
      const { x, y } = view;
      if (pointSegmentDistanceSq(point.x, point.y, x, y, x + view.w, y + view.h) <= reach * reach)
        return true;
      return view.type === 'arrow' && hitsArrowHead(view, point, reach);
    }
    default:
      return hitsBox(view, point, tolerance);
  }
}

/**
 * Is `point` inside the element's own box (rotated with it), filled or not? Where a click
 * with the text tool, or a double-click, gives a shape its label.
 */
export function insideElementBox(view: ShapeElement, point: Vec): boolean {
  if (isSegment(view)) return false;
  const cx = view.x + view.w / 2;
  const cy = view.y + view.h / 2;
  const cos = Math.cos(-view.rot);
  const sin = Math.sin(-view.rot);
  const dx = point.x - cx;
  const dy = point.y - cy;
  return Math.abs(dx * cos - dy * sin) <= view.w / 2 && Math.abs(dx * sin + dy * cos) <= view.h / 2;
}

/**
 * Does a circle of `radius` moved along `sweep` touch the element (the eraser)? Tested at steps
 * of half the radius along the sweep, at most MAX_SWEEP_SAMPLES: a flick across a whole board
 * zoomed out tests 256 points near each shape it passes, not thousands.
 */
export function sweepHitsElement(view: ElementView, sweep: Sweep, radius: number): boolean {
  const dx = sweep.to.x - sweep.from.x;
  const dy = sweep.to.y - sweep.from.y;
  const steps = Math.min(MAX_SWEEP_SAMPLES, Math.ceil(Math.hypot(dx, dy) / (radius / 2)) || 0);
  for (let i = 0; i <= steps; i++) {
    const t = steps === 0 ? 0 : i / steps;
    const at = { x: sweep.from.x + dx * t, y: sweep.from.y + dy * t };
    if (hitTestElement(view, at, radius)) return true;
  }
  return false;
}

const MAX_SWEEP_SAMPLES = 256;

function hitsBox(view: BoxElement, point: Vec, tolerance: number): boolean {
  // Into the box's own frame: centre at 0, unrotated.
  const cx = view.x + view.w / 2;
  const cy = view.y + view.h / 2;
  const cos = Math.cos(-view.rot);
  const sin = Math.sin(-view.rot);
  const dx = point.x - cx;
  const dy = point.y - cy;
  const lx = dx * cos - dy * sin;
  const ly = dx * sin + dy * cos;
  const hw = view.w / 2;
  const hh = view.h / 2;
  const solid =
    view.type === 'text' || view.type === 'note' || view.fill !== 'none' || view.text !== '';
  const reach = view.width / 2 + tolerance;
  if (view.type === 'ellipse') {
    const a = Math.max(hw, 1e-9);
    const b = Math.max(hh, 1e-9);
    const r = Math.hypot(lx / a, ly / b);
    // Distance to the outline, approximated along the radius: exact for circles, within a
    // factor of the axis ratio otherwise, which is plenty for picking.
    const gap = (r - 1) * Math.min(a, b);
    return solid ? gap <= reach : Math.abs(gap) <= reach;
  }
  const outsideX = Math.abs(lx) - hw;
  const outsideY = Math.abs(ly) - hh;
  const outside = Math.hypot(Math.max(outsideX, 0), Math.max(outsideY, 0));
  if (outside > reach) return false;
  if (solid) return true;
  // Inside an empty frame: only near an edge.
  return Math.max(outsideX, outsideY) >= -reach;
}

/** The two barbs of the arrowhead at the end point, as segments from the tip. */
export function arrowHeadBarbs(view: Segment, width: number): [Vec, Vec] {
  const length = Math.hypot(view.w, view.h) || 1;
  const ux = view.w / length;
  const uy = view.h / length;
  const head = arrowHeadLength(width);
  const tipX = view.x + view.w;
  const tipY = view.y + view.h;
  const spread = Math.PI / 7;
  const barb = (angle: number): Vec => {
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    return { x: tipX - head * (ux * cos - uy * sin), y: tipY - head * (ux * sin + uy * cos) };
  };
  return [barb(spread), barb(-spread)];
}

function hitsArrowHead(view: SegmentElement, point: Vec, reach: number): boolean {
  const tipX = view.x + view.w;
  const tipY = view.y + view.h;
  return arrowHeadBarbs(view, view.width).some(
    (barb) => pointSegmentDistanceSq(point.x, point.y, tipX, tipY, barb.x, barb.y) <= reach * reach,
  );
}

// ─── Transforms ─────────────────────────────────────────────────────────────────────────────

/** The element's transform fields as they are now. */
export function transformOf(view: ElementView): TransformPatch {
  switch (view.type) {
    case 'stroke':
      return { kind: 'matrix', matrix: view.matrix };
    case 'line':
    case 'arrow':
      return { kind: 'segment', x: view.x, y: view.y, w: view.w, h: view.h };
    default:
      return { kind: 'box', x: view.x, y: view.y, w: view.w, h: view.h, rot: view.rot };
  }
}

/**
 * The transform fields that put `view` where the world transform `m` takes it: exact for
 * strokes and segments; a box keeps its centre, axes' lengths and angle as `m` maps them (a
 * skew, from stretching a rotated box along the world's axes, becomes the nearest unskewed box).
 */
export function transformPatchFor(view: ElementView, m: Affine): TransformPatch {
  switch (view.type) {
    case 'stroke':
      return { kind: 'matrix', matrix: compose(m, view.matrix) };
    case 'line':
    case 'arrow': {
      const start = applyToPoint(m, { x: view.x, y: view.y });
      const end = applyToPoint(m, { x: view.x + view.w, y: view.y + view.h });
      return { kind: 'segment', x: start.x, y: start.y, w: end.x - start.x, h: end.y - start.y };
    }
    default: {
      const centre = applyToPoint(m, { x: view.x + view.w / 2, y: view.y + view.h / 2 });
      const axisX = applyToVector(m, { x: Math.cos(view.rot), y: Math.sin(view.rot) });
      const axisY = applyToVector(m, { x: -Math.sin(view.rot), y: Math.cos(view.rot) });
      const w = view.w * Math.hypot(axisX.x, axisX.y);
      const h = view.h * Math.hypot(axisY.x, axisY.y);
      const turned = normalizeAngle(Math.atan2(axisX.y, axisX.x));
      // A flip (negative determinant) cannot mirror a box: it lands at the angle, of the two
      // its symmetry allows, nearer the one it had, so a text flipped sideways stays upright.
      const flipped = normalizeAngle(turned + Math.PI);
      const nearer = (angle: number) => Math.abs(normalizeAngle(angle - view.rot));
      const rot = determinant(m) < 0 && nearer(flipped) < nearer(turned) ? flipped : turned;
      const box = { kind: 'box', x: centre.x - w / 2, y: centre.y - h / 2, w, h, rot } as const;
      if (view.type !== 'text') return box;
      // Words scaled by the lesser stretch still fit the box; a move or a turn (a stretch of 1
      // give or take rounding) leaves the font alone.
      const stretch = Math.min(w / view.w, h / view.h);
      if (!Number.isFinite(stretch) || Math.abs(stretch - 1) < 1e-6) return box;
      const width = Math.min(MAX_STROKE_WIDTH, Math.max(MIN_STROKE_WIDTH, view.width * stretch));
      return { ...box, width };
    }
  }
}

/** The world-to-stroke inverse of a stroke's matrix, e.g. to hit-test in stored coordinates. */
export const strokeInverse = (view: StrokeElement): Affine | null => invert(view.matrix);

/**
 * Writes the transform fields of every element in `changes`, in one transaction. Only fields
 * whose value changes are written. An element that is gone, malformed, or of another kind than
 * its patch (a peer replaced it) is left alone. Returns how many elements changed.
 */
export function setTransforms(
  doc: Y.Doc,
  changes: ReadonlyMap<string, TransformPatch>,
  origin: unknown,
): number {
  for (const patch of changes.values()) assertValidPatch(patch);
  const elements = strokesMap(doc);
  let changed = 0;
  doc.transact(() => {
    for (const [id, patch] of changes) {
      const map = elements.get(id);
      if (!(map instanceof Y.Map)) continue;
      const kind = kindOf(map);
      if (typeof kind !== 'string' || patchKindOf(kind) !== patch.kind) continue;
      if (writePatch(map, patch)) changed++;
    }
  }, origin);
  return changed;
}

/** setTransforms for one element. */
export function setTransform(
  doc: Y.Doc,
  id: string,
  patch: TransformPatch,
  origin: unknown,
): boolean {
  return setTransforms(doc, new Map([[id, patch]]), origin) > 0;
}

const patchKindOf = (kind: ElementKind): TransformPatch['kind'] =>
  kind === 'stroke' ? 'matrix' : kind === 'line' || kind === 'arrow' ? 'segment' : 'box';

function writePatch(map: Y.Map<unknown>, patch: TransformPatch): boolean {
  let wrote = false;
  const set = (key: string, value: unknown, same: (a: unknown) => boolean): void => {
    if (same(map.get(key))) return;
    map.set(key, value);
    wrote = true;
  };
  const number = (key: string, value: number, absent?: number) =>
    set(key, value, (old) => (old ?? absent) === value);
  if (patch.kind === 'matrix') {
    const m = patch.matrix;
    set(ElementField.matrix, [...m], (old) => {
      const current = old === undefined ? IDENTITY : old;
      return Array.isArray(current) && current.length === 6 && current.every((v, i) => v === m[i]);
    });
    return wrote;
  }
  number(ElementField.x, patch.x);
  number(ElementField.y, patch.y);
  number(ElementField.w, patch.w);
  number(ElementField.h, patch.h);
  if (patch.kind === 'box') {
    number(ElementField.rot, patch.rot, 0);
    if (patch.width !== undefined) number(ElementField.width, patch.width);
  }
  return wrote;
}

function assertValidPatch(patch: TransformPatch): void {
  if (patch.kind === 'matrix') {
    const m: readonly number[] = patch.matrix;
    if (!isMatrix(m)) throw new RangeError(`Invalid matrix: ${String(m)}`);
    return;
  }
  const { x, y, w, h } = patch;
  if (![x, y, w, h].every(isCoordinate))
    throw new RangeError(`Invalid ${patch.kind}: ${x}, ${y}, ${w}, ${h}`);
  if (patch.kind === 'box') {
    if (w < 0 || h < 0) throw new RangeError(`A box cannot have a negative size: ${w} × ${h}`);
    if (!isAngle(patch.rot)) throw new RangeError(`Invalid rotation: ${patch.rot}`);
    if (patch.width !== undefined && !isStrokeWidth(patch.width))
      throw new RangeError(`Invalid width: ${patch.width}`);
  }
}

// ─── Creating, styling, deleting ────────────────────────────────────────────────────────────

interface NewElementCommon {
  readonly id: string;
  readonly color: string;
  readonly width: number;
  readonly author: string;
  /** False while the author is still dragging it out; finishElement marks it done. */
  readonly done?: boolean;
  /** Defaults to Date.now(); pass a value to keep tests deterministic. */
  readonly createdAt?: number;
}

export type NewShape = NewElementCommon &
  (
    | {
        readonly type: 'rect' | 'ellipse' | 'note';
        readonly x: number;
        readonly y: number;
        readonly w: number;
        readonly h: number;
        readonly rot?: number;
        readonly fill?: Fill;
      }
    | {
        readonly type: SegmentKind;
        readonly x: number;
        readonly y: number;
        readonly w: number;
        readonly h: number;
      }
  );

export interface NewText extends NewElementCommon {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly rot?: number;
  readonly text?: string;
}

/**
 * Adds a rectangle, ellipse, note, line or arrow on top of everything, with an empty label.
 * Throws on invalid arguments or a taken id; nothing is written then.
 */
export function createShape(doc: Y.Doc, shape: NewShape, origin: unknown): void {
  const patch: TransformPatch =
    shape.type === 'line' || shape.type === 'arrow'
      ? { kind: 'segment', x: shape.x, y: shape.y, w: shape.w, h: shape.h }
      : {
          kind: 'box',
          x: shape.x,
          y: shape.y,
          w: shape.w,
          h: shape.h,
          rot: ('rot' in shape ? shape.rot : 0) ?? 0,
        };
  const fill = 'fill' in shape ? shape.fill : undefined;
  if (fill !== undefined && !isFill(fill)) throw new TypeError(`Invalid fill: ${String(fill)}`);
  insertElement(doc, shape, shape.type, patch, fill, '', origin);
}

/** Adds a text box on top of everything, holding `text` (default empty). */
export function createText(doc: Y.Doc, text: NewText, origin: unknown): void {
  const patch: TransformPatch = {
    kind: 'box',
    x: text.x,
    y: text.y,
    w: text.w,
    h: text.h,
    rot: text.rot ?? 0,
  };
  insertElement(doc, text, 'text', patch, undefined, text.text ?? '', origin);
}

function insertElement(
  doc: Y.Doc,
  element: NewElementCommon,
  type: Exclude<ElementKind, 'stroke'>,
  patch: TransformPatch,
  fill: Fill | undefined,
  text: string,
  origin: unknown,
): void {
  const createdAt = element.createdAt ?? Date.now();
  assertValidCommon(element, createdAt);
  assertValidPatch(patch);
  if (text.length > MAX_TEXT_LENGTH) throw new RangeError(`Text longer than ${MAX_TEXT_LENGTH}`);
  const elements = strokesMap(doc);
  if (elements.has(element.id)) throw new Error(`Element id ${element.id} is already in use`);
  const z = nextZ(elements);
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    elements.set(element.id, map);
    map.set(ElementField.type, type);
    map.set(ElementField.color, element.color);
    map.set(ElementField.width, element.width);
    map.set(ElementField.author, element.author);
    map.set(ElementField.z, z);
    map.set(ElementField.createdAt, createdAt);
    if (element.done === false) map.set(ElementField.done, false);
    if (fill !== undefined && fill !== 'none') map.set(ElementField.fill, fill);
    writePatch(map, patch);
    const label = new Y.Text();
    map.set(ElementField.text, label);
    if (text !== '') label.insert(0, text);
  }, origin);
}

/** Marks an element its author finished dragging out as done. False when it is gone. */
export function finishElement(doc: Y.Doc, id: string, origin: unknown): boolean {
  const map = strokesMap(doc).get(id);
  if (!(map instanceof Y.Map)) return false;
  if (map.get(ElementField.done) === false)
    doc.transact(() => map.set(ElementField.done, true), origin);
  return true;
}

export interface StylePatch {
  readonly color?: string;
  readonly width?: number;
  /** Written to rectangles and ellipses only. */
  readonly fill?: Fill;
}

/** Sets colour, width and fill of every element among `ids` that has them, in one transaction. */
export function setStyle(
  doc: Y.Doc,
  ids: Iterable<string>,
  style: StylePatch,
  origin: unknown,
): number {
  if (style.color !== undefined && !isCssColor(style.color))
    throw new TypeError(`Invalid color: ${style.color}`);
  if (style.width !== undefined && !isStrokeWidth(style.width))
    throw new RangeError(`Invalid width: ${style.width}`);
  if (style.fill !== undefined && !isFill(style.fill))
    throw new TypeError(`Invalid fill: ${String(style.fill)}`);
  const elements = strokesMap(doc);
  let changed = 0;
  doc.transact(() => {
    for (const id of new Set(ids)) {
      const map = elements.get(id);
      if (!(map instanceof Y.Map)) continue;
      const kind = kindOf(map);
      if (typeof kind !== 'string') continue;
      let wrote = false;
      const set = (key: string, value: unknown) => {
        if (map.get(key) === value) return;
        map.set(key, value);
        wrote = true;
      };
      if (style.color !== undefined) set(ElementField.color, style.color);
      if (style.width !== undefined) set(ElementField.width, style.width);
      if (style.fill !== undefined && (kind === 'rect' || kind === 'ellipse')) {
        set(ElementField.fill, style.fill);
      }
      if (wrote) changed++;
    }
  }, origin);
  return changed;
}

/** Sets the stacking order (z) of elements, in one transaction: bring forward, send backward. */
export function setStacking(
  doc: Y.Doc,
  changes: ReadonlyMap<string, number>,
  origin: unknown,
): number {
  for (const z of changes.values()) if (!isZ(z)) throw new RangeError(`Invalid z: ${z}`);
  const elements = strokesMap(doc);
  let changed = 0;
  doc.transact(() => {
    for (const [id, z] of changes) {
      const map = elements.get(id);
      if (!(map instanceof Y.Map) || map.get(ElementField.z) === z) continue;
      map.set(ElementField.z, z);
      changed++;
    }
  }, origin);
  return changed;
}

/**
 * Deletes the elements among `ids` that exist, of any kind (unknown kinds too: the user chose
 * them, e.g. with the eraser), in one transaction. Returns how many.
 */
export const deleteElements: (doc: Y.Doc, ids: Iterable<string>, origin: unknown) => number =
  eraseStrokes;

function assertValidCommon(element: NewElementCommon, createdAt: number): void {
  if (!isStrokeId(element.id)) throw new TypeError(`Invalid element id: ${String(element.id)}`);
  if (!isCssColor(element.color)) throw new TypeError(`Invalid color: ${element.color}`);
  if (!isStrokeWidth(element.width)) throw new RangeError(`Invalid width: ${element.width}`);
  if (!isAuthor(element.author)) throw new TypeError(`Invalid author: ${element.author}`);
  if (!isTimestamp(createdAt)) throw new RangeError(`Invalid createdAt: ${createdAt}`);
}
