import { describe, expect, it } from 'vitest';
import { sharedViewOf, viewportShowing } from './follow.ts';

describe('follow mode views', () => {
  it('shows the followed centre at the centre of a screen of another size, at the same zoom', () => {
    const shared = sharedViewOf({ x: 100, y: 50, zoom: 2 }, { width: 1200, height: 800 });
    expect(shared).toEqual({ x: 400, y: 250, zoom: 2 });
    expect(viewportShowing(shared, { width: 390, height: 844 })).toEqual({
      x: 400 - 97.5,
      y: 250 - 211,
      zoom: 2,
    });
  });

  it('keeps a peer’s zoom within this page’s limits', () => {
    expect(viewportShowing({ x: 0, y: 0, zoom: 1e6 }, { width: 100, height: 100 }).zoom).toBe(20);
  });
});
