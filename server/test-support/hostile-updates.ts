import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { encodeChunk, type Point } from '../../web/src/model/points-codec.ts';
import { StrokeField, STROKES_KEY } from '../../web/src/model/schema.ts';

/**
 * A Yjs update (v1) holding one collected struct for each of `count` new client ids, written by
 * hand: building 200,000 clients with Yjs would take minutes.
 */
export function manyClientsUpdate(count: number, firstClient = 1_000_000): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, count);
  for (let i = 0; i < count; i++) {
    encoding.writeVarUint(encoder, 1); // structs of this client
    encoding.writeVarUint(encoder, firstClient + i); // client
    encoding.writeVarUint(encoder, 0); // first clock
    encoding.writeUint8(encoder, 0); // info 0: a GC struct
    encoding.writeVarUint(encoder, 1); // its length
  }
  encoding.writeVarUint(encoder, 0); // empty delete set
  return encoding.toUint8Array(encoder);
}

/** Everything `build` writes to a fresh document with client id `clientId`, as one update. */
export function updateOf(build: (doc: Y.Doc) => void, clientId = 4242): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  doc.transact(() => build(doc));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Y.Maps nested `depth` levels below the root map `root`. */
export const nestedMaps = (depth: number, root = 'deep'): Uint8Array =>
  updateOf((doc) => {
    let map = doc.getMap<unknown>(root);
    for (let i = 0; i < depth; i++) {
      const child = new Y.Map<unknown>();
      map.set('c', child);
      map = child;
    }
  });

/** A straight line of `count` points, one world unit apart. */
export const linePoints = (count: number): Point[] =>
  Array.from({ length: count }, (_, i) => ({ x: i % 1000, y: Math.floor(i / 1000), p: 0.5 }));

/** The fields of a valid stroke, as the app writes them (schema.ts). */
export function strokeFields(map: Y.Map<unknown>, chunks: readonly Uint8Array[] = []): void {
  map.set(StrokeField.color, '#1e1e1e');
  map.set(StrokeField.width, 2);
  map.set(StrokeField.author, 'mallory');
  map.set(StrokeField.z, 1);
  map.set(StrokeField.done, true);
  map.set(StrokeField.createdAt, 0);
  const points = new Y.Array<Uint8Array>();
  map.set(StrokeField.points, points);
  points.push([...chunks]);
}

/** One finished stroke whose single chunk holds `count` points. */
export const strokeOfPoints = (count: number): Uint8Array =>
  updateOf((doc) => {
    const stroke = new Y.Map<unknown>();
    doc.getMap(STROKES_KEY).set('long', stroke);
    strokeFields(stroke, [encodeChunk(linePoints(count))]);
  });

/** `count` stroke entries in one transaction: empty maps, the cheapest thing the app lists. */
export const manyStrokes = (count: number, prefix = 's', clientId = 4242): Uint8Array =>
  updateOf((doc) => {
    const strokes = doc.getMap(STROKES_KEY);
    for (let i = 0; i < count; i++) strokes.set(`${prefix}${i}`, new Y.Map());
  }, clientId);
