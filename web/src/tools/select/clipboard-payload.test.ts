import { describe, expect, it } from 'vitest';
import {
  MAX_PASTE_CHARACTERS,
  MAX_PASTE_ELEMENTS,
  PAYLOAD_TYPE,
  PAYLOAD_VERSION,
  decodePayload,
  payloadBounds,
} from './clipboard-payload.ts';

const rect = {
  type: 'rect',
  color: '#1e1e1e',
  width: 2,
  x: 0,
  y: 0,
  w: 10,
  h: 10,
  rot: 0,
  fill: 'none',
  text: '',
};
const stroke = {
  type: 'stroke',
  color: '#e03131',
  width: 4,
  points: [0, 0, 0.5, 10, 5, 0.5],
  matrix: [1, 0, 0, 1, 100, 0],
};
const wrap = (elements: unknown, extra: object = {}) =>
  JSON.stringify({ type: PAYLOAD_TYPE, version: PAYLOAD_VERSION, elements, ...extra });

describe('clipboard text pasted on the board', () => {
  it('reads our own elements back', () => {
    const read = decodePayload(wrap([rect, stroke]));
    expect(read).toMatchObject({ ok: true, skipped: 0 });
    expect(read.ok && payloadBounds(read.payload)).toEqual({
      minX: 0,
      minY: 0,
      maxX: 110,
      maxY: 10,
    });
  });

  it.each([
    ['words', 'hello'],
    ['JSON of another app', JSON.stringify({ type: 'excalidraw/clipboard', elements: [] })],
    ['a broken payload', `{"type":"${PAYLOAD_TYPE}",`],
    ['a future version', wrap([rect], { version: 99 })],
    ['elements that are not a list', wrap({ 0: rect })],
    ['a huge text', `${PAYLOAD_TYPE}${' '.repeat(MAX_PASTE_CHARACTERS)}`],
  ])('leaves %s to the browser', (_label, text) => {
    expect(decodePayload(text).ok).toBe(false);
  });

  it('skips each malformed element and keeps the rest', () => {
    const bad = [
      { ...rect, type: 'hologram' },
      { ...rect, color: 'url(javascript:alert(1))' },
      { ...rect, width: -1 },
      { ...rect, x: Number.MAX_VALUE },
      { ...rect, w: -5 },
      { ...rect, fill: 'plaid' },
      { ...rect, text: 7 },
      { ...stroke, points: [0, 0] },
      { ...stroke, points: [0, 0, 'x'] },
      { ...stroke, points: [] },
      { ...stroke, matrix: [0, 0, 0, 0, 0, 0] },
      null,
      'rect',
    ];
    const read = decodePayload(wrap([...bad, rect]));
    expect(read).toMatchObject({ ok: true, skipped: bad.length });
    expect(read.ok && read.payload.elements).toHaveLength(1);
  });

  it('takes at most MAX_PASTE_ELEMENTS elements from one paste', () => {
    const many = Array.from({ length: MAX_PASTE_ELEMENTS + 3 }, () => rect);
    const read = decodePayload(wrap(many));
    expect(read).toMatchObject({ ok: true, skipped: 3 });
  });
});
