/**
 * The whiteboard's document layout (web/src/model/schema.ts) as the relay checks it, item by
 * item, before an update is stored: an update that breaks it is refused with 1007
 * (`whiteboard_content`). Only the root map `strokes` and what hangs below it are the
 * whiteboard's; any other root, and items under `strokes` that the app does not read as map
 * entries, are generic Yjs data, held only to the size caps.
 */
import * as Y from 'yjs';
import { MAX_POINTS_PER_STROKE } from '../../web/src/model/content-limits.ts';
import { chunkPointCount, decodeChunks } from '../../web/src/model/points-codec.ts';
import {
  MAX_STROKE_ID_LENGTH,
  STROKES_KEY,
  StrokeField,
  isAuthor,
  isCssColor,
  isStrokeId,
  isStrokeWidth,
  isTimestamp,
  isZ,
} from '../../web/src/model/schema.ts';

/**
 * What a shared type is to the whiteboard:
 *   strokes  the root map of strokes
 *   stroke   one of its entries: a Y.Map of fields
 *   points   a stroke's Y.Array of point chunks
 *   generic  anything else
 */
export type Role = 'strokes' | 'stroke' | 'points' | 'generic';

type Content = Y.Item['content'];

export const rootRole = (name: string): Role => (name === STROKES_KEY ? 'strokes' : 'generic');

const holdsType = (content: Content, kind: typeof Y.Map | typeof Y.Array): boolean =>
  content instanceof Y.ContentType && content.type instanceof kind;

/** The role of the type an item holds, given where the item sits. */
export function childRole(parent: Role, key: string | null, content: Content): Role {
  if (parent === 'strokes' && key !== null && holdsType(content, Y.Map)) return 'stroke';
  if (parent === 'stroke' && key === StrokeField.points && holdsType(content, Y.Array)) {
    return 'points';
  }
  return 'generic';
}

/** Every plain stroke field and the values it takes (schema.ts). */
const FIELD_RULES = new Map<string, (value: unknown) => boolean>([
  [StrokeField.color, isCssColor],
  [StrokeField.width, isStrokeWidth],
  [StrokeField.author, isAuthor],
  [StrokeField.z, isZ],
  [StrokeField.done, (value) => typeof value === 'boolean'],
  [StrokeField.createdAt, isTimestamp],
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
  if (key !== null) return `a points list has no field ${key}`;
  return content instanceof Y.ContentBinary
    ? chunkProblem(content.content)
    : 'a point chunk is not bytes';
}

function fieldProblem(key: string | null, content: Content): string | null {
  if (key === StrokeField.points) {
    return holdsType(content, Y.Array) ? null : 'stroke points are not a Y.Array';
  }
  const rule = key === null ? undefined : FIELD_RULES.get(key);
  if (!rule)
    return key === null ? 'a stroke holds only named fields' : `unknown stroke field ${key}`;
  const valid = content instanceof Y.ContentAny && content.arr.length === 1 && rule(content.arr[0]);
  return valid ? null : `stroke field ${key} has the wrong type or range`;
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
