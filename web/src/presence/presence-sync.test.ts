import { afterEach, describe, expect, it } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Identity } from './identity.ts';
import { CURSOR_PUBLISH_INTERVAL_MS, LocalPresence } from './local-presence.ts';
import { RemotePeers, type PeersChange, type PresenceProblem } from './remote-peers.ts';
import { SimClient, SimRelay } from '../sync/test-support/sim-relay.ts';
import { ManualClock } from '../timing/test-support/manual-clock.ts';

const IDLE_MS = 2000;

/** A tab's awareness, with the empty state y-websocket's provider starts with. */
const newAwareness = () => new Awareness(new Y.Doc());
/** A tab's link to the relay, delivering every frame as it is sent. */
const newTab = () => new SimClient({ awareness: newAwareness(), delivery: 'at-once' });

interface Person {
  readonly awareness: Awareness;
  readonly client: SimClient;
  readonly local: LocalPresence;
  readonly peers: RemotePeers;
  readonly problems: PresenceProblem[];
}

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
});

function setup() {
  const clock = new ManualClock();
  const relay = new SimRelay();
  cleanup.push(() => relay.destroy());
  const person = (user: Identity): Person => {
    const client = newTab();
    const awareness = client.awareness;
    const problems: PresenceProblem[] = [];
    const local = new LocalPresence(awareness, user, { idleMs: IDLE_MS, timers: clock });
    const peers = new RemotePeers(awareness, (problem) => problems.push(problem));
    client.connect(relay);
    cleanup.push(() => {
      local.destroy();
      peers.destroy();
      awareness.destroy();
    });
    return { awareness, client, local, peers, problems };
  };
  return { clock, relay, person };
}

const ALICE: Identity = { id: 'alice-user-id-0000000', name: 'Alice', color: '#e03131' };
const BOB: Identity = { id: 'bob-user-id-000000000', name: 'Bob', color: '#1c7ed6' };

const names = (peers: RemotePeers) => [...peers.states().values()].map((state) => state.user.name);

describe('presence between two people', () => {
  it("shows Alice's cursor to Bob where she points, in her name and colour", () => {
    const { person } = setup();
    const alice = person(ALICE);
    const bob = person(BOB);

    alice.local.moveCursor({ x: 120.3, y: -45.9 });

    expect(bob.peers.targets()).toEqual([
      {
        clientId: alice.awareness.clientID,
        userId: ALICE.id,
        name: 'Alice',
        color: '#e03131',
        x: 120.25, // published to a quarter unit, the precision strokes are stored at
        y: -46,
        idle: false,
      },
    ]);
  });

  it('lists everyone else, never yourself', () => {
    const { person } = setup();
    const alice = person(ALICE);
    const bob = person(BOB);
    expect(names(alice.peers)).toEqual(['Bob']);
    expect(names(bob.peers)).toEqual(['Alice']);
  });

  it('sends at most 30 cursor updates a second, and always the last position', () => {
    const { clock, person } = setup();
    const alice = person(ALICE);
    const bob = person(BOB);
    let received = 0;
    bob.awareness.on('change', () => received++);

    for (let t = 0; t < 1000; t += 4) {
      alice.local.moveCursor({ x: t, y: 0 });
      clock.advance(4);
    }
    clock.advance(100);

    expect(received).toBeLessThanOrEqual(Math.ceil(1000 / CURSOR_PUBLISH_INTERVAL_MS) + 1);
    expect(received).toBeGreaterThan(20);
    expect(bob.peers.targets()[0]?.x).toBe(996);
  });

  it('hides the cursor while the pointer is off the board, but keeps the person listed', () => {
    const { clock, person } = setup();
    const alice = person(ALICE);
    const bob = person(BOB);
    alice.local.moveCursor({ x: 1, y: 1 });
    clock.advance(100);
    alice.local.leaveBoard();
    clock.advance(100);
    expect(bob.peers.targets()).toEqual([]);
    expect(names(bob.peers)).toEqual(['Alice']);
  });

  it('shows Alice as idle after the timeout, and active again when she moves', () => {
    const { clock, person } = setup();
    const alice = person(ALICE);
    const bob = person(BOB);
    alice.local.moveCursor({ x: 5, y: 5 });

    clock.advance(IDLE_MS - 1);
    expect(bob.peers.targets()[0]?.idle).toBe(false);
    clock.advance(1);
    expect(alice.local.activity).toBe('idle');
    expect(bob.peers.targets()[0]?.idle).toBe(true);

    alice.local.moveCursor({ x: 6, y: 5 });
    expect(bob.peers.targets()[0]?.idle).toBe(false);
  });

  it('counts a key press as activity', () => {
    const { clock, person } = setup();
    const alice = person(ALICE);
    clock.advance(IDLE_MS);
    expect(alice.local.activity).toBe('idle');
    alice.local.noteActivity();
    expect(alice.local.activity).toBe('active');
  });

  it('shows a rename, a new colour and a tool to the others', () => {
    const { person } = setup();
    const alice = person(ALICE);
    const bob = person(BOB);
    alice.local.setUser({ ...ALICE, name: 'Alice L.', color: '#2f9e44' });
    alice.local.setTool('eraser');
    const seen = bob.peers.states().get(alice.awareness.clientID);
    expect(seen?.user).toEqual({ ...ALICE, name: 'Alice L.', color: '#2f9e44' });
    expect(seen?.tool).toBe('eraser');
    alice.local.setTool(null);
    expect(bob.peers.states().get(alice.awareness.clientID)?.tool).toBeUndefined();
  });

  it("drops Alice's cursor and entry when her connection closes", () => {
    const { person } = setup();
    const alice = person(ALICE);
    const bob = person(BOB);
    alice.local.moveCursor({ x: 1, y: 2 });
    alice.client.disconnect();
    expect(bob.peers.targets()).toEqual([]);
    expect(names(bob.peers)).toEqual([]);
  });

  it('tells the app when to redraw, and when the participant list changed too', () => {
    const { clock, relay, person } = setup();
    const alice = person(ALICE);
    const bob = newTab();
    cleanup.push(() => bob.destroy());
    const changes: PeersChange[] = [];
    const bobPeers = new RemotePeers(
      bob.awareness,
      () => {},
      (change) => changes.push(change),
    );
    cleanup.push(() => bobPeers.destroy());

    bob.connect(relay);
    expect(changes.splice(0)).toEqual([{ drawn: true, roster: true }]);

    alice.local.moveCursor({ x: 3, y: 4 });
    clock.advance(100);
    expect(changes.splice(0)).toEqual([{ drawn: true, roster: false }]);

    alice.local.setUser({ ...ALICE, name: 'Alicia' });
    expect(changes.splice(0)).toEqual([{ drawn: true, roster: true }]);
  });
});

