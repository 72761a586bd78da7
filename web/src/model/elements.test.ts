import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  deleteElements,
  elementCorners,
  elementText,
  hitTestElement,
  insideElementBox,
  listElements,
  readElement,
  setStyle,
  setTransforms,
  transformPatchFor,
  type ElementView,
  type TransformPatch,
} from './elements.ts';
import { ElementField, MIN_STROKE_WIDTH, strokesMap, type ModelProblem } from './schema.ts';
import { eraseStrokes, listStrokes } from './strokes.ts';
import { drawStroke, line } from './test-support/drawing.ts';
import { addShape, addText } from './test-support/elements.ts';
import { connectPeers, syncNow } from './test-support/peers.ts';
import { penTrace } from './test-support/pen-trace.ts';
import { seededRandom } from './test-support/seeded-random.ts';
import { translation, rotateAbout, type Affine } from './transform.ts';
import { createUndoManager } from './undo.ts';

const ALICE = { user: 'alice' };
const BOB = { user: 'bob' };

function must(view: ElementView | null): ElementView {
  if (view === null) throw new Error('element missing');
  return view;
}

function moveBy(doc: Y.Doc, id: string, dx: number, dy: number, origin: unknown): void {
  const view = must(readElement(doc, id));
  setTransforms(doc, new Map([[id, transformPatchFor(view, translation(dx, dy))]]), origin);
}

function recordUpdates(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return updates;
}

/** An entry as a later version of the app might write it: a kind this one does not know. */
function addFutureKind(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    strokesMap(doc).set(id, map);
    map.set(ElementField.type, 'frame');
    map.set(ElementField.color, '#1e1e1e');
    map.set(ElementField.width, 2);
    map.set(ElementField.author, 'carol');
    map.set(ElementField.z, 0);
    map.set(ElementField.createdAt, 1);
    map.set('children', ['s-1']);
  });
}

describe('a board of every kind', () => {
  it('lists strokes, shapes, text and notes in drawing order with their world bounds', () => {
    const doc = new Y.Doc();
    drawStroke(doc, { id: 's-1', points: line(5), origin: ALICE });
    addShape(doc, { id: 'r-1', type: 'rect', x: 10, y: 20, w: 100, h: 50, fill: 'semi' });
    addShape(doc, { id: 'l-1', type: 'line', x: 0, y: 0, w: -30, h: 40 });
    addText(doc, { id: 't-1', x: 5, y: 5, text: 'hello' });
    const views = listElements(doc);
    expect(views.map(({ id, type }) => [id, type])).toEqual([
      ['s-1', 'stroke'],
      ['r-1', 'rect'],
      ['l-1', 'line'],
      ['t-1', 'text'],
    ]);
    const [, rect, lineView, text] = views;
    expect(rect).toMatchObject({ fill: 'semi', text: '', rot: 0 });
    expect(rect?.bounds).toEqual({ minX: 9, minY: 19, maxX: 111, maxY: 71 });
    expect(lineView?.bounds).toEqual({ minX: -31, minY: -1, maxX: 1, maxY: 41 });
    expect(text).toMatchObject({ type: 'text', text: 'hello' });
  });

  it('reads a room written before elements existed unchanged: strokes without a type or matrix', () => {
    const doc = new Y.Doc();
    drawStroke(doc, { id: 'old', points: line(5), origin: null });
    const [stroke] = listElements(doc);
    const [old] = listStrokes(doc);
    expect(stroke?.type).toBe('stroke');
    if (stroke?.type !== 'stroke') return;
    expect(stroke.matrix).toEqual([1, 0, 0, 1, 0, 0]);
    expect(stroke.worldPoints).toEqual(old?.points);
  });
});

describe('a kind from a later version of the app', () => {
  it('is skipped and reported, and survives every edit this version makes around it', () => {
    const doc = new Y.Doc();
    addFutureKind(doc, 'f-1');
    addShape(doc, { id: 'r-1', type: 'rect' });
    const before = (strokesMap(doc).get('f-1') as Y.Map<unknown>).toJSON();
    const problems: ModelProblem[] = [];
    expect(listElements(doc, (p) => problems.push(p)).map(({ id }) => id)).toEqual(['r-1']);
    expect(problems).toEqual([
      { strokeId: 'f-1', reason: 'kind frame is unknown to this version: skipped and kept' },
    ]);

    const identity: TransformPatch = { kind: 'box', x: 1, y: 1, w: 1, h: 1, rot: 0 };
    setTransforms(doc, new Map([['f-1', identity]]), ALICE);
    setStyle(doc, ['f-1', 'r-1'], { color: '#e03131', fill: 'solid' }, ALICE);
    expect((strokesMap(doc).get('f-1') as Y.Map<unknown>).toJSON()).toEqual(before);
    expect(readElement(doc, 'r-1')).toMatchObject({ color: '#e03131', fill: 'solid' });
  });
});

