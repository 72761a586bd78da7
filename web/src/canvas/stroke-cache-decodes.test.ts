/**
 * What a growing stroke costs the cache, counted in chunks decoded: a stroke drawn in n batches
 * must cost n chunk decodes in all, not 1 + 2 + … + n (every chunk again on every batch).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as codec from '../model/points-codec.ts';
import { appendPoints, beginStroke, finishStroke } from '../model/strokes.ts';
import { line } from '../model/test-support/drawing.ts';
import { StrokeCache } from './stroke-cache.ts';

let chunksDecoded = 0;

vi.mock('../model/points-codec.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof codec>();
  return {
    ...actual,
    decodeChunks: (chunks: readonly Uint8Array[], ...rest: unknown[]) => {
      chunksDecoded += chunks.length;
      return (actual.decodeChunks as (...args: unknown[]) => Float32Array)(chunks, ...rest);
    },
  };
});

afterEach(() => {
  chunksDecoded = 0;
});

const BATCHES = 200;
const ORIGIN = { local: 'this page' };

describe('a stroke being drawn, as the cache reads it', () => {
  it(`decodes each of ${BATCHES} batches once, the pen's own stroke included`, () => {
    const doc = new Y.Doc();
    const cache = new StrokeCache(doc);
    beginStroke(
      doc,
      { id: 'mine', color: '#000', width: 2, author: 'me', firstPoints: line(4) },
      ORIGIN,
    );
    for (let i = 1; i < BATCHES; i++) {
      appendPoints(doc, 'mine', line(4, { x: i * 10, y: 0 }), ORIGIN);
    }
    expect(cache.get('mine')?.points.length).toBe(BATCHES * 4 * codec.POINT_STRIDE);
    // Re-decoding the whole stroke on every batch would be BATCHES * (BATCHES + 1) / 2 = 20,100.
    expect(chunksDecoded).toBe(BATCHES);

    // Finishing merges the chunks into one (model/strokes.ts), decoding them once to do so;
    // the cache then reads the one merged chunk.
    chunksDecoded = 0;
    finishStroke(doc, 'mine', ORIGIN);
    expect(cache.get('mine')?.done).toBe(true);
    expect(chunksDecoded).toBe(BATCHES + 1);
    cache.destroy();
  });
});
