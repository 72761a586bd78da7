/**
 * Colours as a canvas reads them. The schema accepts any name-like word as a colour
 * (model/schema.ts), but a 2D context ignores a fillStyle or strokeStyle it cannot parse
 * (`inherit`, `notacolour`, `rgb(1)`) and keeps the one before: a peer's stroke in such a colour
 * was painted in the colour of whatever stroke came before it. Every colour is therefore checked
 * once against a real context, and one the canvas refuses is painted in a fallback colour (the
 * board passes the pen's default ink).
 */
import type { ColorMapper } from './render-strokes.ts';

/** The part of a 2D context that parses colours. */
export interface ColorProbe {
  fillStyle: string | CanvasGradient | CanvasPattern;
}

/** Distinct colours remembered at most; a peer writing endless new ones cannot grow memory. */
const MAX_REMEMBERED = 1024;

export class CanvasColors {
  readonly fallback: string;
  readonly #probe: () => ColorProbe | null;
  readonly #checked = new Map<string, boolean>();
  #context: ColorProbe | null | undefined;

  constructor(fallback: string, probe: () => ColorProbe | null = browserProbe) {
    this.fallback = fallback;
    this.#probe = probe;
  }

  /** `color` if a canvas paints it, else the fallback. */
  readonly safe = (color: string): string => (this.accepts(color) ? color : this.fallback);

  /** `mapper` applied to the safe colour: what to pass to renderers and exports. */
  guard(mapper: ColorMapper): ColorMapper {
    return (color) => mapper(this.safe(color));
  }

  accepts(color: string): boolean {
    let accepted = this.#checked.get(color);
    if (accepted === undefined) {
      accepted = this.#parse(color);
      if (this.#checked.size >= MAX_REMEMBERED) this.#checked.clear();
      this.#checked.set(color, accepted);
    }
    return accepted;
  }

  /**
   * A refused value leaves fillStyle unchanged, so it is set after each of two different
   * colours: only a value the context took reads back the same both times.
   */
  #parse(color: string): boolean {
    this.#context ??= this.#probe();
    const probe = this.#context;
    if (probe === null) return true;
    probe.fillStyle = '#000000';
    probe.fillStyle = color;
    const afterBlack = probe.fillStyle;
    probe.fillStyle = '#ffffff';
    probe.fillStyle = color;
    return probe.fillStyle === afterBlack;
  }
}

function browserProbe(): ColorProbe | null {
  if (typeof document === 'undefined') return null;
  return document.createElement('canvas').getContext('2d');
}
