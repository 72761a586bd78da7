import * as Y from 'yjs';

/**
 * Whether two stored copies of a room hold the same document: the same Yjs state vector (every
 * client's clock) and the same encoded state (every struct and every deletion). Built the way
 * the relay loads a room (rooms/room-load.ts): a garbage-collecting Y.Doc, updates in order.
 */
export type Comparison =
  | { readonly same: true; readonly bytes: number }
  | { readonly same: false; readonly reason: 'state_vector' | 'content' };

export function documentOf(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  Y.transact(doc, () => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  return doc;
}

export function compareDocuments(a: Y.Doc, b: Y.Doc): Comparison {
  if (!sameBytes(Y.encodeStateVector(a), Y.encodeStateVector(b))) {
    return { same: false, reason: 'state_vector' };
  }
  const state = Y.encodeStateAsUpdate(a);
  if (!sameBytes(state, Y.encodeStateAsUpdate(b))) return { same: false, reason: 'content' };
  return { same: true, bytes: state.byteLength };
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
