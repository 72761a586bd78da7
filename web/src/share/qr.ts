/**
 * A link as a QR code, as one SVG path: each row's runs of dark modules become one rectangle
 * each, so a link's code (version 3 or 4: 29–33 modules a side) is a few hundred short commands
 * rather than a thousand elements. Pure; QrCode.svelte draws it.
 */
import { encode } from 'uqr';

export interface QrShape {
  /** Modules a side, the quiet zone included: the SVG's viewBox is `0 0 size size`. */
  readonly size: number;
  /** The dark modules, in module units. */
  readonly path: string;
}

/** Modules of light margin around the code; scanners want some, 2 is enough on a light card. */
const QUIET_ZONE = 2;

export function qrShape(text: string): QrShape {
  // 'M' recovers from 15% damage (a scratched screen, glare) and keeps a link's code small.
  const { size, data } = encode(text, { ecc: 'M', border: QUIET_ZONE });
  const commands: string[] = [];
  data.forEach((row, y) => {
    let x = 0;
    while (x < size) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && row[x]) x++;
      commands.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  });
  return { size, path: commands.join('') };
}
