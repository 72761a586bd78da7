/**
 * The pieces the app sends, judged by the relay's own admission (server/rooms/update-admission.ts)
 * rather than by a copy of its rules: web tests otherwise keep out of server code, but a copy of
 * what the relay refuses is exactly what drifted here before (a comment said it kept pieces that
 * refer forward pending; it refuses them with 1007).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FULL_ACCESS } from '../../../server/access/access.ts';
import type { Peer } from '../../../server/rooms/peer.ts';
import { UpdateAdmission } from '../../../server/rooms/update-admission.ts';
import { copyOf, offlineSessions, SESSION_ORDERS } from './test-support/offline-sessions.ts';
import { splitUpdate } from './update-pieces.ts';

/** Only its identity matters to the admission: it keys the client ids each connection brought. */
const device: Peer = {
  id: 1,
  access: FULL_ACCESS,
  identity: null,
  send: () => expect.unreachable('the admission never sends'),
  close: () => expect.unreachable('the admission never closes'),
};

/** The relay's room: its document, and its admission with the default limits. */
function roomHolding(relay: Y.Doc): { doc: Y.Doc; admission: UpdateAdmission } {
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay));
  return { doc, admission: new UpdateAdmission(doc, { maxNewClientsPerConnection: 64 }) };
}

describe('the pieces of a step 2 carrying several offline sessions', () => {
  it.each(SESSION_ORDERS)('sessions %i, %i, %i: the relay admits every piece', (...clientIds) => {
    const { relay, device: board, step2 } = offlineSessions(clientIds);
    const pieces = splitUpdate(step2, 200);
    expect(pieces.length).toBeGreaterThan(5);

    // Each piece stored before the next arrives…
    const stored = roomHolding(relay);
    for (const piece of pieces) {
      stored.admission.admit(stored.admission.check(device, piece));
      Y.applyUpdate(stored.doc, piece);
      stored.admission.applied(1);
    }
    // …and all of them arriving before the first is stored (admitted, not yet applied).
    const burst = roomHolding(relay);
    for (const piece of pieces) burst.admission.admit(burst.admission.check(device, piece));
    for (const piece of pieces) Y.applyUpdate(burst.doc, piece);
    burst.admission.applied(pieces.length);

    for (const room of [stored.doc, burst.doc]) {
      expect(room.store.pendingStructs).toBeNull();
      expect(copyOf(room).getMap('strokes').toJSON()).toEqual(board.getMap('strokes').toJSON());
    }
  });
});
