import { describe, expect, it } from 'vitest';
import { layoutLines, textBoxSize, type Measure } from './text-layout.ts';

/** Every character one unit wide. */
const mono: Measure = (text) => text.length;

describe('laying out an element’s words', () => {
  it('breaks lines at newlines only when the box grows with its text', () => {
    expect(layoutLines('one two\nthree', mono, null)).toEqual(['one two', 'three']);
    expect(layoutLines('', mono, null)).toEqual(['']);
  });

  it('wraps between words in a box of fixed width', () => {
    expect(layoutLines('the quick brown fox', mono, 10)).toEqual(['the quick', 'brown fox']);
    expect(layoutLines('a\n\nb', mono, 10)).toEqual(['a', '', 'b']);
  });

  it('breaks a word wider than the box between characters', () => {
    expect(layoutLines('abcdefghij xy', mono, 4)).toEqual(['abcd', 'efgh', 'ij', 'xy']);
  });
});

describe('the box a text element needs', () => {
  it('is as wide as its longest line and as tall as its lines, an em wide when empty', () => {
    expect(textBoxSize('abc\nabcdefgh', 10, (t) => t.length * 10)).toEqual({ w: 83, h: 25 });
    expect(textBoxSize('', 20, mono)).toEqual({ w: 25, h: 25 });
  });
});
