import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from '../protocol/messages.ts';
import { Capability, FULL_ACCESS, READ_ONLY, accessWith } from './access.ts';
import { gate } from './message-gate.ts';

const stroke = (() => {
  const doc = new Y.Doc();
  doc.getArray('strokes').push(['line']);
  return Y.encodeStateAsUpdate(doc);
})();
const nothingNew = Y.encodeStateAsUpdate(new Y.Doc());

const message = (frame: Uint8Array) => decodeClientMessage(frame);
const change = [
  ['a step 2 with content', message(encodeSyncStep2(stroke))],
  ['an update', message(encodeSyncUpdate(stroke))],
] as const;
const reading = [
  ['a step 1', message(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))],
  // Every client answers the server's step 1 with one, empty when it has nothing new.
  ['an empty step 2', message(encodeSyncStep2(nothingNew))],
  ['an empty update', message(encodeSyncUpdate(nothingNew))],
  ['a query for presence', message(Uint8Array.of(3))],
] as const;
const presence = message(encodeAwareness(Uint8Array.of(0)));

describe('access values', () => {
  it('are shared: the same capabilities in any order give the same value', () => {
    expect(accessWith(Capability.presenceWrite, Capability.docWrite)).toBe(FULL_ACCESS);
    expect(accessWith(Capability.docWrite, Capability.docWrite)).toBe(
      accessWith(Capability.docWrite),
    );
    expect(accessWith()).toBe(READ_ONLY);
  });

  it('cannot be changed by whoever holds one', () => {
    expect(Object.isFrozen(READ_ONLY)).toBe(true);
    expect(Object.isFrozen(READ_ONLY.capabilities)).toBe(true);
    expect(READ_ONLY.has(Capability.docWrite)).toBe(false);
    expect(FULL_ACCESS.capabilities).toEqual([Capability.docWrite, Capability.presenceWrite]);
  });
});

describe('the message gate', () => {
  it.each([...change, ...reading, ['presence', presence] as const])(
    'delivers %s from a connection with full access',
    (_name, msg) => {
      expect(gate(FULL_ACCESS, msg)).toEqual({ kind: 'deliver' });
    },
  );

  it.each(reading)('delivers %s from a read-only connection: reading needs nothing', (_n, msg) => {
    expect(gate(READ_ONLY, msg)).toEqual({ kind: 'deliver' });
  });

  it.each(change)('drops %s from a connection without doc:write, with no echo', (_n, msg) => {
    expect(gate(READ_ONLY, msg)).toEqual({ kind: 'drop', missing: 'doc:write', echo: false });
    expect(gate(accessWith(Capability.presenceWrite), msg)).toMatchObject({ kind: 'drop' });
  });

  it('drops presence from a connection without presence:write, echoing it to its sender alone', () => {
    expect(gate(READ_ONLY, presence)).toEqual({
      kind: 'drop',
      missing: 'presence:write',
      echo: true,
    });
    // A viewer whose cursor others may see.
    expect(gate(accessWith(Capability.presenceWrite), presence)).toEqual({ kind: 'deliver' });
  });
});
