import type { Vec } from '../model/geometry.ts';
import type { Viewport } from '../model/viewport.ts';
import type { Camera } from '../canvas/camera.svelte.ts';
import type { LocalInk } from '../canvas/render-live.ts';
import { EraserSweep, ERASER_PIXELS, type StrokesNear } from './eraser.ts';
import { PenStroke, type DrawingTarget, type PenSample } from './pen.ts';
import { pinchViewport, type TouchPair } from './pinch.ts';
import { hasRealPressure } from './pressure.ts';
import type { ToolSettings } from './settings.svelte.ts';
import type { PointerKind } from './select/oriented-frame.ts';
import type { SelectTool } from './select/select-tool.svelte.ts';
import { isTypingTarget } from './shortcuts.ts';
import { ShapeDrag, isShapeTool } from './shape-drag.ts';
import { TextEditing, isTextTool, type TextTool } from './text-editing.svelte.ts';
import { PICK_TOLERANCE_PX } from './select/select-geometry.ts';
import { hitTestElement, insideElementBox, type ShapeElement } from '../model/elements.ts';
import { compareStacking } from '../model/strokes.ts';
import { TouchPoints } from './touch-points.ts';
import { wheelViewport } from './wheel.ts';
import { unreachable } from '../unreachable.ts';

export interface BoardInputOptions {
  readonly camera: Camera;
  readonly settings: ToolSettings;
  readonly target: DrawingTarget;
  /** The strokes near an area, for the eraser (the render cache's entries carry cached bounds). */
  readonly strokes: StrokesNear;
  /** Something on the live layer changed: the stroke being drawn, the eraser ring. */
  readonly onLiveChange: () => void;
  /** The select tool's gestures (tools/select/select-tool.svelte.ts). */
  readonly select: SelectTool;
  /** Placing and editing words: the text and note tools, double-clicks. */
  readonly text: TextEditing;
}

/** What the pointers are doing right now; one gesture at a time. */
type Gesture =
  | { readonly kind: 'idle' }
  | { readonly kind: 'pen'; readonly pointerId: number; readonly stroke: PenStroke }
  | { readonly kind: 'erase'; readonly pointerId: number; readonly sweep: EraserSweep }
  | { readonly kind: 'pan'; readonly pointerId: number; last: Vec }
  | { readonly kind: 'select'; readonly pointerId: number }
  | { readonly kind: 'shape'; readonly pointerId: number; readonly drag: ShapeDrag }
  /**
   * The text or note tool pressed: the box is placed when the press ends, so that a second
   * finger landing first makes it a pinch that places nothing (and opens no keyboard).
   */
  | {
      readonly kind: 'place';
      readonly pointerId: number;
      readonly tool: TextTool;
      readonly at: Vec;
    }
  | {
      readonly kind: 'pinch';
      readonly ids: readonly [number, number];
      readonly start: TouchPair;
      readonly initial: Viewport;
    };

export type GestureKind = Gesture['kind'];

const IDLE: Gesture = { kind: 'idle' };
const PRIMARY_BUTTON = 0;
const MIDDLE_BUTTON = 1;
/** A pen's eraser end (Pointer Events: button 5). */
const ERASER_BUTTON = 5;

/**
 * Turns pointer, wheel and Space-key input on the board into drawing, erasing, panning and
 * zooming. Attach it to the top canvas with `attach`; it holds no DOM state beyond that.
 */
export class BoardInput {
  readonly #options: BoardInputOptions;
  #gesture = $state.raw<Gesture>(IDLE);
  #spaceHeld = $state(false);
  #hover: Vec | null = null;
  #pointerKind: PointerKind = 'mouse';
  readonly #touches = new TouchPoints();
  #origin: Vec = { x: 0, y: 0 };

  constructor(options: BoardInputOptions) {
    this.#options = options;
  }

  /** 'idle' unless a pointer is down and doing something. */
  get gesture(): GestureKind {
    return this.#gesture.kind;
  }

  get busy(): boolean {
    return this.#gesture.kind !== 'idle';
  }

  /** Space is held: the next drag pans whatever the tool. */
  get spaceHeld(): boolean {
    return this.#spaceHeld;
  }

  /** The stroke being drawn here, for the live layer. */
  get localInk(): LocalInk | null {
    return this.#gesture.kind === 'pen' ? this.#gesture.stroke.ink : null;
  }

  get localStrokeId(): string | null {
    return this.#gesture.kind === 'pen' ? this.#gesture.stroke.id : null;
  }

