/**
 * Keyboard shortcuts: one table both matches key presses and fills the help panel, so the
 * panel cannot drift from what the keys do.
 */
export const ACTIONS = [
  'tool-pen',
  'tool-eraser',
  'tool-hand',
  'undo',
  'redo',
  'zoom-in',
  'zoom-out',
  'zoom-fit',
  'zoom-reset',
  'help',
  'history',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The parts of a KeyboardEvent that decide the action. */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

interface Binding {
  /** KeyboardEvent.key, lower-cased; or code, for Shift+digit, whose key varies by layout. */
  readonly key?: string;
  readonly code?: string;
  /** Ctrl, or Cmd on a Mac. */
  readonly mod: boolean;
  /** undefined: either way (`?` and `+` need Shift on some layouts and not on others). */
  readonly shift?: boolean;
  /** Alt (Option) held; default false. Match such a binding by code: Option+H on a Mac is `˙`. */
  readonly alt?: boolean;
}

export interface Shortcut {
  readonly action: Action;
  readonly label: string;
  /** Key names for the help panel, one entry per alternative; `Mod` shows as Ctrl or ⌘. */
  readonly keys: readonly string[];
  readonly bindings: readonly Binding[];
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    action: 'tool-pen',
    label: 'Pen',
    keys: ['P', 'D'],
    bindings: [
      { key: 'p', mod: false, shift: false },
      { key: 'd', mod: false, shift: false },
    ],
  },
  {
    action: 'tool-eraser',
    label: 'Eraser',
    keys: ['E'],
    bindings: [{ key: 'e', mod: false, shift: false }],
  },
  {
    action: 'tool-hand',
    label: 'Hand (pan)',
    keys: ['H'],
    bindings: [{ key: 'h', mod: false, shift: false }],
  },
  {
    action: 'undo',
    label: 'Undo',
    keys: ['Mod+Z'],
    bindings: [{ key: 'z', mod: true, shift: false }],
  },
  {
    action: 'redo',
    label: 'Redo',
    keys: ['Mod+Shift+Z', 'Ctrl+Y'],
    bindings: [
      { key: 'z', mod: true, shift: true },
      { key: 'y', mod: true, shift: false },
    ],
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
  {
    action: 'help',
    label: 'Show shortcuts',
    keys: ['?'],
    bindings: [{ key: '?', mod: false }],
  },
  {
    action: 'history',
    label: 'Board history (edit access)',
    keys: ['Mod+Alt+H'],
    bindings: [{ code: 'KeyH', mod: true, shift: false, alt: true }],
  },
];

/** Gestures that are not key presses, listed in the help panel after the shortcuts. */
export const GESTURES: readonly { readonly label: string; readonly keys: readonly string[] }[] = [
  { label: 'Pan', keys: ['Space+drag', 'Middle-drag', 'Wheel'] },
  { label: 'Zoom about the pointer', keys: ['Ctrl+wheel', 'Pinch'] },
];

export function actionFor(press: KeyPress): Action | null {
  const mod = press.ctrlKey || press.metaKey;
  const key = press.key.toLowerCase();
  for (const shortcut of SHORTCUTS) {
    for (const binding of shortcut.bindings) {
      if (binding.mod !== mod || (binding.alt ?? false) !== press.altKey) continue;
      if (binding.shift !== undefined && binding.shift !== press.shiftKey) continue;
      if (binding.key !== undefined && binding.key !== key) continue;
      if (binding.code !== undefined && binding.code !== press.code) continue;
      return shortcut.action;
    }
  }
  return null;
}

/** Ctrl+Y is Windows' redo; on a Mac the help panel shows ⌘ for Mod and keeps Ctrl as is. */
export function keyLabel(keys: string, mac: boolean): string {
  return mac
    ? keys.replaceAll('Mod+', '⌘').replaceAll('Shift+', '⇧').replaceAll('Alt+', '⌥')
    : keys.replaceAll('Mod', 'Ctrl');
}

/** Is the user typing somewhere? Then letters are text, not shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof target !== 'object' || target === null) return false;
  // Read as plain properties rather than with instanceof, so tests need no DOM.
  const { tagName, type, isContentEditable } = target as Partial<HTMLInputElement>;
  if (isContentEditable === true) return true;
  if (tagName === 'TEXTAREA' || tagName === 'SELECT') return true;
  return tagName === 'INPUT' && !NON_TEXT_INPUTS.has(type ?? 'text');
}

const NON_TEXT_INPUTS = new Set([
  'button',
  'checkbox',
  'radio',
  'range',
  'color',
  'submit',
  'reset',
]);
