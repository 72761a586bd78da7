import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSyncUpdate } from '../protocol/messages.ts';
import { LevelStore } from '../storage/level-store.ts';
import { waitFor } from '../test-support/clients.ts';
import { InstrumentedStore } from '../test-support/instrumented-store.ts';
import { upgradeRefusal, type Refusal } from '../test-support/raw-socket.ts';
import {
  Relay,
  STROKES,
  expectRoomStillServes,
  expectStoredAcrossReloads,
  metricValue,
  strokesOf,
  twoPeopleDrawing,
} from '../test-support/relay-harness.ts';

const ROOM = 'atelier';
/**
 * Every test client connects from 127.0.0.1; trusting it as a proxy lets each one say which
 * address it comes from. Alice and Bob send no header and are 127.0.0.1 themselves.
 */
const BEHIND_PROXY = { TRUST_PROXY: '127.0.0.1' };
const MALLORY = '203.0.113.66';
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

let relay: Relay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

const refused = (status: number): Promise<number> =>
  metricValue(relay!.server, 'relay_upgrades_refused_total', { status: String(status) });

/** Opens sockets from `address` until one is refused; returns how many opened and the refusal. */
async function openUntilRefused(
  current: Relay,
  room: string,
  address: string,
  giveUpAfter = 100,
): Promise<{ opened: number; refusal: Refusal }> {
  for (let opened = 0; opened < giveUpAfter; opened++) {
    try {
      await current.raw(room, from(address));
    } catch {
      return { opened, refusal: await upgradeRefusal(current.roomUrl(room), from(address)) };
    }
  }
  throw new Error(`${giveUpAfter} connections from ${address} were all accepted`);
}

describe('connections from one address', () => {
  it('are capped with 429 and Retry-After, so one address cannot fill the server', async () => {
    // Room for 8 connections: without a per-address cap Mallory's idle sockets take them all.
    relay = await Relay.start({
      ...BEHIND_PROXY,
      MAX_CONNECTIONS: '8',
      MAX_CONNECTIONS_PER_IP: '5',
    });
    const { opened, refusal } = await openUntilRefused(relay, 'idle', MALLORY);
    expect(opened).toBe(5);
    expect(refusal.status).toBe(429);
    expect(Number(refusal.retryAfter)).toBeGreaterThan(0);
    // Mallory cannot get round it by claiming another address: the proxy appends the address
    // it saw, and only that is believed.
    const claimed = await upgradeRefusal(relay.roomUrl('idle'), {
      headers: { 'x-forwarded-for': `198.51.100.1, ${MALLORY}` },
    });
    expect(claimed.status).toBe(429);

    const pair = await twoPeopleDrawing(relay, ROOM);
    const strokes = await expectRoomStillServes(relay, ROOM, pair);
    expect(await refused(429)).toBeGreaterThanOrEqual(2);
    await expectStoredAcrossReloads(relay, ROOM, strokes);
  });

  it('ignore X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    relay = await Relay.start({ MAX_CONNECTIONS_PER_IP: '3' });
    for (let i = 0; i < 3; i++) await relay.raw('idle', from(`198.51.100.${i}`));
    // Three different claimed addresses, all from 127.0.0.1: the fourth is refused.
    const refusal = await upgradeRefusal(relay.roomUrl('idle'), from('198.51.100.99'));
    expect(refusal.status).toBe(429);
  });

  it('may take only a share of one room, so a crowd from one address cannot lock a room', async () => {
    relay = await Relay.start({
      ...BEHIND_PROXY,
      MAX_CONNECTIONS_PER_ROOM: '10',
      MAX_ROOM_SHARE_PER_IP: '30',
    });
    const { opened, refusal } = await openUntilRefused(relay, ROOM, MALLORY);
    expect(opened).toBe(3);
    expect(refusal.status).toBe(429);
    // Mallory may still go elsewhere, and the room still has seats for everyone else.
    await relay.raw('elsewhere', from(MALLORY));
    const pair = await twoPeopleDrawing(relay, ROOM);
    await expectRoomStillServes(relay, ROOM, pair);
  });

  it('may open only so many per second; other addresses are not slowed', async () => {
    // 1 a second and 2 at once: of ten at the same moment, at most a few get through.
    relay = await Relay.start({ ...BEHIND_PROXY, UPGRADES_PER_SECOND_PER_IP: '1' });
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, () => relay!.raw('burst', from(MALLORY))),
    );
    const accepted = attempts.filter((attempt) => attempt.status === 'fulfilled').length;
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(accepted).toBeLessThan(10);
    expect(await refused(429)).toBe(10 - accepted);
    await relay.raw('burst', from('198.51.100.7'));
  });
});

