/**
 * The whiteboard's document layout (web/src/model/schema.ts) as the relay checks it, item by
 * item, before an update is stored: an update that breaks it is refused with 1007
 * (`whiteboard_content`). Only the root map `strokes` and what hangs below it are the
 * whiteboard's; any other root, and items under `strokes` that the app does not read as map
 * entries, are generic Yjs data, held only to the size caps.
 */
import * as Y from 'yjs';
import { MAX_POINTS_PER_STROKE, MAX_TEXT_LENGTH } from '../../web/src/model/content-limits.ts';
import { chunkPointCount, decodeChunks } from '../../web/src/model/points-codec.ts';
import {
  ElementField,
  MAX_STROKE_ID_LENGTH,
  STROKES_KEY,
  isAngle,
  isAuthor,
  isCoordinate,
  isElementKind,
  isFill,
  isMatrix,
  isCssColor,
  isStrokeId,
  isStrokeWidth,
  isTimestamp,
  isZ,
} from '../../web/src/model/schema.ts';

/**
 * What a shared type is to the whiteboard:
 *   strokes  the root map of elements (named for what it first held)
 *   stroke   one of its entries, an element of any kind: a Y.Map of fields
 *   points   a stroke's Y.Array of point chunks
 *   text     an element's Y.Text (words, a note, a shape's label)
 *   generic  anything else
 *
 * Items arrive one by one, so the relay checks each field against the union of every kind's
 * rules (a rectangle's x is a coordinate whatever its type field says); which fields a kind
 * needs is the app's to check when it reads (elements.ts), as it skips what it cannot use.
 */
export type Role = 'strokes' | 'stroke' | 'points' | 'text' | 'generic';

type Content = Y.Item['content'];

export const rootRole = (name: string): Role => (name === STROKES_KEY ? 'strokes' : 'generic');

const holdsType = (
  content: Content,
  kind: typeof Y.Map | typeof Y.Array | typeof Y.Text,
): boolean => content instanceof Y.ContentType && content.type instanceof kind;

/** The role of the type an item holds, given where the item sits. */
export function childRole(parent: Role, key: string | null, content: Content): Role {
  if (parent === 'strokes' && key !== null && holdsType(content, Y.Map)) return 'stroke';
  if (parent === 'stroke' && key === ElementField.points && holdsType(content, Y.Array)) {
    return 'points';
  }
  if (parent === 'stroke' && key === ElementField.text && holdsType(content, Y.Text)) {
    return 'text';
  }
  return 'generic';
}

/**
 * Every plain element field and the values it takes (schema.ts). A `type` this relay does not
 * know is refused like any bad value: a later app version ships with its relay.
 */
const FIELD_RULES = new Map<string, (value: unknown) => boolean>([
  [ElementField.type, isElementKind],
  [ElementField.color, isCssColor],
  [ElementField.width, isStrokeWidth],
  [ElementField.author, isAuthor],
  [ElementField.z, isZ],
  [ElementField.done, (value) => typeof value === 'boolean'],
  [ElementField.createdAt, isTimestamp],
  [ElementField.matrix, isMatrix],
  [ElementField.x, isCoordinate],
  [ElementField.y, isCoordinate],
  [ElementField.w, isCoordinate],
  [ElementField.h, isCoordinate],
  [ElementField.rot, isAngle],
  [ElementField.fill, isFill],
]);

/**
 * Why a new item with `key` and `content` may not sit in a type of role `parent`, or null when it
 * may. Deleted content is always allowed: it only marks where something was.
 */
export function whiteboardProblem(
  parent: Role,
  key: string | null,
  content: Content,
): string | null {
  if (parent === 'generic' || content instanceof Y.ContentDeleted) return null;
  if (parent === 'strokes') {
    if (key === null) return null;
    if (!isStrokeId(key))
      return `stroke id longer than ${MAX_STROKE_ID_LENGTH} characters or empty`;
    return holdsType(content, Y.Map) ? null : `stroke ${key} is not a Y.Map`;
  }
  if (parent === 'stroke') return fieldProblem(key, content);
  if (parent === 'text') return textProblem(key, content);
  if (key !== null) return `a points list has no field ${key}`;
  return content instanceof Y.ContentBinary
    ? chunkProblem(content.content)
    : 'a point chunk is not bytes';
}

function fieldProblem(key: string | null, content: Content): string | null {
  if (key === ElementField.points) {
    return holdsType(content, Y.Array) ? null : 'stroke points are not a Y.Array';
  }
  if (key === ElementField.text) {
    return holdsType(content, Y.Text) ? null : 'element text is not a Y.Text';
  }
  const rule = key === null ? undefined : FIELD_RULES.get(key);
  if (!rule)
    return key === null ? 'an element holds only named fields' : `unknown element field ${key}`;
  const valid = content instanceof Y.ContentAny && content.arr.length === 1 && rule(content.arr[0]);
  return valid ? null : `element field ${key} has the wrong type or range`;
}

/**
 * An element's text holds plain characters, inserted at most MAX_TEXT_LENGTH at a time: no
 * formatting, embeds or nested types, which the app neither reads nor draws. (How many one text
 * holds in all is bounded by the room's byte cap; the app reads the first MAX_TEXT_LENGTH.)
 */
function textProblem(key: string | null, content: Content): string | null {
  if (key !== null) return `a text has no field ${key}`;
  if (!(content instanceof Y.ContentString)) return 'a text holds only plain characters';
  return content.str.length <= MAX_TEXT_LENGTH
    ? null
    : `${content.str.length} characters inserted at once (at most ${MAX_TEXT_LENGTH})`;
}

function chunkProblem(chunk: Uint8Array): string | null {
  let count: number;
  try {
    count = chunkPointCount(chunk);
  } catch (error) {
    return (error as Error).message;
  }
  // Checked before decoding, so a chunk claiming a million points costs no allocation.
  if (count < 1 || count > MAX_POINTS_PER_STROKE) {
    return `a point chunk of ${count} points (1 to ${MAX_POINTS_PER_STROKE} allowed)`;
  }
  let problem: string | null = null;
  decodeChunks([chunk], (_index, error) => (problem = error.message));
  return problem;
}

/** Points an item adds to a stroke: its chunk's declared count, 0 for anything else. */
export function pointsIn(content: Content): number {
  if (!(content instanceof Y.ContentBinary)) return 0;
  try {
    return chunkPointCount(content.content);
  } catch {
    // Stored before these checks existed, and skipped by every page: it adds no points.
    return 0;
  }
}
