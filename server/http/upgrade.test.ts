import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../test-support/clients.ts';
import { upgradeStatus } from '../test-support/raw-socket.ts';
import {
  Relay,
  expectRoomStillServes,
  expectStoredAcrossReloads,
  metricValue,
  strokesOf,
  twoPeopleDrawing,
} from '../test-support/relay-harness.ts';

const ROOM = 'lobby';

let relay: Relay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

const refused = (status: number): Promise<number> =>
  metricValue(relay!.server, 'relay_upgrades_refused_total', { status: String(status) });

/** A third person in another room syncs: the refusal touched nothing else. */
async function expectOtherRoomServes(current: Relay, room: string): Promise<void> {
  const first = await current.joinSynced(room, 'frank');
  const second = await current.joinSynced(room, 'grace');
  first.doc.getArray('strokes').push(['elsewhere']);
  await waitFor(
    () => strokesOf(second.doc).includes('elsewhere'),
    'grace sees frank draw in the other room',
  );
  current.leave(first);
  current.leave(second);
}

describe('connection caps', () => {
  it('refuses the upgrade with 503 when the room is full; other rooms and members are unaffected', async () => {
    // Everyone here connects from 127.0.0.1: let one address hold every seat of the room.
    relay = await Relay.start({ MAX_CONNECTIONS_PER_ROOM: '3', MAX_ROOM_SHARE_PER_IP: '100' });
    const pair = await twoPeopleDrawing(relay, ROOM);
    const third = await relay.raw(ROOM);

    expect(await upgradeStatus(relay.roomUrl(ROOM))).toBe(503);
    expect(await upgradeStatus(relay.roomUrl(ROOM))).toBe(503);
    await expectOtherRoomServes(relay, 'annex');

    // A seat frees up when someone leaves.
    third.ws.close();
    await waitFor(() => relay!.server.connectionCount() === 2, 'the third member gone');
    const strokes = await expectRoomStillServes(relay, ROOM, pair);
    expect(await refused(503)).toBe(2);
    await expectStoredAcrossReloads(relay, ROOM, strokes);
  });

  it('refuses the upgrade with 503 when the server is full, in any room, until someone leaves', async () => {
    relay = await Relay.start({ MAX_CONNECTIONS: '3' });
    const pair = await twoPeopleDrawing(relay, ROOM);
    const elsewhere = await relay.raw('annex');

    expect(await upgradeStatus(relay.roomUrl(ROOM))).toBe(503);
    expect(await upgradeStatus(relay.roomUrl('brand-new-room'))).toBe(503);
    expect((await fetch(`${relay.server.url}/healthz`)).status).toBe(200);

    elsewhere.ws.close();
    await waitFor(() => relay!.server.connectionCount() === 2, 'the member of the other room gone');
    const strokes = await expectRoomStillServes(relay, ROOM, pair);
    expect(await refused(503)).toBe(2);
    await expectStoredAcrossReloads(relay, ROOM, strokes);
  });
});

describe('requests refused before any upgrade', () => {
  const badRoomNames = [
    ['65 characters', 'a'.repeat(65)],
    ['empty', ''],
    ['a dot', 'a.b'],
    ['an encoded space', '%20'],
    ['an encoded slash', 'a%2Fb'],
    ['a space', 'a b'],
    ['unicode', 'zeichnung-ü'],
    ['an emoji', '🎨'],
  ] as const;
  const wrongPaths = [
    '/',
    '/ws',
    '/wss/room',
    '/ws/a/b',
    '/ws//room',
    '/r/room',
    '/healthz',
    '/WS/room',
  ];

  it('answers bad room names with 400 and wrong paths with 404, and serves everyone else', async () => {
    relay = await Relay.start();
    const pair = await twoPeopleDrawing(relay, ROOM);
    const base = relay.server.wsUrl.replace(/\/ws$/, '');

    for (const [what, name] of badRoomNames) {
      expect(await upgradeStatus(relay.roomUrl(name)), `room name with ${what}`).toBe(400);
    }
    for (const path of wrongPaths) {
      expect(await upgradeStatus(`${base}${path}`), `path ${path}`).toBe(404);
    }
    // The longest valid name is still accepted.
    const longest = await relay.joinSynced('b'.repeat(64), 'heidi');
    relay.leave(longest);

    const strokes = await expectRoomStillServes(relay, ROOM, pair);
    expect(await refused(400)).toBe(badRoomNames.length);
    expect(await refused(404)).toBe(wrongPaths.length);
    await expectStoredAcrossReloads(relay, ROOM, strokes);
  });
});