describe('an older app that knows only strokes (today’s readStrokeRecord)', () => {
  it('skips every new kind as a malformed stroke, without throwing or writing', () => {
    const doc = new Y.Doc();
    drawStroke(doc, { id: 's-1', points: line(5), origin: null });
    for (const type of ['rect', 'ellipse', 'line', 'arrow', 'note'] as const) {
      addShape(doc, { id: type, type });
    }
    addText(doc, { id: 'text', text: 'hi' });
    const state = Y.encodeStateVector(doc);
    const problems: ModelProblem[] = [];
    expect(listStrokes(doc, (p) => problems.push(p)).map(({ id }) => id)).toEqual(['s-1']);
    expect(problems.map(({ strokeId }) => strokeId).sort()).toEqual(
      ['arrow', 'ellipse', 'line', 'note', 'rect', 'text'].sort(),
    );
    expect(Y.encodeStateVector(doc)).toEqual(state);
  });
});

describe('moving an element writes only its transform', () => {
  it('a 300-point stroke moves in tens of bytes, its points untouched', () => {
    const doc = new Y.Doc();
    drawStroke(doc, { id: 's', points: penTrace(seededRandom(7), 300), origin: ALICE });
    const whole = Y.encodeStateAsUpdate(doc).byteLength;
    const updates = recordUpdates(doc);
    moveBy(doc, 's', 12.5, -4, ALICE);
    moveBy(doc, 's', 3, 3, ALICE);
    const sizes = updates.map((u) => u.byteLength);
    console.info(`bytes per move of a 300-point stroke: ${sizes.join(', ')} (stroke: ${whole})`);
    for (const size of sizes) expect(size).toBeLessThan(100);
    const moved = must(readElement(doc, 's'));
    expect(moved).toMatchObject({ type: 'stroke', matrix: [1, 0, 0, 1, 15.5, -1] });
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeLessThan(whole + 200);
  });

  it('a rectangle moves in tens of bytes, only x and y written', () => {
    const doc = new Y.Doc();
    addShape(doc, { id: 'r', type: 'rect' });
    const updates = recordUpdates(doc);
    moveBy(doc, 'r', 10, 20, ALICE);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.byteLength).toBeLessThan(60);
    expect(readElement(doc, 'r')).toMatchObject({ x: 10, y: 20, w: 100, h: 50 });
  });
});

describe('two people edit one element at once', () => {
  function pair(): [Y.Doc, Y.Doc] {
    const a = new Y.Doc();
    const b = new Y.Doc();
    return [a, b];
  }

  it('a move and a recolour both survive', () => {
    const [a, b] = pair();
    const disconnect = connectPeers(a, b);
    drawStroke(a, { id: 's', points: line(5), origin: ALICE });
    addShape(a, { id: 'r', type: 'rect' }, ALICE);
    disconnect();
    moveBy(a, 's', 50, 0, ALICE);
    moveBy(a, 'r', 50, 0, ALICE);
    setStyle(b, ['s', 'r'], { color: '#e03131' }, BOB);
    syncNow(a, b);
    for (const doc of [a, b]) {
      expect(readElement(doc, 's')).toMatchObject({
        color: '#e03131',
        matrix: [1, 0, 0, 1, 50, 0],
      });
      expect(readElement(doc, 'r')).toMatchObject({ color: '#e03131', x: 50 });
    }
  });

  it('a delete and a move end with the element deleted everywhere', () => {
    const [a, b] = pair();
    const disconnect = connectPeers(a, b);
    addShape(a, { id: 'r', type: 'ellipse' }, ALICE);
    disconnect();
    moveBy(a, 'r', 5, 5, ALICE);
    deleteElements(b, ['r'], BOB);
    syncNow(a, b);
    expect(readElement(a, 'r')).toBeNull();
    expect(readElement(b, 'r')).toBeNull();
  });

  it('two people typing in one text box keep both their words', () => {
    const [a, b] = pair();
    const disconnect = connectPeers(a, b);
    addText(a, { id: 't', text: ' ' }, ALICE);
    disconnect();
    elementText(a, 't')!.insert(0, 'hello');
    elementText(b, 't')!.insert(1, 'world');
    syncNow(a, b);
    expect(must(readElement(a, 't'))).toMatchObject({ text: 'hello world' });
    expect(must(readElement(b, 't'))).toMatchObject({ text: 'hello world' });
  });
});

