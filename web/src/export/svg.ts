import { strokeBounds, type Bounds } from '../model/geometry.ts';
import type { StrokeView } from '../model/strokes.ts';
import { strokePathData } from '../canvas/stroke-outline.ts';
import { EXPORT_BACKGROUND, exportBounds } from './frame.ts';

/**
 * The board as a standalone SVG document: a background rectangle and one filled <path> per
 * stroke, bottom to top, each the same perfect-freehand outline the canvas draws. Coordinates
 * are world units, so the file's user units are the board's and it scales cleanly.
 */
export function boardSvg(
  strokes: readonly StrokeView[],
  background: string = EXPORT_BACKGROUND,
): string {
  const framed = strokes.map((stroke) => ({ stroke, bounds: strokeBounds(stroke) }));
  const area = exportBounds(framed);
  const width = area.maxX - area.minX;
  const height = area.maxY - area.minY;
  const paths = framed
    .filter(({ bounds }) => bounds !== null)
    .map(({ stroke }) => strokePath(stroke))
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${viewBox(area)}">`,
    `<rect x="${area.minX}" y="${area.minY}" width="${width}" height="${height}" fill="${attribute(background)}"/>`,
    ...(paths ? [paths] : []),
    '</svg>',
    '',
  ].join('\n');
}

function strokePath(stroke: StrokeView): string {
  const d = strokePathData(stroke.points, stroke.width, stroke.done);
  return `<path d="${d}" fill="${attribute(stroke.color)}" data-stroke-id="${attribute(stroke.id)}"/>`;
}

const viewBox = (b: Bounds): string => `${b.minX} ${b.minY} ${b.maxX - b.minX} ${b.maxY - b.minY}`;

/** Colours are validated by the schema, ids are not: escape both for an attribute value. */
function attribute(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}
