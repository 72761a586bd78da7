import { PEN_COLORS, PEN_WIDTHS, INK, type PenWidth } from './palette.ts';

import type { Tool } from './tool-table.ts';

export { TOOLS, type Tool } from './tool-table.ts';

/**
 * The tool in hand and the pen's colour and width. A board one may only view (a view link) keeps
 * the hand for good: no button, shortcut or stale setting can put the pen back in it.
 */
export class ToolSettings {
  readonly editable: boolean;
  #tool = $state<Tool>('pen');
  color = $state<string>(PEN_COLORS[0]?.value ?? INK);
  widthIndex = $state(1);

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

  get width(): PenWidth {
    return PEN_WIDTHS[this.widthIndex] ?? { label: 'Medium', pixels: 4 };
  }
}
