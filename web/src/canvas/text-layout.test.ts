import { describe, expect, it } from 'vitest';
import { layoutLines, type Measure } from './text-layout.ts';

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
