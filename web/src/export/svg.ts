import { strokeBounds, type Bounds } from '../model/geometry.ts';
import type { ShapeElement } from '../model/elements.ts';
import type { StrokeView } from '../model/strokes.ts';
import { shapeSvg } from './svg-shapes.ts';
import { strokePathData } from '../canvas/stroke-outline.ts';
import { EXPORT_BACKGROUND, exportBounds } from './frame.ts';

/** A stroke (its world points), or a shape, text or note (`shape`), as the stroke cache holds them. */
export type ExportedElement = StrokeView & { readonly shape?: ShapeElement | null };

/**
 * The board as a standalone SVG document: a background rectangle and one filled <path> per
 * stroke (shapes and words as svg-shapes.ts draws them), bottom to top, each the same perfect-freehand outline the canvas draws. Coordinates
 * are world units, so the file's user units are the board's and it scales cleanly.
 */
export function boardSvg(
  strokes: readonly ExportedElement[],
  background: string = EXPORT_BACKGROUND,
  color: (color: string) => string = (color) => color,
): string {
  const framed = strokes.map((stroke) => ({
    stroke,
    bounds: stroke.shape ? stroke.shape.bounds : strokeBounds(stroke),
  }));
  const area = exportBounds(framed);
  const width = area.maxX - area.minX;
  const height = area.maxY - area.minY;
  const paths = framed
    .filter(({ bounds }) => bounds !== null)
    .map(({ stroke }) =>
      stroke.shape ? shapeSvg(stroke.shape, color) : strokePath(stroke, color(stroke.color)),
    )
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${viewBox(area)}">`,
    `<rect x="${area.minX}" y="${area.minY}" width="${width}" height="${height}" fill="${attribute(background)}"/>`,
    ...(paths ? [paths] : []),
    '</svg>',
    '',
  ].join('\n');
}

function strokePath(stroke: StrokeView, fill: string): string {
  const d = strokePathData(stroke.points, stroke.width, stroke.done);
  return `<path d="${d}" fill="${attribute(fill)}" data-stroke-id="${attribute(stroke.id)}"/>`;
}

const viewBox = (b: Bounds): string => `${b.minX} ${b.minY} ${b.maxX - b.minX} ${b.maxY - b.minY}`;

/**
 * Characters XML 1.0 does not allow anywhere, not even as character references: C0 controls
 * other than tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF. A stroke id
 * holding one (ids are any string a peer chose) made the whole file fail to open.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Colours are validated by the schema, ids are not: escape both for an attribute value. What XML
 * cannot hold becomes U+FFFD; tab, newline and carriage return are kept as references, which a
 * parser would otherwise turn into spaces.
 */
export function attribute(value: string): string {
  return value
    .replace(NOT_XML, '\uFFFD')
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\t', '&#9;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;');
}
