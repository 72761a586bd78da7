/**
 * Keyboard shortcuts: key presses are matched against the one tool table (tool-table.ts), which
 * also fills the toolbar's tooltips and the help panel, so none can drift from what keys do.
 */
import { activeShortcuts, type Action, type Shortcut } from './tool-table.ts';

export type { Action } from './tool-table.ts';

/** The parts of a KeyboardEvent that decide the action. */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

export function actionFor(press: KeyPress): Action | null {
  const mod = press.ctrlKey || press.metaKey;
  const key = press.key.toLowerCase();
  for (const shortcut of activeShortcuts()) {
    // The browser turns these keys into copy, cut and paste events; they must reach it.
    if (shortcut.via === 'clipboard') continue;
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

/** A shortcut's keys for a tooltip: "P or D", "Ctrl+Z". */
export function keyHint(shortcut: Pick<Shortcut, 'keys'>, mac: boolean): string {
  return shortcut.keys.map((keys) => keyLabel(keys, mac)).join(' or ');
}
