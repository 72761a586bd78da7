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
import { StrokeField } from './schema.ts';

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
 * the end is for the reader to check (canvas/growing-points.ts).
 */
export type StrokeChangeKind = 'appended' | 'changed';

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
      kinds.set(first, appended && kinds.get(first) !== 'changed' ? 'appended' : 'changed');
    } else if (event instanceof Y.YMapEvent) {
      for (const key of event.keysChanged) kinds.set(key, 'changed');
    }
  }
  return kinds;
}
