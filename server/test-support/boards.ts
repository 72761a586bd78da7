import type * as Y from 'yjs';
import type { Point } from '../../web/src/model/points-codec.ts';
import { appendPoints, beginStroke, finishStroke } from '../../web/src/model/strokes.ts';

/**
 * Draws `count` finished strokes on `doc` the way the app does (begin with the first sample,
 * points appended in chunks while drawing, merged into one chunk on finish), each of
 * `pointsPerStroke` points along a wobbly line at a place chosen by a seeded generator: boards
 * the size of real ones, the same bytes every run. Ids are `<prefix><n>`.
 */
export function drawStrokes(
  doc: Y.Doc,
  count: number,
  options: {
    readonly prefix?: string;
    readonly pointsPerStroke?: number;
    readonly seed?: number;
  } = {},
): string[] {
  const { prefix = 's', pointsPerStroke = 40 } = options;
  let seed = options.seed ?? 1;
  const random = () => {
    // A linear congruential generator (Numerical Recipes' constants): enough to spread strokes.
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const id = `${prefix}${n}`;
    const x0 = random() * 4000;
    const y0 = random() * 3000;
    const points: Point[] = Array.from({ length: pointsPerStroke }, (_, i) => ({
      x: x0 + i * 3,
      y: y0 + Math.sin(i / 4) * 20,
      p: 0.5,
    }));
    const [first, ...rest] = points;
    beginStroke(
      doc,
      { id, color: '#1e1e1e', width: 3, author: 'bench', firstPoints: [first!], createdAt: 1 },
      null,
    );
    for (let i = 0; i < rest.length; i += 10) appendPoints(doc, id, rest.slice(i, i + 10), null);
    finishStroke(doc, id, null);
    ids.push(id);
  }
  return ids;
}
