/**
 * How an element's words are laid out, the same way on the canvas, in the SVG export and in the
 * editing overlay: one font, lines broken at newlines and, in a box of fixed width (a note, a
 * shape's label), between words. Pure: the caller passes how wide a string is.
 */

/** The one font every element's text uses; its size comes from the width setting. */
export const TEXT_FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
/** Line height as a multiple of the font size. */
export const LINE_HEIGHT = 1.25;
/** Padding inside a note or a shape, around its words, as a multiple of the font size. */
export const BOX_PADDING = 0.5;

export const fontOf = (size: number): string => `${size}px ${TEXT_FONT_FAMILY}`;

/** Width of a string in the font being laid out, in the same units as `maxWidth`. */
export type Measure = (text: string) => number;

/**
 * An estimate for where no canvas is at hand (the SVG export's wrapping): 0.55 em a character
 * is the average of system-ui's Latin letters, within 10 % for prose.
 */
export const estimateMeasure =
  (fontSize: number): Measure =>
  (text) =>
    text.length * fontSize * 0.55;

/** Lines longer than this many characters are cut: one paragraph without spaces cannot stall. */
const MAX_LINE_CHARACTERS = 2000;

/**
 * The lines `text` takes: split at newlines, and with a `maxWidth` also between words (a word
 * wider than the box alone is broken between characters).
 */
export function layoutLines(text: string, measure: Measure, maxWidth: number | null): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const bounded = paragraph.slice(0, MAX_LINE_CHARACTERS);
    if (maxWidth === null || measure(bounded) <= maxWidth) {
      lines.push(bounded);
      continue;
    }
    let line = '';
    for (const word of bounded.split(/(?<=\s)/)) {
      const candidate = line + word;
      if (line === '' || measure(candidate.trimEnd()) <= maxWidth) {
        line = candidate;
      } else {
        lines.push(line.trimEnd());
        line = word;
      }
      while (measure(line.trimEnd()) > maxWidth && line.length > 1) {
        const cut = fittingPrefix(line, measure, maxWidth);
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** How many leading characters of `text` fit in `maxWidth`, at least one. */
function fittingPrefix(text: string, measure: Measure, maxWidth: number): number {
  let low = 1;
  let high = text.length;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (measure(text.slice(0, middle)) <= maxWidth) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The box a text element needs to show `text` unwrapped: as wide as its longest line (at least
 * one em, so an empty box can be clicked), as tall as its lines.
 */
export function textBoxSize(
  text: string,
  fontSize: number,
  measure: Measure,
): { w: number; h: number } {
  const lines = layoutLines(text, measure, null);
  const widest = Math.max(fontSize, ...lines.map((line) => measure(line)));
  return {
    w: Math.ceil(widest + fontSize * 0.25),
    h: Math.ceil(lines.length * fontSize * LINE_HEIGHT),
  };
}
