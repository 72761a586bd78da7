import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectPeers } from './test-support/peers.ts';
import { applyEdit, mapIndex, spliceBetween } from './text-diff.ts';

describe('the splice from one textarea value to the next', () => {
  it('is the typed letter, where it was typed, even next to the same letter', () => {
    expect(spliceBetween('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
    expect(spliceBetween('aa', 'aaa', 3)).toEqual({ index: 2, remove: 0, insert: 'a' });
  });

  it('is a paste over a selection, or a deletion', () => {
    expect(spliceBetween('hello world', 'hello there world', 11)).toEqual({
      index: 5,
      remove: 0,
      insert: ' there',
    });
    expect(spliceBetween('abc', 'ac', 1)).toEqual({ index: 1, remove: 1, insert: '' });
    expect(spliceBetween('abc', 'xyz', 3)).toEqual({ index: 0, remove: 3, insert: 'xyz' });
    expect(spliceBetween('same', 'same', 2)).toBeNull();
  });
});

describe('two people typing in one box through their textareas', () => {
  it('keep both their words, each caret moved only by what the other typed before it', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    connectPeers(a, b);
    a.getMap('m').set('t', new Y.Text('  '));
    const textA = a.getMap('m').get('t') as Y.Text;
    const textB = b.getMap('m').get('t') as Y.Text;
    let caretB = 2;
    textB.observe((event) => {
      if (event.transaction.origin !== 'b') caretB = mapIndex(caretB, event.delta);
    });
    applyEdit(textA, '  ', 'hi  ', 2, 'a');
    applyEdit(textB, 'hi  ', 'hi  you', 7, 'b');
    expect(caretB).toBe(4);
    expect(textA.toString()).toBe('hi  you');
  });

  it('map a caret through deletions before it and inserts after it', () => {
    expect(mapIndex(5, [{ delete: 2 }])).toBe(3);
    expect(mapIndex(5, [{ retain: 4 }, { delete: 3 }])).toBe(4);
    expect(mapIndex(2, [{ retain: 3 }, { insert: 'abc' }])).toBe(2);
    expect(mapIndex(2, [{ insert: 'abc' }])).toBe(5);
  });
});
