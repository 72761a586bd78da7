/**
 * A downloaded version as something to look at: its own Y.Doc (never the live board's, so
 * nothing done while looking can reach the room), and its strokes ready for the renderers.
 */
import * as Y from 'yjs';
import type { CachedStroke } from '../canvas/stroke-cache.ts';
import { strokeBounds } from '../model/geometry.ts';
import type { ProblemReporter } from '../model/schema.ts';
import { listStrokes } from '../model/strokes.ts';

/** The version's document, or null when the bytes are no Yjs update (lib0 throws on garbage). */
export function versionDoc(update: Uint8Array): Y.Doc | null {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
    return doc;
  } catch (error) {
    console.warn('A downloaded version is no readable Yjs update', error);
    doc.destroy();
    return null;
  }
}

/**
 * Its valid strokes in drawing order, as the renderers take them (malformed ones are skipped
 * and reported, model/schema.ts). Read at once: a thumbnail is drawn once.
 */
export function versionStrokes(doc: Y.Doc, onProblem?: ProblemReporter): CachedStroke[] {
  return listStrokes(doc, onProblem).map((stroke) => ({
    ...stroke,
    bounds: strokeBounds(stroke),
    path: null,
    hairline: null,
  }));
}
