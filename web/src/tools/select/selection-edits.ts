/**
 * What the select tool writes, as functions of the document: each is one transaction with the
 * caller's origin (so undo sees one step) and writes as little as the edit needs: a move writes
 * transform fields only (model/elements.ts), a z-order change only the z of what moves.
 */
import type * as Y from 'yjs';
import {
  createShape,
  createText,
  elementText,
  setStacking,
  setTransforms,
  transformPatchFor,
  type ElementView,
  type TransformPatch,
} from '../../model/elements.ts';
import { boundsIntersect, type Vec } from '../../model/geometry.ts';
import { POINT_STRIDE, type Point } from '../../model/points-codec.ts';
import { isCoordinate, isMatrix, isStrokeWidth } from '../../model/schema.ts';
import { beginStroke, compareStacking, finishStroke } from '../../model/strokes.ts';
import { compose, translation, type Affine } from '../../model/transform.ts';
import type { PlacedElement } from './element-index.ts';
import { payloadBounds, type CopiedElement, type Payload } from './clipboard-payload.ts';

/** Puts every element of `views` where `m` takes it from where it is in `views`. */
export function transformElements(
  doc: Y.Doc,
  views: readonly ElementView[],
  m: Affine,
  origin: unknown,
): number {
  const changes = new Map<string, TransformPatch>();
  for (const view of views) {
    const patch = transformPatchFor(view, m);
    if (isPatchInRange(patch)) changes.set(view.id, patch);
  }
  return setTransforms(doc, changes, origin);
}

/** A drag far off the board would write coordinates the model refuses: leave those behind. */
function isPatchInRange(patch: TransformPatch): boolean {
  if (patch.kind === 'matrix') return isMatrix(patch.matrix);
  return (
    [patch.x, patch.y, patch.w, patch.h].every(isCoordinate) &&
    (patch.kind !== 'box' || patch.width === undefined || isStrokeWidth(patch.width))
  );
}

export interface PasteTarget {
  readonly author: string;
  readonly newId: () => string;
}

/**
 * Adds the payload's elements on top of the board, centred on `at`, in one transaction, in the
 * payload's order; returns the new ids. An element that would land outside the coordinates the
 * model stores is skipped.
 */
export function pasteElements(
  doc: Y.Doc,
  payload: Payload,
  at: Vec,
  target: PasteTarget,
  origin: unknown,
): string[] {
  const bounds = payloadBounds(payload);
  if (bounds === null) return [];
  const dx = at.x - (bounds.minX + bounds.maxX) / 2;
  const dy = at.y - (bounds.minY + bounds.maxY) / 2;
  const placed = payload.elements.map((element) => shifted(element, dx, dy)).filter(isInRange);
  const ids: string[] = [];
  doc.transact(() => {
    for (const element of placed) {
      const id = target.newId();
      insert(doc, id, element, target.author, origin);
      ids.push(id);
    }
  }, origin);
  return ids;
}

function shifted(element: CopiedElement, dx: number, dy: number): CopiedElement {
  if (element.type === 'stroke')
    return { ...element, matrix: compose(translation(dx, dy), element.matrix) };
  return { ...element, x: element.x + dx, y: element.y + dy };
}

function isInRange(element: CopiedElement): boolean {
  if (element.type === 'stroke') return isMatrix(element.matrix);
  return isCoordinate(element.x) && isCoordinate(element.y);
}

function insert(
  doc: Y.Doc,
  id: string,
  element: CopiedElement,
  author: string,
  origin: unknown,
): void {
  const common = { id, color: element.color, width: element.width, author };
  if (element.type === 'stroke') {
    const points: Point[] = [];
    const p = element.points;
    for (let i = 0; i + 2 < p.length; i += POINT_STRIDE)
      points.push({ x: p[i]!, y: p[i + 1]!, p: p[i + 2]! });
    beginStroke(doc, { ...common, firstPoints: points }, origin);
    setTransforms(doc, new Map([[id, { kind: 'matrix', matrix: element.matrix }]]), origin);
    finishStroke(doc, id, origin);
    return;
  }
  const { x, y, w, h, text } = element;
  const placed = { ...common, x, y, w, h };
  switch (element.type) {
    case 'text':
      createText(doc, { ...placed, rot: element.rot, text }, origin);
      return;
    case 'line':
    case 'arrow':
      createShape(doc, { ...placed, type: element.type }, origin);
      break;
    default:
      createShape(
        doc,
        { ...placed, type: element.type, rot: element.rot, fill: element.fill },
        origin,
      );
  }
  // A shape's label is written after it: createShape makes shapes with none.
  if (text !== '') elementText(doc, id)?.insert(0, text);
}

export type StackDirection = 'forward' | 'backward';

/**
 * Bring forward: the selection goes just above the nearest element above it that it overlaps
 * (send backward: just below the nearest below), keeping its own order, as in Excalidraw. Only
 * the elements between take new z values, reusing the z values already there.
 * Returns the z changes for setStacking; empty when there is nothing to pass.
 */
export function restack(
  all: readonly PlacedElement[],
  selected: ReadonlySet<string>,
  direction: StackDirection,
): Map<string, number> {
  const ordered = [...all].sort(compareStacking);
  const chosen = ordered.filter((view) => selected.has(view.id));
  if (chosen.length === 0) return new Map();
  const overlaps = (view: PlacedElement) =>
    chosen.some(
      (c) => c.bounds !== null && view.bounds !== null && boundsIntersect(c.bounds, view.bounds),
    );
  const indexes = chosen.map((view) => ordered.indexOf(view));
  let lo: number;
  let hi: number;
  if (direction === 'forward') {
    const from = indexes[indexes.length - 1]!;
    const target = ordered.findIndex(
      (view, i) => i > from && !selected.has(view.id) && overlaps(view),
    );
    if (target < 0) return new Map();
    [lo, hi] = [indexes[0]!, target];
  } else {
    const from = indexes[0]!;
    let target = -1;
    for (let i = from - 1; i >= 0 && target < 0; i--) {
      const view = ordered[i]!;
      if (!selected.has(view.id) && overlaps(view)) target = i;
    }
    if (target < 0) return new Map();
    [lo, hi] = [target, indexes[indexes.length - 1]!];
  }
  const window = ordered.slice(lo, hi + 1);
  const others = window.filter((view) => !selected.has(view.id));
  const mine = window.filter((view) => selected.has(view.id));
  const next = direction === 'forward' ? [...others, ...mine] : [...mine, ...others];
  const zs = window.map((view) => view.z);
  const changes = new Map<string, number>();
  next.forEach((view, i) => {
    const z = Math.max(
      zs[i]!,
      i > 0 ? (changes.get(next[i - 1]!.id) ?? next[i - 1]!.z) + 1 : -Infinity,
    );
    if (z !== view.z) changes.set(view.id, z);
  });
  return changes;
}

export function restackElements(
  doc: Y.Doc,
  all: readonly PlacedElement[],
  selected: ReadonlySet<string>,
  direction: StackDirection,
  origin: unknown,
): number {
  return setStacking(doc, restack(all, selected, direction), origin);
}
