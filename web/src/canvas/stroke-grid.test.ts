import { describe, expect, it } from 'vitest';
import { boundsIntersect, type Bounds } from '../model/geometry.ts';
import { seededRandom } from '../model/test-support/seeded-random.ts';
import { BASE_CELL, StrokeGrid } from './stroke-grid.ts';

interface Item {
  readonly id: number;
  readonly bounds: Bounds | null;
}

const box = (x: number, y: number, w: number, h = w): Bounds => ({
  minX: x,
  minY: y,
  maxX: x + w,
  maxY: y + h,
});

describe('StrokeGrid', () => {
  it('finds what is in an area, whatever the sizes, and never misses anything', () => {
    const random = seededRandom(7);
    const items: Item[] = Array.from({ length: 2000 }, (_, id) => {
      // Dots, words, and lines across the board, some at negative coordinates.
      const size = [2, 200, 5000, 200_000][id % 4]!;
      return { id, bounds: box((random() - 0.5) * 1e6, (random() - 0.5) * 1e6, size * random()) };
    });
    const grid = new StrokeGrid<Item>();
    for (const item of items) grid.add(item);
    for (let q = 0; q < 200; q++) {
      const area = box((random() - 0.5) * 1e6, (random() - 0.5) * 1e6, 10 ** (1 + random() * 5));
      const near = grid.near(area)!;
      const inside = items.filter((item) => boundsIntersect(item.bounds!, area));
      for (const item of inside) expect(near.has(item)).toBe(true);
    }
  });

  it('looks only near the area: a small area finds few of many items', () => {
    const grid = new StrokeGrid<Item>();
    for (let id = 0; id < 10_000; id++) {
      grid.add({ id, bounds: box((id % 100) * 100, Math.floor(id / 100) * 100, 50) });
    }
    expect(grid.near(box(5000, 5000, 10))!.size).toBeLessThanOrEqual(
      (2 * BASE_CELL * 2 * BASE_CELL) / (100 * 100),
    );
  });

  it('gives up once it has found more than asked for', () => {
    const grid = new StrokeGrid<Item>();
    for (let id = 0; id < 100; id++) grid.add({ id, bounds: box(id * 10, 0, 5) });
    expect(grid.near(box(0, 0, 1000), 99)).toBeNull();
    expect(grid.near(box(0, 0, 1000), 100)?.size).toBe(100);
  });

  it('forgets what is removed, and ignores what has no box', () => {
    const grid = new StrokeGrid<Item>();
    const item = { id: 1, bounds: box(0, 0, 600) };
    grid.add(item);
    grid.add({ id: 2, bounds: null });
    expect([...grid.near(box(100, 100, 1))!]).toEqual([item]);
    grid.remove(item);
    expect(grid.near(box(-1e6, -1e6, 2e6))?.size).toBe(0);
  });
});
