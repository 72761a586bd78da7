/**
 * What a `Range` request header asks of a file of `size` bytes (RFC 9110 §14), decided before
 * any file is opened:
 *   whole          no range, or one this server ignores (another unit, several ranges, bad syntax
 *                  such as `bytes=5-1`): the whole file with 200, as the RFC allows
 *   part           one satisfiable range, clamped to the file: 206 with Content-Range
 *   unsatisfiable  a well-formed range that starts past the end: 416 with `bytes *\/size`
 * Pure, so every hostile header is a unit test: sirv handed `bytes=5-1` and ends past 2^53
 * straight to fs.createReadStream, which threw synchronously and ended the process. Files are
 * served by @fastify/send, which is safe but reads some headers otherwise (web-app.ts hands it
 * what this module decided, through rangeHeaderFor).
 */
export type ByteRange =
  | { readonly kind: 'whole' }
  | { readonly kind: 'part'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

const WHOLE: ByteRange = { kind: 'whole' };
const UNSATISFIABLE: ByteRange = { kind: 'unsatisfiable' };

/** Longest header worth reading; a real single range is well under 100 characters. */
const MAX_HEADER_LENGTH = 200;

/** Digits as a number, or Infinity for any position beyond what a file here can have. */
function position(digits: string): number {
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : Infinity;
}

export function parseByteRange(header: string | undefined, size: number): ByteRange {
  if (header === undefined || header.length > MAX_HEADER_LENGTH) return WHOLE;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return WHOLE;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return WHOLE;
  if (first === '') {
    // A suffix: the last N bytes.
    const length = position(last);
    if (length === 0 || size === 0) return UNSATISFIABLE;
    return { kind: 'part', start: Math.max(0, size - Math.min(length, size)), end: size - 1 };
  }
  const start = position(first);
  const end = last === '' ? Infinity : position(last);
  if (end < start) return WHOLE; // invalid syntax per the RFC: ignored
  if (start >= size) return UNSATISFIABLE;
  return { kind: 'part', start, end: Math.min(end, size - 1) };
}

/**
 * `range` as the one Range header @fastify/send reads the same way (no spaces, lowercase unit,
 * a start past the end for 416), or undefined for the whole file: no header at all.
 */
export function rangeHeaderFor(range: ByteRange, size: number): string | undefined {
  switch (range.kind) {
    case 'whole':
      return undefined;
    case 'part':
      return `bytes=${range.start}-${range.end}`;
    case 'unsatisfiable':
      return `bytes=${size}-`;
  }
}
