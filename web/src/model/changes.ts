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
