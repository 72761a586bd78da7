/**
 * The rectangle, ellipse, line and arrow tools: a drag from one corner (or end) to the other,
 * written to the document as it goes so everyone sees the shape grow, one undo step in all.
 *
 * The shape is created on pointerdown with done = false (the live layer draws it), moved on as
 * the pointer moves at most every WRITE_INTERVAL_MS (30 a second, the pen's rate: each write is
 * tens of bytes, elements.ts), and marked done on pointerup. A drag shorter than
 * MIN_DRAG_PIXELS is a click: the shape is taken back, history included, as the pen's abandoned
 * stroke is.
 */
import type { Vec } from '../model/geometry.ts';
import {
  createShape,
  deleteElements,
  finishElement,
  setTransform,
  type Fill,
  type SegmentKind,
  type TransformPatch,
} from '../model/elements.ts';
import { strokesMap } from '../model/schema.ts';
import { snapAngle } from '../model/transform.ts';
import { clampWidth, randomStrokeId, type DrawingTarget } from './pen.ts';

export type ShapeTool = 'rect' | 'ellipse' | SegmentKind;

export const isShapeTool = (tool: string): tool is ShapeTool =>
  tool === 'rect' || tool === 'ellipse' || tool === 'line' || tool === 'arrow';

export interface ShapeStyle {
  readonly color: string;
  /** CSS pixels: stored as pixels / zoom, so the outline looks this wide when drawn, like ink. */
  readonly pixels: number;
  readonly zoom: number;
  readonly fill: Fill;
}

/** 30 writes a second at most while dragging: the pen's batch rate. */
export const WRITE_INTERVAL_MS = 1000 / 30;
/** A drag shorter than this on screen, both ways, is a click and draws nothing. */
export const MIN_DRAG_PIXELS = 3;

/**
 * The fields of a `tool` shape dragged from `start` to `end` (world units). Boxes: the box they
 * span, or with `square` (Shift) the square (circle) on the longer side, growing from `start`
 * toward the pointer. Lines and arrows: from start to end, or with `square` at the nearest 15°.
 */
export function draggedShape(
  tool: ShapeTool,
  start: Vec,
  end: Vec,
  square: boolean,
): TransformPatch {
  let dx = end.x - start.x;
  let dy = end.y - start.y;
  if (tool === 'line' || tool === 'arrow') {
    if (square) {
      const length = Math.hypot(dx, dy);
      const angle = snapAngle(Math.atan2(dy, dx));
      dx = length * Math.cos(angle);
      dy = length * Math.sin(angle);
    }
    return { kind: 'segment', x: start.x, y: start.y, w: dx, h: dy };
  }
  if (square) {
    const side = Math.max(Math.abs(dx), Math.abs(dy));
    dx = Math.sign(dx || 1) * side;
    dy = Math.sign(dy || 1) * side;
  }
  return {
    kind: 'box',
    x: Math.min(start.x, start.x + dx),
    y: Math.min(start.y, start.y + dy),
    w: Math.abs(dx),
    h: Math.abs(dy),
    rot: 0,
  };
}

export type ShapeDragState = 'drawing' | 'finished' | 'lost' | 'abandoned';

export class ShapeDrag {
  readonly id: string;
  readonly #tool: ShapeTool;
  readonly #target: DrawingTarget;
  readonly #start: Vec;
  readonly #zoom: number;
  #end: Vec;
  #square = false;
  #lastWrite = -Infinity;
  #state: ShapeDragState = 'drawing';

  constructor(
    target: DrawingTarget,
    tool: ShapeTool,
    style: ShapeStyle,
    start: Vec,
    newId: () => string = randomStrokeId,
  ) {
    this.id = newId();
    this.#tool = tool;
    this.#target = target;
    this.#start = start;
    this.#end = start;
    this.#zoom = style.zoom;
    target.history.beginStep();
    const common = {
      id: this.id,
      color: style.color,
      width: clampWidth(style.pixels / style.zoom),
      author: target.author,
      done: false,
    };
    const at = { x: start.x, y: start.y, w: 0, h: 0 };
    createShape(
      target.doc,
      tool === 'line' || tool === 'arrow'
        ? { ...common, type: tool, ...at }
        : { ...common, type: tool, ...at, fill: style.fill },
      target.origin,
    );
  }

  get state(): ShapeDragState {
    return this.#state;
  }

  /**
   * The pointer moved to `end` at `time` (ms, as event.timeStamp), Shift held or not. Returns
   * false once the shape is gone (a peer erased it): the gesture should end.
   */
  moveTo(end: Vec, square: boolean, time: number): boolean {
    if (this.#state !== 'drawing') return false;
    this.#end = end;
    this.#square = square;
    if (time - this.#lastWrite < WRITE_INTERVAL_MS) return true;
    this.#lastWrite = time;
    return this.#write();
  }

  /** Writes the last position and marks the shape done; a click takes it back instead. */
  finish(): void {
    if (this.#state !== 'drawing') return;
    const dx = Math.abs(this.#end.x - this.#start.x) * this.#zoom;
    const dy = Math.abs(this.#end.y - this.#start.y) * this.#zoom;
    if (dx < MIN_DRAG_PIXELS && dy < MIN_DRAG_PIXELS) {
      this.abandon();
      return;
    }
    if (!this.#write()) return;
    this.#state = finishElement(this.#target.doc, this.id, this.#target.origin)
      ? 'finished'
      : 'lost';
  }

  /** Takes the shape back as if it was never drawn, undo history included. */
  abandon(): void {
    if (this.#state !== 'drawing') return;
    this.#state = 'abandoned';
    deleteElements(this.#target.doc, [this.id], this.#target.origin);
    this.#target.history.dropCurrentStep();
  }

  /** Writes where the shape is now (only the fields that changed); false once it is gone. */
  #write(): boolean {
    const { doc, origin } = this.#target;
    if (!strokesMap(doc).has(this.id)) {
      this.#state = 'lost';
      return false;
    }
    const patch = draggedShape(this.#tool, this.#start, this.#end, this.#square);
    setTransform(doc, this.id, patch, origin);
    return true;
  }
}
