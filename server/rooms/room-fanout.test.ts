import * as awarenessProtocol from 'y-protocols/awareness';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FULL_ACCESS } from '../access/access.ts';
import { loadConfig } from '../config.ts';
import { silentLogger } from '../observability/logger.ts';
import { Metrics } from '../observability/metrics.ts';
import { CloseReason } from '../protocol/close-reasons.ts';
import { decodeClientMessage, encodeAwareness } from '../protocol/messages.ts';
import type { DocStore, LogPosition } from '../storage/doc-store.ts';
import { MemoryStore } from '../storage/memory-store.ts';
import { InProcessBus } from './in-process-fanout.ts';
import type { Peer } from './peer.ts';
import type { RoomMessage } from './room-fanout.ts';
import { Room } from './room.ts';
import type { SharedFrames } from './shared-frames.ts';
import type { Identity } from '../access/identity.ts';
import { MemoryAuthorStore } from '../authors/memory-author-store.ts';

/** A store handle that counts the appends made through it. */
class CountingStore implements DocStore {
  appends = 0;
  readonly #inner: DocStore;
  constructor(inner: DocStore) {
    this.#inner = inner;
  }
  get health() {
    return this.#inner.health;
  }
  load(room: string) {
    return this.#inner.load(room);
  }
  exists(room: string) {
    return this.#inner.exists(room);
  }
  append(room: string, updates: readonly Uint8Array[]): Promise<LogPosition> {
    this.appends += 1;
    return this.#inner.append(room, updates);
  }
  compact(room: string, snapshot: Uint8Array, end: LogPosition) {
    return this.#inner.compact(room, snapshot, end);
  }
  close() {
    return this.#inner.close();
  }
}

/** A person's client, in memory: applies what the room sends to its own doc and presence. */
class Person implements Peer {
  static #ids = 1;
  readonly id = Person.#ids++;
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly access = FULL_ACCESS;
  readonly identity: Identity | null;
  /** Every SharedFrames the room handed over, as handed (identity shows what was framed once). */
  readonly deliveries: SharedFrames[] = [];
  closedWith: CloseReason | null = null;

  constructor(identity: Identity | null = null) {
    this.identity = identity;
    // Only what the room sends shows: the announcing is done by `announce`.
    this.awareness.setLocalState(null);
  }

  send(frames: SharedFrames): void {
    this.deliveries.push(frames);
    for (const frame of frames.messages) {
      const message = decodeClientMessage(frame);
      if (message.type === 'sync-update' || message.type === 'sync-step2') {
        Y.applyUpdate(this.doc, message.update, 'room');
      } else if (message.type === 'awareness') {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, 'room');
      }
    }
  }

  close(reason: CloseReason): void {
    this.closedWith = reason;
  }

  text(): string {
    return this.doc.getText('t').toString();
  }

  /** Types `text` and hands the update to `room`, as the client's provider would. */
  type(room: Room, text: string): void {
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(this.doc));
    const before = Y.encodeStateVector(local);
    local.getText('t').insert(local.getText('t').length, text);
    room.receive(this, { type: 'sync-update', update: Y.encodeStateAsUpdate(local, before) });
  }

  /** Announces a presence state to `room`, as the client's provider would. */
  announce(room: Room, state: Record<string, unknown>): void {
    const own = new awarenessProtocol.Awareness(new Y.Doc());
    own.setLocalState(state);
    const update = awarenessProtocol.encodeAwarenessUpdate(own, [own.clientID]);
    const message = decodeClientMessage(encodeAwareness(update));
    if (message.type !== 'awareness') throw new Error('not an awareness message');
    room.receive(this, message);
  }
}

const config = loadConfig({});
const rooms: Room[] = [];

function options(store: DocStore, bus: InProcessBus) {
  return {
    ...config,
    store,
    bus,
    logger: silentLogger,
    metrics: new Metrics(),
    onEmpty: () => undefined,
    authors: new MemoryAuthorStore(),
  };
}

