/**
 * Finds the strokes in an area without looking at every stroke: a board of 50,000 strokes took
 * 10 ms of JS per frame just to test every box against the two strips a pan uncovers.
 *
 * A grid of square cells at a few sizes (LEVELS, each CELL_GROWTH times the last): a stroke
 * goes in the finest level whose cells are at least as large as its box, so it sits in at most
 * 2 × 2 cells whether it is a dot or a line across the board. An area is looked up in every
 * level, visiting the cells it covers, or, if it covers more cells than are in use, every cell
 * in use.
 */
import type { Bounds } from '../model/geometry.ts';

/** World units per cell at the finest level: about the size of a handwritten word at 100 %. */
export const BASE_CELL = 256;
const CELL_GROWTH = 8;
/** 256 × 8^6 = 2^26 units: more than any stored coordinate (model/points-codec.ts, 2^22). */
const LEVELS = 7;

export interface Boxed {
  readonly bounds: Bounds | null;
}

export class StrokeGrid<T extends Boxed> {
  /** Per level: cell key → what is in it. */
  readonly #levels: Map<number, Set<T>>[] = Array.from({ length: LEVELS }, () => new Map());

  add(item: T): void {
    this.#eachCellOf(item, (cells, key) => {
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = new Set()));
      cell.add(item);
    });
  }

  /** Takes out an item added before; its bounds must not have changed since. */
  remove(item: T): void {
    this.#eachCellOf(item, (cells, key) => {
      const cell = cells.get(key);
      if (!cell) return;
      cell.delete(item);
      if (cell.size === 0) cells.delete(key);
    });
  }

  /**
   * Every item in a cell `area` touches, once each, in no order; it may not touch them all.
   * Null as soon as there are more than `limit`.
   */
  near(area: Bounds, limit = Infinity): Set<T> | null {
    const found = new Set<T>();
    for (let level = 0; level < LEVELS; level++) {
      const cells = this.#levels[level]!;
      if (cells.size === 0) continue;
      const size = cellSize(level);
      const [minX, minY, maxX, maxY] = cellRange(area, size);
      // Looking up every cell the area covers, or going through those in use: the fewer.
      if ((maxX - minX + 1) * (maxY - minY + 1) > cells.size) {
        for (const [key, cell] of cells) {
          const x = Math.floor(key / KEY_ROW) - KEY_OFFSET;
          const y = (key % KEY_ROW) - KEY_OFFSET;
          if (x < minX || x > maxX || y < minY || y > maxY) continue;
          for (const item of cell) found.add(item);
          if (found.size > limit) return null;
        }
        continue;
      }
      for (let x = minX; x <= maxX; x++) {
        for (let y = minY; y <= maxY; y++) {
          const cell = cells.get(cellKey(x, y));
          if (cell) for (const item of cell) found.add(item);
          if (found.size > limit) return null;
        }
      }
    }
    return found;
  }

  #eachCellOf(item: T, visit: (cells: Map<number, Set<T>>, key: number) => void): void {
    const box = item.bounds;
    if (!box) return;
    const extent = Math.max(box.maxX - box.minX, box.maxY - box.minY);
    let level = 0;
    while (level < LEVELS - 1 && cellSize(level) < extent) level++;
    const cells = this.#levels[level]!;
    const [minX, minY, maxX, maxY] = cellRange(box, cellSize(level));
    for (let x = minX; x <= maxX; x++) {
      for (let y = minY; y <= maxY; y++) visit(cells, cellKey(x, y));
    }
  }
}

const cellSize = (level: number): number => BASE_CELL * CELL_GROWTH ** level;

/** Cell indices fit in ±2^15 at every level; keys pack two of them into one number. */
const KEY_OFFSET = 2 ** 15;
const KEY_ROW = 2 ** 16;
const cellKey = (x: number, y: number): number => (x + KEY_OFFSET) * KEY_ROW + (y + KEY_OFFSET);

function cellRange(box: Bounds, size: number): [number, number, number, number] {
  const clamp = (i: number) => Math.max(1 - KEY_OFFSET, Math.min(KEY_OFFSET - 1, i));
  return [
    clamp(Math.floor(box.minX / size)),
    clamp(Math.floor(box.minY / size)),
    clamp(Math.floor(box.maxX / size)),
    clamp(Math.floor(box.maxY / size)),
  ];
}