describe('undo', () => {
  it('takes back a move in one step, and a label typed in its own step, leaving a peer’s edits', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    connectPeers(a, b);
    const undo = createUndoManager(a, ALICE);
    undo.stopCapturing();
    addShape(a, { id: 'r', type: 'rect' }, ALICE);
    undo.stopCapturing();
    for (let i = 1; i <= 10; i++) moveBy(a, 'r', 1, 1, ALICE);
    undo.stopCapturing();
    a.transact(() => elementText(a, 'r')!.insert(0, 'label'), ALICE);
    setStyle(b, ['r'], { fill: 'solid' }, BOB);
    undo.undo();
    expect(readElement(a, 'r')).toMatchObject({ text: '', x: 10, fill: 'solid' });
    undo.undo();
    expect(readElement(b, 'r')).toMatchObject({ x: 0, y: 0, fill: 'solid' });
    undo.redo();
    expect(readElement(b, 'r')).toMatchObject({ x: 10, y: 10 });
  });
});

describe('malformed elements a peer wrote', () => {
  const withEntry = (edit: (map: Y.Map<unknown>) => void): [Y.Doc, ModelProblem[]] => {
    const doc = new Y.Doc();
    addShape(doc, { id: 'r', type: 'rect' });
    edit(strokesMap(doc).get('r') as Y.Map<unknown>);
    const problems: ModelProblem[] = [];
    expect(listElements(doc, (p) => problems.push(p))).toEqual([]);
    return [doc, problems];
  };

  it.each([
    ['a negative box size', (m: Y.Map<unknown>) => m.set(ElementField.w, -1)],
    ['x that is text', (m: Y.Map<unknown>) => m.set(ElementField.x, '1')],
    ['an infinite rotation', (m: Y.Map<unknown>) => m.set(ElementField.rot, Infinity)],
    ['a fill that is not one of three', (m: Y.Map<unknown>) => m.set(ElementField.fill, 'red')],
    ['text that is a string', (m: Y.Map<unknown>) => m.set(ElementField.text, 'x')],
    ['a type that is a number', (m: Y.Map<unknown>) => m.set(ElementField.type, 3)],
  ])('%s is skipped and reported', (_name, edit) => {
    const [, problems] = withEntry(edit);
    expect(problems).toHaveLength(1);
  });

  it('a stroke with a flattening matrix is skipped and reported', () => {
    const doc = new Y.Doc();
    drawStroke(doc, { id: 's', points: line(5), origin: null });
    (strokesMap(doc).get('s') as Y.Map<unknown>).set(ElementField.matrix, [0, 0, 0, 0, 1, 1]);
    const problems: ModelProblem[] = [];
    expect(listElements(doc, (p) => problems.push(p))).toEqual([]);
    expect(problems).toEqual([{ strokeId: 's', reason: 'm is not an invertible matrix' }]);
  });
});

describe('hit testing each kind', () => {
  const doc = new Y.Doc();
  drawStroke(doc, { id: 'stroke', points: line(11), origin: null });
  addShape(doc, { id: 'rect', type: 'rect', x: 100, y: 0, w: 100, h: 50 });
  addShape(doc, { id: 'filled', type: 'rect', x: 100, y: 100, w: 100, h: 50, fill: 'solid' });
  addShape(doc, { id: 'ellipse', type: 'ellipse', x: 300, y: 0, w: 100, h: 50 });
  addShape(doc, { id: 'arrow', type: 'arrow', x: 0, y: 300, w: 100, h: 0 });
  addText(doc, { id: 'text', x: 300, y: 300, w: 100, h: 40, text: 'hi' });
  addShape(doc, { id: 'note', type: 'note', x: 500, y: 0, w: 200, h: 200 });
  const view = (id: string) => must(readElement(doc, id));
  const hits = (id: string, x: number, y: number) => hitTestElement(view(id), { x, y }, 2);

  it('a stroke by its ink, after a move too', () => {
    const [, second] = line(11);
    expect(hits('stroke', second!.x, second!.y + 2)).toBe(true);
    expect(hits('stroke', second!.x, second!.y + 30)).toBe(false);
    moveBy(doc, 'stroke', 0, 30, null);
    expect(hits('stroke', second!.x, second!.y + 30)).toBe(true);
  });

  it('an unfilled rectangle by its outline, a filled one anywhere inside', () => {
    expect(hits('rect', 101, 25)).toBe(true);
    expect(hits('rect', 150, 25)).toBe(false);
    expect(hits('filled', 150, 125)).toBe(true);
    expect(hits('filled', 150, 160)).toBe(false);
  });

  it('an ellipse by its outline, not its box’s corner', () => {
    expect(hits('ellipse', 350, 0)).toBe(true);
    expect(hits('ellipse', 301, 1)).toBe(false);
    expect(hits('ellipse', 350, 25)).toBe(false);
  });

  it('an arrow by its shaft and head; text and notes anywhere inside', () => {
    expect(hits('arrow', 50, 301)).toBe(true);
    expect(hits('arrow', 50, 320)).toBe(false);
    expect(hits('text', 350, 320)).toBe(true);
    expect(hits('note', 600, 100)).toBe(true);
    expect(hits('note', 720, 100)).toBe(false);
  });

  it('a rotated rectangle where it is drawn, not where its unrotated box was', () => {
    const rect = view('rect');
    const quarter = rotateAbout({ x: 150, y: 25 }, Math.PI / 2);
    setTransforms(doc, new Map([['rect', transformPatchFor(rect, quarter)]]), null);
    const turned = view('rect');
    // Its long sides now run up and down through x = 125 and x = 175.
    expect(hitTestElement(turned, { x: 125, y: 60 }, 2)).toBe(true);
    expect(hitTestElement(turned, { x: 101, y: 25 }, 2)).toBe(false);
    const corners = elementCorners(turned);
    expect(corners[0].x).toBeCloseTo(175);
    expect(corners[0].y).toBeCloseTo(-25);
  });
});

