import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendPoints,
  beginStroke,
  clearBoard,
  eraseStrokes,
  finishStroke,
} from '../model/strokes.ts';
import { drawStroke, line } from '../model/test-support/drawing.ts';
import { seededRandom } from '../model/test-support/seeded-random.ts';
import { IdSet } from './id-set.ts';
import { pendingChanges } from './pending-changes.ts';
import { ServerKnowledge } from './server-knowledge.ts';
import { SimClient, SimRelay } from './test-support/sim-relay.ts';

const HERE = { local: 'this page' };

function draw(client: SimClient, id: string, points = 25): void {
  drawStroke(client.doc, { id, points: line(points), origin: HERE, chunkSize: 5 });
}

const pending = (client: SimClient) => pendingChanges(client.doc, client.knowledge);

/** Whether the relay's document holds every struct and every deletion of `doc`. */
function relayHoldsAll(relay: Y.Doc, doc: Y.Doc): boolean {
  const relaySv = Y.decodeStateVector(Y.encodeStateVector(relay));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    if ((relaySv.get(client) ?? 0) < clock) return false;
  }
  const relayDeleted = new IdSet();
  for (const [client, items] of Y.createDeleteSetFromStructStore(relay.store).clients) {
    for (const { clock, len } of items) relayDeleted.add(client, clock, clock + len);
  }
  for (const [client, items] of Y.createDeleteSetFromStructStore(doc.store).clients) {
    for (const { clock, len } of items) {
      if (!relayDeleted.covers(client, clock, clock + len)) return false;
    }
  }
  return true;
}

