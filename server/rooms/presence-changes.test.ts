import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { AwarenessEntry } from '../protocol/awareness-update.ts';
import { seededRandom } from '../../web/src/model/test-support/seeded-random.ts';
import { isRemoval, presenceChanges } from './presence-changes.ts';

/** A server-side Awareness, as a room holds it: no state of its own. */
function roomAwareness(): awarenessProtocol.Awareness {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(null);
  return awareness;
}

function frameOf(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, json } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}

const entry = (clientId: number, clock: number, json: string): AwarenessEntry => ({
  clientId,
  clock,
  json,
  bytes: Buffer.byteLength(json),
});

/** Each client's clock and state JSON, as the Awareness holds them. */
function held(awareness: awarenessProtocol.Awareness): Map<number, string> {
  const all = new Map<number, string>();
  for (const [clientId, { clock }] of awareness.meta) {
    all.set(clientId, `${clock} ${JSON.stringify(awareness.states.get(clientId) ?? null)}`);
  }
  return all;
}

/** Applies the frame with y-protocols; returns the clients whose clock or state it changed. */
function appliedBy(awareness: awarenessProtocol.Awareness, entries: AwarenessEntry[]): number[] {
  const before = held(awareness);
  awarenessProtocol.applyAwarenessUpdate(awareness, frameOf(entries), 'test');
  const changed: number[] = [];
  for (const [clientId, now] of held(awareness)) {
    if (before.get(clientId) !== now) changed.push(clientId);
  }
  return changed;
}

describe('presenceChanges', () => {
  it('ignores an echo of states the room already holds, as y-protocols does', () => {
    const awareness = roomAwareness();
    const states = [entry(1, 3, '{"a":1}'), entry(2, 7, '{"b":2}')];
    expect([...presenceChanges(awareness, states).keys()]).toEqual([1, 2]);
    appliedBy(awareness, states);
    expect(presenceChanges(awareness, states).size).toBe(0);
    expect(appliedBy(awareness, states)).toEqual([]);
  });

  it('follows a client named twice in one frame to what the frame leaves', () => {
    const awareness = roomAwareness();
    const changes = presenceChanges(awareness, [
      entry(1, 1, '{"big":"xxxxxxxxxxxxxxxxxxxxxx"}'),
      entry(1, 1, '{}'), // same clock: y-protocols keeps the first
      entry(2, 1, '{}'),
      entry(2, 2, 'null'),
    ]);
    expect(changes.get(1)).toEqual({ clock: 1, bytes: 32 });
    expect(changes.get(2)).toEqual({ clock: 2, bytes: null });
  });

  it.each([' null', 'null\n', '\tnull\r'])('reads %j as a removal, as JSON.parse does', (json) => {
    expect(isRemoval(json)).toBe(true);
    expect(JSON.parse(json)).toBeNull();
  });

  it.each(['"null"', 'nul', '{"null":1}', '[null]'])('reads %j as a state', (json) => {
    expect(isRemoval(json)).toBe(false);
  });

  // The contract: on any sequence of frames, the clients predicted to change are exactly those
  // whose clock or state y-protocols then changes, and a predicted state is one it then holds.
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('agrees with applyAwarenessUpdate, seed %i', (seed) => {
    const random = seededRandom(seed);
    const pick = (n: number) => Math.floor(random() * n);
    const awareness = roomAwareness();
    const clocks = new Map<number, number>();
    for (let round = 0; round < 200; round++) {
      const entries = Array.from({ length: 1 + pick(4) }, () => {
        const clientId = 1 + pick(6);
        const known = clocks.get(clientId) ?? 0;
        const clock = Math.max(0, known + pick(3) - 1);
        clocks.set(clientId, Math.max(known, clock));
        return entry(clientId, clock, pick(3) === 0 ? 'null' : JSON.stringify({ n: pick(10) }));
      });
      const predicted = presenceChanges(awareness, entries);
      expect(appliedBy(awareness, entries).sort(), JSON.stringify(entries)).toEqual(
        [...predicted.keys()].sort(),
      );
      for (const [clientId, { clock, bytes }] of predicted) {
        expect(awareness.meta.get(clientId)?.clock).toBe(clock);
        expect(awareness.states.has(clientId)).toBe(bytes !== null);
      }
    }
  });
});
