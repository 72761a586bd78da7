import { describe, expect, it } from 'vitest';
import { measureHistory } from './history-size.ts';

describe('the storage cost of history (npm run bench:history for the real sizes)', () => {
  it('stores versions as diffs far smaller than a copy of the board', async () => {
    const size = await measureHistory({ strokes: 200, versions: 25 });
    expect(size.versions).toBe(25);
    expect(size.keyframes).toBe(1); // the first: the rest are diffs
    expect(size.meanDiffBytes * 10).toBeLessThan(size.wholeBytes);
  });
});
