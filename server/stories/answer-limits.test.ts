import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { encodeSyncStep1 } from '../protocol/messages.ts';
import { synced, waitFor } from '../test-support/clients.ts';
import { awarenessFrame, isSyncStep2, syncStep1Frame } from '../test-support/frames.ts';
import {
  Relay,
  closeOf,
  closedFor,
  expectRoomStillServes,
  twoPeopleDrawing,
  type Pair,
} from '../test-support/relay-harness.ts';
import { randomBytes, seededRandom } from '../../web/src/model/test-support/seeded-random.ts';

const ROOM = 'big-board';
const BURST = 4; // ANSWER_BURST_FULL_STATES, by default
const ASKS = 30; // well inside the message allowance of 5,000

let relay: Relay;
afterEach(async () => {
  await relay.stop();
});

/**
 * Alice and Bob draw in a room whose full state (400 KB) is above the 256 KiB under which a room
 * counts as that big, so that each copy of it costs a requester one full state.
 */
async function bigBoard(): Promise<Pair> {
  const pair = await twoPeopleDrawing(relay, ROOM);
  pair.alice.doc.getMap('scans').set('page-1', randomBytes(seededRandom(8), 400_000));
  await waitFor(() => pair.bob.doc.getMap('scans').has('page-1'), 'bob has the scan');
  return pair;
}

describe('a connection asking for copies of the room again and again', () => {
  beforeEach(async () => {
    relay = await Relay.start();
  });

  it.each([
    // 8 bytes each: every one re-encoded the whole room (34 ms and 1.9 MB on 10,000 strokes).
    ['step 1s naming clients the room never saw', (i: number) => syncStep1Frame([[9_000 + i, 5]])],
    // The cached full state: 188,000 times the bytes asked with.
    ['step 1s with an empty state vector', () => encodeSyncStep1(Uint8Array.of(0))],
  ])('%s: gets a few full states, then is closed with 1008', async (_name, frame) => {
    const pair = await bigBoard();
    const mallory = await relay.raw(ROOM);
    for (let i = 0; i < ASKS; i++) mallory.ws.send(frame(i));
    expect((await closeOf(mallory, 10_000)).code).toBe(CloseReason.answerBudget.code);
    // The burst, and one more on credit when the clock moved between answers.
    const answers = mallory.received.filter(isSyncStep2).length;
    expect(answers).toBeGreaterThanOrEqual(BURST);
    expect(answers).toBeLessThanOrEqual(BURST + 1);
    await expectRoomStillServes(relay, ROOM, pair);
    expect(await closedFor(relay.server, CloseReason.answerBudget.label)).toBe(1);
  });

  it('lets ten newcomers and a reconnecting client each have their copy', async () => {
    const pair = await bigBoard();
    const newcomers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => relay.joinSynced(ROOM, `newcomer-${i}`)),
    );
    const scan = Buffer.from(pair.alice.doc.getMap<Uint8Array>('scans').get('page-1')!);
    for (const person of newcomers) {
      // Compared as buffers: a deep equality of 400,000 elements takes a second each.
      const theirs = person.doc.getMap<Uint8Array>('scans').get('page-1');
      expect(theirs && scan.equals(theirs), `${person.name} has the scan`).toBe(true);
    }
    // A client that comes back with most of the room gets the rest as a diff.
    const returning = newcomers[0]!;
    returning.provider.disconnect();
    pair.alice.doc.getArray('strokes').push(['while-away']);
    returning.provider.connect();
    await waitFor(synced(returning), 'returning client synced');
    await waitFor(
      () => returning.doc.getArray('strokes').toJSON().includes('while-away'),
      'the stroke drawn while away',
    );
    expect(await closedFor(relay.server, CloseReason.answerBudget.label)).toBe(0);
    await expectRoomStillServes(relay, ROOM, pair);
  });
});

describe('a connection asking for everyone’s presence again and again', () => {
  beforeEach(async () => {
    // One state of 300 KB: above the 256 KiB a small room's answers are counted against.
    relay = await Relay.start({ MAX_PRESENCE_STATE_BYTES: String(400 * 1024) });
  });

  it('gets a few copies, then is closed with 1008', async () => {
    const pair = await twoPeopleDrawing(relay, ROOM);
    const poster = await relay.raw(ROOM);
    poster.ws.send(awarenessFrame([[77, JSON.stringify({ banner: 'x'.repeat(300_000) })]]));
    await waitFor(
      () => pair.bob.provider.awareness.getStates().has(77),
      'bob sees the big presence state',
    );
    const mallory = await relay.raw(ROOM);
    await waitFor(() => mallory.received.length >= 2, 'mallory joined: step 1 and presence');
    const joined = mallory.received.length;
    for (let i = 0; i < ASKS; i++) mallory.ws.send(Uint8Array.of(3));
    expect((await closeOf(mallory, 10_000)).code).toBe(CloseReason.answerBudget.code);
    const answers = mallory.received.length - joined;
    expect(answers).toBeGreaterThanOrEqual(BURST);
    expect(answers).toBeLessThanOrEqual(BURST + 1);
    expect(poster.ws.readyState).toBe(poster.ws.OPEN);
    await expectRoomStillServes(relay, ROOM, pair);
  });
});
