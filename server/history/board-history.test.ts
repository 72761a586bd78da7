import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clearBoard, eraseStrokes } from '../../web/src/model/strokes.ts';
import { drawStrokes } from '../test-support/boards.ts';
import { BoardHistory } from './board-history.ts';
import { MemoryVersionStore } from './memory-version-store.ts';
import { DEFAULT_RETENTION } from './retention.ts';
import { KEYFRAME_EVERY } from './version-chain.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

const same = (a: Uint8Array, b: Uint8Array) => {
  const left = new Y.Doc();
  const right = new Y.Doc();
  Y.applyUpdate(left, a);
  Y.applyUpdate(right, b);
  return (
    JSON.stringify(left.getMap('strokes').toJSON()) ===
    JSON.stringify(right.getMap('strokes').toJSON())
  );
};

describe('a board history', () => {
  it('stores diffs with keyframes and reads every version back whole, also after thinning', async () => {
    let now = T0;
    const store = new MemoryVersionStore();
    const history = new BoardHistory(store, DEFAULT_RETENTION, () => now);
    const doc = new Y.Doc();
    const expected = new Map<string, Uint8Array>();
    // Two days of a board changing every 30 minutes: drawing, erasing, one clear.
    for (let step = 0; step < 96; step++) {
      drawStrokes(doc, 2, { prefix: `p${step}-`, seed: step + 1, pointsPerStroke: 8 });
      if (step % 7 === 3) eraseStrokes(doc, [`p${step}-0`], null);
      if (step === 30) clearBoard(doc, null);
      const named = step === 20;
      const saved = await history.save(
        'studio',
        doc,
        named ? 'named' : 'idle',
        named ? 'kept' : null,
      );
      expected.set(saved.id, Y.encodeStateAsUpdate(doc));
      now += 30 * 60_000;
    }
    const stored = await store.list('studio');
    expect(stored.filter((v) => v.frame === 'diff').length).toBeGreaterThan(stored.length / 2);
    let run = 0;
    for (const version of stored) {
      run = version.frame === 'key' ? 0 : run + 1;
      expect(run).toBeLessThan(KEYFRAME_EVERY);
    }
    // Thinned: all of the last day, one an hour before it, the named one kept.
    const listed = await history.list('studio');
    expect(listed.length).toBeLessThan(96);
    expect(listed.length).toBeGreaterThan(48 + 20);
    expect(listed.some((v) => v.name === 'kept')).toBe(true);
    expect(listed[0]!.at).toBeGreaterThan(listed.at(-1)!.at);
    for (const version of listed) {
      const read = await history.read('studio', version.id);
      expect(same(read!, expected.get(version.id)!)).toBe(true);
    }
    expect(listed[0]!.elements).toBe(doc.getMap('strokes').size);
    expect(await history.read('studio', '9999999999')).toBeUndefined();
  });

  it('saves the document as it was when asked, whatever happens while the store works', async () => {
    const history = new BoardHistory(new MemoryVersionStore(), DEFAULT_RETENTION, () => T0 + HOUR);
    const doc = new Y.Doc();
    drawStrokes(doc, 4);
    const before = Y.encodeStateAsUpdate(doc);
    const saving = history.save('studio', doc, 'before-mass-delete');
    clearBoard(doc, null);
    const saved = await saving;
    expect(saved.elements).toBe(4);
    expect(same((await history.read('studio', saved.id))!, before)).toBe(true);
  });
});
