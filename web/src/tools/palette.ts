/**
 * Pen colours and widths. Colours are stored in strokes as they are here. The ink colour shows
 * as light ink on the dark board (see inkFor); the others are mid-luminance hues that keep at
 * least 3:1 contrast against both the light (#fbfbfa) and the dark (#1b1d21) board
 * (palette.test.ts checks every one).
 */
export interface PenColor {
  readonly label: string;
  readonly value: string;
}

export const INK = '#1e1e1e';
/** What INK shows as on the dark board; exports always use the light board's colours. */
export const DARK_BOARD_INK = '#e8eaed';

export const PEN_COLORS: readonly PenColor[] = [
  { label: 'Ink', value: INK },
  { label: 'Grey', value: '#868e96' },
  { label: 'Red', value: '#e03131' },
  { label: 'Orange', value: '#e8590c' },
  { label: 'Green', value: '#2f9e44' },
  { label: 'Blue', value: '#1c7ed6' },
  { label: 'Violet', value: '#7950f2' },
  { label: 'Pink', value: '#d6336c' },
];

export interface PenWidth {
  readonly label: string;
  /** CSS pixels on screen when drawn; stored as width / zoom world units. */
  readonly pixels: number;
}

export const PEN_WIDTHS: readonly PenWidth[] = [
  { label: 'Fine', pixels: 2 },
  { label: 'Medium', pixels: 4 },
  { label: 'Bold', pixels: 8 },
  { label: 'Marker', pixels: 16 },
];

export type BoardTheme = 'light' | 'dark';

/** The colour a stored stroke colour is painted in on a board of `theme`. */
export function inkFor(theme: BoardTheme): (color: string) => string {
  if (theme === 'light') return (color) => color;
  return (color) => (color.toLowerCase() === INK ? DARK_BOARD_INK : color);
}

/** The fills offered for new rectangles and ellipses (model/schema.ts: fill). */
export const FILL_CHOICES = [
  { value: 'none', label: 'No fill' },
  { value: 'semi', label: 'Semi-transparent fill' },
  { value: 'solid', label: 'Solid fill' },
] as const;
