/**
 * Every tool and every keyboard action of the board, in one table: the toolbar draws its tool
 * buttons from it, the zoom controls their labels and keys, shortcuts.ts matches key presses
 * against it and the help panel lists it, so none of them can drift from the others.
 *
 * A tool whose gesture is not built yet stays in the table with `ready: false`: the toolbar,
 * the help panel and the keys leave it out until the gesture lands and flips the flag.
 */
import type { IconName } from '../ui/icons.ts';

export const TOOLS = [
  'select',
  'pen',
  'eraser',
  'hand',
  'rect',
  'ellipse',
  'line',
  'arrow',
  'text',
  'note',
] as const;
export type Tool = (typeof TOOLS)[number];

/** What a key press can do besides picking a tool. */
export const COMMANDS = [
  'undo',
  'redo',
  'zoom-in',
  'zoom-out',
  'zoom-fit',
  'zoom-reset',
  'help',
  'select-all',
  'delete',
  'duplicate',
  'copy',
  'cut',
  'paste',
  'bring-forward',
  'send-backward',
  'nudge',
  'escape',
] as const;
export type Command = (typeof COMMANDS)[number];

export type ToolAction = `tool-${Tool}`;
export type Action = ToolAction | Command;

/** One way to press a shortcut. */
export interface Binding {
  /** KeyboardEvent.key, lower-cased; or code, for keys whose character varies by layout. */
  readonly key?: string;
  readonly code?: string;
  /** Ctrl, or Cmd on a Mac. */
  readonly mod: boolean;
  /** undefined: either way (`?` and `+` need Shift on some layouts and not on others). */
  readonly shift?: boolean;
}

export interface Shortcut {
  readonly action: Action;
  readonly label: string;
  /** Key names for the help panel and tooltips, one per alternative; `Mod` shows as Ctrl or ⌘. */
  readonly keys: readonly string[];
  readonly bindings: readonly Binding[];
  /**
   * 'clipboard': the browser's own copy, cut and paste events carry it (they alone may touch the
   * system clipboard without a permission prompt), so the key press must be left to the browser.
   */
  readonly via?: 'clipboard';
  /** False while what it does is not built: no key, no help row (default true). */
  readonly ready?: boolean;
}

export interface ToolEntry extends Shortcut {
  readonly action: ToolAction;
  readonly tool: Tool;
  readonly icon: IconName;
  readonly ready: boolean;
  /** Changes the board, so a view-only board does not offer it. */
  readonly edits: boolean;
}

const letter = (key: string): Binding => ({ key, mod: false, shift: false });
const withMod = (key: string, shift = false): Binding => ({ key, mod: true, shift });

function tool(
  name: Tool,
  label: string,
  icon: IconName,
  letters: readonly string[],
  ready = true,
): ToolEntry {
  return {
    action: `tool-${name}`,
    tool: name,
    label,
    icon,
    keys: letters.map((l) => l.toUpperCase()),
    bindings: letters.map(letter),
    ready,
    edits: name !== 'hand',
  };
}

/** In toolbar order. */
export const TOOL_TABLE: readonly ToolEntry[] = [
  tool('select', 'Select', 'select', ['v']),
  tool('pen', 'Pen', 'pen', ['p', 'd']),
  tool('eraser', 'Eraser', 'eraser', ['e']),
  tool('hand', 'Hand (pan)', 'hand', ['h']),
  tool('rect', 'Rectangle', 'rect', ['r']),
  tool('ellipse', 'Ellipse', 'ellipse', ['o']),
  tool('line', 'Line', 'line', ['l']),
  tool('arrow', 'Arrow', 'arrow', ['a']),
  tool('text', 'Text', 'text', ['t']),
  tool('note', 'Sticky note', 'note', ['n']),
];

