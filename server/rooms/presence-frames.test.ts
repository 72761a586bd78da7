import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MAX_PRESENCE_ENTRIES_PER_FRAME } from '../protocol/awareness-update.ts';
import { encodeAwareness } from '../protocol/messages.ts';
import { encodePresenceFrames } from './presence-frames.ts';

/** A room's Awareness holding `states` (client id → state), as peers announced them. */
function roomWith(states: ReadonlyMap<number, unknown>): awarenessProtocol.Awareness {
  const source = new awarenessProtocol.Awareness(new Y.Doc());
  source.setLocalState(null);
  const room = new awarenessProtocol.Awareness(new Y.Doc());
  room.setLocalState(null);
  for (const [clientId, state] of states) {
    source.states.set(clientId, state as Record<string, unknown>);
    source.meta.set(clientId, { clock: 1 + (clientId % 5), lastUpdated: 0 });
  }
  awarenessProtocol.applyAwarenessUpdate(
    room,
    awarenessProtocol.encodeAwarenessUpdate(source, [...states.keys()]),
    'test',
  );
  return room;
}

/** The awareness update inside a frame. */
function payloadOf(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  expect(decoding.readVarUint(decoder)).toBe(1);
  return decoding.readVarUint8Array(decoder);
}

const entriesIn = (frame: Uint8Array): number =>
  decoding.readVarUint(decoding.createDecoder(payloadOf(frame)));

/** What a stock client ends up seeing after applying every frame. */
function seenAfter(frames: readonly Uint8Array[]): Map<number, unknown> {
  const client = new awarenessProtocol.Awareness(new Y.Doc());
  for (const frame of frames) awarenessProtocol.applyAwarenessUpdate(client, payloadOf(frame), 'x');
  const seen = new Map(client.getStates());
  seen.delete(client.clientID);
  return seen;
}

const limits = { maxPayload: 4 * 1024 * 1024 };

describe('encodePresenceFrames', () => {
  it('writes what encodeAwarenessUpdate writes, when everything fits one frame', () => {
    const states = new Map<number, unknown>([
      [1, { user: { name: 'Ann' }, cursor: { x: 1.5, y: -2 } }],
      [300, { user: { name: 'Zoë ✏️' }, cursor: null }],
      [2 ** 31, { tool: 'pen' }],
    ]);
    const room = roomWith(states);
    const ids = [...states.keys()];
    expect(encodePresenceFrames(room, ids, limits)).toEqual([
      encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room, ids)),
    ]);
  });

  it('writes a removed client as null with its clock, as encodeAwarenessUpdate does', () => {
    const room = roomWith(new Map([[7, { a: 1 }]]));
    awarenessProtocol.removeAwarenessStates(room, [7], 'test');
    expect(encodePresenceFrames(room, [7], limits)).toEqual([
      encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room, [7])),
    ]);
  });

  it('makes one frame of no states for no clients', () => {
    const room = roomWith(new Map());
    expect(encodePresenceFrames(room, [], limits)).toEqual([
      encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room, [])),
    ]);
  });

  it(`puts at most ${MAX_PRESENCE_ENTRIES_PER_FRAME} states in a frame`, () => {
    const count = 2 * MAX_PRESENCE_ENTRIES_PER_FRAME + 3;
    const states = new Map<number, unknown>(
      Array.from({ length: count }, (_, i) => [i + 1, { i }] as const),
    );
    const frames = encodePresenceFrames(roomWith(states), states.keys(), limits);
    expect(frames.map(entriesIn)).toEqual([
      MAX_PRESENCE_ENTRIES_PER_FRAME,
      MAX_PRESENCE_ENTRIES_PER_FRAME,
      3,
    ]);
    expect(seenAfter(frames)).toEqual(states);
  });

  it('keeps every frame within a quarter of the payload limit', () => {
    // The presence lockout: two 3 MB states made one 6 MB frame, whose echo the relay refused.
    const maxPayload = 64 * 1024;
    const states = new Map<number, unknown>(
      Array.from({ length: 10 }, (_, i) => [i + 1, { pad: 'x'.repeat(5000 + i) }] as const),
    );
    const frames = encodePresenceFrames(roomWith(states), states.keys(), { maxPayload });
    expect(frames.length).toBeGreaterThan(1);
    for (const frame of frames) expect(frame.byteLength).toBeLessThanOrEqual(maxPayload / 4);
    expect(seenAfter(frames)).toEqual(states);
  });

  it('sends a state larger than a quarter of the payload limit in a frame of its own', () => {
    const maxPayload = 16 * 1024;
    const states = new Map<number, unknown>([
      [1, { small: true }],
      [2, { pad: 'x'.repeat(6000) }],
      [3, { small: true }],
    ]);
    const frames = encodePresenceFrames(roomWith(states), states.keys(), { maxPayload });
    expect(frames.map(entriesIn)).toEqual([1, 1, 1]);
    expect(seenAfter(frames)).toEqual(states);
  });
});
