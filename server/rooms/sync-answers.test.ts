import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ProtocolError, decodeClientMessage } from '../protocol/messages.ts';
import type { SharedFrames } from './shared-frames.ts';
import { SyncAnswers } from './sync-answers.ts';

/** A room document with `count` strokes from one author. */
function roomDoc(count: number): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let i = 0; i < count; i++) doc.getArray('strokes').push([`stroke-${i}`]);
  });
  return doc;
}

function stateVector(entries: readonly (readonly [number, number])[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [client, clock] of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

/** The one message of an answer: answers are shared (framed once), so they are SharedFrames. */
function messageOf(answer: SharedFrames): Uint8Array {
  expect(answer.kind).toBe('sync');
  expect(answer.messages).toHaveLength(1);
  return answer.messages[0]!;
}

/** The update inside a sync step 2 frame. */
function updateOf(frame: SharedFrames): Uint8Array {
  const decoder = decoding.createDecoder(messageOf(frame));
  expect([decoding.readVarUint(decoder), decoding.readVarUint(decoder)]).toEqual([0, 1]);
  return decoding.readVarUint8Array(decoder);
}

/** What a client holding `has` ends up with after applying the answer. */
function applied(has: Y.Doc, frame: SharedFrames): unknown[] {
  Y.applyUpdate(has, updateOf(frame));
  return has.getArray('strokes').toJSON();
}

describe('SyncAnswers', () => {
  it('answers an empty state vector with the full state, encoded once until the doc changes', () => {
    const doc = roomDoc(10);
    const answers = new SyncAnswers(doc);
    const first = answers.answer(Uint8Array.of(0));
    expect(first.encoded).toBe(true);
    expect(applied(new Y.Doc(), first.frame)).toEqual(doc.getArray('strokes').toJSON());
    const again = answers.answer(Uint8Array.of(0));
    expect(again).toEqual({ frame: first.frame, encoded: false });
    expect(again.frame).toBe(first.frame);
    doc.getArray('strokes').push(['late']);
    const after = answers.answer(Uint8Array.of(0));
    expect(after.encoded).toBe(true);
    expect(applied(new Y.Doc(), after.frame)).toContain('late');
  });

  it('answers a state vector naming only clients the room never saw with that same full state', () => {
    // Eight bytes that used to make the relay re-encode the whole room for each of them.
    const doc = roomDoc(10);
    const answers = new SyncAnswers(doc);
    const full = answers.answer(Uint8Array.of(0)).frame;
    for (let client = 1; client <= 5; client++) {
      const answer = answers.answer(stateVector([[987_654_000 + client, 5]]));
      expect(answer).toEqual({ frame: full, encoded: false });
      expect(answer.frame).toBe(full);
    }
  });

  it('answers a client that lacks half of the room or more with the full state', () => {
    const doc = roomDoc(10);
    const answers = new SyncAnswers(doc);
    const full = answers.answer(Uint8Array.of(0)).frame;
    const client = doc.clientID;
    // Ten strokes are ten items of one client: lacking five is half.
    expect(answers.answer(stateVector([[client, 5]])).frame).toBe(full);
    const lacksFour = answers.answer(stateVector([[client, 6]]));
    expect(lacksFour.frame).not.toBe(full);
    expect(lacksFour.encoded).toBe(true);
  });

  it('answers a client that has most of the room with the diff, kept for the same state vector', () => {
    const doc = roomDoc(10);
    const answers = new SyncAnswers(doc);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    doc.getArray('strokes').push(['new-1', 'new-2']);
    const peerVector = Y.encodeStateVector(peer);
    const diff = answers.answer(peerVector);
    expect(diff.encoded).toBe(true);
    expect(updateOf(diff.frame).byteLength).toBeLessThan(Y.encodeStateAsUpdate(doc).byteLength);
    expect(applied(peer, diff.frame)).toEqual(doc.getArray('strokes').toJSON());
    // Another client reconnecting with the same state vector shares the encoding…
    const same = answers.answer(Uint8Array.from(peerVector));
    expect(same).toEqual({ frame: diff.frame, encoded: false });
    expect(same.frame).toBe(diff.frame);
    // …until the doc changes.
    doc.getArray('strokes').delete(0, 1);
    const fresh = answers.answer(peerVector);
    expect(fresh.encoded).toBe(true);
    expect(applied(peer, fresh.frame)).toEqual(doc.getArray('strokes').toJSON());
  });

  it('gives the right answer to a client ahead of the room in places', () => {
    const doc = roomDoc(10);
    const answers = new SyncAnswers(doc);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    peer.getArray('strokes').push(['offline']);
    doc.getArray('strokes').push(['online']);
    const answer = answers.answer(Y.encodeStateVector(peer));
    expect(applied(peer, answer.frame)).toContain('online');
  });

  it('answers anything in an empty room with its (empty) full state', () => {
    const answers = new SyncAnswers(new Y.Doc());
    const { frame } = answers.answer(stateVector([[42, 7]]));
    expect(decodeClientMessage(messageOf(frame)).type).toBe('sync-step2');
  });

  it('refuses a state vector it cannot decode as malformed, in any room', () => {
    for (const doc of [new Y.Doc(), roomDoc(3)]) {
      expect(() => new SyncAnswers(doc).answer(Uint8Array.of(3, 0xff, 0xff, 0xff))).toThrow(
        ProtocolError,
      );
    }
  });

  it('measures the full state it hands out, and a seeded one without encoding', () => {
    const doc = roomDoc(10);
    const update = Y.encodeStateAsUpdate(doc);
    const answers = new SyncAnswers(doc);
    expect(answers.fullStateBytes).toBe(0);
    answers.seedFullState(update);
    const answer = answers.answer(Uint8Array.of(0));
    expect(answer.encoded).toBe(false);
    expect(updateOf(answer.frame)).toEqual(update);
    expect(answers.fullStateBytes).toBe(answer.frame.byteLength);
  });
});
