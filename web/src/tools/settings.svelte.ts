import { PEN_COLORS, PEN_WIDTHS, INK, type PenWidth } from './palette.ts';

export const TOOLS = ['pen', 'eraser', 'hand'] as const;
export type Tool = (typeof TOOLS)[number];

/** The tool in hand and the pen's colour and width. */
export class ToolSettings {
  tool = $state<Tool>('pen');
  color = $state<string>(PEN_COLORS[0]?.value ?? INK);
  widthIndex = $state(1);

  get width(): PenWidth {
    return PEN_WIDTHS[this.widthIndex] ?? { label: 'Medium', pixels: 4 };
  }
}
