import { describe, expect, it } from 'vitest';
import { isCssColor } from '../model/schema.ts';
import { DARK_BOARD_INK, INK, PEN_COLORS, PEN_WIDTHS, inkFor } from './palette.ts';
import { contrastRatio } from '../presence/contrast.ts';

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
      expect(contrastRatio(value, LIGHT_BOARD)).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(value, DARK_BOARD)).toBeGreaterThanOrEqual(3);
    },
  );

  it('shows ink dark on the light board and light on the dark one', () => {
    expect(contrastRatio(inkFor('light')(INK), LIGHT_BOARD)).toBeGreaterThan(7);
    expect(inkFor('dark')(INK)).toBe(DARK_BOARD_INK);
    expect(contrastRatio(inkFor('dark')(INK), DARK_BOARD)).toBeGreaterThan(7);
    expect(inkFor('dark')('#e03131')).toBe('#e03131');
  });

  it('offers 4 widths from fine to marker', () => {
    expect(PEN_WIDTHS.map(({ pixels }) => pixels)).toEqual([2, 4, 8, 16]);
  });
});
