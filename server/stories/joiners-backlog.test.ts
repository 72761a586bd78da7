import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseReason } from '../protocol/close-reasons.ts';
import { encodeSyncStep1 } from '../protocol/messages.ts';
import { waitFor } from '../test-support/clients.ts';
import { awarenessFrame, isSyncStep2 } from '../test-support/frames.ts';
import type { RawSocket } from '../test-support/raw-socket.ts';
import {
  Relay,
  STROKES,
  closedFor,
  strokesOf,
  twoPeopleDrawing,
  within,
  type Pair,
} from '../test-support/relay-harness.ts';

const ROOM = 'atlas';
const MiB = 1024 * 1024;
const STROKE_BYTES = 256 * 1024;
/** Far below a copy of the room, so that four joiners' copies would pass it many times over. */
const BUDGET = 4 * MiB;
/** Far beyond the budget plus what loopback buffers absorb; reaching it means nobody was closed. */
const GIVE_UP_AFTER_BYTES = 64 * MiB;
/** These tests are about bytes queued to send: the inbound byte budgets would only slow Alice. */
const UNTHROTTLED = {
  TRUST_PROXY: '127.0.0.1',
  RATE_LIMIT_BYTES_PER_SECOND: String(1 << 30),
  ROOM_RATE_LIMIT_BYTES_PER_SECOND: String(1 << 30),
  IP_RATE_LIMIT_BYTES_PER_SECOND: String(1 << 30),
};
const from = (address: string): WebSocket.ClientOptions => ({
  headers: { 'x-forwarded-for': address },
});

interface Budget {
  readonly name: string;
  readonly env: Record<string, string>;
  /** Where the joiners connect from. */
  readonly addresses: readonly string[];
  readonly reason: CloseReason;
}

const BUDGETS: readonly Budget[] = [
  {
    name: 'of one address',
    env: { MAX_BUFFERED_BYTES_PER_IP: String(BUDGET) },
    addresses: ['203.0.113.7', '203.0.113.7', '203.0.113.7', '203.0.113.7'],
    reason: CloseReason.addressBacklog,
  },
  {
    name: 'of the whole server',
    env: { MAX_TOTAL_BUFFERED_BYTES: String(BUDGET) },
    addresses: ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'],
    reason: CloseReason.serverBacklog,
  },
];

let relay: Relay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

/**
 * Alice and Bob on a board of about 12 MiB: more than loopback's socket buffers absorb (about
 * 4 MiB a socket), so most of a paused joiner's copy waits in the server's send queue.
 */
async function bigBoard(current: Relay): Promise<Pair> {
  const pair = await twoPeopleDrawing(current, ROOM);
  for (let batch = 0; batch < 6; batch++) {
    pair.alice.doc.transact(() => {
      for (let i = 0; i < 8; i++) {
        pair.alice.doc.getArray(STROKES).push([`big-${batch}-${i}:${'s'.repeat(STROKE_BYTES)}`]);
      }
    });
    await waitFor(() => strokesOf(pair.bob.doc).length === 10 + 8 * (batch + 1), 'bob has it');
  }
  return pair;
}

/** A socket that stops reading, then asks for the whole room. */
async function pausedAskingForTheBoard(
  current: Relay,
  options: WebSocket.ClientOptions,
): Promise<RawSocket> {
  const joiner = await current.raw(ROOM, options);
  joiner.ws.pause();
  joiner.ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
  return joiner;
}

/**
 * Someone opening the board on a slow link: nothing is read for a while, yet the browser has
 * asked for the whole room and announced its cursor, whose echo is written after the copy.
 */
async function slowJoiner(
  current: Relay,
  options: WebSocket.ClientOptions,
  clientId: number,
): Promise<RawSocket> {
  const joiner = await pausedAskingForTheBoard(current, options);
  const presence = JSON.stringify({ user: { name: `joiner ${clientId}` } });
  joiner.ws.send(awarenessFrame([[clientId, presence]]));
  return joiner;
}

/** The board as a joiner received it, from its sync step 2. */
function boardOf(joiner: RawSocket): unknown[] {
  const answer = joiner.received.find(isSyncStep2);
  if (!answer) throw new Error('no sync step 2 received');
  const decoder = decoding.createDecoder(answer);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  return strokesOf(doc);
}