describe('erasing', () => {
  it('removes every kind, unknown ones included', () => {
    const doc = new Y.Doc();
    addShape(doc, { id: 'r', type: 'rect' });
    addText(doc, { id: 't' });
    addFutureKind(doc, 'f');
    expect(eraseStrokes(doc, ['r', 't', 'f'], null)).toBe(3);
    expect(strokesMap(doc).size).toBe(0);
  });
});

describe('inside an element’s box', () => {
  it('counts the empty middle of a rotated rectangle, never a line', () => {
    const doc = new Y.Doc();
    addShape(doc, { id: 'r', type: 'rect', x: 0, y: 0, w: 100, h: 20, rot: Math.PI / 2 });
    addShape(doc, { id: 'l', type: 'line', x: 0, y: 0, w: 100, h: 100 });
    const rect = must(readElement(doc, 'r'));
    const lineView = must(readElement(doc, 'l'));
    if (rect.type === 'stroke' || lineView.type === 'stroke') throw new Error('not shapes');
    expect(insideElementBox(rect, { x: 50, y: 40 })).toBe(true);
    expect(insideElementBox(rect, { x: 90, y: 10 })).toBe(false);
    expect(insideElementBox(lineView, { x: 50, y: 50 })).toBe(false);
  });
});

describe('resizing a text box', () => {
  it('scales its words with it, by the lesser stretch, and a move or turn leaves them alone', () => {
    const doc = new Y.Doc();
    addText(doc, { id: 't', text: 'scale me', width: 2, w: 200, h: 40 });
    const text = () => readElement(doc, 't')!;
    const apply = (m: Affine) =>
      setTransforms(doc, new Map([['t', transformPatchFor(text(), m)]]), null);

    apply(translation(30, 10));
    apply(rotateAbout({ x: 130, y: 30 }, Math.PI / 3));
    expect(text().width).toBe(2);

    apply(rotateAbout({ x: 130, y: 30 }, -Math.PI / 3));
    // Twice as wide, three times as tall: the words double, and still fit the box.
    apply([2, 0, 0, 3, 0, 0]);
    expect(text()).toMatchObject({ w: 400, h: 120 });
    expect(text().width).toBeCloseTo(4);
    // A rectangle's outline keeps its width whatever its size.
    addShape(doc, { id: 'r', type: 'rect', width: 2 });
    const rect = readElement(doc, 'r')!;
    setTransforms(doc, new Map([['r', transformPatchFor(rect, [2, 0, 0, 2, 0, 0])]]), null);
    expect(readElement(doc, 'r')?.width).toBe(2);
  });

  it('keeps the font within the widths the model stores', () => {
    const doc = new Y.Doc();
    addText(doc, { id: 't', text: 'tiny', width: 0.02, w: 100, h: 20 });
    const shrunk = transformPatchFor(readElement(doc, 't')!, [0.01, 0, 0, 0.01, 0, 0]);
    expect(shrunk).toMatchObject({ kind: 'box', width: MIN_STROKE_WIDTH });
  });
});
