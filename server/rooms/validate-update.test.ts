import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ProtocolError } from '../protocol/messages.ts';
import { THROWS_WHEN_APPLIED, UNLOADABLE_SNAPSHOT } from '../test-support/poison-updates.ts';
import { validateUpdate } from './validate-update.ts';

/** The updates a client emits while drawing strokes: the first starts its history, the rest continue it. */
function strokeUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const strokes = doc.getArray<Y.Map<unknown>>('strokes');
  for (let i = 0; i < count; i++) {
    const stroke = new Y.Map<unknown>();
    stroke.set('points', new Uint8Array(192).fill(i));
    stroke.set('color', '#1e1e1e');
    strokes.push([stroke]);
  }
  strokes.delete(0, 1);
  return updates;
}

describe('validateUpdate', () => {
  it('accepts what a client sends while drawing and erasing: its first update and those continuing it', () => {
    const updates = strokeUpdates(5);
    expect(updates).toHaveLength(6);
    for (const update of updates) expect(() => validateUpdate(update)).not.toThrow();
  });

  it.each([
    ['throws when applied', THROWS_WHEN_APPLIED],
    ['leaves a state that cannot be loaded again', UNLOADABLE_SNAPSHOT],
  ])('refuses an update that %s', (_name, update) => {
    expect(() => validateUpdate(update)).toThrow(ProtocolError);
  });

  it('refuses every truncation of an update that continues a client’s history', () => {
    const continuing = strokeUpdates(3)[2]!;
    for (let length = 0; length < continuing.length; length++) {
      expect(() => validateUpdate(continuing.subarray(0, length)), `first ${length} bytes`).toThrow(
        ProtocolError,
      );
    }
  });
});
