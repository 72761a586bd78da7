/**
 * Generated boards: seeded pen traces spread evenly over a square, built with the document
 * model exactly as the app writes them (beginStroke, appendPoints in pointer-move batches,
 * finishStroke, which compacts the batches into one chunk).
 *
 * Strokes are drawn by authors of AUTHOR_STROKES strokes each, every author in their own
 * document, merged at the end, as if they had drawn offline and then synced. One document for
 * everything would be slower to build than to measure: beginStroke reads every stroke's z to put
 * the new one on top, so building is quadratic (10,000 strokes in one document took 9 s, 50,000
 * would take about 4 minutes). Authors' z values then overlap; the board orders ties by id.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as Y from 'yjs';
import { POINT_STRIDE } from '../../web/src/model/points-codec.ts';
import { listStrokes } from '../../web/src/model/strokes.ts';
import { drawStroke } from '../../web/src/model/test-support/drawing.ts';
import { penTrace } from '../../web/src/model/test-support/pen-trace.ts';
import { seededRandom } from '../../web/src/model/test-support/seeded-random.ts';

/** Bump when the generator changes, so cached boards are rebuilt. */
const GENERATOR_VERSION = 1;
export const POINTS_PER_STROKE = 60;
/** Pointer moves are batched at 30 Hz while drawing at 120 Hz: 4 points per batch. */
const POINTS_PER_BATCH = 4;
const AUTHOR_STROKES = 2_000;
/** World units per stroke: the board grows with its stroke count, keeping density constant. */
const AREA_PER_STROKE = 100 * 100;
const COLORS = ['#1e1e1e', '#e03131', '#1c7ed6', '#2f9e44', '#7950f2'];

export interface BoardFixture {
  readonly strokes: number;
  readonly points: number;
  /** Side of the square the strokes start in, in world units (10,000 for 10,000 strokes). */
  readonly side: number;
  /** The whole document, as Y.encodeStateAsUpdate gives it. */
  readonly update: Uint8Array;
}

export const boardSide = (strokes: number): number =>
  Math.round(Math.sqrt(strokes * AREA_PER_STROKE));

export function generateBoard(strokes: number, seed = 42): BoardFixture {
  const side = boardSide(strokes);
  const doc = new Y.Doc();
  for (let first = 0; first < strokes; first += AUTHOR_STROKES) {
    const count = Math.min(AUTHOR_STROKES, strokes - first);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(authorDoc(first, count, side, seed + first)));
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { strokes, points: strokes * POINTS_PER_STROKE, side, update };
}

function authorDoc(first: number, count: number, side: number, seed: number): Y.Doc {
  const doc = new Y.Doc();
  // Fixed client ids make the encoded board, and so its size, the same on every run.
  doc.clientID = 1 + first / AUTHOR_STROKES;
  const random = seededRandom(seed);
  const author = `author-${first / AUTHOR_STROKES}`;
  for (let i = first; i < first + count; i++) {
    const start = { x: random() * side, y: random() * side };
    drawStroke(doc, {
      id: `s${i}`,
      points: penTrace(random, POINTS_PER_STROKE, { start }),
      origin: null,
      author,
      color: COLORS[i % COLORS.length],
      width: 2 + (i % 4) * 2,
      chunkSize: POINTS_PER_BATCH,
    });
  }
  return doc;
}

/** Builds the board once per size and seed, then reads it back from `cacheDir`. */
export async function cachedBoard(strokes: number, cacheDir: string, seed = 42) {
  const file = join(cacheDir, `board-v${GENERATOR_VERSION}-${strokes}-seed${seed}.bin`);
  const { update, built } = await cachedUpdate(file, () => generateBoard(strokes, seed).update);
  return {
    fixture: { strokes, points: strokes * POINTS_PER_STROKE, side: boardSide(strokes), update },
    built,
  };
}

/** `file` if it exists, else what `build` gives, written there for the next run. */
export async function cachedUpdate(file: string, build: () => Uint8Array) {
  if (existsSync(file)) return { update: new Uint8Array(await readFile(file)), built: false };
  const update = build();
  await mkdir(dirname(file), { recursive: true });
  // Written aside and renamed, so an interrupted run never leaves half a board behind.
  await writeFile(`${file}.partial`, update);
  await rename(`${file}.partial`, file);
  return { update, built: true };
}

/** Stored bytes per pen sample: the whole document (metadata included) over its points. */
export function bytesPerPoint(doc: Y.Doc): { bytes: number; points: number; perPoint: number } {
  const bytes = Y.encodeStateAsUpdate(doc).length;
  let points = 0;
  for (const stroke of listStrokes(doc)) points += stroke.points.length / POINT_STRIDE;
  return { bytes, points, perPoint: points > 0 ? bytes / points : Number.NaN };
}
