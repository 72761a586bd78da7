/**
 * Elements on the system clipboard: what Ctrl+C writes as text/plain and Ctrl+V reads back, in
 * this tab, another tab or another room. Pasted text comes from anywhere (another app, a
 * hostile page that put it there), so reading is a validation like any peer's data: every field
 * is checked, a malformed element is skipped and counted, and the whole is bounded so one paste
 * stays one update the relay takes (MAX_PAYLOAD_BYTES, 4 MiB: 200,000 points at about 3 bytes).
 *
 *   { "type": "whiteboard/elements", "version": 1, "elements": [ … ] }
 *   stroke:           { type, color, width, points: [x, y, p, …] as stored, matrix: [a, b, c, d, e, f] }
 *   rect ellipse text note: { type, color, width, x, y, w, h, rot, fill, text }
 *   line arrow:       { type, color, width, x, y, w, h, text }
 */
import {
  isSegment,
  type BoxElement,
  type ElementView,
  type SegmentElement,
  type StrokeElement,
} from '../../model/elements.ts';
import type { Bounds } from '../../model/geometry.ts';
import { MAX_WORLD_COORDINATE, POINT_STRIDE } from '../../model/points-codec.ts';
import {
  MAX_POINTS_PER_STROKE,
  MAX_TEXT_LENGTH,
  isAngle,
  isBoxKind,
  isCoordinate,
  isCssColor,
  isElementKind,
  isFill,
  isMatrix,
  isStrokeWidth,
} from '../../model/schema.ts';
import { boundsOfPoints } from '../../model/transform.ts';

export const PAYLOAD_TYPE = 'whiteboard/elements';
export const PAYLOAD_VERSION = 1;
/** Bounds on one paste (see the header): elements, points over all strokes, characters. */
export const MAX_PASTE_ELEMENTS = 5_000;
export const MAX_PASTE_POINTS = 200_000;
export const MAX_PASTE_TEXT = 200_000;
/** Text longer than this is not even parsed: 200,000 points as JSON is about 4 MB. */
export const MAX_PASTE_CHARACTERS = 8 * 1024 * 1024;

/**
 * What a copy leaves behind: who made the element and when, its place in the stack (a paste goes
 * on top) and what is derived from the rest. Every other field of an element is copied: the
 * copied kinds are the model's with these left out, so a field added to the model is a type error
 * here until copy and paste carry it.
 */
type NotCopied = 'id' | 'z' | 'author' | 'createdAt' | 'done' | 'bounds';

/** A stroke's points as stored, as a JSON list (`worldPoints` is derived from them). */
type CopiedStroke = Omit<StrokeElement, NotCopied | 'points' | 'worldPoints'> & {
  readonly points: readonly number[];
};
type CopiedBox = Omit<BoxElement, NotCopied>;
type CopiedSegment = Omit<SegmentElement, NotCopied>;

export type CopiedElement = CopiedStroke | CopiedBox | CopiedSegment;

export interface Payload {
  readonly elements: readonly CopiedElement[];
}

/** The payload for `views`, in their stacking order, as the clipboard's text. */
export function encodePayload(views: readonly ElementView[]): string {
  return JSON.stringify({
    type: PAYLOAD_TYPE,
    version: PAYLOAD_VERSION,
    elements: views.map(copyOf),
  });
}

export function copyOf(view: ElementView): CopiedElement {
  const { color, width } = view;
  if (view.type === 'stroke')
    return { type: view.type, color, width, points: Array.from(view.points), matrix: view.matrix };
  const { x, y, w, h, text } = view;
  if (isSegment(view)) return { type: view.type, color, width, x, y, w, h, text };
  return { type: view.type, color, width, x, y, w, h, rot: view.rot, fill: view.fill, text };
}

export type DecodeResult =
  | { readonly ok: true; readonly payload: Payload; readonly skipped: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads clipboard text. Not ours (plain words, another app's JSON): `ok: false`. Ours with some
 * elements malformed: those are skipped and counted. Past a bound: the rest is skipped.
 */
export function decodePayload(text: string): DecodeResult {
  if (text.length > MAX_PASTE_CHARACTERS)
    return { ok: false, reason: 'clipboard text is too long' };
  if (!text.includes(PAYLOAD_TYPE)) return { ok: false, reason: 'not whiteboard elements' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!isRecord(value) || value.type !== PAYLOAD_TYPE)
    return { ok: false, reason: 'not whiteboard elements' };
  if (value.version !== PAYLOAD_VERSION)
    return { ok: false, reason: `version ${String(value.version).slice(0, 16)} is unknown` };
  if (!Array.isArray(value.elements)) return { ok: false, reason: 'elements is not a list' };
  const elements: CopiedElement[] = [];
  const budget = { points: MAX_PASTE_POINTS, text: MAX_PASTE_TEXT };
  let skipped = 0;
  for (const raw of value.elements as unknown[]) {
    const element = elements.length < MAX_PASTE_ELEMENTS ? readCopied(raw, budget) : null;
    if (element) elements.push(element);
    else skipped++;
  }
  return { ok: true, payload: { elements }, skipped };
}

function readCopied(raw: unknown, budget: { points: number; text: number }): CopiedElement | null {
  if (!isRecord(raw) || !isElementKind(raw.type)) return null;
  const { type, color, width } = raw;
  if (!isCssColor(color) || !isStrokeWidth(width)) return null;
  if (type === 'stroke') {
    const { points, matrix } = raw;
    if (!Array.isArray(points) || points.length % POINT_STRIDE !== 0) return null;
    const count = points.length / POINT_STRIDE;
    if (count === 0 || count > MAX_POINTS_PER_STROKE || count > budget.points) return null;
    if (!isMatrix(matrix) || !(points as unknown[]).every(isPointValue)) return null;
    budget.points -= count;
    return { type, color, width, points: points as number[], matrix };
  }
  const { x, y, w, h, text } = raw;
  if (![x, y, w, h].every(isCoordinate)) return null;
  const words = text ?? '';
  if (typeof words !== 'string' || words.length > MAX_TEXT_LENGTH || words.length > budget.text)
    return null;
  budget.text -= words.length;
  const place = { x: x as number, y: y as number, w: w as number, h: h as number, text: words };
  if (!isBoxKind(type)) return { type, color, width, ...place };
  const rot = raw.rot ?? 0;
  const fill = raw.fill ?? 'none';
  if (place.w < 0 || place.h < 0 || !isAngle(rot) || !isFill(fill)) return null;
  return { type, color, width, ...place, rot, fill };
}

/** x, y and p alike: finite and within what points-codec stores (p is 0..1, well inside). */
function isPointValue(value: unknown): boolean {
  return typeof value === 'number' && Math.abs(value) <= MAX_WORLD_COORDINATE;
}

/** Where the copied elements lie, roughly (strokes by their points, boxes unrotated). */
export function payloadBounds(payload: Payload): Bounds | null {
  const corners: { x: number; y: number }[] = [];
  for (const element of payload.elements) {
    if (element.type === 'stroke') {
      const m = element.matrix;
      const p = element.points;
      for (let i = 0; i + 1 < p.length; i += POINT_STRIDE) {
        const x = p[i]!;
        const y = p[i + 1]!;
        corners.push({ x: m[0] * x + m[2] * y + m[4], y: m[1] * x + m[3] * y + m[5] });
      }
    } else {
      corners.push(
        { x: element.x, y: element.y },
        { x: element.x + element.w, y: element.y + element.h },
      );
    }
  }
  return boundsOfPoints(corners);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
