/**
 * Which strokes a batch of document changes touched, so a renderer can re-read only those:
 * listStrokes decodes every stroke, which suits loading a board but not every pointer move of
 * every peer on a 10,000-stroke board.
 *
 *   strokesMap(doc).observeDeep((events) => {
 *     for (const id of changedStrokeIds(events)) cache.set(id, readStroke(doc, id));
 *   });
 *
 * readStroke returns null for a stroke that was erased (or is malformed): drop it from the cache.
 */
import * as Y from 'yjs';
import { ElementField, StrokeField } from './schema.ts';

/** For events from observeDeep on strokesMap(doc). */
export function changedStrokeIds(
  events: readonly Y.YEvent<Y.AbstractType<unknown>>[],
): Set<string> {
  const ids = new Set<string>();
  for (const event of events) {
    const [first] = event.path;
    if (typeof first === 'string') {
      // A change inside one stroke: its path starts at the stroke's key.
      ids.add(first);
    } else if (event instanceof Y.YMapEvent) {
      // A change to the strokes map itself: strokes added, replaced or erased.
      for (const key of event.keysChanged) ids.add(key);
    }
  }
  return ids;
}

/**
 * How a batch changed each stroke it touched: 'appended' when the only change was chunks added to
 * its points array in a transaction that deleted nothing (a stroke being drawn, growing), so the
 * new chunks can be decoded alone; 'changed' for anything else. Whether the chunks really went at
 * the end is for the reader to check (canvas/growing-points.ts). 'moved' when the only change was
 * to transform fields (a stroke's matrix `m`, a shape's box: a drag, a peer moving a selection),
 * so a stroke's points decoded before can be placed again without decoding them: 1,000 strokes
 * moved at 30 Hz decoded 30,000 a second.
 */
export type StrokeChangeKind = 'appended' | 'moved' | 'changed';

/** What a move, resize or rotation writes: a stroke's matrix, a shape's box. */
const TRANSFORM_FIELDS: ReadonlySet<string> = new Set([
  ElementField.matrix,
  ElementField.x,
  ElementField.y,
  ElementField.w,
  ElementField.h,
  ElementField.rot,
]);

export function classifyStrokeChanges(
  events: readonly Y.YEvent<Y.AbstractType<unknown>>[],
): Map<string, StrokeChangeKind> {
  const kinds = new Map<string, StrokeChangeKind>();
  for (const event of events) {
    const path = event.path;
    const [first] = path;
    if (typeof first === 'string') {
      const appended =
        path.length === 2 &&
        path[1] === StrokeField.points &&
        event instanceof Y.YArrayEvent &&
        event.transaction.deleteSet.clients.size === 0;
      const moved =
        path.length === 1 &&
        event instanceof Y.YMapEvent &&
        [...event.keysChanged].every((key) => TRANSFORM_FIELDS.has(key));
      const before = kinds.get(first);
      if (appended && (before === undefined || before === 'appended')) kinds.set(first, 'appended');
      else if (moved && (before === undefined || before === 'moved')) kinds.set(first, 'moved');
      else kinds.set(first, 'changed');
    } else if (event instanceof Y.YMapEvent) {
      for (const key of event.keysChanged) kinds.set(key, 'changed');
    }
  }
  return kinds;
}
