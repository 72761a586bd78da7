import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CHUNK_FORMAT, encodeChunk } from './points-codec.ts';
import {
  MAX_STROKE_WIDTH,
  StrokeField,
  isCssColor,
  strokesMap,
  type ModelProblem,
} from './schema.ts';
import { beginStroke, listStrokes, readStroke } from './strokes.ts';
import { CREATED_AT, drawStroke, line } from './test-support/drawing.ts';
import { FROM_PEER } from './test-support/peers.ts';

const ALICE = 'alice-local';

/** What a hostile or buggy peer could put in a stroke entry. */
function peerWrites(doc: Y.Doc, id: string, fields: Record<string, unknown>, chunks?: unknown[]) {
  doc.transact(() => {
    const stroke = new Y.Map<unknown>();
    strokesMap(doc).set(id, stroke);
    for (const [key, value] of Object.entries(fields)) stroke.set(key, value);
    const points = new Y.Array<unknown>();
    stroke.set(StrokeField.points, points);
    if (chunks) points.push(chunks);
  }, FROM_PEER);
}

const validFields = {
  [StrokeField.color]: '#336699',
  [StrokeField.width]: 3,
  [StrokeField.author]: 'mallory',
  [StrokeField.z]: 5,
  [StrokeField.done]: true,
  [StrokeField.createdAt]: CREATED_AT,
};

describe('a peer writes garbage into the board', () => {
  it.each([
    ['color', { color: 42 }, 'color is not a CSS colour'],
    ['color', { color: 'red; background: url(evil)' }, 'color is not a CSS colour'],
    ['width', { width: Number.NaN }, 'width is out of range'],
    ['width', { width: MAX_STROKE_WIDTH * 10 }, 'width is out of range'],
    ['width', { width: -1 }, 'width is out of range'],
    ['author', { author: '' }, 'author is missing'],
    ['z', { z: 1.5 }, 'z is not a safe integer'],
    ['z', { z: Number.POSITIVE_INFINITY }, 'z is not a safe integer'],
    ['done', { done: 'yes' }, 'done is not a boolean'],
    ['createdAt', { createdAt: '2025-01-01' }, 'createdAt is not a number'],
  ])('skips a stroke with a bad %s and says why', (_field, override, reason) => {
    const doc = new Y.Doc();
    drawStroke(doc, { id: 'good', points: line(3), origin: ALICE });
    peerWrites(doc, 'bad', { ...validFields, ...override });
    const problems: ModelProblem[] = [];
    expect(listStrokes(doc, (problem) => problems.push(problem)).map(({ id }) => id)).toEqual([
      'good',
    ]);
    expect(problems).toEqual([{ strokeId: 'bad', reason }]);
    expect(readStroke(doc, 'bad')).toBeNull();
  });

  it('skips entries that are not stroke maps at all', () => {
    const doc = new Y.Doc();
    const problems: ModelProblem[] = [];
    doc.transact(() => {
      strokesMap(doc).set('a-string', 'hello');
      strokesMap(doc).set('an-array', new Y.Array());
      strokesMap(doc).set('x'.repeat(500), new Y.Map());
    }, FROM_PEER);
    peerWrites(doc, 'points-not-array', validFields);
    strokesMap(doc).get('points-not-array');
    doc.transact(() => {
      const stroke = strokesMap(doc).get('points-not-array');
      if (stroke instanceof Y.Map) stroke.set(StrokeField.points, 'nope');
    }, FROM_PEER);
    expect(listStrokes(doc, (problem) => problems.push(problem))).toEqual([]);
    expect(problems.map(({ reason }) => reason).sort()).toEqual([
      'entry is not a Y.Map',
      'entry is not a Y.Map',
      'id is empty or too long',
      'points is not a Y.Array',
    ]);
  });

  it('keeps the good chunks of a stroke and reports the bad ones', () => {
    const doc = new Y.Doc();
    const good = encodeChunk([{ x: 1, y: 2, p: 1 }]);
    const undecodable = new Uint8Array([CHUNK_FORMAT, 9, 9]);
    peerWrites(doc, 'mixed', validFields, [good, 'not bytes', undecodable, 17, good]);
    const problems: ModelProblem[] = [];
    const stroke = readStroke(doc, 'mixed', (problem) => problems.push(problem));
    expect(Array.from(stroke?.points ?? [])).toEqual([1, 2, 1, 1, 2, 1]);
    expect(problems).toEqual([
      { strokeId: 'mixed', reason: '2 chunks are not bytes' },
      { strokeId: 'mixed', reason: 'byte chunk 1: Invalid point chunk: bad-count at byte 1' },
    ]);
  });

  it('still puts Alice’s next stroke on top when a peer wrote a bogus z', () => {
    const doc = new Y.Doc();
    peerWrites(doc, 'fractional', { ...validFields, z: 1e6 + 0.5 });
    peerWrites(doc, 'valid', { ...validFields, z: 7 });
    const meta = beginStroke(
      doc,
      { id: 'mine', color: 'black', width: 2, author: 'alice', firstPoints: line(1) },
      ALICE,
    );
    expect(meta.z).toBe(8);
  });

  it('ties rather than overflows when a peer took the largest safe z', () => {
    const doc = new Y.Doc();
    peerWrites(doc, 'top', { ...validFields, z: Number.MAX_SAFE_INTEGER });
    const meta = beginStroke(
      doc,
      { id: 'mine', color: 'black', width: 2, author: 'alice', firstPoints: line(1) },
      ALICE,
    );
    expect(meta.z).toBe(Number.MAX_SAFE_INTEGER);
    expect(listStrokes(doc).map(({ id }) => id)).toEqual(['mine', 'top']);
  });
});

describe('colours', () => {
  it.each([
    '#fff',
    '#ffff',
    '#1e1e1e',
    '#1e1e1e80',
    'rebeccapurple',
    'rgb(255, 0, 0)',
    'rgba(255 0 0 / 50%)',
    'hsl(120deg 50% 50%)',
    'oklch(0.7 0.1 200)',
  ])('accepts %s', (color) => {
    expect(isCssColor(color)).toBe(true);
  });

  it.each(['', '#ff', '#gggggg', 'url(x)', 'rgb(var(--x))', 'red;', `#${'f'.repeat(70)}`, 5])(
    'rejects %s',
    (color) => {
      expect(isCssColor(color)).toBe(false);
    },
  );
});
