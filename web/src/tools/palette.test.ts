import { describe, expect, it } from 'vitest';
import { isCssColor } from '../model/schema.ts';
import { DARK_BOARD_INK, INK, PEN_COLORS, PEN_WIDTHS, inkFor } from './palette.ts';

const LIGHT_BOARD = '#fbfbfa';
const DARK_BOARD = '#1b1d21';

describe('pen palette', () => {
  it('offers 8 colours the document accepts', () => {
    expect(PEN_COLORS).toHaveLength(8);
    for (const { value } of PEN_COLORS) expect(isCssColor(value)).toBe(true);
  });

  it.each(PEN_COLORS.filter(({ value }) => value !== INK))(
    '$label stays readable (3:1) on both boards',
    ({ value }) => {
      expect(contrast(value, LIGHT_BOARD)).toBeGreaterThanOrEqual(3);
      expect(contrast(value, DARK_BOARD)).toBeGreaterThanOrEqual(3);
    },
  );

  it('shows ink dark on the light board and light on the dark one', () => {
    expect(contrast(inkFor('light')(INK), LIGHT_BOARD)).toBeGreaterThan(7);
    expect(inkFor('dark')(INK)).toBe(DARK_BOARD_INK);
    expect(contrast(inkFor('dark')(INK), DARK_BOARD)).toBeGreaterThan(7);
    expect(inkFor('dark')('#e03131')).toBe('#e03131');
  });

  it('offers 4 widths from fine to marker', () => {
    expect(PEN_WIDTHS.map(({ pixels }) => pixels)).toEqual([2, 4, 8, 16]);
  });
});

/** WCAG contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
