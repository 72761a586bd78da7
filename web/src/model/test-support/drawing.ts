import type * as Y from 'yjs';
import type { Point } from '../points-codec.ts';
import { appendPoints, beginStroke, finishStroke } from '../strokes.ts';

export const CREATED_AT = Date.UTC(2025, 0, 1);

export interface DrawOptions {
  readonly id: string;
  readonly points: readonly Point[];
  readonly origin: unknown;
  readonly author?: string;
  readonly color?: string;
  readonly width?: number;
  /** Points per pointer-move batch: the first batch goes with beginStroke. */
  readonly chunkSize?: number;
  /** Called after each operation, e.g. to move the fake clock or sync a peer. */
  readonly afterEach?: () => void;
}

/** A whole pen gesture: pointerdown, pointer moves in batches, pointerup. */
export function drawStroke(doc: Y.Doc, options: DrawOptions): void {
  const { id, points, origin, chunkSize = 10, afterEach } = options;
  beginStroke(
    doc,
    {
      id,
      color: options.color ?? '#1e1e1e',
      width: options.width ?? 2,
      author: options.author ?? 'alice',
      firstPoints: points.slice(0, chunkSize),
      createdAt: CREATED_AT,
    },
    origin,
  );
  afterEach?.();
  for (let i = chunkSize; i < points.length; i += chunkSize) {
    appendPoints(doc, id, points.slice(i, i + chunkSize), origin);
    afterEach?.();
  }
  finishStroke(doc, id, origin);
  afterEach?.();
}

/** A short straight line of `count` points, for tests that only care that a stroke exists. */
export function line(count: number, from = { x: 0, y: 0 }, step = { x: 1, y: 0.5 }): Point[] {
  return Array.from({ length: count }, (_, i) => ({
    x: from.x + i * step.x,
    y: from.y + i * step.y,
    p: 0.5,
  }));
}