  /** Where the eraser's ring is drawn: under the pointer while the eraser is in hand. */
  get eraserAt(): { center: Vec; radius: number } | null {
    if (this.#options.settings.tool !== 'eraser' || this.#hover === null) return null;
    if (this.#gesture.kind !== 'idle' && this.#gesture.kind !== 'erase') return null;
    return {
      center: this.#options.camera.toWorld(this.#hover),
      radius: ERASER_PIXELS / this.#options.camera.viewport.zoom,
    };
  }

  /** Where the pointer is over the board, in world units (paste lands there); null when away. */
  get pointerWorld(): Vec | null {
    return this.#hover && this.#options.camera.toWorld(this.#hover);
  }

  /** The kind of the last pointer pressed: the select tool's handles grow for a finger. */
  get pointerKind(): PointerKind {
    return this.#pointerKind;
  }

  /** For `{@attach}`: listens on the board element and the window until detached. */
  attach = (element: HTMLElement): (() => void) => {
    const listeners: [EventTarget, string, (event: never) => void, AddEventListenerOptions?][] = [
      [element, 'pointerenter', () => this.#measure(element)],
      [element, 'pointerdown', (e: PointerEvent) => this.#down(element, e)],
      [element, 'pointermove', (e: PointerEvent) => this.#move(e)],
      [element, 'pointerup', (e: PointerEvent) => this.#up(e)],
      [element, 'pointercancel', (e: PointerEvent) => this.#up(e)],
      [element, 'pointerleave', () => this.#leave()],
      [element, 'wheel', (e: WheelEvent) => this.#wheel(element, e), { passive: false }],
      // Middle-button autoscroll is the default action of mousedown, not of pointerdown.
      [element, 'mousedown', (e: MouseEvent) => this.#mousedown(e)],
      [element, 'dblclick', (e: MouseEvent) => this.#doubleClick(e)],
      [window, 'keydown', (e: KeyboardEvent) => this.#key(e, true)],
      [window, 'keyup', (e: KeyboardEvent) => this.#key(e, false)],
      [window, 'blur', () => (this.#spaceHeld = false)],
    ];
    for (const [target, type, listener, options] of listeners) {
      target.addEventListener(type, listener as EventListener, options);
    }
    return () => {
      this.cancel();
      for (const [target, type, listener, options] of listeners) {
        target.removeEventListener(type, listener as EventListener, options);
      }
    };
  };

  /** Ends whatever gesture is under way, keeping what was drawn. */
  cancel(): void {
    if (this.#gesture.kind === 'pen') this.#gesture.stroke.finish();
    if (this.#gesture.kind === 'shape') this.#gesture.drag.finish();
    if (this.#gesture.kind === 'select') this.#options.select.cancel();
    this.#gesture = IDLE;
    this.#touches.clear();
    this.#options.onLiveChange();
  }

  #measure(element: HTMLElement): void {
    const rect = element.getBoundingClientRect();
    this.#origin = { x: rect.left, y: rect.top };
  }

  #down(element: HTMLElement, event: PointerEvent): void {
    this.#measure(element);
    const at = this.#screen(event);
    this.#hover = at;
    this.#pointerKind = event.pointerType === 'touch' ? 'touch' : 'mouse';
    if (event.pointerType === 'touch') {
      this.#touches.set(event.pointerId, at);
      if (this.#touches.size === 2) {
        this.#startPinch();
        return;
      }
      if (this.#touches.size > 2) return;
    }
    if (this.#gesture.kind !== 'idle') return;
    if (![PRIMARY_BUTTON, MIDDLE_BUTTON, ERASER_BUTTON].includes(event.button)) return;
    const { tool } = this.#options.settings;
    // A click outside the words being typed ends typing, and does nothing else.
    if (this.#options.text.editing !== null && event.button === PRIMARY_BUTTON) {
      this.#options.text.end();
      event.preventDefault();
      return;
    }
    element.setPointerCapture(event.pointerId);
    const { pointerId } = event;
    if (isTextTool(tool) && event.button === PRIMARY_BUTTON && !this.#spaceHeld) {
      this.#gesture = { kind: 'place', pointerId, tool, at };
    } else if (event.button === MIDDLE_BUTTON || this.#spaceHeld || tool === 'hand') {
      this.#gesture = { kind: 'pan', pointerId, last: at };
    } else if (tool === 'pen' && event.button !== ERASER_BUTTON) {
      this.#gesture = { kind: 'pen', pointerId, stroke: this.#startStroke(event) };
    } else if (tool === 'select' && event.button !== ERASER_BUTTON) {
      const { camera, select } = this.#options;
      select.down(camera.toWorld(at), camera.viewport.zoom, this.#pointerKind, event.shiftKey);
      this.#gesture = { kind: 'select', pointerId };
    } else if (isShapeTool(tool) && event.button !== ERASER_BUTTON) {
      const { camera, settings, target } = this.#options;
      const style = {
        color: settings.color,
        pixels: settings.width.pixels,
        zoom: camera.viewport.zoom,
        fill: settings.fill,
      };
      const drag = new ShapeDrag(target, tool, style, camera.toWorld(at));
      this.#gesture = { kind: 'shape', pointerId, drag };
    } else if (tool === 'eraser' || event.button === ERASER_BUTTON) {
      const { camera } = this.#options;
      const radius = ERASER_PIXELS / camera.viewport.zoom;
      const sweep = new EraserSweep(
        this.#options.target,
        this.#options.strokes,
        camera.toWorld(at),
        radius,
      );
      this.#gesture = { kind: 'erase', pointerId, sweep };
    } else {
      // A tool whose gesture is not built here yet (tool-table.ts: ready false).
      return;
    }
    event.preventDefault();
    this.#options.onLiveChange();
  }

  #move(event: PointerEvent): void {
    const at = this.#screen(event);
    this.#hover = at;
    if (this.#touches.has(event.pointerId)) this.#touches.set(event.pointerId, at);
    const gesture = this.#gesture;
    switch (gesture.kind) {
      case 'idle':
        if (this.#options.settings.tool === 'eraser') this.#options.onLiveChange();
        return;
      case 'pen':
        if (event.pointerId !== gesture.pointerId) return;
        if (!gesture.stroke.add(this.#samples(event))) this.#gesture = IDLE;
        this.#options.onLiveChange();
        return;
      case 'erase':
        if (event.pointerId !== gesture.pointerId) return;
        gesture.sweep.moveTo(this.#options.camera.toWorld(at));
        this.#options.onLiveChange();
        return;
      case 'place':
        return;
      case 'select':
        if (event.pointerId !== gesture.pointerId) return;
        this.#options.select.move(this.#options.camera.toWorld(at), event.shiftKey);
        return;
      case 'shape': {
        if (event.pointerId !== gesture.pointerId) return;
        const world = this.#options.camera.toWorld(at);
        if (!gesture.drag.moveTo(world, event.shiftKey, event.timeStamp)) this.#gesture = IDLE;
        return;
      }
      case 'pan':
        if (event.pointerId !== gesture.pointerId) return;
        this.#options.camera.pan({ x: at.x - gesture.last.x, y: at.y - gesture.last.y });
        gesture.last = at;
        return;
      case 'pinch': {
        const [a, b] = gesture.ids.map((id) => this.#touches.get(id));
        if (a && b)
          this.#options.camera.viewport = pinchViewport(gesture.initial, gesture.start, [a, b]);
        return;
      }
      default:
        return unreachable('gesture', gesture);
    }
  }

  #up(event: PointerEvent): void {
    this.#touches.delete(event.pointerId);
    const gesture = this.#gesture;
    if (gesture.kind === 'idle') return;
    if (gesture.kind === 'pinch') {
      // The finger left on the glass does not start drawing: the gesture is over.
      if (gesture.ids.includes(event.pointerId)) this.#gesture = IDLE;
      return;
    }
    if (gesture.pointerId !== event.pointerId) return;
    if (gesture.kind === 'pen') {
      gesture.stroke.add(this.#samples(event));
      gesture.stroke.finish();
    }
    if (gesture.kind === 'place') this.#placeText(gesture.tool, gesture.at);
    if (gesture.kind === 'select') {
      this.#options.select.up(this.#options.camera.toWorld(this.#screen(event)), event.shiftKey);
    }
    if (gesture.kind === 'shape') {
      const world = this.#options.camera.toWorld(this.#screen(event));
      gesture.drag.moveTo(world, event.shiftKey, Number.POSITIVE_INFINITY);
      gesture.drag.finish();
    }
    this.#gesture = IDLE;
    this.#options.onLiveChange();
  }

  #leave(): void {
    this.#hover = null;
    this.#options.onLiveChange();
  }

  #wheel(element: HTMLElement, event: WheelEvent): void {
    event.preventDefault();
    this.#measure(element);
    const at = { x: event.clientX - this.#origin.x, y: event.clientY - this.#origin.y };
    const { camera } = this.#options;
    camera.viewport = wheelViewport(camera.viewport, event, at);
  }

  #key(event: KeyboardEvent, down: boolean): void {
    if (event.key !== ' ') return;
    if (!down) {
      this.#spaceHeld = false;
      return;
    }
    // Space on a focused button presses it; in a text field it is a space.
    if (isTypingTarget(event.target) || isControl(event.target)) return;
    event.preventDefault();
    this.#spaceHeld = true;
  }

  #startPinch(): void {
    const pair = this.#touches.firstTwo();
    if (!pair) return;
    if (this.#gesture.kind === 'pen') this.#gesture.stroke.abandon();
    if (this.#gesture.kind === 'shape') this.#gesture.drag.abandon();
    if (this.#gesture.kind === 'erase') this.#gesture.sweep.abandon();
    if (this.#gesture.kind === 'select') this.#options.select.abandon();
    const [[idA, a], [idB, b]] = pair;
    this.#gesture = {
      kind: 'pinch',
      ids: [idA, idB],
      start: [a, b],
      initial: this.#options.camera.viewport,
    };
    this.#options.onLiveChange();
  }

  /**
   * Middle-button autoscroll is the default action of mousedown, not of pointerdown; and a
   * click that places or ends typing must not take the focus from the words' textarea.
   */
  #mousedown(event: MouseEvent): void {
    const typing = this.#options.text.editing !== null;
    if (event.button === MIDDLE_BUTTON || typing || isTextTool(this.#options.settings.tool)) {
      event.preventDefault();
    }
  }

  /** With the text tool, a click on a shape, text box or note edits its words; elsewhere places one. */
  #placeText(tool: 'text' | 'note', at: Vec): void {
    const { camera, settings, text } = this.#options;
    const hit = this.#shapeAt(at);
    if (hit) {
      text.edit(hit.id);
      return;
    }
    const style = {
      color: settings.color,
      pixels: settings.width.pixels,
      zoom: camera.viewport.zoom,
    };
    text.place(tool, camera.toWorld(at), style);
  }

  /** A double-click on a shape, text or note edits its words (with the select or text tool). */
  #doubleClick(event: MouseEvent): void {
    const { tool } = this.#options.settings;
    if (tool !== 'select' && !isTextTool(tool)) return;
    const hit = this.#shapeAt(this.#screen(event));
    if (hit === null) return;
    event.preventDefault();
    this.#options.select.cancel();
    this.#options.text.edit(hit.id);
  }

  /**
   * The topmost finished shape, text or note under a screen point, inside an unfilled box too;
   * strokes have no words.
   */
  #shapeAt(at: Vec): ShapeElement | null {
    const { camera, strokes } = this.#options;
    const world = camera.toWorld(at);
    const tolerance = PICK_TOLERANCE_PX[this.#pointerKind] / camera.viewport.zoom;
    const area = {
      minX: world.x - tolerance,
      minY: world.y - tolerance,
      maxX: world.x + tolerance,
      maxY: world.y + tolerance,
    };
    let top: ShapeElement | null = null;
    for (const element of strokes(area)) {
      const shape = element.shape;
      if (!shape?.done) continue;
      if (!hitTestElement(shape, world, tolerance) && !insideElementBox(shape, world)) continue;
      if (top === null || compareStacking(shape, top) > 0) top = shape;
    }
    return top;
  }

  #startStroke(event: PointerEvent): PenStroke {
    const { settings, camera, target } = this.#options;
    return new PenStroke(
      target,
      { color: settings.color, pixels: settings.width.pixels, zoom: camera.viewport.zoom },
      this.#sample(event),
    );
  }

  /** The event's coalesced samples (all the positions since the last event), or itself. */
  #samples(event: PointerEvent): PenSample[] {
    const coalesced = event.getCoalescedEvents?.() ?? [];
    return (coalesced.length > 0 ? coalesced : [event]).map((e) => this.#sample(e));
  }

  #sample(event: PointerEvent): PenSample {
    const screen = this.#screen(event);
    return {
      screen,
      world: this.#options.camera.toWorld(screen),
      time: event.timeStamp,
      pressure: hasRealPressure(event.pointerType, event.pressure) ? event.pressure : null,
    };
  }

  /** CSS pixels from the board's top-left corner. */
  #screen(event: MouseEvent): Vec {
    return { x: event.clientX - this.#origin.x, y: event.clientY - this.#origin.y };
  }
}

function isControl(target: EventTarget | null): boolean {
  const { tagName } = (target ?? {}) as Partial<Element>;
  return tagName === 'BUTTON' || tagName === 'A' || tagName === 'SUMMARY';
}