const backlogCloses = async (current: Relay): Promise<number> =>
  (await closedFor(current.server, CloseReason.addressBacklog.label)) +
  (await closedFor(current.server, CloseReason.serverBacklog.label)) +
  (await closedFor(current.server, CloseReason.slowReader.label));

describe.each(BUDGETS)('the queued-bytes budget $name', ({ env, addresses, reason }) => {
  it('lets joiners take in their copies of a big board at their own pace', async () => {
    relay = await Relay.start({ ...UNTHROTTLED, ...env });
    const pair = await bigBoard(relay);
    const joiners: RawSocket[] = [];
    for (const [i, address] of addresses.entries()) {
      joiners.push(await slowJoiner(relay, from(address), 9000 + i));
    }
    // A presence change is written to everyone in one go: once Alice has every joiner's, each
    // joiner has had its copy and then the echoes written to it, on top of the unread copy.
    await waitFor(
      () => addresses.every((_, i) => pair.alice.provider.awareness.getStates().has(9000 + i)),
      'alice sees every joiner',
    );

    expect(await backlogCloses(relay)).toBe(0);
    expect(relay.server.connectionCount()).toBe(2 + addresses.length);

    for (const joiner of joiners) joiner.ws.resume();
    const board = strokesOf(pair.alice.doc);
    for (const joiner of joiners) {
      await waitFor(() => joiner.received.some(isSyncStep2), 'a joiner has its copy', 20_000);
      expect(boardOf(joiner)).toEqual(board);
    }
    expect(await backlogCloses(relay)).toBe(0);
    expect(relay.server.connectionCount()).toBe(2 + addresses.length);
  });

  it('still closes a joiner that lets broadcasts pile up beyond its copy', async () => {
    relay = await Relay.start({ ...UNTHROTTLED, ...env });
    const { alice, bob } = await bigBoard(relay);
    await slowJoiner(relay, from(addresses[0]!), 9000);
    // A colleague (of the same address, where the budget is one address's) who keeps reading:
    // each write to her checks the budget again, which cuts the joiner once closed, as it never
    // reads its close frame.
    const colleague = await relay.raw(ROOM, from(addresses[1]!));
    let drawn = 0;
    while ((await closedFor(relay.server, reason.label)) === 0) {
      expect(drawn, `bytes drawn with nobody closed for ${reason.label}`).toBeLessThan(
        GIVE_UP_AFTER_BYTES,
      );
      const received = new Promise<void>((resolve) => bob.doc.once('update', () => resolve()));
      alice.doc.getArray(STROKES).push([`after-${drawn}:${'q'.repeat(STROKE_BYTES)}`]);
      await within(received, 5000, 'bob receiving the stroke');
      drawn += STROKE_BYTES;
    }
    expect(await closedFor(relay.server, CloseReason.slowReader.label)).toBe(0);
    expect(colleague.ws.readyState).toBe(colleague.ws.OPEN);
  });
});

describe('a joiner that never reads its copy', () => {
  it('has it counted once the copy stops moving, and is closed for it', async () => {
    relay = await Relay.start({
      ...UNTHROTTLED,
      MAX_TOTAL_BUFFERED_BYTES: String(BUDGET),
      HEARTBEAT_MS: '200',
    });
    await bigBoard(relay);
    // Nothing is written to it after its copy, not even the echo of a cursor: it has none.
    const joiner = await pausedAskingForTheBoard(relay, from('203.0.113.9'));
    // It sends a ping now and then, so the heartbeat, which only asks for bytes, never cuts it.
    const keepAlive = setInterval(() => joiner.ws.ping(), 50);
    try {
      // Carol draws in another room: each write to her checks the server's budget again, which
      // cuts the joiner once closed (it never reads its close frame). Nobody writes to the joiner.
      const carol = await relay.joinSynced('elsewhere', 'carol');
      let strokes = 0;
      while ((await closedFor(relay.server, CloseReason.serverBacklog.label)) === 0) {
        expect(strokes, 'strokes drawn elsewhere with the joiner not closed').toBeLessThan(500);
        carol.doc.getArray(STROKES).push([`elsewhere-${strokes++}`]);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await closedFor(relay.server, CloseReason.slowReader.label)).toBe(0);
    } finally {
      clearInterval(keepAlive);
    }
  });
});
