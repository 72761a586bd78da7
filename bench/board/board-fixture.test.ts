import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listStrokes } from '../../web/src/model/strokes.ts';
import { POINTS_PER_STROKE, boardSide, bytesPerPoint, generateBoard } from './board-fixture.ts';

describe('generated benchmark boards', () => {
  it('are the same for the same seed, and every stroke is finished and compacted', () => {
    const board = generateBoard(30);
    expect(generateBoard(30).update).toEqual(board.update);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, board.update);
    const strokes = listStrokes(doc);
    expect(strokes).toHaveLength(30);
    expect(strokes.every((s) => s.done && s.points.length === POINTS_PER_STROKE * 3)).toBe(true);
    expect(bytesPerPoint(doc).points).toBe(board.points);
  });

  it('keep the same density at every size', () => {
    expect(boardSide(10_000)).toBe(10_000);
    expect(boardSide(40_000)).toBe(20_000);
  });
});
