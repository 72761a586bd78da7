/**
 * The hostile payloads, built before any measurement starts so that building them never shows as
 * a stall. Each reproduces a finding of the hardening issue at the size it was found with (or
 * smaller where HOSTILE_SCALE says so).
 */
import * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncUpdate } from '../../server/protocol/messages.ts';
import { syncStep1Frame } from '../../server/test-support/frames.ts';

export { awarenessFrame } from '../../server/test-support/frames.ts';

/** A state vector naming a client nobody has seen: the server must answer with everything. */
export const unknownClientStep1 = (): Uint8Array => syncStep1Frame([[987_654_321, 5]]);

export const emptyStep1 = (): Uint8Array => encodeSyncStep1(Uint8Array.of(0));

export const QUERY_AWARENESS = Uint8Array.of(3);

/** One update written by `clients` different client ids, each setting one key of a root map. */
export function manyClientsUpdate(clients: number): Uint8Array {
  const updates: Uint8Array[] = [];
  for (let i = 0; i < clients; i++) {
    const doc = new Y.Doc({ gc: false });
    doc.clientID = 1_000_000 + i;
    doc.getMap('m').set(`k${i}`, i);
    updates.push(Y.encodeStateAsUpdate(doc));
    doc.destroy();
  }
  return encodeSyncUpdate(Y.mergeUpdates(updates));
}

/** Y.Maps nested `depth` deep in one update. */
export function deeplyNestedUpdate(depth: number): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    let map = doc.getMap('root');
    for (let i = 0; i < depth; i++) {
      const child = new Y.Map<unknown>();
      map.set('c', child);
      map = child;
    }
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return encodeSyncUpdate(update);
}

/** A tiny, valid update of a fresh client: what one stroke's metadata roughly costs. */
export function tinyUpdate(key: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('probe').set(key, Date.now());
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return encodeSyncUpdate(update);
}

/** `bytes` of random-looking but valid content in one update (a big text insert). */
export function bulkUpdate(bytes: number, seed: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 500_000 + seed;
  doc.getMap('bulk').set(`b${seed}`, 'x'.repeat(bytes));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return encodeSyncUpdate(update);
}
