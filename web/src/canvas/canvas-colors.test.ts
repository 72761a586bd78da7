import { describe, expect, it } from 'vitest';
import { CanvasColors, type ColorProbe } from './canvas-colors.ts';

const FALLBACK_COLOR = '#1e1e1e';

/** A context that, like a real one, keeps its fillStyle when given a value it cannot parse. */
class StrictProbe implements ColorProbe {
  parsed = 0;
  #style = '#000000';
  get fillStyle(): string {
    return this.#style;
  }
  set fillStyle(value: string | CanvasGradient | CanvasPattern) {
    this.parsed++;
    if (typeof value === 'string' && /^(#[0-9a-f]{6}|red|rgb\(\d+, \d+, \d+\))$/i.test(value)) {
      this.#style = value.toLowerCase();
    }
  }
}

describe('CanvasColors', () => {
  it('keeps a colour the canvas paints and replaces one it would ignore', () => {
    const colors = new CanvasColors(FALLBACK_COLOR, () => new StrictProbe());
    expect(colors.safe('#E03131')).toBe('#E03131');
    expect(colors.safe('red')).toBe('red');
    // The schema accepts these; a canvas ignores them and would reuse the previous colour.
    expect(colors.safe('inherit')).toBe(FALLBACK_COLOR);
    expect(colors.safe('notacolour')).toBe(FALLBACK_COLOR);
    // Black and white themselves are not mistaken for refusals.
    expect(colors.safe('#000000')).toBe('#000000');
    expect(colors.safe('#ffffff')).toBe('#ffffff');
  });

  it('parses each colour once', () => {
    const probe = new StrictProbe();
    const colors = new CanvasColors(FALLBACK_COLOR, () => probe);
    for (let i = 0; i < 100; i++) colors.safe('notacolour');
    expect(probe.parsed).toBe(4);
  });

  it('maps the safe colour, e.g. to the dark board’s ink', () => {
    const colors = new CanvasColors(FALLBACK_COLOR, () => new StrictProbe());
    const mapped = colors.guard((color) => (color === FALLBACK_COLOR ? 'light ink' : color));
    expect(mapped('inherit')).toBe('light ink');
    expect(mapped('red')).toBe('red');
  });
});
