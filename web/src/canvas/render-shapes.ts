/**
 * Drawing shapes, text and notes on a canvas in world coordinates (the caller has set the world
 * transform): a plain function of the context and the element, like the stroke renderer.
 *
 * Rectangles and ellipses are outlined in their colour and width, filled with it at
 * SEMI_FILL_ALPHA ('semi') or whole ('solid'); lines and arrows are stroked with round caps;
 * text is filled in its colour; a note is a square of paper in its colour with dark words.
 * Words shorter than MIN_TEXT_PIXELS on screen are drawn as grey bars: too small to read, and
 * laying out 10,000 boxes of them zoomed out would cost whole frames.
 */
import {
  arrowHeadBarbs,
  fontSizeOf,
  isSegment,
  type BoxElement,
  type SegmentElement,
  type ShapeElement,
} from '../model/elements.ts';
import type { ColorMapper } from './render-strokes.ts';
import { BOX_PADDING, LINE_HEIGHT, fontOf, layoutLines } from './text-layout.ts';

export const SEMI_FILL_ALPHA = 0.25;
/** Words on a note: dark on any paper colour, whatever the theme. */
export const NOTE_INK = '#1e1e1e';
/** Below this font size on screen, in device pixels, lines of text are drawn as bars. */
export const MIN_TEXT_PIXELS = 4;

/**
 * What drawing a shape costs, in the stroke renderer's DRAW_COST units (about µs with software
 * rendering): an outline or a line like a thin stroke, text like an outlined stroke for its
 * layout and glyphs.
 */
export const SHAPE_COST = { shape: 4, text: 25 } as const;

export function shapeCost(shape: ShapeElement): number {
  return hasWords(shape) ? SHAPE_COST.text : SHAPE_COST.shape;
}

const hasWords = (shape: ShapeElement): boolean => shape.text !== '' || shape.type === 'note';

/**
 * Draws one shape, text or note; `scale` is device pixels per world unit. Returns its cost.
 *
 * Outlines without words are drawn without save() and restore(): they set every state they use
 * (as the stroke renderer does) and path their corners in world coordinates. Saving the state
 * per shape was the largest single cost of repainting a mixed board (575 of 1,800 ms drawing
 * while 972 elements were dragged, software rendering: a save copies the clip).
 */
export function drawShape(
  ctx: CanvasRenderingContext2D,
  shape: ShapeElement,
  color: ColorMapper,
  scale: number,
): number {
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.lineWidth = shape.width;
  ctx.strokeStyle = color(shape.color);
  ctx.fillStyle = color(shape.color);
  if (isSegment(shape)) {
    drawSegment(ctx, shape, color, scale);
  } else if (!hasWords(shape) && (shape.type === 'rect' || shape.type === 'ellipse')) {
    outlineBox(ctx, shape);
  } else {
    ctx.save();
    drawBox(ctx, shape, color, scale);
    ctx.restore();
  }
  return shapeCost(shape);
}

/** A rectangle or ellipse without words, pathed in world coordinates, rotated or not. */
function outlineBox(ctx: CanvasRenderingContext2D, shape: BoxElement): void {
  const { x, y, w, h, rot } = shape;
  ctx.beginPath();
  if (shape.type === 'ellipse') {
    ctx.ellipse(x + w / 2, y + h / 2, w / 2, h / 2, rot, 0, 2 * Math.PI);
  } else if (rot === 0) {
    ctx.rect(x, y, w, h);
  } else {
    const cx = x + w / 2;
    const cy = y + h / 2;
    const cos = Math.cos(rot);
    const sin = Math.sin(rot);
    const corner = (dx: number, dy: number) =>
      [cx + dx * cos - dy * sin, cy + dx * sin + dy * cos] as const;
    ctx.moveTo(...corner(-w / 2, -h / 2));
    ctx.lineTo(...corner(w / 2, -h / 2));
    ctx.lineTo(...corner(w / 2, h / 2));
    ctx.lineTo(...corner(-w / 2, h / 2));
    ctx.closePath();
  }
  fillAndOutline(ctx, shape);
}

/** The current path filled as the shape's fill says, then outlined. */
function fillAndOutline(ctx: CanvasRenderingContext2D, shape: BoxElement): void {
  if (shape.fill !== 'none') {
    ctx.globalAlpha = shape.fill === 'semi' ? SEMI_FILL_ALPHA : 1;
    ctx.fill();
    ctx.globalAlpha = 1;
  }
  ctx.stroke();
}

function drawSegment(
  ctx: CanvasRenderingContext2D,
  shape: SegmentElement,
  color: ColorMapper,
  scale: number,
): void {
  const endX = shape.x + shape.w;
  const endY = shape.y + shape.h;
  ctx.beginPath();
  ctx.moveTo(shape.x, shape.y);
  ctx.lineTo(endX, endY);
  if (shape.type === 'arrow') {
    const [left, right] = arrowHeadBarbs(shape, shape.width);
    ctx.moveTo(left.x, left.y);
    ctx.lineTo(endX, endY);
    ctx.lineTo(right.x, right.y);
  }
  ctx.stroke();
  if (shape.text === '') return;
  // A line's label is centred on its middle, drawn over the line.
  const fontSize = fontSizeOf(shape.width);
  const middle = { x: shape.x + shape.w / 2, y: shape.y + shape.h / 2 };
  drawWords(ctx, shape.text, middle, null, fontSize, color(shape.color), 'center', scale);
}

