import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  randomBytes,
  randomInt,
  seededRandom,
} from '../../web/src/model/test-support/seeded-random.ts';
import {
  MessageType,
  ProtocolError,
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  type ClientMessage,
} from './messages.ts';

function drawnDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.getArray('strokes').push(['a', { points: [1, 2, 3] }]);
  doc.getMap('meta').set('title', 'sketch');
  return doc;
}

/** What the y-websocket client sends, built with y-protocols' own encoders. */
function reference(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function encode(message: ClientMessage): Uint8Array {
  switch (message.type) {
    case 'sync-step1':
      return encodeSyncStep1(message.stateVector);
    case 'sync-step2':
      return encodeSyncStep2(message.update);
    case 'sync-update':
      return encodeSyncUpdate(message.update);
    case 'awareness':
      return encodeAwareness(message.update);
    case 'query-awareness':
      return Uint8Array.of(MessageType.queryAwareness);
  }
}

function rejection(frame: Uint8Array | number[]): ProtocolError {
  try {
    decodeClientMessage(Uint8Array.from(frame));
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw new Error(`threw something other than a ProtocolError: ${String(error)}`, {
      cause: error,
    });
  }
  throw new Error(`decoded ${JSON.stringify(Array.from(frame))} instead of rejecting it`);
}

describe('decodeClientMessage round trips', () => {
  const doc = drawnDoc();
  const stateVector = Y.encodeStateVector(doc);
  const update = Y.encodeStateAsUpdate(doc);
  const presence = new awarenessProtocol.Awareness(doc);
  presence.setLocalState({ user: { name: 'Ada' }, cursor: { x: 1, y: 2 } });
  const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(presence, [doc.clientID]);

  it.each([
    ['sync step 1', encodeSyncStep1(stateVector), { type: 'sync-step1', stateVector }],
    ['sync step 2', encodeSyncStep2(update), { type: 'sync-step2', update }],
    ['sync update', encodeSyncUpdate(update), { type: 'sync-update', update }],
    ['awareness', encodeAwareness(awarenessUpdate), { type: 'awareness', update: awarenessUpdate }],
    ['query-awareness', Uint8Array.of(3), { type: 'query-awareness' }],
    [
      'an empty update',
      encodeSyncUpdate(new Uint8Array(0)),
      { type: 'sync-update', update: new Uint8Array(0) },
    ],
  ] as const)('%s', (_name, frame, expected) => {
    const decoded = decodeClientMessage(frame);
    expect(decoded).toEqual(expected);
    expect(encode(decoded)).toEqual(frame);
  });

  it('reads the frames y-protocols writes, as the stock client sends them', () => {
    const step1 = reference((encoder) => {
      encoding.writeVarUint(encoder, MessageType.sync);
      syncProtocol.writeSyncStep1(encoder, doc);
    });
    expect(decodeClientMessage(step1)).toEqual({ type: 'sync-step1', stateVector });
    const step2 = reference((encoder) => {
      encoding.writeVarUint(encoder, MessageType.sync);
      syncProtocol.writeSyncStep2(encoder, doc);
    });
    const decoded = decodeClientMessage(step2);
    expect(decoded.type).toBe('sync-step2');
    const replica = new Y.Doc();
    Y.applyUpdate(replica, (decoded as { update: Uint8Array }).update);
    expect(replica.getArray('strokes').toJSON()).toEqual(doc.getArray('strokes').toJSON());
    const updateFrame = reference((encoder) => {
      encoding.writeVarUint(encoder, MessageType.sync);
      syncProtocol.writeUpdate(encoder, update);
    });
    expect(decodeClientMessage(updateFrame)).toEqual({ type: 'sync-update', update });
  });

  it('writes what y-protocols reads', () => {
    const replica = new Y.Doc();
    for (const frame of [encodeSyncStep2(update), encodeSyncUpdate(update)]) {
      const decoder = decoding.createDecoder(frame);
      expect(decoding.readVarUint(decoder)).toBe(MessageType.sync);
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), replica, null);
    }
    expect(replica.getMap('meta').get('title')).toBe('sketch');
  });

  it('decodes a payload of multi-byte length', () => {
    const big = new Uint8Array(300).fill(7);
    const decoded = decodeClientMessage(encodeSyncUpdate(big));
    expect(decoded).toEqual({ type: 'sync-update', update: big });
  });

  it('accepts a non-minimal varint, which lib0 reads as the same number', () => {
    expect(decodeClientMessage(Uint8Array.of(0x83, 0x00))).toEqual({ type: 'query-awareness' });
  });
});

