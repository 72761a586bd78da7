import { describe, expect, it } from 'vitest';
import { describeSave, saveStateOf, shownPending, type SaveInputs } from './save-state.ts';

const base: SaveInputs = {
  status: 'synced',
  refused: false,
  confirmed: true,
  pending: 0,
  unsettled: false,
};

describe('save state', () => {
  it('is saved only when synced, confirmed on this connection, with nothing pending or unsettled', () => {
    expect(saveStateOf(base)).toBe('saved');
    expect(saveStateOf({ ...base, confirmed: false })).toBe('syncing');
    expect(saveStateOf({ ...base, pending: 1 })).toBe('syncing');
    expect(saveStateOf({ ...base, unsettled: true })).toBe('syncing');
    expect(saveStateOf({ ...base, status: 'connected' })).toBe('syncing');
    expect(saveStateOf({ ...base, status: 'connecting' })).toBe('syncing');
  });

  it('is offline whenever the connection is, with or without pending changes', () => {
    expect(saveStateOf({ ...base, status: 'offline' })).toBe('offline');
    expect(saveStateOf({ ...base, status: 'offline', pending: 4, confirmed: false })).toBe(
      'offline',
    );
  });

  it('shows a change too new to be counted as one', () => {
    expect(shownPending({ pending: 0, unsettled: true })).toBe(1);
    expect(shownPending({ pending: 3, unsettled: true })).toBe(3);
    expect(shownPending({ pending: 0, unsettled: false })).toBe(0);
  });

  it('words each state for the badge, the phone and the tooltip', () => {
    expect(describeSave('offline', 1).label).toBe('Offline · 1 change kept on this device');
    expect(describeSave('offline', 3).label).toBe('Offline · 3 changes kept on this device');
    expect(describeSave('offline', 3).short).toBe('Offline · 3 unsaved');
    expect(describeSave('offline', 0).label).toBe('Offline · no unsaved changes');
    expect(describeSave('syncing', 2).label).toBe('Syncing 2 changes…');
    expect(describeSave('syncing', 0).label).toBe('Syncing…');
    expect(describeSave('saved', 0).label).toBe('All changes saved');
    expect(describeSave('saved', 0).detail).toMatch(/server has confirmed/);
  });
});

describe('a refused change', () => {
  it('outranks every other state, and says where the changes are', () => {
    for (const status of ['synced', 'offline', 'connecting'] as const) {
      expect(saveStateOf({ ...base, status, refused: true })).toBe('refused');
    }
    expect(describeSave('refused', 2).label).toBe(
      'Not saved · the server refused a change · 2 changes kept on this device',
    );
    expect(describeSave('refused', 0).short).toBe('Not saved');
  });
});
