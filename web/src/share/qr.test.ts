import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { qrShape } from './qr.ts';

/** The dark modules a path paints, read back from its `M x y h w v1 h-w z` runs. */
function paintedBy(path: string): Set<string> {
  const dark = new Set<string>();
  for (const [, x, y, width] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let dx = 0; dx < Number(width); dx++) dark.add(`${Number(x) + dx},${y}`);
  }
  return dark;
}

describe('a link as a QR code', () => {
  const url = 'https://board.example/l#Abcdefghijklmnopqrstu_';

  it('paints exactly the dark modules of the code, quiet zone included', () => {
    const shape = qrShape(url);
    const { size, data } = encode(url, { ecc: 'M', border: 2 });
    expect(shape.size).toBe(size);
    const expected = new Set<string>();
    data.forEach((row, y) => row.forEach((dark, x) => dark && expected.add(`${x},${y}`)));
    expect(paintedBy(shape.path)).toEqual(expected);
    // The quiet zone stays light: nothing painted in the first two rows.
    expect([...expected].some((key) => key.endsWith(',0') || key.endsWith(',1'))).toBe(false);
  });

  it('is small enough to scan from a phone held at arm’s length', () => {
    // Version 3 (29 modules) or 4 (33) for a link of this length, plus 4 of quiet zone.
    expect(qrShape(url).size).toBeLessThanOrEqual(37);
  });
});
