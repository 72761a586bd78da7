import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listElements, type ElementKind } from '../../web/src/model/elements.ts';
import { MIX, generateMixedBoard } from './mixed-board.ts';

describe('generated mixed benchmark boards', () => {
  it('hold every kind in the mix, all valid and finished, the same for the same seed', () => {
    const board = generateMixedBoard(100);
    expect(generateMixedBoard(100).update).toEqual(board.update);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, board.update);
    const problems: string[] = [];
    const views = listElements(doc, (p) => problems.push(p.reason));
    expect(problems).toEqual([]);
    expect(views).toHaveLength(100);
    expect(views.every((v) => v.done)).toBe(true);
    const counts = new Map<ElementKind, number>();
    for (const v of views) counts.set(v.type, (counts.get(v.type) ?? 0) + 1);
    for (const [kind, share] of Object.entries(MIX)) {
      expect(counts.get(kind as ElementKind)).toBe(share);
    }
  });
});
