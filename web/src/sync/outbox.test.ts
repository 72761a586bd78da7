import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { ManualClock } from '../timing/test-support/manual-clock.ts';
import {
  Outbox,
  RELAY_MAX_PAYLOAD_BYTES,
  SEND_BURST_BYTES,
  SEND_BYTES_PER_SECOND,
} from './outbox.ts';

const MB = 1_000_000;

/** A y-protocols sync frame, as y-websocket writes it. */
function syncFrame(step: number, update: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The update a document made for one transaction. */
function updateOf(doc: Y.Doc, change: () => void): Uint8Array {
  let update: Uint8Array | null = null;
  const keep = (u: Uint8Array) => (update = u);
  doc.on('update', keep);
  doc.transact(change);
  doc.off('update', keep);
  return update!;
}

function setup(withhold = false) {
  const timers = new ManualClock();
  const sent: { at: number; frame: Uint8Array }[] = [];
  const events = { documents: 0, unsendable: [] as number[] };
  const outbox = new Outbox(
    { transmit: (frame) => sent.push({ at: timers.now(), frame }), open: true },
    {
      timers,
      now: () => timers.now(),
      withhold: () => withhold,
      sentDocument: () => events.documents++,
      unsendable: (bytes) => events.unsendable.push(bytes),
    },
  );
  return { timers, sent, events, outbox };
}

/** The awareness frame y-websocket sends when the user's cursor moves to `x`. */
function cursorFrame(awareness: Awareness, x: number): Uint8Array<ArrayBuffer> {
  awareness.setLocalStateField('cursor', { x, y: 2 * x });
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [awareness.clientID]));
  return encoding.toUint8Array(encoder);
}

const isAwareness = (frame: Uint8Array): boolean => frame[0] === 1;

/** What a relay would hold after applying the sent update frames in order. */
function relayHolding(sent: readonly { frame: Uint8Array }[]): Y.Doc {
  const relay = new Y.Doc();
  for (const { frame } of sent) {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) === 0) continue;
    Y.applyUpdate(relay, decoding.readVarUint8Array(decoder));
  }
  return relay;
}

