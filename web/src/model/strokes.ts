/**
 * Stroke operations. Each write is one Yjs transaction carrying the caller's `origin`, so an
 * UndoManager that tracks only the local origin (see undo.ts) never undoes a peer's work.
 *
 * Writes validate their own arguments and throw on a programming error (a NaN width, a reused
 * id); reads never throw on what a peer wrote, they skip it and report it (see schema.ts).
 */
import * as Y from 'yjs';
import {
  countPoints,
  decodeChunks,
  encodeChunk,
  encodePointBuffer,
  type Point,
} from './points-codec.ts';
import {
  MAX_POINTS_PER_STROKE,
  StrokeField,
  isAuthor,
  isCssColor,
  isStrokeId,
  isStrokeWidth,
  isTimestamp,
  isZ,
  readStrokeRecord,
  strokesMap,
  type ProblemReporter,
  type StrokeMeta,
  type StrokeRecord,
} from './schema.ts';

export interface NewStroke {
  readonly id: string;
  readonly color: string;
  readonly width: number;
  readonly author: string;
  /** Usually the pointerdown sample, so even a click leaves a visible dot. */
  readonly firstPoints: readonly Point[];
  /** Defaults to Date.now(); pass a value to keep tests deterministic. */
  readonly createdAt?: number;
}

/** A stroke ready to render. */
export interface StrokeView extends StrokeMeta {
  /** x, y, p triples (POINT_STRIDE floats per point), in drawing order. */
  readonly points: Float32Array;
}

/**
 * Starts a stroke on top of all others (z = max existing z + 1), with done = false.
 * Throws if the arguments are invalid or the id is taken; nothing is written then.
 */
export function beginStroke(doc: Y.Doc, stroke: NewStroke, origin: unknown): StrokeMeta {
  const createdAt = stroke.createdAt ?? Date.now();
  assertValidNewStroke(stroke, createdAt);
  // Encoding before the transaction means a bad point throws before anything is written.
  const firstChunk = stroke.firstPoints.length > 0 ? encodeChunk(stroke.firstPoints) : null;
  const strokes = strokesMap(doc);
  if (strokes.has(stroke.id)) throw new Error(`Stroke id ${stroke.id} is already in use`);
  const { id, color, width, author } = stroke;
  const meta: StrokeMeta = { id, color, width, author, z: nextZ(strokes), done: false, createdAt };
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    strokes.set(meta.id, map);
    map.set(StrokeField.color, meta.color);
    map.set(StrokeField.width, meta.width);
    map.set(StrokeField.author, meta.author);
    map.set(StrokeField.z, meta.z);
    map.set(StrokeField.done, meta.done);
    map.set(StrokeField.createdAt, meta.createdAt);
    const points = new Y.Array<Uint8Array>();
    map.set(StrokeField.points, points);
    if (firstChunk) points.push([firstChunk]);
  }, origin);
  return meta;
}

/**
 * Adds one chunk to a stroke being drawn; earlier chunks are never rewritten, so the update sent
 * to peers is as small as the new points. Returns false when the stroke is gone (a peer erased it
 * or cleared the board) or already finished: the app should end the gesture then.
 */
export function appendPoints(
  doc: Y.Doc,
  id: string,
  points: readonly Point[],
  origin: unknown,
): boolean {
  const record = readLiveRecord(doc, id);
  if (record === null || record.meta.done) return false;
  if (points.length === 0) return true;
  const chunk = encodeChunk(points);
  doc.transact(() => record.points.push([chunk]), origin);
  return true;
}

/**
 * How many more points a live stroke may take before it holds MAX_POINTS_PER_STROKE, counting
 * every chunk in it, peers' included (the relay counts them all and refuses what crosses the
 * limit with 1007); null when the stroke is gone. Reads only the chunks' headers.
 */
export function pointsLeftIn(doc: Y.Doc, id: string): number | null {
  const record = readLiveRecord(doc, id);
  if (record === null) return null;
  return MAX_POINTS_PER_STROKE - countPoints(binaryChunks(record.points.toArray()));
}

/**
 * Marks a stroke done and merges its chunks into one, in a single transaction so that undo sees
 * begin, appends and finish as one step. Peers drop the merged-away chunks (only a small
 * tombstone remains), so the stored document holds about one chunk per finished stroke.
 * A stroke holding more than MAX_POINTS_PER_STROKE (a peer appended to it) is left unmerged: the
 * merged chunk would hold whatever the peer wrote, in one update maybe too large for the relay.
 * Returns false when the stroke is gone; finishing a finished stroke changes nothing.
 */
export function finishStroke(doc: Y.Doc, id: string, origin: unknown): boolean {
  const record = readLiveRecord(doc, id);
  if (record === null) return false;
  if (record.meta.done) return true;
  doc.transact(() => {
    const chunks = record.points.toArray();
    const binary = binaryChunks(chunks);
    const alreadyCompact = chunks.length <= 1 && binary.length === chunks.length;
    if (!alreadyCompact && countPoints(binary) <= MAX_POINTS_PER_STROKE) {
      // A chunk that does not decode is dropped here; every read has already reported it.
      const merged = decodeChunks(binary);
      record.points.delete(0, chunks.length);
      if (merged.length > 0) record.points.push([encodePointBuffer(merged)]);
    }
    record.map.set(StrokeField.done, true);
  }, origin);
  return true;
}

