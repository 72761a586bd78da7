/**
 * npm run bench:history: bytes per version for a 1,000- and a 10,000-stroke board (40 points a
 * stroke, as the app draws them), 100 idle versions each with 5 strokes drawn and 2 erased
 * between versions. Prints a table; the figures are bytes, so the machine's load does not matter.
 */
import { measureHistory } from './history-size.ts';

const rows = [];
for (const strokes of [1_000, 10_000]) {
  rows.push(await measureHistory({ strokes, versions: 100 }));
}
console.table(
  rows.map((row) => ({
    strokes: row.strokes,
    versions: row.versions,
    'whole board (bytes)': row.wholeBytes,
    keyframes: row.keyframes,
    'mean diff (bytes)': row.meanDiffBytes,
    'stored, all versions (bytes)': row.storedBytes,
    'bytes per version': row.bytesPerVersion,
    'vs. a full copy each': `${((100 * row.bytesPerVersion) / row.wholeBytes).toFixed(1)} %`,
  })),
);
