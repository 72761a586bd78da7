/**
 * What a growing stroke costs the cache, counted in chunks decoded: a stroke drawn in n batches
 * must cost n chunk decodes in all, not 1 + 2 + … + n (every chunk again on every batch); a
 * stroke moved (only its matrix written) costs none.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as codec from '../model/points-codec.ts';
import { appendPoints, beginStroke, finishStroke } from '../model/strokes.ts';
import { setTransforms } from '../model/elements.ts';
import { StrokeField, strokesMap } from '../model/schema.ts';
import { drawStroke, line } from '../model/test-support/drawing.ts';
import { IDENTITY, translation } from '../model/transform.ts';
import { ManualClock } from '../timing/test-support/manual-clock.ts';
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

describe('strokes moved, as the cache reads them', () => {
  const MOVED = 1000;

  it(`places ${MOVED} moved strokes again without decoding them, where a fresh read puts them`, () => {
    const doc = new Y.Doc();
    for (let i = 0; i < MOVED; i++) {
      drawStroke(doc, { id: `s${i}`, points: line(8, { x: i, y: 0 }), origin: ORIGIN });
    }
    const timers = new ManualClock();
    const slicing = { timers, now: () => timers.now(), sliceMs: 10 };
    // The clock stands still: the board is read in one slice.
    const cache = new StrokeCache(doc, undefined, slicing);
    timers.advance(0);
    const moves = (dx: number) =>
      new Map(
        [...cache.ordered()].map(({ id }) => [
          id,
          { kind: 'matrix', matrix: translation(dx, 7) } as const,
        ]),
      );

    chunksDecoded = 0;
    expect(setTransforms(doc, moves(5), ORIGIN)).toBe(MOVED);
    // Read at once, inside the change: no loading shown for a move.
    expect(cache.progress).toBeNull();
    expect(setTransforms(doc, moves(-3), ORIGIN)).toBe(MOVED);
    expect(chunksDecoded).toBe(0);

    const fresh = new StrokeCache(doc, undefined, slicing);
    timers.advance(0);
    for (const stroke of fresh.ordered()) {
      const moved = cache.get(stroke.id);
      expect(moved?.bounds).toEqual(stroke.bounds);
      expect([...(moved?.points ?? [])]).toEqual([...stroke.points]);
    }
    // Back where it was drawn: the stored points themselves, no copy.
    setTransforms(doc, new Map([['s0', { kind: 'matrix', matrix: IDENTITY } as const]]), ORIGIN);
    expect(cache.get('s0')?.points).toBe(cache.get('s0')?.ink?.points);
    expect(chunksDecoded).toBe(MOVED);
    cache.destroy();
    fresh.destroy();
  });

  it('decodes a stroke again when more than its matrix changed with the move', () => {
    const doc = new Y.Doc();
    drawStroke(doc, { id: 's', points: line(8), origin: ORIGIN });
    const cache = new StrokeCache(doc);
    chunksDecoded = 0;
    doc.transact(() => {
      setTransforms(
        doc,
        new Map([['s', { kind: 'matrix', matrix: translation(1, 1) } as const]]),
        ORIGIN,
      );
      const entry = strokesMap(doc).get('s');
      if (entry instanceof Y.Map) entry.set(StrokeField.color, '#ff0000');
    }, ORIGIN);
    expect(cache.get('s')?.color).toBe('#ff0000');
    expect(chunksDecoded).toBe(1);
    cache.destroy();
  });
});
