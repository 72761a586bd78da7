/**
 * The hostile payloads, built before any measurement starts so that building them never shows as
 * a stall. Each reproduces a finding of the hardening issue at the size it was found with (or
 * smaller where HOSTILE_SCALE says so).
 */
import * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncUpdate } from '../../server/protocol/messages.ts';
import { syncStep1Frame } from '../../server/test-support/frames.ts';
import {
  manyClientsUpdate as manyClients,
  nestedMaps,
} from '../../server/test-support/hostile-updates.ts';

export { awarenessFrame } from '../../server/test-support/frames.ts';

/** A state vector naming a client nobody has seen: the server must answer with everything. */
export const unknownClientStep1 = (): Uint8Array => syncStep1Frame([[987_654_321, 5]]);

export const emptyStep1 = (): Uint8Array => encodeSyncStep1(Uint8Array.of(0));

export const QUERY_AWARENESS = Uint8Array.of(3);

/**
 * One update introducing `clients` client ids (one GC struct each; 3.6 MB at 200,000 with real
 * items in the original finding), and Y.Maps nested `depth` deep: both built by hand or by Yjs
 * in the shared test support, so the bench attacks with the very bytes the tests refuse.
 */
export const manyClientsUpdate = (clients: number): Uint8Array =>
  encodeSyncUpdate(manyClients(clients));
export const deeplyNestedUpdate = (depth: number): Uint8Array =>
  encodeSyncUpdate(nestedMaps(depth));

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
