/**
 * Generated mixed boards (issue 13): strokes, rectangles, ellipses, lines, arrows, text boxes
 * and notes in the proportions of a working sketch, spread evenly over a square of the same
 * density as the strokes-only boards (board-fixture.ts). Written with the document model the
 * app uses (drawStroke, createShape, createText), by authors of AUTHOR_ELEMENTS elements each in
 * their own document, merged at the end, for the same reason as there: creating an element
 * reads every z to put it on top, so one document would be quadratic to build.
 */
import { join } from 'node:path';
import * as Y from 'yjs';
import {
  createShape,
  createText,
  elementText,
  type ElementKind,
} from '../../web/src/model/elements.ts';
import { CREATED_AT, drawStroke } from '../../web/src/model/test-support/drawing.ts';
import { penTrace } from '../../web/src/model/test-support/pen-trace.ts';
import { seededRandom } from '../../web/src/model/test-support/seeded-random.ts';
import { boardSide, cachedUpdate } from './board-fixture.ts';

/** Bump when the generator changes, so cached boards are rebuilt. */
const GENERATOR_VERSION = 1;
const AUTHOR_ELEMENTS = 2_000;
/** A mixed board's strokes are shorter than a handwriting board's: arrows' ticks, underlines. */
const POINTS_PER_STROKE = 40;
const POINTS_PER_BATCH = 4;
const COLORS = ['#1e1e1e', '#e03131', '#1c7ed6', '#2f9e44', '#7950f2'];
const WORDS = ['todo', 'API', 'ship it', 'why?', 'v2', 'ask Bob', 'relay', 'cache', 'done'];

/**
 * Out of every 100 elements: what an Excalidraw or FigJam sketch of a system tends to hold,
 * mostly ink, then boxes and the arrows between them, some words and a few notes.
 */
export const MIX: Readonly<Record<ElementKind, number>> = {
  stroke: 50,
  rect: 14,
  ellipse: 6,
  line: 5,
  arrow: 11,
  text: 9,
  note: 5,
};

const CYCLE: readonly ElementKind[] = Object.entries(MIX).flatMap(([kind, count]) =>
  Array.from({ length: count }, () => kind as ElementKind),
);

export interface MixedBoard {
  readonly elements: number;
  readonly side: number;
  readonly update: Uint8Array;
}

/** The kind of the `i`th element: the mix, interleaved so every region holds every kind. */
export const kindAt = (i: number): ElementKind => CYCLE[(i * 37) % CYCLE.length] ?? 'stroke';

export function generateMixedBoard(elements: number, seed = 7): MixedBoard {
  const side = boardSide(elements);
  const doc = new Y.Doc();
  for (let first = 0; first < elements; first += AUTHOR_ELEMENTS) {
    const count = Math.min(AUTHOR_ELEMENTS, elements - first);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(authorDoc(first, count, side, seed + first)));
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { elements, side, update };
}

function authorDoc(first: number, count: number, side: number, seed: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1 + first / AUTHOR_ELEMENTS;
  const random = seededRandom(seed);
  const author = `author-${first / AUTHOR_ELEMENTS}`;
  for (let i = first; i < first + count; i++) {
    const x = random() * side;
    const y = random() * side;
    const color = COLORS[i % COLORS.length] ?? '#1e1e1e';
    const width = 2 + (i % 3) * 2;
    const common = { id: `e${i}`, color, width, author, createdAt: CREATED_AT };
    const kind = kindAt(i);
    const size = () => 30 + random() * 90;
    switch (kind) {
      case 'stroke':
        drawStroke(doc, {
          ...common,
          points: penTrace(random, POINTS_PER_STROKE, { start: { x, y } }),
          origin: null,
          chunkSize: POINTS_PER_BATCH,
        });
        break;
      case 'rect':
      case 'ellipse':
        createShape(
          doc,
          { ...common, type: kind, x, y, w: size(), h: size(), fill: i % 4 ? 'none' : 'semi' },
          null,
        );
        break;
      case 'note':
        createShape(doc, { ...common, type: 'note', x, y, w: 100, h: 100 }, null);
        elementText(doc, common.id)?.insert(0, WORDS[i % WORDS.length] ?? '');
        break;
      case 'line':
      case 'arrow':
        createShape(doc, { ...common, type: kind, x, y, w: size() - 60, h: size() - 60 }, null);
        break;
      case 'text':
        createText(
          doc,
          { ...common, x, y, w: 120, h: 30, text: WORDS[i % WORDS.length] ?? 'text' },
          null,
        );
        break;
    }
  }
  return doc;
}

/** Builds the board once per size and seed, then reads it back from `cacheDir`. */
export async function cachedMixedBoard(elements: number, cacheDir: string, seed = 7) {
  const file = join(cacheDir, `mixed-v${GENERATOR_VERSION}-${elements}-seed${seed}.bin`);
  const { update, built } = await cachedUpdate(
    file,
    () => generateMixedBoard(elements, seed).update,
  );
  return { board: { elements, side: boardSide(elements), update }, built };
}