describe('decodeClientMessage rejects', () => {
  it.each([
    ['an empty frame', []],
    ['a truncated message type', [0x80]],
    ['a message type beyond 2^53', Array.from({ length: 10 }, () => 0xff)],
    ['a sync message without a step', [0]],
    ['a truncated sync step', [0, 0x80]],
    ['a sync step without a payload length', [0, 2]],
    ['a truncated payload length', [0, 2, 0xff]],
    ['a payload length beyond the frame', [0, 2, 0xff, 0x01]],
    ['a payload one byte short', [0, 0, 3, 1, 2]],
    ['an awareness message without a payload', [1]],
    ['an awareness length beyond the frame', [1, 5, 1]],
    ['trailing bytes after an update', [...encodeSyncUpdate(Uint8Array.of(0, 0)), 0]],
    ['trailing bytes after step 1', [0, 0, 1, 0, 9, 9]],
    ['trailing bytes after query-awareness', [3, 0]],
    ['two messages in one frame', [3, 3]],
  ])('%s as malformed', (_name, frame) => {
    expect(rejection(frame).kind).toBe('malformed');
  });

  it.each([
    ['an unknown message type', [7], /unknown message type 7/],
    ['an unknown two-byte message type', [0x80, 0x01], /unknown message type 128/],
    ['an unknown sync step', [0, 3, 0], /unknown sync step 3/],
    ['an auth message', [2, 0, 2, 0x68, 0x69], /auth/],
    ['a bare auth message', [2], /auth/],
  ] as const)('%s as unsupported', (_name, frame, message) => {
    const error = rejection([...frame]);
    expect(error.kind).toBe('unsupported');
    expect(error.message).toMatch(message);
  });

  it('names the lengths when a payload runs past the frame', () => {
    expect(rejection([0, 2, 0xff, 0x01]).message).toBe(
      'payload length 255 exceeds the 0 bytes left in the frame',
    );
    expect(rejection([0, 2, 1, 5, 9]).message).toBe('1 trailing bytes after the message');
  });
});

/** Random frames, some starting with a real header so that the decoder reads on past the type. */
function fuzzFrame(random: () => number): Uint8Array {
  const headers = [[], [0], [0, 0], [0, 1], [0, 2], [1], [2], [3], [0, 2, 4]];
  const header = headers[randomInt(random, headers.length)]!;
  const body = randomBytes(random, randomInt(random, 24));
  // Now and then a length that matches what follows, so well-formed frames turn up too.
  const framed =
    random() < 0.3 && header.length > 0 ? [...header, body.length, ...body] : [...header, ...body];
  return Uint8Array.from(framed);
}

describe('decodeClientMessage under fuzzing', () => {
  // Pinned seeds: a failure names its seed and frame, and reruns the same way.
  it.each([1, 2, 3, 20240601])('either decodes or throws ProtocolError, seed %i', (seed) => {
    const random = seededRandom(seed);
    const seen = { decoded: 0, malformed: 0, unsupported: 0 };
    for (let i = 0; i < 3000; i++) {
      const frame = fuzzFrame(random);
      let message: ClientMessage;
      try {
        message = decodeClientMessage(frame);
      } catch (error) {
        if (!(error instanceof ProtocolError)) {
          throw new Error(
            `seed ${seed}, frame ${Buffer.from(frame).toString('hex')}: ${String(error)}`,
            {
              cause: error,
            },
          );
        }
        seen[error.kind]++;
        continue;
      }
      seen.decoded++;
      // Whatever decodes re-encodes to a frame that decodes to the same message.
      expect(
        decodeClientMessage(encode(message)),
        `seed ${seed}, frame ${Buffer.from(frame).toString('hex')}`,
      ).toEqual(message);
    }
    // The generator reaches every outcome, or the loop proves little.
    expect(seen.decoded).toBeGreaterThan(50);
    expect(seen.malformed).toBeGreaterThan(50);
    expect(seen.unsupported).toBeGreaterThan(50);
  });
});
