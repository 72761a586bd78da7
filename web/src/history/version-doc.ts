/**
 * A downloaded version as something to look at: its own Y.Doc (never the live board's, so
 * nothing done while looking can reach the room), and its elements ready for the renderers.
 */
import * as Y from 'yjs';
import { StrokeCache, type CachedStroke, type Slicing } from '../canvas/stroke-cache.ts';
import type { ProblemReporter } from '../model/schema.ts';

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
 * Read in one go: a thumbnail is drawn once, with nothing on screen to keep responsive, so the
 * cache's slices (10 ms, then a timer) would only delay it. One slice with no deadline, started at
 * once, reads every element.
 */
const AT_ONCE: Slicing = {
  timers: {
    now: () => 0,
    setTimeout: (callback) => {
      callback();
      return null;
    },
    clearTimeout: () => {},
  },
  now: () => 0,
  sliceMs: Number.POSITIVE_INFINITY,
};

/**
 * Its valid elements (strokes where their matrix puts them, shapes, text and notes) in drawing
 * order, as the renderers take them, read by the board's own cache (canvas/stroke-cache.ts), so
 * a thumbnail shows what the board would. Malformed ones are skipped and reported.
 */
export function versionStrokes(doc: Y.Doc, onProblem?: ProblemReporter): CachedStroke[] {
  const cache = new StrokeCache(doc, onProblem, AT_ONCE);
  const elements = [...cache.ordered()];
  cache.destroy();
  return elements;
}
