/**
 * Point codec: packs a run of pen samples into one compact binary chunk.
 *
 * Chunk layout (all integers are unsigned LEB128 varints, 7 bits per byte, low bits first):
 *
 *   byte 0     CHUNK_FORMAT (1); any other value is rejected, leaving room for a v2
 *   varuint    n, the number of points (a chunk of n points needs at least 1 + 1 + 3n bytes)
 *   n times    zigzag(dx), zigzag(dy), zigzag(dp)
 *
 * x and y are quantized to QUANTA_PER_UNIT steps per world unit, p (pressure 0..1) to 0..255.
 * The first point is stored as a delta from (0, 0, 0), so it is absolute; every later point is
 * a delta from the one before. Zigzag maps small signed numbers to small unsigned ones
 * (0, -1, 1, -2 … → 0, 1, 2, 3 …), so any delta in -64..63 costs one byte.
 *
 * Why 1/4 world unit: at zoom 1 a world unit is one CSS pixel, so quarter units sit below what a
 * 2× display shows even when zoomed in 2×, while a hand moving up to 16 units per sample (about
 * 1000 px/s at 60 Hz) still costs one byte per axis. Measured on a synthetic pen trace (see
 * points-codec.test.ts): about 3 bytes per point in a finished stroke.
 *
 * Why |x|, |y| ≤ MAX_WORLD_COORDINATE (2^22): quantized values then stay within ±2^24, which a
 * Float32Array holds exactly, and a delta's zigzag fits 28 bits, so no varint exceeds 4 bytes.
 */

/** One pen sample in world coordinates; p is pressure, 0..1. */
export interface Point {
  readonly x: number;
  readonly y: number;
  readonly p: number;
}

export const CHUNK_FORMAT = 1;
export const QUANTA_PER_UNIT = 4;
export const PRESSURE_STEPS = 255;
export const MAX_WORLD_COORDINATE = 2 ** 22;
/** Floats per point in a decoded buffer: x, y, p. */
export const POINT_STRIDE = 3;

const MAX_QUANTIZED = MAX_WORLD_COORDINATE * QUANTA_PER_UNIT;
const MAX_VARINT_BYTES = 4;
/** Every point costs at least one byte per value. */
const MIN_POINT_BYTES = 3;
/** Two 4-byte coordinate deltas and a pressure delta of at most ±255 (2 bytes). */
const MAX_POINT_BYTES = 10;
const MAX_HEADER_BYTES = 1 + MAX_VARINT_BYTES;

export type ChunkDecodeFailure =
  | 'empty'
  | 'unknown-format'
  | 'truncated'
  | 'varint-too-long'
  | 'bad-count'
  | 'out-of-range'
  | 'trailing-bytes';

/** A chunk that is not a valid encoding. Callers skip the chunk and report it. */
export class ChunkDecodeError extends Error {
  override readonly name = 'ChunkDecodeError';
  constructor(
    readonly code: ChunkDecodeFailure,
    readonly offset: number,
  ) {
    super(`Invalid point chunk: ${code} at byte ${offset}`);
  }
}

/** The point exactly as it comes back from decoding. */
export function quantizePoint(point: Point): Point {
  return {
    x: quantizeCoordinate(point.x) / QUANTA_PER_UNIT,
    y: quantizeCoordinate(point.y) / QUANTA_PER_UNIT,
    p: quantizePressure(point.p) / PRESSURE_STEPS,
  };
}

export function encodeChunk(points: readonly Point[]): Uint8Array {
  const writer = new ChunkWriter(points.length);
  for (const { x, y, p } of points) writer.write(x, y, p);
  return writer.finish();
}

/** Encodes a decoded buffer (x, y, p triples) again, e.g. to merge several chunks into one. */
export function encodePointBuffer(buffer: Float32Array): Uint8Array {
  const count = Math.floor(buffer.length / POINT_STRIDE);
  const writer = new ChunkWriter(count);
  for (let i = 0; i < count * POINT_STRIDE; i += POINT_STRIDE) {
    writer.write(buffer[i] ?? 0, buffer[i + 1] ?? 0, buffer[i + 2] ?? 0);
  }
  return writer.finish();
}

export function decodeChunk(chunk: Uint8Array): Point[] {
  // Float64 so the values equal quantizePoint's exactly (Float32 would round p).
  const buffer = new Float64Array(readHeader(chunk).count * POINT_STRIDE);
  decodeInto(chunk, buffer, 0);
  const points: Point[] = [];
  for (let i = 0; i < buffer.length; i += POINT_STRIDE) {
    points.push({ x: buffer[i] ?? 0, y: buffer[i + 1] ?? 0, p: buffer[i + 2] ?? 0 });
  }
  return points;
}

/**
 * Decodes the chunks of one stroke, in order, into one buffer of x, y, p triples for rendering.
 * A chunk that fails to decode is left out and passed to onBadChunk; the rest still render.
 * At most `maxPoints` points are decoded: the rest of a longer stroke is not even read, so what
 * a stroke costs to decode is bounded whatever a peer wrote (see countPoints to tell).
 */
