import type * as Y from 'yjs';
import type { Vec } from '../model/geometry.ts';
import { MAX_WORLD_COORDINATE, type Point } from '../model/points-codec.ts';
import { MAX_POINTS_PER_STROKE, MAX_STROKE_WIDTH, MIN_STROKE_WIDTH } from '../model/schema.ts';
import {
  appendPoints,
  beginStroke,
  eraseStrokes,
  finishStroke,
  pointsLeftIn,
} from '../model/strokes.ts';
import { toBase64Url } from '../encoding/base64url.ts';
import type { InkPoint } from '../canvas/stroke-outline.ts';
import type { LocalInk } from '../canvas/render-live.ts';
import { PointBatcher } from './point-batcher.ts';
import { RESTING_PRESSURE, simulatedPressure } from './pressure.ts';
import type { Timers } from '../timing/timers.ts';

/** Where local edits go: the document, with this user's origin and undo steps. */
export interface DrawingTarget {
  readonly doc: Y.Doc;
  readonly origin: object;
  readonly author: string;
  readonly history: { beginStep(): void; dropCurrentStep(): void; revertCurrentStep(): void };
}

/** One pointer sample, already mapped to the board. */
export interface PenSample {
  readonly world: Vec;
  /** CSS pixels; speed for simulated pressure is measured on screen, whatever the zoom. */
  readonly screen: Vec;
  /** ms, as PointerEvent.timeStamp. */
  readonly time: number;
  /** The pointer's own pressure, or null to simulate it from speed. */
  readonly pressure: number | null;
}

export interface PenStyle {
  readonly color: string;
  /** CSS pixels: the stroke is stored as width / zoom, so it looks this wide when drawn. */
  readonly pixels: number;
  readonly zoom: number;
}

export interface PenOptions {
  readonly newId?: () => string;
  readonly timers?: Timers;
}

/** Samples closer than this to the last kept one (CSS px) add nothing visible. */
const MIN_SAMPLE_DISTANCE = 0.5;

export type PenState = 'drawing' | 'finished' | 'lost' | 'abandoned';

/**
 * One pen stroke from pointerdown to pointerup, written to the document as it is drawn:
 * beginStroke at once, so peers see it start; the samples in batches of about 30 a second;
 * finishStroke at the end. Every sample is also kept here, so the live layer shows the stroke at
 * full pointer rate ahead of the batches.
 *
 * A gesture longer than MAX_POINTS_PER_STROKE goes on in a new stroke from the last point, in the
 * same undo step: no stroke this app writes is longer than every reader decodes, nor makes an
 * update the relay would refuse when finishing merges its chunks.
 */
export class PenStroke {
  readonly color: string;
  readonly width: number;
  readonly #target: DrawingTarget;
  readonly #batcher: PointBatcher<Point>;
  readonly #newId: () => string;
  /** Every stroke this gesture wrote, the one being drawn last. */
  readonly #ids: string[] = [];
  /** The samples of the stroke being drawn. */
  #points: InkPoint[] = [];
  #last: PenSample;
  #pressure: number;
  #state: PenState = 'drawing';

  constructor(target: DrawingTarget, style: PenStyle, first: PenSample, options: PenOptions = {}) {
    this.#target = target;
    this.#newId = options.newId ?? randomStrokeId;
    this.color = style.color;
    this.width = clampWidth(style.pixels / style.zoom);
    this.#last = first;
    this.#pressure = first.pressure ?? RESTING_PRESSURE;
    this.#batcher = new PointBatcher((batch) => this.#append(batch), undefined, options.timers);
    const point = this.#keep(first);
    target.history.beginStep();
    this.#begin(point);
  }

  /** The stroke being drawn (a long gesture writes several, see above). */
  get id(): string {
    return this.#ids.at(-1)!;
  }

  /** Every stroke this gesture wrote, in order. */
  get ids(): readonly string[] {
    return this.#ids;
  }

  get state(): PenState {
    return this.#state;
  }