/**
 * Deletes the entries that exist among `ids`, of any kind (elements.ts calls it deleteElements),
 * in one transaction. Returns how many.
 */
export function eraseStrokes(doc: Y.Doc, ids: Iterable<string>, origin: unknown): number {
  const strokes = strokesMap(doc);
  const present = [...new Set(ids)].filter((id) => strokes.has(id));
  if (present.length === 0) return 0;
  doc.transact(() => {
    for (const id of present) strokes.delete(id);
  }, origin);
  return present.length;
}

/** Deletes every stroke, malformed ones included, in one transaction. Returns how many. */
export function clearBoard(doc: Y.Doc, origin: unknown): number {
  const strokes = strokesMap(doc);
  const count = strokes.size;
  if (count > 0) doc.transact(() => strokes.clear(), origin);
  return count;
}

/** One stroke, or null when it is missing or malformed (reported). */
export function readStroke(doc: Y.Doc, id: string, onProblem?: ProblemReporter): StrokeView | null {
  const strokes = strokesMap(doc);
  if (!strokes.has(id)) return null;
  return readView(id, strokes.get(id), onProblem);
}

/** Every valid stroke, in drawing order: by z, then by id. */
export function listStrokes(doc: Y.Doc, onProblem?: ProblemReporter): StrokeView[] {
  const views: StrokeView[] = [];
  strokesMap(doc).forEach((value, id) => {
    const view = readView(id, value, onProblem);
    if (view) views.push(view);
  });
  return views.sort(compareStacking);
}

type Stacked = Pick<StrokeMeta, 'id' | 'z'>;

/** Drawing order: lower z first; equal z (two peers began at once) by id, code unit order. */
export function compareStacking(a: Stacked, b: Stacked): number {
  if (a.z !== b.z) return a.z - b.z;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

function readView(id: string, value: unknown, onProblem?: ProblemReporter): StrokeView | null {
  const record = readStrokeRecord(id, value);
  if (!record.ok) {
    onProblem?.({ strokeId: id, reason: record.reason });
    return null;
  }
  return { ...record.value.meta, points: readPoints(record.value, onProblem) };
}

/**
 * A stroke's points, decoded: chunks that are not bytes or do not decode are left out, and so is
 * everything past MAX_POINTS_PER_STROKE; each is reported.
 */
export function readPoints(record: StrokeRecord, onProblem?: ProblemReporter): Float32Array {
  const id = record.meta.id;
  const chunks = record.points.toArray();
  const binary = binaryChunks(chunks);
  if (binary.length !== chunks.length) {
    onProblem?.({ strokeId: id, reason: `${chunks.length - binary.length} chunks are not bytes` });
  }
  const declared = countPoints(binary);
  if (declared > MAX_POINTS_PER_STROKE) {
    onProblem?.({
      strokeId: id,
      reason: `${declared} points, only the first ${MAX_POINTS_PER_STROKE} are read`,
    });
  }
  return decodeChunks(
    binary,
    (index, error) =>
      onProblem?.({ strokeId: id, reason: `byte chunk ${index}: ${error.message}` }),
    MAX_POINTS_PER_STROKE,
  );
}

function readLiveRecord(doc: Y.Doc, id: string): StrokeRecord | null {
  const strokes = strokesMap(doc);
  if (!strokes.has(id)) return null;
  const record = readStrokeRecord(id, strokes.get(id));
  return record.ok ? record.value : null;
}

export function binaryChunks(chunks: readonly unknown[]): Uint8Array[] {
  return chunks.filter((chunk): chunk is Uint8Array => chunk instanceof Uint8Array);
}

/** Above every element with a valid z. Malformed entries are ignored, as everywhere else. */
export function nextZ(strokes: Y.Map<unknown>): number {
  let max = -1;
  strokes.forEach((value) => {
    if (!(value instanceof Y.Map)) return;
    const z: unknown = value.get(StrokeField.z);
    if (isZ(z) && z > max) max = z;
  });
  // A peer could write the largest safe integer; ties are then broken by id rather than overflowing.
  return Math.min(max + 1, Number.MAX_SAFE_INTEGER);
}

function assertValidNewStroke(stroke: NewStroke, createdAt: number): void {
  if (!isStrokeId(stroke.id)) throw new TypeError(`Invalid stroke id: ${String(stroke.id)}`);
  if (!isCssColor(stroke.color)) throw new TypeError(`Invalid stroke color: ${stroke.color}`);
  if (!isStrokeWidth(stroke.width)) throw new RangeError(`Invalid stroke width: ${stroke.width}`);
  if (!isAuthor(stroke.author)) throw new TypeError(`Invalid author: ${stroke.author}`);
  if (!isTimestamp(createdAt)) throw new RangeError(`Invalid createdAt: ${createdAt}`);
}
