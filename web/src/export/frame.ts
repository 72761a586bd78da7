import { unionBounds, type Bounds } from '../model/geometry.ts';

/** World units of margin around the drawing in an exported file. */
export const EXPORT_PADDING = 24;
/** Exports paint the light board: ink as stored, on white. */
export const EXPORT_BACKGROUND = '#ffffff';

/** The world area an export covers: every stroke plus padding, or a small empty square. */
export function exportBounds(strokes: Iterable<{ readonly bounds: Bounds | null }>): Bounds {
  const ink = unionBounds([...strokes].map((stroke) => stroke.bounds));
  const area = ink ?? { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  return {
    minX: Math.floor(area.minX - EXPORT_PADDING),
    minY: Math.floor(area.minY - EXPORT_PADDING),
    maxX: Math.ceil(area.maxX + EXPORT_PADDING),
    maxY: Math.ceil(area.maxY + EXPORT_PADDING),
  };
}
