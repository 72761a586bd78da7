import * as awarenessProtocol from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeClientMessage, encodeAwareness } from '../protocol/messages.ts';
import { PresenceLedger, removalFrame } from './presence-ledger.ts';

/** A person's awareness, as their client holds it. */
function person(clientId: number) {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new awarenessProtocol.Awareness(doc);
  const frame = () =>
    encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [clientId]));
  return { awareness, frame };
}

describe('the presence ledger of the other instances', () => {
  it('hands back the clients of a lapsed instance, room by room, and forgets them', () => {
    const ledger = new PresenceLedger();
    const alice = person(1);
    const bob = person(2);
    alice.awareness.setLocalState({ name: 'alice' });
    bob.awareness.setLocalState({ name: 'bob' });
    ledger.heard('board', 'a', [alice.frame()]);
    ledger.heard('other', 'a', [bob.frame()]);
    ledger.heard('board', 'b', [bob.frame()]);
    expect(ledger.instances()).toEqual(new Set(['a', 'b']));
    expect(ledger.lapse('a')).toEqual([
      { room: 'board', clients: [{ clientId: 1, clock: alice.awareness.meta.get(1)!.clock }] },
      { room: 'other', clients: [{ clientId: 2, clock: bob.awareness.meta.get(2)!.clock }] },
    ]);
    expect(ledger.lapse('a')).toEqual([]);
    expect(ledger.instances()).toEqual(new Set(['b']));
  });

  it('moves a client that reappears on another instance, and drops one that left', () => {
    const ledger = new PresenceLedger();
    const alice = person(1);
    alice.awareness.setLocalState({ name: 'alice' });
    ledger.heard('board', 'a', [alice.frame()]);
    ledger.heard('board', 'b', [alice.frame()]);
    expect(ledger.lapse('a'), 'alice moved to b').toEqual([]);
    alice.awareness.setLocalState(null);
    ledger.heard('board', 'b', [alice.frame()]);
    expect(ledger.lapse('b'), 'alice left').toEqual([]);
  });

  it('writes removals that another instance applies with the clock it holds', () => {
    const alice = person(7);
    alice.awareness.setLocalState({ name: 'alice' });
    const relay = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(
      relay,
      awarenessProtocol.encodeAwarenessUpdate(alice.awareness, [7]),
      'test',
    );
    expect(relay.getStates().has(7)).toBe(true);
    const message = decodeClientMessage(
      removalFrame([{ clientId: 7, clock: alice.awareness.meta.get(7)!.clock }]),
    );
    if (message.type !== 'awareness') throw new Error('not awareness');
    awarenessProtocol.applyAwarenessUpdate(relay, message.update, 'test');
    expect(relay.getStates().has(7)).toBe(false);
  });
});