  /** What the live layer draws; null once the stroke is no longer being drawn. */
  get ink(): LocalInk | null {
    if (this.#state !== 'drawing') return null;
    return { points: this.#points, color: this.color, width: this.width };
  }

  get pointCount(): number {
    return this.#points.length;
  }

  /** Adds samples; returns false once the stroke is gone (a peer erased it mid-stroke). */
  add(samples: readonly PenSample[]): boolean {
    if (this.#state !== 'drawing') return false;
    const kept: Point[] = [];
    for (const sample of samples) {
      const { x, y } = sample.screen;
      if (Math.hypot(x - this.#last.screen.x, y - this.#last.screen.y) < MIN_SAMPLE_DISTANCE) {
        continue;
      }
      this.#pressure =
        sample.pressure ??
        simulatedPressure(
          this.#pressure,
          { ...this.#last.screen, time: this.#last.time },
          { ...sample.screen, time: sample.time },
        );
      this.#last = sample;
      kept.push(this.#keep(sample));
      if (this.#points.length >= MAX_POINTS_PER_STROKE) {
        this.#batcher.push(...kept.splice(0));
        if (!this.#continue()) return false;
      }
    }
    this.#batcher.push(...kept);
    return true;
  }

  /** Sends what is left and marks the stroke done. */
  finish(): void {
    if (this.#state !== 'drawing') return;
    this.#batcher.flush();
    if (this.#state !== 'drawing') return;
    this.#state = finishStroke(this.#target.doc, this.id, this.#target.origin)
      ? 'finished'
      : 'lost';
  }

  /** Takes the stroke back as if it was never drawn, undo history included. */
  abandon(): void {
    if (this.#state !== 'drawing') return;
    this.#batcher.cancel();
    this.#state = 'abandoned';
    eraseStrokes(this.#target.doc, this.#ids, this.#target.origin);
    this.#target.history.dropCurrentStep();
  }

  #begin(first: Point): void {
    const id = this.#newId();
    this.#ids.push(id);
    const { color, width } = this;
    const stroke = { id, color, width, author: this.#target.author, firstPoints: [first] };
    beginStroke(this.#target.doc, stroke, this.#target.origin);
  }

  /** Finishes the full stroke and goes on in a new one from its last point. */
  #continue(): boolean {
    this.#batcher.flush();
    if (this.#state !== 'drawing') return false;
    if (!finishStroke(this.#target.doc, this.id, this.#target.origin)) {
      this.#state = 'lost';
      return false;
    }
    const [x = 0, y = 0, p = 0] = this.#points.at(-1) ?? [];
    this.#points = [[x, y, p]];
    this.#begin({ x, y, p });
    return true;
  }

  #keep(sample: PenSample): Point {
    const point: Point = {
      x: clampCoordinate(sample.world.x),
      y: clampCoordinate(sample.world.y),
      p: this.#pressure,
    };
    this.#points.push([point.x, point.y, point.p]);
    return point;
  }

  #append(batch: Point[]): void {
    if (this.#state !== 'drawing') return;
    const { doc, origin } = this.#target;
    // Peers can append to the stroke being drawn too, and the relay refuses whatever takes a
    // stroke past the limit: a batch that would cross it goes on in a new stroke instead.
    const left = pointsLeftIn(doc, this.id);
    if (left !== null && left < batch.length) {
      this.#goOnInNewStroke(batch);
      return;
    }
    if (!appendPoints(doc, this.id, batch, origin)) this.#lose();
  }

  /** Finishes the stroke a peer filled, and writes `batch` into a new one. */
  #goOnInNewStroke(batch: Point[]): void {
    const { doc, origin } = this.#target;
    const [first, ...rest] = batch;
    if (!first || !finishStroke(doc, this.id, origin)) {
      this.#lose();
      return;
    }
    this.#points = batch.map(({ x, y, p }) => [x, y, p]);
    this.#begin(first);
    if (rest.length > 0 && !appendPoints(doc, this.id, rest, origin)) this.#lose();
  }

  #lose(): void {
    this.#state = 'lost';
    this.#batcher.cancel();
  }
}

/** 12 random bytes, 16 base64url characters: unique without asking anyone. */
export function randomStrokeId(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(12)));
}

export function clampWidth(width: number): number {
  return Math.min(MAX_STROKE_WIDTH, Math.max(MIN_STROKE_WIDTH, width));
}

export function clampCoordinate(value: number): number {
  return Math.min(MAX_WORLD_COORDINATE, Math.max(-MAX_WORLD_COORDINATE, value));
}