describe('presence from a misbehaving peer', () => {
  it('ignores a malformed state and reports it once, then shows the peer once it is valid', () => {
    const { relay, person } = setup();
    const bob = person(BOB);
    const rogue = newTab();
    cleanup.push(() => rogue.destroy());
    rogue.awareness.setLocalState({ user: { id: 'x', name: 42 }, cursor: 'everywhere' });
    rogue.connect(relay);
    rogue.awareness.setLocalState({ user: { id: 'x', name: 42 }, cursor: 'everywhere', nudge: 1 });

    expect(bob.peers.states().size).toBe(0);
    expect(bob.peers.targets()).toEqual([]);
    expect(bob.problems).toEqual([
      { clientId: rogue.awareness.clientID, reason: 'user.id is "x"' },
    ]);

    rogue.awareness.setLocalState({
      user: { id: 'rogue-reformed-0000000', name: 'Reformed', color: '#7048e8' },
      cursor: { x: 0, y: 0 },
      activity: 'active',
    });
    expect(names(bob.peers)).toEqual(['Reformed']);

    rogue.awareness.setLocalState({ user: null });
    expect(names(bob.peers)).toEqual([]);
  });

  it('cannot pose as this page', () => {
    const { person } = setup();
    const bob = person(BOB);
    const forged = { ...bob.awareness.getLocalState(), user: { ...BOB, name: 'Mallory' } };
    // An update claiming Bob's client id with a newer clock. Awareness itself takes it in as
    // Bob's own state; RemotePeers never lists its own client id, whatever the state says.
    const impostor = newAwareness();
    cleanup.push(() => impostor.destroy());
    impostor.clientID = bob.awareness.clientID;
    impostor.meta.set(impostor.clientID, { clock: 1000, lastUpdated: Date.now() });
    impostor.states.set(impostor.clientID, forged);
    applyAwarenessUpdate(
      bob.awareness,
      encodeAwarenessUpdate(impostor, [impostor.clientID]),
      'test',
    );
    expect(bob.peers.states().size).toBe(0);
  });
});

