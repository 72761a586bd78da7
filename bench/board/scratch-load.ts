import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { StrokeCache } from '../../web/src/canvas/stroke-cache.ts';
const update = readFileSync('/tmp/whiteboard-bench-client/boards/board-v1-50000-seed42.bin');
for (let r = 0; r < 2; r++) {
  const doc = new Y.Doc();
  const cache = new StrokeCache(doc);
  cache.ordered();
  const t = performance.now();
  Y.applyUpdate(doc, update);
  const a = performance.now();
  cache.ordered();
  console.log('apply+cache', Math.round(a - t), 'ordered', Math.round(performance.now() - a));
}
