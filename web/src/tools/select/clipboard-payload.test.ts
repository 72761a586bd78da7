import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { elementText, listElements, type ElementView } from '../../model/elements.ts';
import { drawStroke } from '../../model/test-support/drawing.ts';
import { addShape, addText } from '../../model/test-support/elements.ts';
import {
  encodePayload,
  MAX_PASTE_CHARACTERS,
  MAX_PASTE_ELEMENTS,
  PAYLOAD_TYPE,
  PAYLOAD_VERSION,
  decodePayload,
  payloadBounds,
} from './clipboard-payload.ts';
import { pasteElements } from './selection-edits.ts';

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

/** A stroke, a labelled rectangle, a text box and an arrow with a label, in that stacking order. */
function boardOfEveryShape(): Y.Doc {
  const doc = new Y.Doc();
  const points = [
    { x: 0, y: 0, p: 0 },
    { x: 10, y: 5, p: 1 },
  ];
  drawStroke(doc, { id: 's', points, origin: null, color: '#e03131', width: 4 });
  addShape(doc, { id: 'r', type: 'rect', x: 20, y: 30, w: 40, h: 50, rot: 0.5, fill: 'semi' });
  elementText(doc, 'r')!.insert(0, 'box');
  addText(doc, { id: 't', x: 1, y: 2, w: 3, h: 4, text: 'words' });
  addShape(doc, { id: 'a', type: 'arrow', x: 5, y: 6, w: -7, h: 8 });
  elementText(doc, 'a')!.insert(0, 'to');
  return doc;
}

describe('clipboard text copied from the board', () => {
  // Other tabs and rooms, of this version and earlier ones, read this text: pinned to the byte.
  it('is the whiteboard/elements format, field for field and in order', () => {
    expect(encodePayload(listElements(boardOfEveryShape()))).toBe(
      '{"type":"whiteboard/elements","version":1,"elements":[' +
        '{"type":"stroke","color":"#e03131","width":4,"points":[0,0,0,10,5,1],"matrix":[1,0,0,1,0,0]},' +
        '{"type":"rect","color":"#1e1e1e","width":2,"x":20,"y":30,"w":40,"h":50,"rot":0.5,"fill":"semi","text":"box"},' +
        '{"type":"text","color":"#1e1e1e","width":2,"x":1,"y":2,"w":3,"h":4,"rot":0,"fill":"none","text":"words"},' +
        '{"type":"arrow","color":"#1e1e1e","width":2,"x":5,"y":6,"w":-7,"h":8,"text":"to"}]}',
    );
  });

  it('pastes back into every field a copy keeps', () => {
    const views = listElements(boardOfEveryShape());
    const read = decodePayload(encodePayload(views));
    expect(read).toMatchObject({ ok: true, skipped: 0 });
    if (!read.ok) return;
    // Pasted where it was copied from: centred on its own centre, so nothing moves.
    const bounds = payloadBounds(read.payload)!;
    const at = { x: (bounds.minX + bounds.maxX) / 2, y: (bounds.minY + bounds.maxY) / 2 };
    const pasted = new Y.Doc();
    let next = 0;
    const target = { author: 'bob', newId: () => `pasted-${next++}` };
    expect(pasteElements(pasted, read.payload, at, target, null)).toHaveLength(views.length);
    // Every field but who made it, when, and where it stacks, as copied.
    const copied = (view: ElementView) => ({
      ...view,
      id: expect.any(String),
      z: expect.any(Number),
      author: 'bob',
      createdAt: expect.any(Number),
    });
    expect(listElements(pasted)).toEqual(views.map(copied));
  });
});
