import { describe, expect, it } from 'vitest';
import { ICONS } from '../ui/icons.ts';
import { actionFor, type KeyPress } from './shortcuts.ts';
import {
  COMMANDS,
  COMMAND_TABLE,
  TOOLS,
  TOOL_TABLE,
  activeShortcuts,
  isToolAction,
  readyTools,
  toolOf,
} from './tool-table.ts';

describe('the tool table', () => {
  it('has exactly one entry per tool and per command, each with keys to show', () => {
    expect(TOOL_TABLE.map(({ tool }) => tool).sort()).toEqual([...TOOLS].sort());
    expect(COMMAND_TABLE.map(({ action }) => action).sort()).toEqual([...COMMANDS].sort());
    for (const entry of [...TOOL_TABLE, ...COMMAND_TABLE]) {
      expect(entry.keys.length, entry.label).toBeGreaterThan(0);
      expect(entry.bindings.length, entry.label).toBeGreaterThan(0);
    }
  });

  it('gives every tool an icon that exists and the issue’s letter', () => {
    const letters = Object.fromEntries(TOOL_TABLE.map((entry) => [entry.tool, entry.keys]));
    expect(letters).toEqual({
      select: ['V'],
      pen: ['P', 'D'],
      eraser: ['E'],
      hand: ['H'],
      rect: ['R'],
      ellipse: ['O'],
      line: ['L'],
      arrow: ['A'],
      text: ['T'],
      note: ['N'],
    });
    for (const entry of TOOL_TABLE) expect(ICONS[entry.icon], entry.tool).toBeDefined();
  });

  it('binds no key press to two shortcuts', () => {
    const seen = new Map<string, string>();
    for (const entry of [...TOOL_TABLE, ...COMMAND_TABLE]) {
      for (const binding of entry.bindings) {
        for (const shift of binding.shift === undefined ? [false, true] : [binding.shift]) {
          const id = `${binding.key ?? ''}|${binding.code ?? ''}|${binding.mod}|${shift}`;
          expect(seen.get(id), `${entry.action} and ${seen.get(id)}`).toBeUndefined();
          seen.set(id, entry.action);
        }
      }
    }
  });

  it('answers each ready tool’s letter with that tool, and no unbuilt tool’s', () => {
    for (const entry of TOOL_TABLE) {
      const action = actionFor(press(entry.bindings[0]?.key ?? ''));
      expect(action, entry.tool).toBe(entry.ready ? entry.action : null);
      if (action !== null && isToolAction(action)) expect(toolOf(action)).toBe(entry.tool);
    }
  });

  it('offers only the hand on a view-only board', () => {
    expect(readyTools(false).map(({ tool }) => tool)).toEqual(['hand']);
    expect(readyTools(true).map(({ tool }) => tool)).toContain('pen');
  });

  it('lists in the help only what works', () => {
    const listed = new Set(activeShortcuts().map(({ action }) => action));
    for (const entry of TOOL_TABLE) expect(listed.has(entry.action)).toBe(entry.ready);
    expect(listed.has('undo')).toBe(true);
  });
});

function press(key: string): KeyPress {
  return { key, code: '', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false };
}