describe('presence across a lost connection', () => {
  it('shows nobody while offline and everybody again after reconnecting, without anyone moving', () => {
    const { relay, person } = setup();
    const alice = person(ALICE);
    const bob = person(BOB);
    alice.local.moveCursor({ x: 10, y: 10 });

    // Bob's socket dies; the relay tells Alice he left.
    bob.client.disconnect();
    bob.local.connectionChanged('offline');
    bob.peers.connectionChanged('offline');
    expect(bob.peers.targets()).toEqual([]);
    expect(names(bob.peers)).toEqual([]);
    expect(names(alice.peers)).toEqual([]);

    // Back: y-websocket re-sends Bob's state with the clock both sides already saw.
    bob.client.connect(relay);
    bob.local.connectionChanged('connected');
    bob.peers.connectionChanged('connected');

    expect(names(alice.peers)).toEqual(['Bob']);
    expect(names(bob.peers)).toEqual(['Alice']);
    expect(bob.peers.targets().map(({ x, y }) => ({ x, y }))).toEqual([{ x: 10, y: 10 }]);
  });

  it('comes back after the relay restarts with an empty memory', () => {
    const { person } = setup();
    const alice = person(ALICE);
    const bob = person(BOB);
    for (const someone of [alice, bob]) {
      someone.client.disconnect();
      someone.local.connectionChanged('offline');
      someone.peers.connectionChanged('offline');
    }

    const restarted = new SimRelay();
    cleanup.push(() => restarted.destroy());
    for (const someone of [alice, bob]) {
      someone.client.connect(restarted);
      someone.local.connectionChanged('connected');
      someone.peers.connectionChanged('synced');
    }
    expect(names(alice.peers)).toEqual(['Bob']);
    expect(names(bob.peers)).toEqual(['Alice']);
  });

  it('needs the clock handling: awareness ignores a replayed state it has seen the clock of', () => {
    // The library behaviour the offline handling works around, pinned so an upgrade that
    // changes it is noticed.
    const { relay, person } = setup();
    const alice = person(ALICE);
    const bob = newTab();
    cleanup.push(() => bob.destroy());
    bob.connect(relay);
    bob.disconnect();
    expect(bob.awareness.getStates().has(alice.awareness.clientID)).toBe(false);
    bob.connect(relay);
    expect(bob.awareness.getStates().has(alice.awareness.clientID)).toBe(false);
  });
});

describe('cursor animation', () => {
  it('glides toward the published position and then stops asking for frames', () => {
    const { clock, person } = setup();
    const alice = person(ALICE);
    const bob = person(BOB);
    alice.local.moveCursor({ x: 0, y: 0 });
    clock.advance(100);
    bob.peers.advance(0);
    expect(bob.peers.animating).toBe(false);

    alice.local.moveCursor({ x: 200, y: 100 });
    expect(bob.peers.animating).toBe(true);
    const first = bob.peers.advance(16)[0];
    expect(first?.x).toBeGreaterThan(0);
    expect(first?.x).toBeLessThan(200);

    let now = 16;
    while (bob.peers.animating && now < 2000) bob.peers.advance((now += 16));
    expect(now).toBeLessThan(500);
    expect(bob.peers.advance(now + 16)[0]).toMatchObject({ x: 200, y: 100 });
  });

  it('puts a pointer that comes back onto the board straight where it is', () => {
    const { clock, person } = setup();
    const alice = person(ALICE);
    const bob = person(BOB);
    alice.local.moveCursor({ x: 0, y: 0 });
    bob.peers.advance(0);
    clock.advance(100);
    alice.local.leaveBoard();
    clock.advance(100);
    alice.local.moveCursor({ x: 300, y: 0 });
    expect(bob.peers.animating).toBe(false);
    expect(bob.peers.advance(16)[0]).toMatchObject({ x: 300, y: 0 });
  });
});

describe('names that pretend', () => {
  it("labels a cursor copying Bob's own name, or wearing our markers, so Bob can tell", () => {
    const { clock, person } = setup();
    const bob = person(BOB);
    const copycat = person({ ...ALICE, name: 'Bob' });
    const marked = person({ id: 'carol-user-id-0000000', name: 'Carol (you)', color: '#2f9e44' });
    copycat.local.moveCursor({ x: 1, y: 1 });
    marked.local.moveCursor({ x: 2, y: 2 });
    clock.advance(100);
    const labels = bob.peers
      .targets()
      .map(({ name }) => name)
      .sort();
    expect(labels).toEqual(['Bob (2)', 'Carol']);
  });
});