export const COMMAND_TABLE: readonly (Shortcut & { readonly action: Command })[] = [
  { action: 'undo', label: 'Undo', keys: ['Mod+Z'], bindings: [withMod('z')] },
  {
    action: 'redo',
    label: 'Redo',
    keys: ['Mod+Shift+Z', 'Ctrl+Y'],
    bindings: [withMod('z', true), withMod('y')],
  },
  {
    action: 'zoom-in',
    label: 'Zoom in',
    keys: ['+'],
    bindings: [
      { key: '+', mod: false },
      { key: '=', mod: false },
    ],
  },
  {
    action: 'zoom-out',
    label: 'Zoom out',
    keys: ['−'],
    bindings: [
      { key: '-', mod: false },
      { key: '_', mod: false },
    ],
  },
  {
    action: 'zoom-fit',
    label: 'Zoom to fit',
    keys: ['Shift+1'],
    bindings: [{ code: 'Digit1', mod: false, shift: true }],
  },
  {
    action: 'zoom-reset',
    label: 'Reset zoom to 100 %',
    keys: ['Shift+0'],
    bindings: [{ code: 'Digit0', mod: false, shift: true }],
  },
  { action: 'help', label: 'Show shortcuts', keys: ['?'], bindings: [{ key: '?', mod: false }] },
  {
    action: 'select-all',
    label: 'Select all',
    keys: ['Mod+A'],
    bindings: [withMod('a')],
  },
  {
    action: 'delete',
    label: 'Delete the selection',
    keys: ['Delete', 'Backspace'],
    bindings: [
      { key: 'delete', mod: false },
      { key: 'backspace', mod: false },
    ],
  },
  {
    action: 'duplicate',
    label: 'Duplicate',
    keys: ['Mod+D'],
    bindings: [withMod('d')],
  },
  {
    action: 'copy',
    label: 'Copy',
    keys: ['Mod+C'],
    bindings: [withMod('c')],
    via: 'clipboard',
  },
  {
    action: 'cut',
    label: 'Cut',
    keys: ['Mod+X'],
    bindings: [withMod('x')],
    via: 'clipboard',
  },
  {
    action: 'paste',
    label: 'Paste at the pointer',
    keys: ['Mod+V'],
    bindings: [withMod('v')],
    via: 'clipboard',
  },
  {
    action: 'bring-forward',
    label: 'Bring forward',
    keys: ['Mod+]'],
    // By code too: on some layouts ] needs AltGr, which browsers report as Ctrl+Alt.
    bindings: [withMod(']'), { code: 'BracketRight', mod: true, shift: false }],
  },
  {
    action: 'send-backward',
    label: 'Send backward',
    keys: ['Mod+['],
    bindings: [withMod('['), { code: 'BracketLeft', mod: true, shift: false }],
  },
  {
    action: 'nudge',
    label: 'Nudge the selection (Shift: 10×)',
    keys: ['←', '↑', '→', '↓'],
    bindings: ['arrowleft', 'arrowup', 'arrowright', 'arrowdown'].map((key) => ({
      key,
      mod: false,
    })),
  },
  {
    action: 'escape',
    label: 'Clear the selection, stop following',
    keys: ['Escape'],
    bindings: [{ key: 'escape', mod: false }],
  },
];

export function toolEntry(name: Tool): ToolEntry {
  const entry = TOOL_TABLE.find((candidate) => candidate.tool === name);
  if (!entry) throw new Error(`tool ${name} has no entry in the tool table`);
  return entry;
}

export function commandEntry(command: Command): Shortcut {
  const entry = COMMAND_TABLE.find((candidate) => candidate.action === command);
  if (!entry) throw new Error(`command ${command} has no entry in the tool table`);
  return entry;
}

export function isToolAction(action: Action): action is ToolAction {
  return action.startsWith('tool-');
}

/** The tool an action picks. */
export function toolOf(action: ToolAction): Tool {
  return action.slice('tool-'.length) as Tool;
}

/** The tools offered right now, in toolbar order. */
export function readyTools(editable: boolean): readonly ToolEntry[] {
  return TOOL_TABLE.filter((entry) => entry.ready && (editable || !entry.edits));
}

/** Every shortcut that works in this build: ready tools, then commands. */
export function activeShortcuts(): readonly Shortcut[] {
  return [...TOOL_TABLE, ...COMMAND_TABLE].filter((entry) => entry.ready !== false);
}

/** Gestures that are not key presses, listed in the help panel after the shortcuts. */
export const GESTURES: readonly { readonly label: string; readonly keys: readonly string[] }[] = [
  { label: 'Pan', keys: ['Space+drag', 'Middle-drag', 'Wheel'] },
  { label: 'Zoom about the pointer', keys: ['Ctrl+wheel', 'Pinch'] },
];
