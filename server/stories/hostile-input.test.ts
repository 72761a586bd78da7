import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseReason } from '../protocol/close-reasons.ts';
import {
  ProtocolError,
  decodeClientMessage,
  encodeAwareness,
  encodeSyncUpdate,
} from '../protocol/messages.ts';
import {
  Relay,
  binaryAttack as binary,
  expectSurvives,
  tcpSocketOf,
  type Attack,
} from '../test-support/relay-harness.ts';
import {
  randomBytes,
  randomInt,
  seededRandom,
} from '../../web/src/model/test-support/seeded-random.ts';

const ROOM = 'target';

/** Random bytes: most name an unknown message type, a few are cut short. */
const randomFrame = (seed: number): Uint8Array => {
  const random = seededRandom(seed);
  return randomBytes(random, 1 + randomInt(random, 40));
};

/** A sync or awareness header followed by random bytes, so the decoder has to read on. */
const HEADERS = [[0, 0], [0, 1], [0, 2], [1]];
const garbageAfterHeader = (seed: number): Uint8Array => {
  const random = seededRandom(seed);
  const header = HEADERS[randomInt(random, HEADERS.length)]!;
  return Uint8Array.from([...header, ...randomBytes(random, 1 + randomInt(random, 40))]);
};

/** A well-formed sync-update message whose Yjs update is random bytes. */
const randomYjsUpdate = (seed: number): Uint8Array => {
  const random = seededRandom(seed);
  return randomBytes(random, 1 + randomInt(random, 64));
};

const decodeKind = (frame: Uint8Array): 'malformed' | 'unsupported' | 'decodes' => {
  try {
    decodeClientMessage(frame);
    return 'decodes';
  } catch (error) {
    if (error instanceof ProtocolError) return error.kind;
    throw error;
  }
};

function validUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getArray('strokes').push(['legit']);
  return Y.encodeStateAsUpdate(doc);
}

function awarenessWithState(json: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // one entry
  encoding.writeVarUint(encoder, 424242); // client id
  encoding.writeVarUint(encoder, 1); // clock
  encoding.writeVarString(encoder, json);
  return encodeAwareness(encoding.toUint8Array(encoder));
}

function authMessage(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}

// Regression seeds, pinned: each is checked below to be malformed (or unsupported) as claimed.
const MALFORMED_RANDOM_SEEDS = [35];
const UNSUPPORTED_RANDOM_SEEDS = [2, 7, 11];
const GARBAGE_AFTER_HEADER_SEEDS = [1, 2, 11, 26];
const RANDOM_YJS_UPDATE_SEEDS = [1, 2, 3];

const malformed: Attack[] = [
  ...MALFORMED_RANDOM_SEEDS.map((seed) => binary(`random bytes, seed ${seed}`, randomFrame(seed))),
  ...GARBAGE_AFTER_HEADER_SEEDS.map((seed) =>
    binary(`garbage after a sync/awareness header, seed ${seed}`, garbageAfterHeader(seed)),
  ),
  binary('a truncated message type varint', [0x80]),
  binary('a truncated sync step varint', [0, 0x80]),
  binary('a truncated payload length varint', [0, 2, 0xff]),
  binary(
    'a message type varint beyond 2^53',
    Array.from({ length: 10 }, () => 0xff),
  ),
  binary('a sync message without its step', [0]),
  binary('an awareness message without its payload', [1]),
  binary('a payload length beyond the frame', [0, 2, 0xff, 0x01]),
  binary('an awareness length beyond the frame', [1, 5, 1]),
  binary('trailing bytes after a valid update', [...encodeSyncUpdate(validUpdate()), 0]),
  binary('trailing bytes after query-awareness', [3, 0]),
  binary('an undecodable Yjs update', [0, 2, 5, 0xff, 0xff, 0xff, 0xff, 0x0f]),
  binary('an undecodable Yjs update in sync step 2', [0, 1, 2, 0xff, 0xff]),
  ...RANDOM_YJS_UPDATE_SEEDS.map((seed) =>
    binary(`a random Yjs update, seed ${seed}`, encodeSyncUpdate(randomYjsUpdate(seed))),
  ),
  binary('an undecodable state vector in sync step 1', [0, 0, 3, 0xff, 0xff, 0xff]),
  binary('an undecodable awareness update', [1, 3, 0xff, 0xff, 0xff]),
  binary('an awareness state that is not JSON', awarenessWithState('{not json')),
  {
    name: 'a text frame that is not UTF-8',
    send: (raw) => raw.ws.send(Buffer.from([0xc3, 0x28, 0xff]), { binary: false }),
  },
];

const unsupported: Attack[] = [
  ...UNSUPPORTED_RANDOM_SEEDS.map((seed) =>
    binary(`random bytes, seed ${seed}`, randomFrame(seed)),
  ),
  binary('an unknown message type', [7]),
  binary('an unknown two-byte message type', [0x80, 0x01]),
  binary('an unknown sync step', [0, 3, 0]),
  binary('an auth message from a client', authMessage('let me in')),
  binary('a bare auth message', [2]),
  { name: 'a text frame', send: (raw) => raw.ws.send('hello') },
  {
    name: 'a text frame holding a sync message',
    send: (raw) => raw.ws.send('\u0000\u0000\u0001\u0000'),
  },
];

/** Bytes written straight to TCP, around ws's framing: what a broken or malicious client could send. */
const brokenFraming: Attack[] = [
  {
    name: 'an unmasked client frame',
    send: (raw) => tcpSocketOf(raw.ws).write(Buffer.from([0x82, 0x01, 0x03])),
  },
  {
    name: 'a reserved opcode',
    send: (raw) => tcpSocketOf(raw.ws).write(Buffer.from([0x83, 0x81, 0, 0, 0, 0, 0x03])),
  },
];

let relay: Relay;
beforeEach(async () => {
  relay = await Relay.start();
});
afterEach(async () => {
  await relay.stop();
});

describe('pinned fuzz seeds still mean what the tests say', () => {
  it('classifies each pinned frame as claimed', () => {
    for (const seed of MALFORMED_RANDOM_SEEDS)
      expect(decodeKind(randomFrame(seed))).toBe('malformed');
    for (const seed of UNSUPPORTED_RANDOM_SEEDS)
      expect(decodeKind(randomFrame(seed))).toBe('unsupported');
    for (const seed of GARBAGE_AFTER_HEADER_SEEDS)
      expect(decodeKind(garbageAfterHeader(seed))).toBe('malformed');
    for (const seed of RANDOM_YJS_UPDATE_SEEDS) {
      expect(decodeKind(encodeSyncUpdate(randomYjsUpdate(seed)))).toBe('decodes');
      expect(() => Y.decodeUpdate(randomYjsUpdate(seed))).toThrow();
    }
  });
});

describe('a malformed frame closes only its sender, with 1007', () => {
  it.each(malformed)('$name', (attack) =>
    expectSurvives(
      relay,
      ROOM,
      attack,
      CloseReason.invalidPayload.code,
      CloseReason.invalidPayload.label,
    ),
  );
});

describe('a message the relay does not speak closes only its sender, with 1003', () => {
  it.each(unsupported)('$name', (attack) =>
    expectSurvives(
      relay,
      ROOM,
      attack,
      CloseReason.unsupportedData.code,
      CloseReason.unsupportedData.label,
    ),
  );
});

describe('a frame that breaks WebSocket framing closes only its sender, with 1002', () => {
  it.each(brokenFraming)('$name', (attack) =>
    expectSurvives(relay, ROOM, attack, 1002, 'socket_error'),
  );
});
