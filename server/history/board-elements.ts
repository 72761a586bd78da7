import * as Y from 'yjs';
import { STROKES_KEY } from '../../web/src/model/schema.ts';
import type { DeleteSet } from '../rooms/decoded-update.ts';

/**
 * A board's elements are the live entries of its `strokes` map, whatever their kind (strokes,
 * and the kinds with a `type` field that share the map).
 */
export function elementCount(doc: Y.Doc): number {
  return doc.getMap(STROKES_KEY).size;
}

/**
 * A change removing at least this many elements may be a mass delete: below it, erasing the
 * one stroke of a board (100 % of it) would save a version per stroke erased. Two is the
 * smallest number a "clear" of a board with work on it removes.
 */
export const MASS_DELETE_MIN_ELEMENTS = 2;

/**
 * How many live elements of `doc` a change deleting `deleteSet` removes, when that is more than
 * half of them and at least MASS_DELETE_MIN_ELEMENTS; else 0. Linear in the board's elements,
 * and asked only of changes that delete something.
 */
export function massDeleteCount(doc: Y.Doc, deleteSet: DeleteSet): number {
  const strokes = doc.getMap(STROKES_KEY);
  const live = strokes.size;
  if (live < MASS_DELETE_MIN_ELEMENTS) return 0;
  let removed = 0;
  // The item behind each key: deleting an entry deletes that item. Private to Yjs, but typed.
  for (const item of strokes._map.values()) {
    if (!item.deleted && Y.isDeleted(deleteSet, item.id)) removed++;
  }
  return removed >= MASS_DELETE_MIN_ELEMENTS && removed * 2 > live ? removed : 0;
}

/**
 * At most one version before a mass delete per room in this long. A client that draws two
 * strokes and wipes them a hundred times a second would otherwise save a hundred versions a
 * second, each kept for a day; what the spacing lets go is at most 10 s of drawing between two
 * wipes, which the first wipe's version does not hold.
 */
export const MASS_DELETE_VERSION_SPACING_MS = 10_000;
