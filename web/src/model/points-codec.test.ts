import { describe, expect, it } from 'vitest';
import {
  CHUNK_FORMAT,
  ChunkDecodeError,
  MAX_WORLD_COORDINATE,
  POINT_STRIDE,
  decodeChunk,
  decodeChunks,
  encodeChunk,
  encodePointBuffer,
  quantizePoint,
  type Point,
} from './points-codec.ts';
import { penTrace } from './test-support/pen-trace.ts';
import { randomBetween, randomBytes, seededRandom } from './test-support/seeded-random.ts';

const FUZZ_SEED = 0x5eed_c0de;
const GARBAGE_SEED = 20_240_611;

const roundTrip = (points: readonly Point[]) => decodeChunk(encodeChunk(points));

function decodeError(chunk: Uint8Array): ChunkDecodeError {
  try {
    decodeChunk(chunk);
  } catch (error) {
    if (error instanceof ChunkDecodeError) return error;
    throw error;
  }
  throw new Error(`expected [${chunk.join(',')}] to fail decoding`);
}

describe('a pen trace survives encoding to the stored precision', () => {
  it('keeps points that are already on the quarter-unit grid exactly', () => {
    const points = [
      { x: 0, y: 0, p: 0 },
      { x: 10.25, y: -3.75, p: 1 },
      { x: 10.5, y: -3.5, p: 128 / 255 },
    ];
    expect(roundTrip(points)).toEqual(points);
  });

  it('rounds x and y to a quarter unit and pressure to 1/255', () => {
    expect(roundTrip([{ x: 1.13, y: -7.9, p: 0.5 }])).toEqual([{ x: 1.25, y: -8, p: 128 / 255 }]);
    expect(quantizePoint({ x: 1.13, y: -7.9, p: 0.5 })).toEqual({ x: 1.25, y: -8, p: 128 / 255 });
  });

  it('clamps pressure outside 0..1 and never yields -0', () => {
    expect(roundTrip([{ x: -0.1, y: -0.05, p: 1.7 }])).toEqual([{ x: 0, y: 0, p: 1 }]);
    expect(roundTrip([{ x: 3, y: 3, p: -2 }])).toEqual([{ x: 3, y: 3, p: 0 }]);
  });

  it('handles negative and very large coordinates, up to the edge of the world', () => {
    const edge = MAX_WORLD_COORDINATE;
    const points = [
      { x: -edge, y: edge, p: 0.25 },
      { x: edge, y: -edge, p: 0.75 },
      { x: -123_456.75, y: 3_999_999.5, p: 0 },
      { x: -0.25, y: 0.25, p: 1 },
    ];
    expect(roundTrip(points)).toEqual(points.map(quantizePoint));
  });

  it('refuses points it cannot store, instead of storing something else', () => {
    expect(() => encodeChunk([{ x: MAX_WORLD_COORDINATE + 1, y: 0, p: 0 }])).toThrow(RangeError);
    expect(() => encodeChunk([{ x: 0, y: Number.NaN, p: 0 }])).toThrow(RangeError);
    expect(() => encodeChunk([{ x: 0, y: 0, p: Number.NaN }])).toThrow(RangeError);
  });

  it('round-trips an empty chunk', () => {
    expect(roundTrip([])).toEqual([]);
  });

  it(`round-trips random points exactly after quantization (seed ${FUZZ_SEED})`, () => {
    const random = seededRandom(FUZZ_SEED);
    for (let run = 0; run < 300; run++) {
      // Mix small hand-like steps with jumps across the whole world.
      const scale = random() < 0.5 ? 20 : MAX_WORLD_COORDINATE;
      let x = randomBetween(random, -MAX_WORLD_COORDINATE, MAX_WORLD_COORDINATE);
      let y = randomBetween(random, -MAX_WORLD_COORDINATE, MAX_WORLD_COORDINATE);
      const points: Point[] = [];
      const count = Math.floor(random() * 50);
      for (let i = 0; i < count; i++) {
        points.push({ x, y, p: random() });
        x = clampToWorld(x + randomBetween(random, -scale, scale));
        y = clampToWorld(y + randomBetween(random, -scale, scale));
      }
      expect(roundTrip(points)).toEqual(points.map(quantizePoint));
    }
  });
});

