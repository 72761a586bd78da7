import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { IdentityStore } from './identity.svelte.ts';
import { STORAGE_KEY, type IdentityStorage } from './identity-storage.ts';
import { Presence } from './presence.svelte.ts';
import { SimClient, SimRelay } from '../sync/test-support/sim-relay.ts';
import { ManualClock } from '../timing/test-support/manual-clock.ts';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
});

/** A tab's awareness, with the empty state y-websocket's provider starts with. */
const newAwareness = () => new Awareness(new Y.Doc());

class MemoryStorage implements IdentityStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

function room() {
  const clock = new ManualClock();
  const relay = new SimRelay();
  cleanup.push(() => relay.destroy());
  const open = (name: string, storage = new MemoryStorage()) => {
    const client = new SimClient({ awareness: newAwareness(), delivery: 'at-once' });
    const awareness = client.awareness;
    const identity = new IdentityStore({ storage });
    identity.rename(name);
    const presence = new Presence(awareness, { identity, idleMs: 1000, timers: clock });
    client.connect(relay);
    presence.setConnectionStatus('synced');
    cleanup.push(() => {
      presence.destroy();
      awareness.destroy();
    });
    return { presence, awareness, client, storage };
  };
  return { clock, relay, open };
}

describe('Presence', () => {
  it('lists you first and everyone else after, with the snapshot the test hook shows', () => {
    const { clock, open } = room();
    const alice = open('Alice');
    const bob = open('Bob');
    alice.presence.moveCursor({ x: 10, y: 20 });
    clock.advance(50);

    expect(bob.presence.participants.map(({ name, isSelf }) => [name, isSelf])).toEqual([
      ['Bob', true],
      ['Alice', false],
    ]);
    const snapshot = bob.presence.snapshot();
    expect(snapshot.self).toMatchObject({ name: 'Bob', activity: 'active', cursor: null });
    expect(snapshot.cursors).toEqual([
      {
        clientId: alice.awareness.clientID,
        name: 'Alice',
        color: alice.presence.identity.color,
        x: 10,
        y: 20,
        idle: false,
      },
    ]);
    expect(alice.presence.snapshot().self.cursor).toEqual({ x: 10, y: 20 });
  });

  it('keeps the same participant list object while only cursors move', () => {
    const { clock, open } = room();
    const alice = open('Alice');
    const bob = open('Bob');
    const before = bob.presence.participants;
    alice.presence.moveCursor({ x: 1, y: 1 });
    clock.advance(50);
    alice.presence.moveCursor({ x: 2, y: 1 });
    expect(bob.presence.participants).toBe(before);
  });

  it('publishes and remembers a rename, and refuses an empty one', () => {
    const { open } = room();
    const alice = open('Alice');
    const bob = open('Bob');
    expect(alice.presence.rename('  Ada   Lovelace ')).toBe(true);
    expect(alice.presence.recolor('#099268')).toBe(true);
    expect(bob.presence.participants[1]).toMatchObject({ name: 'Ada Lovelace', color: '#099268' });
    expect(JSON.parse(alice.storage.items.get(STORAGE_KEY) ?? 'null')).toMatchObject({
      name: 'Ada Lovelace',
      color: '#099268',
    });

    expect(alice.presence.rename('   ')).toBe(false);
    expect(alice.presence.recolor('teal')).toBe(false);
    expect(alice.presence.identity.name).toBe('Ada Lovelace');
    expect(bob.presence.participants[1]?.name).toBe('Ada Lovelace');
  });

  it('shows you as idle in your own list too', () => {
    const { clock, open } = room();
    const alice = open('Alice');
    clock.advance(1000);
    expect(alice.presence.activity).toBe('idle');
    expect(alice.presence.participants[0]?.idle).toBe(true);
  });

  it('shows only yourself while offline', () => {
    const { clock, open } = room();
    const alice = open('Alice');
    const bob = open('Bob');
    alice.presence.moveCursor({ x: 1, y: 1 });
    clock.advance(50);
    bob.client.disconnect();
    bob.presence.setConnectionStatus('offline');
    expect(bob.presence.participants.map((entry) => entry.name)).toEqual(['Bob']);
    expect(bob.presence.snapshot().cursors).toEqual([]);
  });

  it('uses the identity stored by an earlier visit', () => {
    const { open } = room();
    const storage = new MemoryStorage();
    const first = open('Grace', storage);
    const id = first.presence.identity.id;
    const again = new IdentityStore({ storage });
    expect(again.id).toBe(id);
    expect(again.name).toBe('Grace');
  });
});
