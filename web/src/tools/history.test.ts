import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listStrokes } from '../model/strokes.ts';
import { drawStroke, line } from '../model/test-support/drawing.ts';
import { connectPeers } from '../model/test-support/peers.ts';
import { History } from './history.svelte.ts';

const ids = (doc: Y.Doc) => listStrokes(doc).map(({ id }) => id);

function gesture(history: History, doc: Y.Doc, id: string) {
  history.beginStep();
  drawStroke(doc, { id, points: line(5), origin: history.origin });
}

describe('History', () => {
  it('undoes my last stroke and never yours', () => {
    const mine = new Y.Doc();
    const yours = new Y.Doc();
    connectPeers(mine, yours);
    const me = new History(mine, {});
    const you = new History(yours, {});
    gesture(me, mine, 'me-1');
    gesture(you, yours, 'you-1');
    gesture(me, mine, 'me-2');

    me.undo();
    expect(ids(yours)).toEqual(['me-1', 'you-1']);
    me.undo();
    me.undo();
    expect(ids(yours)).toEqual(['you-1']);
    expect(me.canUndo).toBe(false);
    expect(me.canRedo).toBe(true);
    me.redo();
    expect(ids(mine)).toEqual(['me-1', 'you-1']);
  });

  it('clears the board for everyone as one step, and undo brings every stroke back', () => {
    const doc = new Y.Doc();
    const history = new History(doc, {});
    const peer = {};
    drawStroke(doc, { id: 'theirs', points: line(5), origin: peer });
    gesture(history, doc, 'mine');
    expect(history.clear()).toBe(2);
    expect(ids(doc)).toEqual([]);
    history.undo();
    expect(ids(doc)).toEqual(['theirs', 'mine']);
  });

  it('reverts the step in progress exactly and leaves nothing to redo', () => {
    const doc = new Y.Doc();
    const history = new History(doc, {});
    gesture(history, doc, 'kept');
    gesture(history, doc, 'reverted');
    history.revertCurrentStep();
    expect(ids(doc)).toEqual(['kept']);
    expect([history.canUndo, history.canRedo]).toEqual([true, false]);
    history.undo();
    expect(ids(doc)).toEqual([]);
  });

  it('reports canUndo and canRedo as they change', () => {
    const doc = new Y.Doc();
    const history = new History(doc, {});
    expect([history.canUndo, history.canRedo]).toEqual([false, false]);
    gesture(history, doc, 'a');
    expect([history.canUndo, history.canRedo]).toEqual([true, false]);
    history.undo();
    expect([history.canUndo, history.canRedo]).toEqual([false, true]);
  });
});