describe('Outbox', () => {
  it('sends a 5.2 MB change as pieces the relay takes, in order, paced', () => {
    const { timers, sent, events, outbox } = setup();
    const doc = new Y.Doc();
    const update = updateOf(doc, () => {
      doc.getMap('strokes').set('a', new Uint8Array(2.6 * MB));
      doc.getMap('strokes').set('b', new Uint8Array(2.6 * MB));
    });
    outbox.send(syncFrame(2, update));
    outbox.send(
      syncFrame(
        2,
        updateOf(doc, () => doc.getMap('strokes').set('c', 1)),
      ),
    );
    // The first piece goes at once; the second waits until the byte budget allows it.
    expect(sent).toHaveLength(1);
    timers.advance(5000);
    expect(sent.length).toBe(3);
    for (const { frame } of sent)
      expect(frame.byteLength).toBeLessThanOrEqual(RELAY_MAX_PAYLOAD_BYTES);
    expect(events.documents).toBe(3);
    const held = relayHolding(sent).getMap<unknown>('strokes');
    expect([...held.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect((held.get('b') as Uint8Array).byteLength).toBe(2.6 * MB);
  });

  it('never sends faster than its byte budget, whatever a change holds', () => {
    const { timers, sent, outbox } = setup();
    const doc = new Y.Doc();
    const update = updateOf(doc, () => {
      for (let i = 0; i < 2000; i++) doc.getMap('strokes').set(`s${i}`, new Uint8Array(10_000));
    });
    outbox.send(syncFrame(1, update));
    timers.advance(60_000);
    let total = 0;
    for (const { at, frame } of sent) {
      total += frame.byteLength;
      expect(frame.byteLength).toBeLessThanOrEqual(1024 * 1024);
      expect(total).toBeLessThanOrEqual(SEND_BURST_BYTES + (at * SEND_BYTES_PER_SECOND) / 1000);
    }
    expect(sent.length).toBeGreaterThan(19);
    expect(relayHolding(sent).getMap('strokes').size).toBe(2000);
  });

  it('does not send a change holding a piece larger than the relay takes, and says so', () => {
    const { sent, events, outbox } = setup();
    const doc = new Y.Doc();
    outbox.send(
      syncFrame(
        2,
        updateOf(doc, () => doc.getMap('m').set('x', new Uint8Array(5 * MB))),
      ),
    );
    expect(sent).toEqual([]);
    expect(events.unsendable).toHaveLength(1);
    expect(events.unsendable[0]).toBeGreaterThan(RELAY_MAX_PAYLOAD_BYTES);
  });

  it('while withholding, drops document updates and sends everything else', () => {
    const { sent, events, outbox } = setup(true);
    const doc = new Y.Doc();
    outbox.send(
      syncFrame(
        2,
        updateOf(doc, () => doc.getMap('m').set('x', 1)),
      ),
    );
    const stateVector = syncFrame(0, Y.encodeStateVector(doc));
    const awareness = new Uint8Array([1, 1, 0]);
    outbox.send(stateVector);
    outbox.send(awareness);
    expect(sent.map(({ frame }) => frame)).toEqual([stateVector, awareness]);
    expect(events.documents).toBe(0);
  });

  it('sends presence at once while a 10 MB change goes out, and the change still in order', () => {
    const { timers, sent, outbox } = setup();
    const doc = new Y.Doc();
    const strokes = doc.getMap<unknown>('strokes');
    const big = updateOf(doc, () => {
      for (let i = 0; i < 100; i++) strokes.set(`s${i}`, new Uint8Array(MB / 10));
    });
    const after = updateOf(doc, () => strokes.delete('s0'));
    outbox.send(syncFrame(2, big));
    outbox.send(syncFrame(2, after));
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalState({ user: { name: 'Ada' } });
    // The cursor moves every 100 ms for 20 s, the change taking about 12 of them.
    const presence = new Map<Uint8Array, number>();
    for (let t = 0; t < 20_000; t += 100) {
      const frame = cursorFrame(awareness, t);
      presence.set(frame, timers.now());
      outbox.send(frame);
      timers.advance(100);
    }
    expect(outbox.queued).toBe(0);
    const documents = sent.filter(({ frame }) => !isAwareness(frame));
    expect(documents.at(-1)!.at).toBeGreaterThan(10_000);

    // Each presence frame left within a few milliseconds (it waited 12 s behind the change).
    for (const { at, frame } of sent) {
      if (isAwareness(frame)) expect(at - presence.get(frame)!).toBeLessThanOrEqual(5);
    }
    expect(sent.filter(({ frame }) => isAwareness(frame))).toHaveLength(presence.size);
    // Presence counts against the same budget.
    let total = 0;
    for (const { at, frame } of sent) {
      total += frame.byteLength;
      expect(total).toBeLessThanOrEqual(SEND_BURST_BYTES + (at * SEND_BYTES_PER_SECOND) / 1000);
    }
    // Document frames in the order sent: no piece waits for a later one.
    const relay = new Y.Doc();
    for (const { frame } of documents) {
      Y.applyUpdate(relay, readUpdate(frame));
      expect(relay.store.pendingStructs).toBeNull();
    }
    expect(relay.getMap('strokes').size).toBe(99);
    awareness.destroy();
  });

  it('makes presence pay for its bytes: behind a spent budget, a flood of it waits its turn', () => {
    const { timers, sent, outbox } = setup();
    const doc = new Y.Doc();
    const strokes = doc.getMap<unknown>('strokes');
    outbox.send(
      syncFrame(
        2,
        updateOf(doc, () => {
          for (let i = 0; i < 40; i++) strokes.set(`s${i}`, new Uint8Array(MB / 10));
        }),
      ),
    );
    const awareness = new Awareness(new Y.Doc());
    // 10,000 frames of about 45 bytes: more than the 4 MB change left of the 4 MiB burst.
    for (let x = 0; x < 10_000; x++) outbox.send(cursorFrame(awareness, x));
    expect(outbox.queued).toBeGreaterThan(0);
    timers.advance(10_000);
    expect(outbox.queued).toBe(0);
    expect(sent.filter(({ frame }) => isAwareness(frame))).toHaveLength(10_000);
    let total = 0;
    for (const { at, frame } of sent) {
      total += frame.byteLength;
      expect(total).toBeLessThanOrEqual(SEND_BURST_BYTES + (at * SEND_BYTES_PER_SECOND) / 1000);
    }
    awareness.destroy();
  });
});

function readUpdate(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}