function drawBox(
  ctx: CanvasRenderingContext2D,
  shape: BoxElement,
  color: ColorMapper,
  scale: number,
): void {
  const { w, h } = shape;
  ctx.translate(shape.x + w / 2, shape.y + h / 2);
  if (shape.rot !== 0) ctx.rotate(shape.rot);
  const fontSize = fontSizeOf(shape.width);
  switch (shape.type) {
    case 'rect':
    case 'ellipse': {
      ctx.beginPath();
      if (shape.type === 'rect') ctx.rect(-w / 2, -h / 2, w, h);
      else ctx.ellipse(0, 0, w / 2, h / 2, 0, 0, 2 * Math.PI);
      fillAndOutline(ctx, shape);
      if (shape.text === '') return;
      // Dark words on a solid fill would vanish in the fill's own colour: drawn in the
      // note ink there instead.
      const ink = shape.fill === 'solid' ? NOTE_INK : color(shape.color);
      const inner = Math.max(0, w - 2 * BOX_PADDING * fontSize);
      drawWords(ctx, shape.text, { x: 0, y: 0 }, inner, fontSize, ink, 'center', scale);
      return;
    }
    case 'note': {
      ctx.fillStyle = color(shape.color);
      ctx.fillRect(-w / 2, -h / 2, w, h);
      const padding = BOX_PADDING * fontSize;
      clipTo(ctx, w, h);
      const topLeft = { x: -w / 2 + padding, y: -h / 2 + padding };
      const inner = Math.max(0, w - 2 * padding);
      drawWords(ctx, shape.text, topLeft, inner, fontSize, NOTE_INK, 'start', scale);
      return;
    }
    case 'text': {
      clipTo(ctx, w + fontSize, h + fontSize);
      const topLeft = { x: -w / 2, y: -h / 2 };
      drawWords(ctx, shape.text, topLeft, null, fontSize, color(shape.color), 'start', scale);
      return;
    }
  }
}

/**
 * Laid-out lines, kept per text, font size and width: laying out is most of drawing a text
 * (measureText per word), and a repaint of a board draws the same texts again and again.
 * Bounded: a board's worth of texts at most, then the cache starts over.
 */
interface Layout {
  readonly lines: readonly string[];
  /** Each line's width, for the bars drawn in its place zoomed out. */
  readonly widths: readonly number[];
}

const layouts = new Map<string, Layout>();
const MAX_LAYOUTS = 20_000;

function layoutOf(
  ctx: CanvasRenderingContext2D,
  text: string,
  maxWidth: number | null,
  fontSize: number,
): Layout {
  const key = `${fontSize}\u0000${maxWidth}\u0000${text}`;
  let layout = layouts.get(key);
  if (layout === undefined) {
    const measure = (line: string) => ctx.measureText(line).width;
    const lines = layoutLines(text, measure, maxWidth);
    layout = { lines, widths: lines.map(measure) };
    if (layouts.size >= MAX_LAYOUTS) layouts.clear();
    layouts.set(key, layout);
  }
  return layout;
}

/** Nothing drawn outside the element's box (its bounds): damage repaints only that. */
function clipTo(ctx: CanvasRenderingContext2D, w: number, h: number): void {
  ctx.beginPath();
  ctx.rect(-w / 2, -h / 2, w, h);
  ctx.clip();
}

/**
 * Lines of `text` from `at`: their top-left corner ('start'), or the centre of the block
 * ('center'), wrapped to `maxWidth` when given.
 */
function drawWords(
  ctx: CanvasRenderingContext2D,
  text: string,
  at: { x: number; y: number },
  maxWidth: number | null,
  fontSize: number,
  ink: string,
  align: 'start' | 'center',
  scale: number,
): void {
  ctx.font = fontOf(fontSize);
  const { lines, widths } = layoutOf(ctx, text, maxWidth, fontSize);
  const lineHeight = fontSize * LINE_HEIGHT;
  const top = align === 'center' ? at.y - (lines.length * lineHeight) / 2 : at.y;
  ctx.fillStyle = ink;
  if (fontSize * scale < MIN_TEXT_PIXELS) {
    // Too small to read: a bar where each line's words are, at a third of the ink.
    ctx.globalAlpha = 0.3;
    lines.forEach((_line, i) => {
      const width = widths[i] ?? 0;
      const left = align === 'center' ? at.x - width / 2 : at.x;
      ctx.fillRect(left, top + i * lineHeight + fontSize * 0.3, width, fontSize * 0.6);
    });
    ctx.globalAlpha = 1;
    return;
  }
  ctx.textAlign = align === 'center' ? 'center' : 'left';
  ctx.textBaseline = 'top';
  lines.forEach((line, i) => ctx.fillText(line, at.x, top + i * lineHeight + fontSize * 0.1));
}