/** Two instances of one room, as two processes would hold it, meeting on one bus. */
async function twoInstances() {
  const bus = new InProcessBus();
  const shared = new MemoryStore();
  const stores = [new CountingStore(shared), new CountingStore(shared.another())] as const;
  const a = await Room.load('board', options(stores[0], bus));
  const b = await Room.load('board', options(stores[1], bus));
  rooms.push(a, b);
  return { bus, shared, stores, a, b };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

afterEach(async () => {
  for (const room of rooms.splice(0)) await room.unload();
});

describe('two instances of a room on one fan-out', () => {
  it("deliver each other's updates to their people, stored once by the instance that took them", async () => {
    const { stores, shared, a, b } = await twoInstances();
    const alice = new Person();
    const bob = new Person();
    const carol = new Person();
    a.join(alice);
    a.join(carol);
    b.join(bob);

    alice.type(a, 'hello');
    await a.drainWrites();
    expect(bob.text(), 'bob, on the other instance, sees it').toBe('hello');
    expect(alice.text(), 'alice gets her echo').toBe('hello');
    bob.type(b, ' world');
    await b.drainWrites();
    expect(alice.text()).toBe('hello world');
    expect(carol.text()).toBe('hello world');

    expect(
      stores.map((store) => store.appends),
      'each update stored by its taker only',
    ).toEqual([1, 1]);
    const stored = await shared.load('board');
    expect(stored.tailCount, 'no update stored twice').toBe(2);
    // The update frames are encoded once and handed, as one array, to everyone everywhere.
    const last = (person: Person) => person.deliveries[person.deliveries.length - 1];
    expect(last(alice)).toBe(last(bob));
    expect(last(carol)).toBe(last(bob));
  });

  it('tell each other whose client ids they bound, so a forger on the other instance is refused', async () => {
    const { a, b } = await twoInstances();
    const alice = new Person({ key: 'sub:alice' });
    const mallory = new Person({ key: 'sub:mallory' });
    a.join(alice);
    b.join(mallory);
    const device = new Y.Doc();
    device.clientID = 99;
    const updates: Uint8Array[] = [];
    device.on('update', (update: Uint8Array) => updates.push(update));
    device.getText('t').insert(0, 'mine');
    a.receive(alice, { type: 'sync-update', update: updates[0]! });
    await a.drainWrites();
    expect(mallory.text()).toBe('mine');
    device.getText('t').insert(4, ' forged');
    expect(() => b.receive(mallory, { type: 'sync-update', update: updates[1]! })).toThrow(
      expect.objectContaining({ reason: CloseReason.clientOwned }),
    );
  });

  it('fold the shared log without losing what the other instance stored', async () => {
    const { shared, a, b } = await twoInstances();
    const alice = new Person();
    const bob = new Person();
    a.join(alice);
    b.join(bob);
    alice.type(a, 'one ');
    await a.drainWrites();
    bob.type(b, 'two ');
    await b.drainWrites();
    // a folds what it holds (its own update and b's) while b stores another.
    bob.type(b, 'three');
    await Promise.all([a.compact(), b.drainWrites()]);
    await b.compact();
    const stored = await shared.load('board');
    const fresh = new Y.Doc();
    for (const update of stored.updates) Y.applyUpdate(fresh, update);
    expect(fresh.getText('t').toString()).toBe('one two three');
    expect(stored.tailCount).toBe(0);
  });

  it("deliver each other's presence to their people, and its removal when someone leaves", async () => {
    const { a, b } = await twoInstances();
    const alice = new Person();
    const bob = new Person();
    a.join(alice);
    b.join(bob);

    alice.announce(a, { name: 'alice' });
    await settled();
    const names = (person: Person) =>
      [...person.awareness.getStates().values()].map((state) => state['name']);
    expect(names(bob)).toEqual(['alice']);
    expect(names(alice), 'alice sees her own echo').toEqual(['alice']);
    expect(b.awareness.getStates().size, "b holds alice's presence for its joiners").toBe(1);

    const dave = new Person();
    b.join(dave);
    expect(names(dave), 'a newcomer on b is told who is on a').toEqual(['alice']);

    a.leave(alice);
    await settled();
    expect(names(bob), "alice's cursor goes on the other instance too").toEqual([]);
  });

  it('applies what another instance stored while it was loading, and nothing twice', async () => {
    const bus = new InProcessBus();
    const shared = new MemoryStore();
    const a = await Room.load('board', options(shared, bus));
    rooms.push(a);
    const alice = new Person();
    a.join(alice);
    alice.type(a, 'before ');
    await a.drainWrites();
    // b reads the store, then a stores more before b has finished loading.
    const loading = Room.load('board', options(shared.another(), bus));
    alice.type(a, 'during');
    await a.drainWrites();
    const b = await loading;
    rooms.push(b);
    const bob = new Person();
    b.join(bob);
    b.receive(bob, { type: 'sync-step1', stateVector: Y.encodeStateVector(bob.doc) });
    expect(bob.text()).toBe('before during');
    expect((await shared.load('board')).tailCount, 'stored once, by a').toBe(2);
  });

  it('stop hearing each other once an instance has gone', async () => {
    const { bus, a, b } = await twoInstances();
    expect(bus.instances('board')).toBe(2);
    const heard: RoomMessage[] = [];
    const listener = bus.join('board');
    listener.onRemote((message) => heard.push(message));
    await b.unload();
    expect(bus.instances('board')).toBe(2);
    const alice = new Person();
    a.join(alice);
    alice.type(a, 'x');
    await a.drainWrites();
    expect(heard.map((message) => message.type)).toEqual(['updates']);
    listener.close();
    await a.unload();
    expect(bus.instances('board'), 'nothing left on the bus').toBe(0);
  });
});