describe('rooms created by one address', () => {
  /** Stores a stroke in `room` from a stock client, then lets the room unload. */
  async function storeStroke(current: Relay, room: string): Promise<void> {
    const writer = await current.joinSynced(room, 'writer');
    writer.doc.getArray(STROKES).push(['kept']);
    const reader = await current.joinSynced(room, 'reader');
    await waitFor(() => strokesOf(reader.doc).includes('kept'), 'the stroke stored');
    await current.leaveAll();
  }

  it('are limited with 429; rooms that hold content still open, and others still create', async () => {
    relay = await Relay.start({ ...BEHIND_PROXY, NEW_ROOMS_PER_MINUTE_PER_IP: '3' });
    await storeStroke(relay, 'stored-before');

    const { opened, refusal } = await openFresh(relay, MALLORY);
    expect(opened).toBe(3);
    expect(refusal.status).toBe(429);
    expect(Number(refusal.retryAfter)).toBe(20);
    // A room with content is not a new room: it opens for Mallory too.
    const visit = await relay.raw('stored-before', from(MALLORY));
    expect(visit.ws.readyState).toBe(visit.ws.OPEN);
    // A room someone is in is not loaded by this upgrade, so it costs no creation either.
    await relay.raw('spam-0', from(MALLORY));
    // Someone else creates rooms as before.
    const pair = await twoPeopleDrawing(relay, 'brand-new');
    await expectRoomStillServes(relay, 'brand-new', pair);
  });

  it('past its allowance, an address opens a stored room with one load, a warm one with none, and not an empty one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wb-rooms-'));
    const level = await LevelStore.open(join(dir, 'db'));
    const stored = new Y.Doc();
    stored.getArray(STROKES).push(['kept']);
    await level.append('stored', [Y.encodeStateAsUpdate(stored)]);
    const store = new InstrumentedStore(level);
    relay = await Relay.start(
      { ...BEHIND_PROXY, NEW_ROOMS_PER_MINUTE_PER_IP: '1', ROOM_IDLE_UNLOAD_MS: '600000' },
      store,
    );
    try {
      // Someone looked into an empty room and left: it stays loaded (warm) for ten minutes.
      const visitor = await relay.joinSynced('warm', 'visitor');
      relay.leave(visitor);
      await waitFor(() => relay!.server.connectionCount() === 0, 'the visitor gone');
      await relay.raw('spam-0', from(MALLORY));
      expect((await upgradeRefusal(relay.roomUrl('spam-1'), from(MALLORY))).status).toBe(429);

      const before = { ...store.calls };
      const visit = await relay.raw('stored', from(MALLORY));
      expect(visit.ws.readyState).toBe(visit.ws.OPEN);
      expect(store.calls.load - before.load, 'only the join loads the stored room').toBe(1);
      expect(store.calls.exists - before.exists).toBe(1);

      const warm = await relay.raw('warm', from(MALLORY));
      expect(warm.ws.readyState).toBe(warm.ws.OPEN);
      expect(store.calls.load - before.load, 'the warm room is not read at all').toBe(1);
      expect(store.calls.exists - before.exists).toBe(1);

      expect((await upgradeRefusal(relay.roomUrl('spam-2'), from(MALLORY))).status).toBe(429);
      expect(store.calls.load - before.load, 'nor is an empty room').toBe(1);
    } finally {
      await relay.stop();
      relay = undefined;
      await rm(dir, { recursive: true, force: true });
    }
  });

  /** Opens one fresh room after another from `address`, until refused. */
  async function openFresh(
    current: Relay,
    address: string,
  ): Promise<{ opened: number; refusal: Refusal }> {
    for (let opened = 0; opened < 100; opened++) {
      try {
        const socket = await current.raw(`spam-${opened}`, from(address));
        // Content makes a room real; an empty one leaves nothing behind (see below).
        const doc = new Y.Doc();
        doc.getArray(STROKES).push([`spam-${opened}`]);
        socket.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(doc)));
      } catch {
        return {
          opened,
          refusal: await upgradeRefusal(current.roomUrl(`spam-${opened}`), from(address)),
        };
      }
    }
    throw new Error('100 new rooms were all accepted');
  }
});
