/**
 * A device that was offline through several page sessions, each building on the one before, and
 * the sync step 2 it then sends the relay. Every page load opens the device's copy in a new Y.Doc
 * with a new random client id, so one step 2 can carry several client ids whose items refer to
 * one another; Yjs writes them highest client id first, whatever their order in time.
 */
import * as Y from 'yjs';
import { appendPoints, beginStroke, eraseStrokes, finishStroke } from '../../model/strokes.ts';
import { drawStroke, line } from '../../model/test-support/drawing.ts';
import { syncNow } from '../../model/test-support/peers.ts';

export interface OfflineSessions {
  /** What the relay held when the device went offline. */
  readonly relay: Y.Doc;
  /** The device after its offline sessions. */
  readonly device: Y.Doc;
  /** The device's sync step 2 to the relay: everything the relay lacks. */
  readonly step2: Uint8Array;
}

const ORIGIN = { local: 'device' };
const CHUNK_POINTS = 4;

function startStroke(doc: Y.Doc, id: string): void {
  beginStroke(
    doc,
    { id, color: '#1e1e1e', width: 2, author: 'me', firstPoints: line(CHUNK_POINTS) },
    ORIGIN,
  );
}

function appendChunks(doc: Y.Doc, id: string, chunks: number): void {
  for (let i = 0; i < chunks; i++) appendPoints(doc, id, line(CHUNK_POINTS), ORIGIN);
}

/**
 * Three sessions with the given client ids, in this order in time. The first draws into a stroke
 * the relay holds and starts one of its own; the second appends into the first's stroke and
 * starts another; the third appends into the second's, finishes both (merging their chunks,
 * items built on both earlier sessions') and erases a stroke the relay holds.
 */
export function offlineSessions(clientIds: readonly [number, number, number]): OfflineSessions {
  const relay = new Y.Doc();
  relay.clientID = 1;
  drawStroke(relay, { id: 'kept', points: line(40), origin: ORIGIN });
  drawStroke(relay, { id: 'erased', points: line(40), origin: ORIGIN });
  startStroke(relay, 'open');

  const device = new Y.Doc();
  syncNow(relay, device);
  const [first, second, third] = clientIds;
  device.clientID = first;
  appendChunks(device, 'open', 6);
  startStroke(device, 'first');
  appendChunks(device, 'first', 6);

  device.clientID = second;
  appendChunks(device, 'first', 6);
  startStroke(device, 'second');
  appendChunks(device, 'second', 6);

  device.clientID = third;
  appendChunks(device, 'second', 6);
  finishStroke(device, 'first', ORIGIN);
  finishStroke(device, 'second', ORIGIN);
  eraseStrokes(device, ['erased'], ORIGIN);

  const step2 = Y.encodeStateAsUpdate(device, Y.encodeStateVector(relay));
  return { relay, device, step2 };
}

/** A copy of `doc`, as a fresh Y.Doc. */
export function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** Each order in time of three sessions, so later sessions get both higher and lower ids. */
export const SESSION_ORDERS: readonly (readonly [number, number, number])[] = [
  [100, 200, 300],
  [100, 300, 200],
  [200, 100, 300],
  [200, 300, 100],
  [300, 100, 200],
  [300, 200, 100],
];
