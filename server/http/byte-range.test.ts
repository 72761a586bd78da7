import { describe, expect, it } from 'vitest';
import { parseByteRange, rangeHeaderFor } from './byte-range.ts';

const SIZE = 100;

describe('parseByteRange', () => {
  it.each([
    ['bytes=0-9', 0, 9],
    ['bytes=0-0', 0, 0],
    ['bytes=10-', 10, 99],
    ['bytes=90-200', 90, 99],
    ['bytes=-10', 90, 99],
    ['bytes=-1000', 0, 99],
    ['BYTES = 5 - 6', 5, 6],
    [`bytes=0-${'9'.repeat(30)}`, 0, 99],
    ['bytes=0-9007199254740993', 0, 99],
  ])('serves %s as bytes %i-%i', (header, start, end) => {
    expect(parseByteRange(header, SIZE)).toEqual({ kind: 'part', start, end });
  });

  it.each([
    'bytes=100-',
    'bytes=100-200',
    'bytes=-0',
    `bytes=${'9'.repeat(30)}-`,
    'bytes=9007199254740993-9007199254740999',
  ])('answers %s with 416', (header) => {
    expect(parseByteRange(header, SIZE)).toEqual({ kind: 'unsatisfiable' });
  });

  it.each([
    undefined,
    '',
    'bytes=5-1',
    'bytes=-',
    'bytes=0-1,5-6',
    'items=0-1',
    'bytes=a-b',
    'bytes=1.5-2',
    'bytes=-1-2',
    `bytes=0-${'1'.repeat(300)}`,
  ])('ignores %j and serves the whole file', (header) => {
    expect(parseByteRange(header, SIZE)).toEqual({ kind: 'whole' });
  });

  it('has nothing to give from an empty file', () => {
    expect(parseByteRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=-5', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange(undefined, 0)).toEqual({ kind: 'whole' });
  });
});

describe('rangeHeaderFor', () => {
  it('spells what parseByteRange decided in the one form @fastify/send reads alike', () => {
    expect(rangeHeaderFor(parseByteRange('BYTES = 5 - 6', SIZE), SIZE)).toBe('bytes=5-6');
    expect(rangeHeaderFor(parseByteRange('bytes=-1000', SIZE), SIZE)).toBe('bytes=0-99');
    expect(rangeHeaderFor(parseByteRange('bytes=100-', SIZE), SIZE)).toBe('bytes=100-');
    expect(rangeHeaderFor(parseByteRange('bytes=5-1', SIZE), SIZE)).toBeUndefined();
  });
});
