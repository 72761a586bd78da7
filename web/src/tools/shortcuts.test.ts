import { describe, expect, it } from 'vitest';
import { actionFor, isTypingTarget, keyHint, keyLabel, type KeyPress } from './shortcuts.ts';

function press(key: string, modifiers: Partial<KeyPress> = {}): KeyPress {
  const code = /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : '';
  return {
    key,
    code,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...modifiers,
  };
}

describe('actionFor', () => {
  it.each([
    ['p', 'tool-pen'],
    ['d', 'tool-pen'],
    ['e', 'tool-eraser'],
    ['h', 'tool-hand'],
    ['?', 'help'],
    ['+', 'zoom-in'],
    ['=', 'zoom-in'],
    ['-', 'zoom-out'],
  ] as const)('maps %s to %s', (key, action) => {
    expect(actionFor(press(key))).toBe(action);
  });

  it('reads Caps Lock letters the same', () => {
    expect(actionFor(press('E'))).toBe('tool-eraser');
  });

  it('undoes with Ctrl+Z or Cmd+Z, redoes with the same plus Shift, or Ctrl+Y', () => {
    expect(actionFor(press('z', { ctrlKey: true }))).toBe('undo');
    expect(actionFor(press('z', { metaKey: true }))).toBe('undo');
    expect(actionFor(press('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(actionFor(press('z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(actionFor(press('y', { ctrlKey: true }))).toBe('redo');
  });

  it('fits with Shift+1 and resets with Shift+0 whatever the layout puts on those keys', () => {
    expect(actionFor({ ...press('!', { shiftKey: true }), code: 'Digit1' })).toBe('zoom-fit');
    expect(actionFor({ ...press('§', { shiftKey: true }), code: 'Digit1' })).toBe('zoom-fit');
    expect(actionFor({ ...press(')', { shiftKey: true }), code: 'Digit0' })).toBe('zoom-reset');
    expect(actionFor({ ...press('1'), code: 'Digit1' })).toBeNull();
  });

  it('opens the board history with Ctrl+Alt+H or Cmd+Option+H, whatever character Alt makes', () => {
    expect(actionFor(press('h', { ctrlKey: true, altKey: true }))).toBe('history');
    expect(actionFor({ ...press('˙', { metaKey: true, altKey: true }), code: 'KeyH' })).toBe(
      'history',
    );
    expect(actionFor(press('h', { altKey: true }))).toBeNull();
    expect(keyLabel('Mod+Alt+H', true)).toBe('⌘⌥H');
  });

  it("leaves the browser's own shortcuts alone", () => {
    expect(actionFor(press('p', { ctrlKey: true }))).toBeNull(); // print
    expect(actionFor(press('r', { ctrlKey: true }))).toBeNull(); // reload
    expect(actionFor(press('e', { altKey: true }))).toBeNull();
    expect(actionFor(press('z'))).toBeNull();
    expect(actionFor(press('x'))).toBeNull();
  });

  it('leaves copy, cut and paste to the browser, whose clipboard events carry them', () => {
    for (const key of ['c', 'x', 'v']) expect(actionFor(press(key, { ctrlKey: true }))).toBeNull();
  });
});

describe('keyLabel', () => {
  it('shows Mod as Ctrl, or as ⌘ on a Mac', () => {
    expect(keyLabel('Mod+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(keyLabel('Mod+Shift+Z', true)).toBe('⌘⇧Z');
  });

  it('joins alternatives for a tooltip', () => {
    expect(keyHint({ keys: ['P', 'D'] }, false)).toBe('P or D');
    expect(keyHint({ keys: ['Mod+Shift+Z', 'Ctrl+Y'] }, true)).toBe('⌘⇧Z or Ctrl+Y');
  });
});

describe('isTypingTarget', () => {
  it('is true in text fields and editable content', () => {
    expect(isTypingTarget(el({ tagName: 'INPUT', type: 'text' }))).toBe(true);
    expect(isTypingTarget(el({ tagName: 'INPUT', type: 'search' }))).toBe(true);
    expect(isTypingTarget(el({ tagName: 'TEXTAREA' }))).toBe(true);
    expect(isTypingTarget(el({ tagName: 'DIV', isContentEditable: true }))).toBe(true);
  });

  it('is false on buttons, checkboxes, the canvas and nothing', () => {
    expect(isTypingTarget(el({ tagName: 'BUTTON' }))).toBe(false);
    expect(isTypingTarget(el({ tagName: 'INPUT', type: 'radio' }))).toBe(false);
    expect(isTypingTarget(el({ tagName: 'CANVAS', isContentEditable: false }))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

/** A stand-in element: isTypingTarget reads only these properties. */
function el(properties: { tagName: string; type?: string; isContentEditable?: boolean }) {
  return properties as unknown as EventTarget;
}
