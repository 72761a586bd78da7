import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { stockClient, synced, waitFor, type StockClient } from '../test-support/clients.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';

let server: TestServer;
const clients: StockClient[] = [];
const join = (room: string, doc?: Y.Doc) => {
  const client = stockClient(server.wsUrl, room, doc);
  clients.push(client);
  return client;
};

beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server.close();
  await removeDir(server.dataDir);
});

describe('two people in a room with the stock y-websocket client', () => {
  it('converge on concurrent edits', async () => {
    const alice = join('studio');
    const bob = join('studio');
    await waitFor(synced(alice), 'alice synced');
    await waitFor(synced(bob), 'bob synced');
    alice.doc.getArray('strokes').push(['a1', 'a2']);
    bob.doc.getArray('strokes').push(['b1']);
    await waitFor(() => bob.doc.getArray('strokes').length === 3, 'bob sees 3 strokes');
    await waitFor(() => alice.doc.getArray('strokes').length === 3, 'alice sees 3 strokes');
    expect(alice.doc.getArray('strokes').toJSON()).toEqual(bob.doc.getArray('strokes').toJSON());
  });

  it('gives a late joiner the full state', async () => {
    const alice = join('gallery');
    await waitFor(synced(alice), 'alice synced');
    for (let i = 0; i < 50; i++) alice.doc.getMap('shapes').set(`s${i}`, i);
    const carol = join('gallery');
    await waitFor(() => carol.doc.getMap('shapes').size === 50, 'carol sees all 50 shapes');
  });

  it('gives each newcomer the room as it is when they join, changes since the last joiner included', async () => {
    const alice = join('workshop');
    await waitFor(synced(alice), 'alice synced');
    for (let i = 0; i < 20; i++) alice.doc.getMap('shapes').set(`s${i}`, i);
    const carol = join('workshop');
    const dave = join('workshop');
    await waitFor(() => carol.doc.getMap('shapes').size === 20, 'carol sees all 20 shapes');
    await waitFor(() => dave.doc.getMap('shapes').size === 20, 'dave sees all 20 shapes');
    alice.doc.getMap('shapes').set('late', 'after carol and dave');
    alice.doc.getMap('shapes').delete('s0');
    await waitFor(() => carol.doc.getMap('shapes').has('late'), 'carol sees the late shape');
    const erin = join('workshop');
    await waitFor(synced(erin), 'erin synced');
    await waitFor(() => erin.doc.getMap('shapes').has('late'), 'erin sees the late shape');
    expect(erin.doc.getMap('shapes').toJSON()).toEqual(alice.doc.getMap('shapes').toJSON());
  });

  it('reloads a room left empty whole, and a change made after the reload reaches the next joiner', async () => {
    const alice = join('atelier');
    await waitFor(synced(alice), 'alice synced');
    for (let i = 0; i < 20; i++) alice.doc.getMap('shapes').set(`s${i}`, i);
    const watcher = join('atelier');
    await waitFor(() => watcher.doc.getMap('shapes').size === 20, 'everything stored and relayed');
    for (const client of clients.splice(0)) client.destroy();
    // Unloading folds the room into one snapshot: the next load starts from those bytes.
    await waitFor(() => server.rooms.size === 0, 'room unloaded');

    const bob = join('atelier');
    await waitFor(() => bob.doc.getMap('shapes').size === 20, 'bob sees the reloaded room');
    bob.doc.getMap('shapes').set('after-reload', true);
    const carol = join('atelier');
    await waitFor(() => carol.doc.getMap('shapes').has('after-reload'), 'carol sees bob’s change');
    expect(carol.doc.getMap('shapes').size).toBe(21);
  });

  it('keeps rooms apart', async () => {
    const alice = join('room-a');
    const bob = join('room-b');
    await waitFor(synced(alice), 'alice synced');
    await waitFor(synced(bob), 'bob synced');
    alice.doc.getMap('m').set('only', 'a');
    const alice2 = join('room-a');
    await waitFor(() => alice2.doc.getMap('m').get('only') === 'a', 'second client in room-a');
    expect(bob.doc.getMap('m').has('only')).toBe(false);
  });

  it('relays awareness and removes it when a socket dies', async () => {
    const alice = join('presence');
    const bob = join('presence');
    await waitFor(synced(alice), 'alice synced');
    await waitFor(synced(bob), 'bob synced');
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    const aliceId = alice.doc.clientID;
    await waitFor(
      () => bob.provider.awareness.getStates().get(aliceId)?.user?.name === 'Alice',
      'bob sees alice',
    );
    // Kill the TCP connection without a close frame, as a crashed tab or lost network would.
    const socket = alice.provider.ws as unknown as { _socket: { destroy(): void } } | null;
    alice.provider.shouldConnect = false;
    socket!._socket.destroy();
    await waitFor(
      () => !bob.provider.awareness.getStates().has(aliceId),
      'alice gone for bob',
      5000,
    );
  });
});
