import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '../../../protocol/messages.ts';
import { ServerKnowledge, heldBy } from './server-knowledge.ts';

function frame(write: (encoder: encoding.Encoder) => void, type: number = MessageType.sync) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const step1 = (doc: Y.Doc) => frame((e) => syncProtocol.writeSyncStep1(e, doc));
const step2 = (doc: Y.Doc, sv?: Uint8Array) =>
  frame((e) => syncProtocol.writeSyncStep2(e, doc, sv));
const update = (bytes: Uint8Array) => frame((e) => syncProtocol.writeUpdate(e, bytes));

/** A doc whose client id is fixed, so ranges can be written down. */
function docOf(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

/** Every update `doc` emits from now on. */
function recordUpdates(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (bytes: Uint8Array) => updates.push(bytes));
  return updates;
}

const ranges = (knowledge: ServerKnowledge, which: 'structs' | 'deletions', client: number) =>
  knowledge[which].ranges(client).map(({ start, end }) => [start, end]);

describe('ServerKnowledge', () => {
  it("learns every client's structs below the clocks of the relay's state vector", () => {
    const relay = docOf(1);
    relay.getMap('m').set('a', 1);
    relay.getMap('m').set('b', 2);
    const knowledge = new ServerKnowledge();
    knowledge.connectionOpened();
    expect(knowledge.receive(step1(relay))).toEqual({ kind: 'step1', changed: true });
    expect(ranges(knowledge, 'structs', 1)).toEqual([[0, 2]]);
    expect(knowledge.confirmed).toBe(false);
    // The same vector again teaches nothing.
    expect(knowledge.receive(step1(relay)).changed).toBe(false);
  });

  it("learns an update's structs and its deletions, separately", () => {
    const doc = docOf(5);
    const updates = recordUpdates(doc);
    const map = doc.getMap('m');
    map.set('a', 1);
    map.set('b', 2);
    map.delete('a');
    const knowledge = new ServerKnowledge();
    for (const bytes of updates) knowledge.receive(update(bytes));
    expect(ranges(knowledge, 'structs', 5)).toEqual([[0, 2]]);
    expect(ranges(knowledge, 'deletions', 5)).toEqual([[0, 1]]);
  });

  it('counts a delete-only update as news, though it moves no state vector', () => {
    const doc = docOf(5);
    doc.getMap('m').set('a', 1);
    const knowledge = new ServerKnowledge();
    knowledge.receive(update(Y.encodeStateAsUpdate(doc)));
    const updates = recordUpdates(doc);
    doc.getMap('m').delete('a');
    const before = Y.encodeStateVector(doc);
    expect(updates).toHaveLength(1);
    expect(knowledge.receive(update(updates[0]!))).toEqual({ kind: 'update', changed: true });
    expect(knowledge.deletions.has(5, 0)).toBe(true);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('keeps an update that arrives before the one it follows, and joins them once the gap fills', () => {
    const doc = docOf(9);
    const updates = recordUpdates(doc);
    const map = doc.getMap('m');
    map.set('a', 1); // clock 0
    map.set('b', 2); // clock 1
    map.set('c', 3); // clock 2
    const knowledge = new ServerKnowledge();
    knowledge.receive(update(updates[0]!));
    knowledge.receive(update(updates[2]!));
    expect(ranges(knowledge, 'structs', 9)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(knowledge.structs.contiguousEnd(9)).toBe(1);
    knowledge.receive(update(updates[1]!));
    expect(ranges(knowledge, 'structs', 9)).toEqual([[0, 3]]);
  });

  it('does not count the gap a merged update skips over', () => {
    const doc = docOf(9);
    const updates = recordUpdates(doc);
    const map = doc.getMap('m');
    for (const key of ['a', 'b', 'c']) map.set(key, key);
    const merged = Y.mergeUpdates([updates[0]!, updates[2]!]);
    expect(Y.decodeUpdate(merged).structs.some((struct) => struct instanceof Y.Skip)).toBe(true);
    expect(heldBy(merged).structs.ranges(9)).toEqual([
      { start: 0, end: 1 },
      { start: 2, end: 3 },
    ]);
  });

  it("replaces what it remembered with the relay's step 1 and step 2 on each connection", () => {
    // Remembered from an earlier connection: client 1 up to clock 3, and a deletion.
    const knowledge = new ServerKnowledge();
    const earlier = docOf(1);
    const map = earlier.getMap('m');
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    map.delete('a');
    knowledge.receive(update(Y.encodeStateAsUpdate(earlier)));
    expect(ranges(knowledge, 'deletions', 1)).toEqual([[0, 1]]);

    // The relay now holds less (its data was restored from an older backup).
    const relay = docOf(1);
    relay.getMap('m').set('a', 1);
    knowledge.connectionOpened();
    knowledge.receive(step1(relay));
    // Until step 2 the old knowledge still answers, grown by what step 1 said.
    expect(ranges(knowledge, 'structs', 1)).toEqual([[0, 3]]);
    expect(knowledge.confirmed).toBe(false);

    expect(knowledge.receive(step2(relay, Y.encodeStateVector(earlier)))).toEqual({
      kind: 'step2',
      changed: true,
    });
    expect(knowledge.confirmed).toBe(true);
    expect(ranges(knowledge, 'structs', 1)).toEqual([[0, 1]]);
    expect(ranges(knowledge, 'deletions', 1)).toEqual([]);

    // Closing keeps what was learnt, but it is no longer current.
    knowledge.connectionClosed();
    expect(knowledge.confirmed).toBe(false);
    expect(ranges(knowledge, 'structs', 1)).toEqual([[0, 1]]);
  });

  it('keeps what updates between step 1 and step 2 taught', () => {
    const relay = docOf(1);
    relay.getMap('m').set('a', 1);
    const knowledge = new ServerKnowledge();
    knowledge.connectionOpened();
    knowledge.receive(step1(relay));
    const other = docOf(2);
    const updates = recordUpdates(other);
    other.getMap('m').set('z', 26);
    knowledge.receive(update(updates[0]!));
    Y.applyUpdate(relay, updates[0]!);
    knowledge.receive(step2(relay, Y.encodeStateVector(relay)));
    expect(knowledge.confirmed).toBe(true);
    expect(ranges(knowledge, 'structs', 2)).toEqual([[0, 1]]);
  });

  it('only adds what a step 2 holds when no step 1 came first, and is not confirmed by it', () => {
    const relay = docOf(1);
    relay.getMap('m').set('a', 1);
    const knowledge = new ServerKnowledge();
    knowledge.receive(update(Y.encodeStateAsUpdate(docOf(3))));
    knowledge.connectionOpened();
    expect(knowledge.receive(step2(relay)).kind).toBe('step2');
    expect(knowledge.confirmed).toBe(false);
    expect(ranges(knowledge, 'structs', 1)).toEqual([[0, 1]]);
  });

  it('ignores awareness and other messages, and never throws on bytes it cannot read', () => {
    const knowledge = new ServerKnowledge();
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    const presence = frame(
      (e) =>
        encoding.writeVarUint8Array(
          e,
          awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]),
        ),
      MessageType.awareness,
    );
    expect(knowledge.receive(presence)).toEqual({ kind: 'other', changed: false });
    expect(knowledge.receive(new Uint8Array([]))).toEqual({ kind: 'malformed', changed: false });
    expect(knowledge.receive(new Uint8Array([0, 7, 0]))).toEqual({
      kind: 'malformed',
      changed: false,
    });
    const truncated = update(Y.encodeStateAsUpdate(docOf(1)));
    expect(knowledge.receive(truncated.subarray(0, truncated.length - 1)).kind).toBe('malformed');
    // A well-framed update whose content is garbage.
    expect(knowledge.receive(update(new Uint8Array([5, 200, 1, 2]))).kind).toBe('malformed');
    expect(knowledge.structs.clientCount).toBe(0);
  });

  it('round-trips through the bytes kept on the device, and refuses what it cannot read', () => {
    const doc = docOf(4);
    doc.getMap('m').set('a', 1);
    doc.getMap('m').delete('a');
    doc.getMap('m').set('b', 1);
    const knowledge = new ServerKnowledge();
    knowledge.receive(update(Y.encodeStateAsUpdate(doc)));
    const bytes = knowledge.encode();
    const restored = ServerKnowledge.decode(bytes);
    expect(restored?.structs.equals(knowledge.structs)).toBe(true);
    expect(restored?.deletions.equals(knowledge.deletions)).toBe(true);

    const merged = new ServerKnowledge();
    expect(merged.merge(restored!)).toBe(true);
    expect(merged.merge(restored!)).toBe(false);

    expect(ServerKnowledge.decode(new Uint8Array([99, 0, 0]))).toBeNull(); // another version
    expect(ServerKnowledge.decode(bytes.subarray(0, bytes.length - 1))).toBeNull();
    expect(ServerKnowledge.decode(new Uint8Array([...bytes, 0]))).toBeNull();
  });
});
