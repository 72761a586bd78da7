import { describe, expect, it } from 'vitest';
import { STORAGE_KEY } from './identity-storage.ts';
import { IdentityStore } from './identity.svelte.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('a name and colour assigned by a token', () => {
  it('show instead of the remembered ones, keeping the same user id', () => {
    const storage = memoryStorage();
    const own = new IdentityStore({ storage });
    own.rename('Remembered');
    const assigned = new IdentityStore({
      storage,
      assigned: { name: '  Ada   Lovelace ', color: '#1C7ED6' },
    });
    expect(assigned.name).toBe('Ada Lovelace');
    expect(assigned.color).toBe('#1c7ed6');
    expect(assigned.id).toBe(own.id);
    expect(assigned.nameAssigned).toBe(true);
  });

  it('cannot be changed here, and never overwrite the remembered identity', () => {
    const storage = memoryStorage();
    new IdentityStore({ storage }).rename('Remembered');
    const assigned = new IdentityStore({ storage, assigned: { name: 'Ada' } });
    expect(assigned.rename('Mallory')).toBe(false);
    expect(assigned.name).toBe('Ada');
    expect(assigned.recolor('#2f9e44')).toBe(true);
    const saved = JSON.parse(storage.items.get(STORAGE_KEY) ?? '{}') as { name?: string };
    expect(saved.name).toBe('Remembered');
    expect(new IdentityStore({ storage }).name).toBe('Remembered');
  });

  it('are ignored when invalid', () => {
    const assigned = new IdentityStore({
      storage: memoryStorage(),
      assigned: { name: '   ', color: 'red' },
    });
    expect(assigned.nameAssigned).toBe(false);
    expect(assigned.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(assigned.rename('Own name')).toBe(true);
  });
});
