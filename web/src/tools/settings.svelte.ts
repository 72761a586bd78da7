import { PEN_COLORS, PEN_WIDTHS, INK, type PenWidth } from './palette.ts';

import type { Fill } from '../model/elements.ts';
import type { Tool } from './tool-table.ts';

export { TOOLS, type Tool } from './tool-table.ts';

const DRAWS_WITH_STYLE: ReadonlySet<Tool> = new Set([
  'pen',
  'rect',
  'ellipse',
  'line',
  'arrow',
  'text',
  'note',
]);

/**
 * The tool in hand and the pen's colour and width. A board one may only view (a view link) keeps
 * the hand for good: no button, shortcut or stale setting can put the pen back in it.
 */
export class ToolSettings {
  readonly editable: boolean;
  #tool = $state<Tool>('pen');
  color = $state<string>(PEN_COLORS[0]?.value ?? INK);
  widthIndex = $state(1);
  /** How new rectangles and ellipses are filled. */
  fill = $state<Fill>('none');

  constructor(editable = true) {
    this.editable = editable;
    if (!editable) this.#tool = 'hand';
  }

  get tool(): Tool {
    return this.#tool;
  }

  set tool(tool: Tool) {
    if (this.editable) this.#tool = tool;
  }

  /**
   * A colour or width was picked: a shape, text or note tool keeps drawing with it; any other
   * tool gives way to the pen.
   */
  drawWithStyle(): void {
    if (!DRAWS_WITH_STYLE.has(this.#tool)) this.tool = 'pen';
  }

  get width(): PenWidth {
    return PEN_WIDTHS[this.widthIndex] ?? { label: 'Medium', pixels: 4 };
  }
}