describe('pending changes', () => {
  it('are none on an empty board', () => {
    const client = new SimClient();
    expect(pending(client)).toMatchObject({ count: 0, structs: 0, deletions: 0 });
  });

  it('stay until the relay has stored a stroke and its echo has come back', () => {
    const relay = new SimRelay();
    const alice = new SimClient();
    alice.connect(relay);
    alice.settle();
    draw(alice, 's1');
    expect(pending(alice).count).toBe(1);
    alice.send(); // the relay has stored it…
    expect(relayHoldsAll(relay.doc, alice.doc)).toBe(true);
    expect(pending(alice).count).toBe(1); // …but nobody has told Alice yet
    alice.receive();
    expect(pending(alice)).toMatchObject({ count: 0, structs: 0, deletions: 0 });
  });

  it('count strokes, not updates: three strokes of many point batches are three changes', () => {
    const alice = new SimClient();
    draw(alice, 'a', 40);
    draw(alice, 'b', 40);
    draw(alice, 'c', 40);
    const changes = pending(alice);
    expect(changes.count).toBe(3);
    expect([...changes.strokeIds].sort()).toEqual(['a', 'b', 'c']);
    expect(changes.structs).toBeGreaterThan(3);
  });

  it('count an erase made offline until the relay holds the deletion, though no state vector moves', () => {
    const relay = new SimRelay();
    const alice = new SimClient();
    alice.connect(relay);
    draw(alice, 's1');
    alice.settle();
    expect(pending(alice).count).toBe(0);

    alice.disconnect();
    const vectorBefore = Y.encodeStateVector(alice.doc);
    eraseStrokes(alice.doc, ['s1'], HERE);
    expect(Y.encodeStateVector(alice.doc)).toEqual(vectorBefore);
    expect(pending(alice)).toMatchObject({ count: 1, structs: 0 });
    expect([...pending(alice).strokeIds]).toEqual(['s1']);

    // Back online: the relay's step 1 covers every struct Alice has, yet the erase is not saved.
    alice.connect(relay);
    alice.receive(1);
    expect(pending(alice).count).toBe(1);
    // The relay's step 2 answers Alice's step 1: its delete set does not have the erase yet.
    alice.send(1); // Alice's step 1 only
    alice.receive();
    expect(alice.knowledge.confirmed).toBe(true);
    expect(pending(alice).count).toBe(1);
    alice.settle();
    expect(pending(alice).count).toBe(0);
    expect(relayHoldsAll(relay.doc, alice.doc)).toBe(true);
  });

  it('count each stroke a cleared board removes', () => {
    const relay = new SimRelay();
    const alice = new SimClient();
    alice.connect(relay);
    for (const id of ['a', 'b', 'c', 'd']) draw(alice, id);
    alice.settle();
    alice.disconnect();
    clearBoard(alice.doc, HERE);
    expect(pending(alice).count).toBe(4);
  });

  it('count a stroke drawn and erased offline once, until its removal is on the relay too', () => {
    const relay = new SimRelay();
    const alice = new SimClient();
    draw(alice, 'gone');
    eraseStrokes(alice.doc, ['gone'], HERE);
    expect(pending(alice).count).toBe(1);
    alice.connect(relay);
    alice.settle();
    expect(pending(alice).count).toBe(0);
  });

  it('count a stroke begun online and finished offline once', () => {
    const relay = new SimRelay();
    const alice = new SimClient();
    alice.connect(relay);
    beginStroke(
      alice.doc,
      { id: 'half', color: '#000', width: 2, author: 'alice', firstPoints: line(3) },
      HERE,
    );
    alice.settle();
    alice.disconnect();
    drawStroke(alice.doc, { id: 'other', points: line(4), origin: HERE });
    // Finishing 'half' rewrites its chunks and flag: deletions and new structs in one stroke.
    const strokes = alice.doc.getMap('strokes');
    const half = strokes.get('half') as Y.Map<unknown>;
    alice.doc.transact(() => half.set('done', true), HERE);
    const changes = pending(alice);
    expect([...changes.strokeIds].sort()).toEqual(['half', 'other']);
    expect(changes.count).toBe(2);
  });

  it("are saved when another person's erase of the same stroke reached the relay first", () => {
    const relay = new SimRelay();
    const alice = new SimClient();
    const bob = new SimClient();
    alice.connect(relay);
    bob.connect(relay);
    draw(alice, 's1');
    alice.settle();
    bob.settle();
    alice.disconnect();
    eraseStrokes(alice.doc, ['s1'], HERE);
    eraseStrokes(bob.doc, ['s1'], HERE);
    bob.settle();
    expect(pending(alice).count).toBe(1);
    alice.connect(relay);
    alice.receive(); // step 1 only: Alice has not even sent her step 1 yet
    alice.send(1);
    alice.receive(); // the relay's step 2 carries Bob's erase in its delete set
    expect(pending(alice).count).toBe(0);
  });

  it('are counted the same after a reload without network, from what the device kept', () => {
    const relay = new SimRelay();
    let alice = new SimClient();
    alice.connect(relay);
    draw(alice, 'saved-1');
    draw(alice, 'saved-2');
    alice.settle();
    alice.disconnect();
    draw(alice, 'offline-1');
    eraseStrokes(alice.doc, ['saved-1'], HERE);
    const before = pending(alice);
    expect(before.count).toBe(2);

    alice = alice.reload();
    expect(pending(alice)).toEqual(before);
    // The new page has its own client id: its drawings count beside the old page's.
    draw(alice, 'offline-2');
    expect(pending(alice).count).toBe(3);

    alice.connect(relay);
    alice.settle();
    expect(pending(alice).count).toBe(0);
    expect(relayHoldsAll(relay.doc, alice.doc)).toBe(true);
  });

  it('count everything when the device kept no knowledge: unsure means unsaved', () => {
    const relay = new SimRelay();
    const alice = new SimClient();
    alice.connect(relay);
    draw(alice, 'a');
    draw(alice, 'b');
    alice.settle();
    const forgetful = pendingChanges(alice.doc, new ServerKnowledge());
    expect(forgetful.count).toBe(2);
  });

  it('come back when the relay turns out to have lost what it held', () => {
    let relay = new SimRelay();
    const alice = new SimClient();
    alice.connect(relay);
    draw(alice, 'a');
    alice.settle();
    alice.disconnect();
    expect(pending(alice).count).toBe(0);

    relay = new SimRelay(); // restored from an empty backup
    alice.connect(relay);
    alice.receive(1);
    alice.send(1);
    alice.receive(1); // step 2: the relay's full state, which lacks 'a'
    expect(pending(alice).count).toBe(1);
    alice.settle();
    expect(pending(alice).count).toBe(0);
    expect(relayHoldsAll(relay.doc, alice.doc)).toBe(true);
  });

  it('count an entry outside the strokes map once', () => {
    const alice = new SimClient();
    alice.doc.transact(() => {
      alice.doc.getMap('notes').set('k', 'v');
      alice.doc.getMap('notes').set('k', 'w');
      alice.doc.getMap('notes').set('j', 'x');
    }, HERE);
    expect(pending(alice)).toMatchObject({ count: 2, strokeIds: new Set() });
  });

  it.each([1, 7, 99, 2024, 31337, 4242, 8, 77])(
    'never call a change saved that the relay does not hold, and call everything saved in the end (seed %i)',
    (seed) => {
      const random = seededRandom(seed);
      const pick = <T>(items: readonly T[]): T | undefined =>
        items[Math.floor(random() * items.length)];
      // Client ids from the seed too, so a failure replays exactly.
      const nextId = () => 1 + Math.floor(random() * 2 ** 31);
      const newClient = () => {
        const doc = new Y.Doc();
        doc.clientID = nextId();
        return new SimClient({ doc });
      };
      const relay = new SimRelay();
      const clients = [newClient(), newClient(), newClient()];
      let strokeNumber = 0;
      for (let step = 0; step < 500; step++) {
        const index = Math.floor(random() * clients.length);
        const client = clients[index]!;
        const strokes = client.doc.getMap('strokes');
        const roll = random();
        if (roll < 0.15) {
          draw(client, `s${strokeNumber++}`, 3 + Math.floor(random() * 20));
        } else if (roll < 0.25) {
          // A stroke left open, to be continued or erased by someone meanwhile.
          const firstPoints = line(1 + Math.floor(random() * 4));
          const stroke = { id: `s${strokeNumber++}`, color: '#000', width: 2, author: 'a' };
          beginStroke(client.doc, { ...stroke, firstPoints }, HERE);
        } else if (roll < 0.35) {
          const open = [...strokes.keys()].filter(
            (id) => (strokes.get(id) as Y.Map<unknown>).get('done') === false,
          );
          const id = pick(open);
          if (id && random() < 0.7) appendPoints(client.doc, id, line(3), HERE);
          else if (id) finishStroke(client.doc, id, HERE);
        } else if (roll < 0.45) {
          const victim = pick([...strokes.keys()]);
          if (victim) eraseStrokes(client.doc, [victim], HERE);
        } else if (roll < 0.53) {
          if (client.connected) client.disconnect();
          else client.connect(relay);
        } else if (roll < 0.56) {
          clients[index] = client.reload(nextId());
        } else if (client.connected) {
          // Deliver part of what is in flight, in either direction.
          if (random() < 0.5) client.send(1 + Math.floor(random() * 3));
          else client.receive(1 + Math.floor(random() * 3));
        }
        for (const each of clients) {
          if (pending(each).count === 0) expect(relayHoldsAll(relay.doc, each.doc)).toBe(true);
        }
      }
      // Everyone back online, everything delivered: nothing is pending, and all boards agree.
      for (const each of clients) if (!each.connected) each.connect(relay);
      for (let round = 0; round < 3; round++) for (const each of clients) each.settle();
      for (const each of clients) {
        expect(pending(each)).toMatchObject({ count: 0, structs: 0, deletions: 0 });
        expect(each.doc.getMap('strokes').toJSON()).toEqual(relay.doc.getMap('strokes').toJSON());
      }
    },
  );

  // 500, not the 5,000 this once timed (a timed assertion, since removed): the count is the same
  // question at either size, and 5,000 strokes took 16 s of a loaded machine to draw and sync.
  it('counts 50 strokes drawn and 50 erased offline among 500 the relay holds', () => {
    const relay = new SimRelay();
    const alice = new SimClient();
    for (let i = 0; i < 500; i++) draw(alice, `s${i}`, 20);
    alice.connect(relay);
    alice.settle();
    alice.disconnect();
    for (let i = 0; i < 50; i++) draw(alice, `offline-${i}`, 20);
    eraseStrokes(
      alice.doc,
      Array.from({ length: 50 }, (_, i) => `s${i * 7}`),
      HERE,
    );
    // Counted again and again (the badge refreshes), the answer stays the same.
    for (let i = 0; i < 3; i++) expect(pending(alice).count).toBe(100);
  });
});
