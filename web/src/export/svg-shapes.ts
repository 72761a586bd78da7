/**
 * Shapes, text and notes as SVG elements, drawn as the canvas draws them (canvas/render-shapes.ts):
 * outlines and fills as <rect>, <ellipse> and <path>, words as real <text> (one <tspan> a line),
 * so the file can be searched, edited and read by a screen reader.
 */
import { arrowHeadBarbs, fontSizeOf, isSegment, type ShapeElement } from '../model/elements.ts';
import { NOTE_INK, SEMI_FILL_ALPHA } from '../canvas/render-shapes.ts';
import {
  BOX_PADDING,
  LINE_HEIGHT,
  TEXT_FONT_FAMILY,
  estimateMeasure,
  layoutLines,
} from '../canvas/text-layout.ts';
import { attribute } from './svg.ts';

const n = (value: number): string => String(Math.round(value * 100) / 100);

export function shapeSvg(shape: ShapeElement, color: (color: string) => string): string {
  const ink = attribute(color(shape.color));
  const id = `data-element-id="${attribute(shape.id)}"`;
  const lineStyle = `stroke="${ink}" stroke-width="${n(shape.width)}" stroke-linecap="round" stroke-linejoin="round"`;
  const fontSize = fontSizeOf(shape.width);
  if (isSegment(shape)) {
    const end = { x: shape.x + shape.w, y: shape.y + shape.h };
    let d = `M${n(shape.x)} ${n(shape.y)}L${n(end.x)} ${n(end.y)}`;
    if (shape.type === 'arrow') {
      const [left, right] = arrowHeadBarbs(shape, shape.width);
      d += `M${n(left.x)} ${n(left.y)}L${n(end.x)} ${n(end.y)}L${n(right.x)} ${n(right.y)}`;
    }
    const path = `<path d="${d}" fill="none" ${lineStyle} ${id}/>`;
    if (shape.text === '') return path;
    const middle = { x: shape.x + shape.w / 2, y: shape.y + shape.h / 2 };
    return `<g ${id}>${path}${words(shape.text, middle, null, fontSize, ink, 'center')}</g>`;
  }
  const { x, y, w, h } = shape;
  const rotate =
    shape.rot === 0
      ? ''
      : ` transform="rotate(${n((shape.rot * 180) / Math.PI)} ${n(x + w / 2)} ${n(y + h / 2)})"`;
  const centre = { x: x + w / 2, y: y + h / 2 };
  const padding = BOX_PADDING * fontSize;
  const inner = Math.max(0, w - 2 * padding);
  switch (shape.type) {
    case 'rect':
    case 'ellipse': {
      const fill =
        shape.fill === 'none'
          ? 'fill="none"'
          : `fill="${ink}"${shape.fill === 'semi' ? ` fill-opacity="${SEMI_FILL_ALPHA}"` : ''}`;
      const outline =
        shape.type === 'rect'
          ? `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" ${fill} ${lineStyle}/>`
          : `<ellipse cx="${n(centre.x)}" cy="${n(centre.y)}" rx="${n(w / 2)}" ry="${n(h / 2)}" ${fill} ${lineStyle}/>`;
      const label =
        shape.text === ''
          ? ''
          : words(
              shape.text,
              centre,
              inner,
              fontSize,
              shape.fill === 'solid' ? NOTE_INK : ink,
              'center',
            );
      return `<g ${id}${rotate}>${outline}${label}</g>`;
    }
    case 'note': {
      const paper = `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${ink}"/>`;
      const text = words(
        shape.text,
        { x: x + padding, y: y + padding },
        inner,
        fontSize,
        NOTE_INK,
        'start',
      );
      return `<g ${id}${rotate}>${paper}${text}</g>`;
    }
    case 'text':
      return `<g ${id}${rotate}>${words(shape.text, { x, y }, null, fontSize, ink, 'start')}</g>`;
  }
}

/** A <text> of the lines the canvas would draw: from a top-left corner, or centred on a point. */
function words(
  text: string,
  at: { x: number; y: number },
  maxWidth: number | null,
  fontSize: number,
  ink: string,
  align: 'start' | 'center',
): string {
  const lines = layoutLines(text, estimateMeasure(fontSize), maxWidth);
  const lineHeight = fontSize * LINE_HEIGHT;
  const top = align === 'center' ? at.y - (lines.length * lineHeight) / 2 : at.y;
  const anchor = align === 'center' ? ' text-anchor="middle"' : '';
  const spans = lines
    .map(
      (line, i) =>
        `<tspan x="${n(at.x)}" y="${n(top + i * lineHeight + fontSize * 0.1)}">${attribute(line)}</tspan>`,
    )
    .join('');
  const family = attribute(TEXT_FONT_FAMILY);
  return `<text font-family="${family}" font-size="${n(fontSize)}" fill="${ink}" dominant-baseline="hanging" xml:space="preserve"${anchor}>${spans}</text>`;
}
