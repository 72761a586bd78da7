import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { elementText, listElements, readElement } from '../model/elements.ts';
import { addShape } from '../model/test-support/elements.ts';
import { connectPeers } from '../model/test-support/peers.ts';
import { applyEdit } from '../model/text-diff.ts';
import { History } from './history.svelte.ts';
import { INK } from './palette.ts';
import { NOTE_PAPER, TextEditing } from './text-editing.svelte.ts';

/** Every character 10 units wide. */
const measure = (text: string) => text.length * 10;

function setup() {
  const doc = new Y.Doc();
  const peer = new Y.Doc();
  connectPeers(doc, peer);
  const history = new History(doc, {});
  const target = { doc, origin: history.origin, author: 'alice-user-id', history };
  let next = 0;
  const editing = new TextEditing(target, () => `text-${++next}`);
  const type = (id: string, words: string) => {
    const text = elementText(doc, id)!;
    const before = text.toString();
    applyEdit(text, before, before + words, before.length + words.length, history.origin);
    editing.fit(() => measure);
  };
  return { doc, peer, history, editing, type };
}

const style = { color: INK, pixels: 4, zoom: 1 };

describe('Alice writes with the text tool', () => {
  it('places a box, types into it, and Bob sees the words and the box grow', () => {
    const { peer, editing, type } = setup();
    const id = editing.place('text', { x: 100, y: 100 }, style);
    expect(editing.editing).toBe(id);
    type(id, 'hello');
    expect(readElement(peer, id)).toMatchObject({ type: 'text', text: 'hello', w: 56, width: 4 });
    editing.end();
    expect(editing.editing).toBeNull();
    expect(readElement(peer, id)).toMatchObject({ text: 'hello' });
  });

  it('placing and typing is one undo step', () => {
    const { doc, history, editing, type } = setup();
    const id = editing.place('text', { x: 0, y: 0 }, style);
    type(id, 'a');
    type(id, 'b');
    editing.end();
    history.undo();
    expect(listElements(doc)).toEqual([]);
    history.redo();
    expect(readElement(doc, id)).toMatchObject({ text: 'ab' });
  });

  it('an empty box disappears when editing ends, leaving nothing to undo', () => {
    const { doc, history, editing } = setup();
    editing.place('text', { x: 0, y: 0 }, style);
    editing.place('text', { x: 50, y: 50 }, style);
    editing.end();
    expect(listElements(doc)).toEqual([]);
    expect(history.canUndo).toBe(false);
  });

  it('a note is a yellow square in the default ink, and stays when left empty', () => {
    const { doc, editing } = setup();
    const id = editing.place('note', { x: 0, y: 0 }, style);
    editing.end();
    expect(readElement(doc, id)).toMatchObject({ type: 'note', color: NOTE_PAPER, w: 200, h: 200 });
  });

  it('a double-clicked shape gets a label, as its own undo step; a stroke has no words', () => {
    const { doc, history, editing, type } = setup();
    addShape(doc, { id: 'r', type: 'rect' }, history.origin);
    expect(editing.edit('r')).toBe(true);
    type('r', 'box');
    editing.end();
    expect(readElement(doc, 'r')).toMatchObject({ text: 'box', w: 100 });
    history.undo();
    expect(readElement(doc, 'r')).toMatchObject({ text: '' });
    expect(editing.edit('missing')).toBe(false);
  });
});
