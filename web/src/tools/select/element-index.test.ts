/**
 * The select tool reads selected elements on every frame of a drag (the selection frame), and
 * each write gives every moved element a new cache entry: reading them must decode nothing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { StrokeCache } from '../../canvas/stroke-cache.ts';
import { readElement, setTransforms, transformPatchFor } from '../../model/elements.ts';
import * as codec from '../../model/points-codec.ts';
import { drawStroke, line } from '../../model/test-support/drawing.ts';
import { translation } from '../../model/transform.ts';
import { ElementIndex } from './element-index.ts';

let chunksDecoded = 0;

vi.mock('../../model/points-codec.ts', async (importOriginal) => {
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

const ORIGIN = { local: 'this page' };

describe('the element index during a drag', () => {
  it('gives moved strokes as the document has them, without decoding them again', () => {
    const doc = new Y.Doc();
    drawStroke(doc, { id: 's', points: line(12), origin: ORIGIN });
    const cache = new StrokeCache(doc);
    const index = new ElementIndex(cache);
    const drawn = index.get('s');
    expect(drawn).not.toBeNull();
    chunksDecoded = 0;
    for (let step = 1; step <= 10; step++) {
      setTransforms(doc, new Map([['s', transformPatchFor(drawn!, translation(step, 2))]]), ORIGIN);
      expect(index.get('s')?.bounds).toEqual(cache.get('s')?.bounds);
    }
    expect(chunksDecoded).toBe(0);
    const fromDocument = readElement(doc, 's');
    const fromIndex = index.get('s');
    expect(fromIndex).toMatchObject({ type: 'stroke', bounds: fromDocument?.bounds });
    if (fromIndex?.type !== 'stroke' || fromDocument?.type !== 'stroke') throw new Error('kind');
    expect(fromIndex.matrix).toEqual(fromDocument.matrix);
    expect([...fromIndex.points]).toEqual([...fromDocument.points]);
    expect([...fromIndex.worldPoints]).toEqual([...fromDocument.worldPoints]);
    cache.destroy();
  });
});
