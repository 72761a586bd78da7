/**
 * The decoded points of a stroke being drawn, grown chunk by chunk as its author appends them, so
 * that a stroke receiving thousands of appends costs each append only its own chunk: decoding the
 * whole stroke on every update grew page stalls to 10 s within 30 s of such a flood.
 *
 * An append is told from any other change by what the document shows: the same chunk array, no
 * deletion in the transaction (model/changes.ts), more chunks than were read, and the last chunk
 * read still at the same index (the very same bytes object: Yjs gives every binary item its own).
 * Anything else, and every finished stroke, is read whole (model/strokes.ts readPoints).
 */
import * as Y from 'yjs';
import { strokeBounds, unionBounds, type Bounds } from '../model/geometry.ts';
import { countPoints, decodeChunks, POINT_STRIDE } from '../model/points-codec.ts';
import { MAX_POINTS_PER_STROKE, type ProblemReporter, type StrokeRecord } from '../model/schema.ts';
import { binaryChunks, readPoints } from '../model/strokes.ts';

const MIN_CAPACITY = 256 * POINT_STRIDE;
const MAX_FLOATS = MAX_POINTS_PER_STROKE * POINT_STRIDE;

export class GrowingPoints {
  readonly #chunks: Y.Array<unknown>;
  readonly #width: number;
  #read: number;
  #last: unknown;
  #buffer: Float32Array;
  #length: number;
  #bounds: Bounds | null;
  #overflowReported = false;

  /** Reads the record whole. */
  constructor(record: StrokeRecord, onProblem?: ProblemReporter) {
    const points = readPoints(record, onProblem);
    this.#chunks = record.points;
    this.#width = record.meta.width;
    this.#read = record.points.length;
    this.#last = this.#read > 0 ? record.points.get(this.#read - 1) : undefined;
    this.#buffer = points;
    this.#length = points.length;
    this.#bounds = strokeBounds({ points, width: record.meta.width });
    this.#overflowReported =
      countPoints(binaryChunks(record.points.toArray())) > MAX_POINTS_PER_STROKE; // readPoints said so
  }

  /** The points read so far: a view that later appends never write into. */
  get points(): Float32Array {
    return this.#buffer.subarray(0, this.#length);
  }

  get bounds(): Bounds | null {
    return this.#bounds;
  }

  /**
   * Reads the chunks appended since the last read. False, and nothing read, when `record` changed
   * in some other way than by appends: the caller then reads it whole.
   */
  append(record: StrokeRecord, onProblem?: ProblemReporter): boolean {
    const chunks = record.points;
    if (chunks !== this.#chunks || record.meta.width !== this.#width) return false;
    const total = chunks.length;
    if (total < this.#read) return false;
    if (this.#read > 0 && chunks.get(this.#read - 1) !== this.#last) return false;
    const added: unknown[] = [];
    // get() walks from Yjs's search markers, which sit near the end of a growing array.
    for (let i = this.#read; i < total; i++) added.push(chunks.get(i));
    const first = this.#read;
    this.#read = total;
    if (total > 0) this.#last = added.at(-1) ?? this.#last;
    this.#decode(record.meta.id, first, added, onProblem);
    return true;
  }

  #decode(id: string, first: number, added: unknown[], onProblem?: ProblemReporter): void {
    const binary = binaryChunks(added);
    if (binary.length !== added.length) {
      onProblem?.({ strokeId: id, reason: `${added.length - binary.length} chunks are not bytes` });
    }
    const room = (MAX_FLOATS - this.#length) / POINT_STRIDE;
    if (countPoints(binary) > room && !this.#overflowReported) {
      this.#overflowReported = true;
      onProblem?.({
        strokeId: id,
        reason: `more than ${MAX_POINTS_PER_STROKE} points, only the first ${MAX_POINTS_PER_STROKE} are read`,
      });
    }
    if (room === 0) return;
    const decoded = decodeChunks(
      binary,
      (index, error) =>
        onProblem?.({ strokeId: id, reason: `byte chunk ${first + index}: ${error.message}` }),
      room,
    );
    if (decoded.length === 0) return;
    this.#reserve(this.#length + decoded.length);
    this.#buffer.set(decoded, this.#length);
    this.#length += decoded.length;
    this.#bounds = unionBounds([
      this.#bounds,
      strokeBounds({ points: decoded, width: this.#width }),
    ]);
  }

  /** Doubling, so n appends copy O(n) floats in all rather than O(n²). */
  #reserve(floats: number): void {
    if (floats <= this.#buffer.length) return;
    let capacity = Math.max(MIN_CAPACITY, this.#buffer.length);
    while (capacity < floats) capacity *= 2;
    const grown = new Float32Array(Math.min(capacity, MAX_FLOATS));
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
  }
}
