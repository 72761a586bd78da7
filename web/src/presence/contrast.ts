/** WCAG relative luminance and contrast for `#rrggbb` colours: readable labels on any colour. */

/** Relative luminance in [0, 1] (WCAG 2.x); throws on anything but `#rrggbb`. */
export function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new TypeError(`Expected a #rrggbb colour, got ${hex}`);
  const [r, g, b] = [match[1], match[2], match[3]].map((channel) => {
    const value = parseInt(channel ?? '0', 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** From 1 (identical) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}

export const LABEL_LIGHT = '#ffffff';
export const LABEL_DARK = '#1f2328';

/** White or near-black, whichever reads better on `background` (a name pill, an avatar). */
export function labelColorOn(background: string): string {
  return contrastRatio(background, LABEL_LIGHT) >= contrastRatio(background, LABEL_DARK)
    ? LABEL_LIGHT
    : LABEL_DARK;
}