export function decodeChunks(
  chunks: readonly Uint8Array[],
  onBadChunk?: (index: number, error: ChunkDecodeError) => void,
  maxPoints = Number.POSITIVE_INFINITY,
): Float32Array {
  // Sizing from the headers first lets a 10,000-stroke board decode without regrowing buffers.
  const capacity = Math.min(countPoints(chunks), maxPoints);
  const buffer = new Float32Array(capacity * POINT_STRIDE);
  let written = 0;
  for (const [index, chunk] of chunks.entries()) {
    if (written === buffer.length) break;
    try {
      written = decodeInto(chunk, buffer, written);
    } catch (error) {
      if (!(error instanceof ChunkDecodeError)) throw error;
      onBadChunk?.(index, error);
    }
  }
  return written === buffer.length ? buffer : buffer.slice(0, written);
}

/**
 * How many points a chunk's header says it holds, read without decoding them: a check can refuse
 * a huge chunk before allocating for it. Throws ChunkDecodeError when the header is invalid.
 */
export function chunkPointCount(chunk: Uint8Array): number {
  return readHeader(chunk).count;
}

/** How many points the chunks say they hold (a chunk with an invalid header: none). */
export function countPoints(chunks: readonly Uint8Array[]): number {
  let count = 0;
  for (const chunk of chunks) count += declaredCount(chunk);
  return count;
}

/** How many points a chunk says it holds, or 0 when its header is already invalid. */
function declaredCount(chunk: Uint8Array): number {
  try {
    return readHeader(chunk).count;
  } catch {
    return 0;
  }
}

function quantizeCoordinate(value: number): number {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_WORLD_COORDINATE) {
    throw new RangeError(`Point coordinate ${value} is outside ±${MAX_WORLD_COORDINATE}`);
  }
  // `|| 0` turns -0 into 0, so a decoded point compares equal to its quantized original.
  return Math.round(value * QUANTA_PER_UNIT) || 0;
}

function quantizePressure(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`Pressure ${value} is not a number`);
  return Math.round(Math.min(1, Math.max(0, value)) * PRESSURE_STEPS);
}

const zigzag = (n: number): number => (n << 1) ^ (n >> 31);
const unzigzag = (n: number): number => (n >>> 1) ^ -(n & 1);

class ChunkWriter {
  #bytes: Uint8Array;
  #pos = 0;
  #x = 0;
  #y = 0;
  #p = 0;

  constructor(count: number) {
    this.#bytes = new Uint8Array(MAX_HEADER_BYTES + count * MAX_POINT_BYTES);
    this.#bytes[this.#pos++] = CHUNK_FORMAT;
    this.#writeVarUint(count);
  }

  write(x: number, y: number, p: number): void {
    const qx = quantizeCoordinate(x);
    const qy = quantizeCoordinate(y);
    const qp = quantizePressure(p);
    this.#writeVarUint(zigzag(qx - this.#x));
    this.#writeVarUint(zigzag(qy - this.#y));
    this.#writeVarUint(zigzag(qp - this.#p));
    this.#x = qx;
    this.#y = qy;
    this.#p = qp;
  }

  finish(): Uint8Array {
    return this.#bytes.slice(0, this.#pos);
  }

  #writeVarUint(value: number): void {
    let rest = value;
    while (rest > 0x7f) {
      this.#bytes[this.#pos++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    this.#bytes[this.#pos++] = rest;
  }
}

class ChunkReader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  readVarUint(): number {
    const start = this.pos;
    let value = 0;
    for (let shift = 0; shift < 7 * MAX_VARINT_BYTES; shift += 7) {
      if (this.pos >= this.bytes.length) throw new ChunkDecodeError('truncated', this.pos);
      const byte = this.bytes[this.pos++] ?? 0;
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
    throw new ChunkDecodeError('varint-too-long', start);
  }
}

function readHeader(chunk: Uint8Array): { count: number; reader: ChunkReader } {
  if (chunk.length === 0) throw new ChunkDecodeError('empty', 0);
  if (chunk[0] !== CHUNK_FORMAT) throw new ChunkDecodeError('unknown-format', 0);
  const reader = new ChunkReader(chunk);
  reader.pos = 1;
  const count = reader.readVarUint();
  // Bounding the count by the bytes present keeps garbage from allocating huge buffers.
  if (count * MIN_POINT_BYTES > chunk.length - reader.pos) {
    throw new ChunkDecodeError('bad-count', 1);
  }
  return { count, reader };
}

/**
 * Writes the chunk's points at `offset` (in floats) and returns the offset after them. When `out`
 * has no room for all of them, only those that fit are written (and the rest is not checked).
 */
function decodeInto(chunk: Uint8Array, out: Float32Array | Float64Array, offset: number): number {
  const { count, reader } = readHeader(chunk);
  const fits = Math.min(count, Math.floor((out.length - offset) / POINT_STRIDE));
  let qx = 0;
  let qy = 0;
  let qp = 0;
  let o = offset;
  for (let i = 0; i < fits; i++) {
    const pointStart = reader.pos;
    qx += unzigzag(reader.readVarUint());
    qy += unzigzag(reader.readVarUint());
    qp += unzigzag(reader.readVarUint());
    if (
      qx > MAX_QUANTIZED ||
      qx < -MAX_QUANTIZED ||
      qy > MAX_QUANTIZED ||
      qy < -MAX_QUANTIZED ||
      qp < 0 ||
      qp > PRESSURE_STEPS
    ) {
      throw new ChunkDecodeError('out-of-range', pointStart);
    }
    out[o++] = qx / QUANTA_PER_UNIT;
    out[o++] = qy / QUANTA_PER_UNIT;
    out[o++] = qp / PRESSURE_STEPS;
  }
  if (fits === count && reader.pos !== chunk.length) {
    throw new ChunkDecodeError('trailing-bytes', reader.pos);
  }
  return o;
}
