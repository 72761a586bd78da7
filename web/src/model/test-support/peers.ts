import * as Y from 'yjs';

/** The origin updates from another peer arrive with, as a provider would apply them. */
export const FROM_PEER = Symbol('from-peer');

/**
 * Two documents that see each other's changes at once, like two browsers on a fast relay.
 * Returns a function that disconnects them (going offline); reconnect with `syncNow`.
 */
export function connectPeers(a: Y.Doc, b: Y.Doc): () => void {
  const forward = (to: Y.Doc) => (update: Uint8Array, origin: unknown) => {
    if (origin !== FROM_PEER) Y.applyUpdate(to, update, FROM_PEER);
  };
  const toB = forward(b);
  const toA = forward(a);
  a.on('update', toB);
  b.on('update', toA);
  syncNow(a, b);
  return () => {
    a.off('update', toB);
    b.off('update', toA);
  };
}

/** Exchanges whatever each document is missing, as a reconnecting provider does. */
export function syncNow(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), FROM_PEER);
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), FROM_PEER);
}