describe('a stroke is decoded from its chunks for rendering', () => {
  it('concatenates chunks into one x, y, p buffer in order', () => {
    const first = [
      { x: 1, y: 2, p: 0.5 },
      { x: 3, y: 4, p: 0.5 },
    ];
    const second = [{ x: -5, y: 6.25, p: 1 }];
    const buffer = decodeChunks([encodeChunk(first), encodeChunk(second)]);
    expect(Array.from(buffer)).toEqual(
      [...first, ...second].flatMap((point) => {
        const q = quantizePoint(point);
        return [q.x, q.y, Math.fround(q.p)];
      }),
    );
  });

  it('skips a garbage chunk, reports it, and keeps the good ones', () => {
    const good = encodeChunk([{ x: 1, y: 1, p: 1 }]);
    const garbage = new Uint8Array([CHUNK_FORMAT, 5, 0x80, 0x80]);
    const bad: number[] = [];
    const buffer = decodeChunks([good, garbage, good], (index) => bad.push(index));
    expect(bad).toEqual([1]);
    expect(Array.from(buffer)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('re-encodes a decoded buffer to the same bytes, so finished strokes can be merged', () => {
    const points = penTrace(seededRandom(7), 100);
    const chunk = encodeChunk(points);
    expect(encodePointBuffer(decodeChunks([chunk]))).toEqual(chunk);
  });
});

describe('garbage from a misbehaving peer fails with a clear error', () => {
  const valid = encodeChunk([
    { x: 10, y: 20, p: 0.5 },
    { x: 11, y: 19, p: 0.6 },
  ]);

  it.each([
    ['empty', new Uint8Array([])],
    ['unknown-format', new Uint8Array([2, 0])],
    ['bad-count', new Uint8Array([CHUNK_FORMAT, 100, 0, 0, 0])],
    ['truncated', new Uint8Array([CHUNK_FORMAT])],
    ['varint-too-long', new Uint8Array([CHUNK_FORMAT, 1, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 0])],
    ['trailing-bytes', new Uint8Array([...valid, 0])],
    // x jumps by 2^27 quarter units from 0: far outside the world.
    ['out-of-range', new Uint8Array([CHUNK_FORMAT, 1, 0x80, 0x80, 0x80, 0x40, 0, 0])],
    ['out-of-range', new Uint8Array([CHUNK_FORMAT, 1, 0, 0, 1])], // pressure -1
  ])('%s', (code, chunk) => {
    const error = decodeError(chunk);
    expect(error.code).toBe(code);
    expect(error.message).toContain(code);
  });

  it('rejects every truncation of a valid chunk', () => {
    for (let length = 0; length < valid.length; length++) {
      expect(() => decodeChunk(valid.subarray(0, length))).toThrow(ChunkDecodeError);
    }
  });

  it(`throws only ChunkDecodeError on random or damaged bytes, and accepts only in-range points (seed ${GARBAGE_SEED})`, () => {
    const random = seededRandom(GARBAGE_SEED);
    const trace = encodeChunk(penTrace(random, 20));
    let accepted = 0;
    let rejected = 0;
    for (let run = 0; run < 5000; run++) {
      // Half pure noise, half a valid chunk with one byte overwritten: some of that decodes.
      const bytes = random() < 0.5 ? randomBytes(random, Math.floor(random() * 40)) : trace.slice();
      if (bytes.length === trace.length) {
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      try {
        for (const { x, y, p } of decodeChunk(bytes)) {
          expect(Math.abs(x)).toBeLessThanOrEqual(MAX_WORLD_COORDINATE);
          expect(Math.abs(y)).toBeLessThanOrEqual(MAX_WORLD_COORDINATE);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
        accepted++;
      } catch (error) {
        expect(error).toBeInstanceOf(ChunkDecodeError);
        rejected++;
      }
    }
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });
});

describe('size and speed', () => {
  const TRACE_POINTS = 300;
  const CHUNK_POINTS = 10;

  it('stores a hand-drawn stroke in at most 4 bytes per point', () => {
    const trace = penTrace(seededRandom(42), TRACE_POINTS);
    const finished = encodeChunk(trace).length / TRACE_POINTS;
    let whileDrawing = 0;
    for (let i = 0; i < TRACE_POINTS; i += CHUNK_POINTS) {
      whileDrawing += encodeChunk(trace.slice(i, i + CHUNK_POINTS)).length;
    }
    const fast = penTrace(seededRandom(42), TRACE_POINTS, {
      sampleRate: 60,
      minSpeed: 900,
      maxSpeed: 2000,
    });
    const fastFinished = encodeChunk(fast).length / TRACE_POINTS;
    console.log(
      `bytes per point: ${finished.toFixed(2)} finished (120 Hz, 150–900 px/s), ` +
        `${(whileDrawing / TRACE_POINTS).toFixed(2)} in ${CHUNK_POINTS}-point chunks, ` +
        `${fastFinished.toFixed(2)} for a quick scribble (60 Hz, 900–2000 px/s)`,
    );
    expect(finished).toBeLessThanOrEqual(4);
    expect(whileDrawing / TRACE_POINTS).toBeLessThanOrEqual(4);
  });

  it('decodes a 10,000-stroke board of 300-point strokes, every point of it', () => {
    const strokes = Array.from({ length: 10_000 }, (_, i) => [
      encodeChunk(penTrace(seededRandom(i), TRACE_POINTS)),
    ]);
    let points = 0;
    for (const chunks of strokes) points += decodeChunks(chunks).length / POINT_STRIDE;
    // Speed shows in `npm run bench:client` (open → all strokes decoded); tests assert no timings.
    expect(points).toBe(10_000 * TRACE_POINTS);
  });
});

function clampToWorld(value: number): number {
  return Math.min(MAX_WORLD_COORDINATE, Math.max(-MAX_WORLD_COORDINATE, value));
}
