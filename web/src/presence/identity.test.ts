import { describe, expect, it } from 'vitest';
import { contrastRatio, labelColorOn } from './contrast.ts';
import {
  MAX_NAME_LENGTH,
  normalizeName,
  PALETTE,
  randomIdentity,
  randomName,
  reviveIdentity,
} from './identity.ts';
import {
  loadIdentity,
  saveIdentity,
  STORAGE_KEY,
  type IdentityStorage,
} from './identity-storage.ts';
import { seededRandom } from '../model/test-support/seeded-random.ts';

/** Storage over a Map, optionally refusing reads or writes as blocked or full storage does. */
class FakeStorage implements IdentityStorage {
  readonly items = new Map<string, string>();
  failReads = false;
  failWrites = false;

  getItem(key: string): string | null {
    if (this.failReads) throw new DOMException('The operation is insecure.', 'SecurityError');
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    if (this.failWrites) throw new DOMException('Quota exceeded', 'QuotaExceededError');
    this.items.set(key, value);
  }
}

function collectProblems() {
  const problems: string[] = [];
  return { problems, report: (message: string) => problems.push(message) };
}

describe('a visitor identity', () => {
  it('is a friendly two-word name and a palette colour', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 50; i++) {
      const { name, color, id } = randomIdentity(random);
      expect(name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
      expect(PALETTE.map((entry) => entry.value)).toContain(color);
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
  });

  it('varies from visitor to visitor', () => {
    const random = seededRandom(1);
    const names = new Set(Array.from({ length: 40 }, () => randomName(random)));
    expect(names.size).toBeGreaterThan(30);
  });

  it.each(PALETTE)('$label stays readable on the light and the dark board', ({ value }) => {
    expect(contrastRatio(value, '#fbfbfa')).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(value, '#1b1d21')).toBeGreaterThanOrEqual(3);
    // and a name written on it does too
    expect(contrastRatio(value, labelColorOn(value))).toBeGreaterThanOrEqual(4);
  });
});

describe('normalizeName', () => {
  it('trims and collapses spaces', () => {
    expect(normalizeName('  Ada    Lovelace ')).toBe('Ada Lovelace');
  });

  it('drops invisible characters', () => {
    expect(normalizeName('Ada\u200b\u202e Love\nlace')).toBe('Ada Lovelace');
  });

  it('refuses empty and overlong names', () => {
    expect(normalizeName('')).toBeNull();
    expect(normalizeName(' \t ')).toBeNull();
    expect(normalizeName('x'.repeat(MAX_NAME_LENGTH))).toHaveLength(MAX_NAME_LENGTH);
    expect(normalizeName('x'.repeat(MAX_NAME_LENGTH + 1))).toBeNull();
    expect(normalizeName(42)).toBeNull();
  });
});

describe('reviveIdentity', () => {
  const fresh = () => ({ id: 'FRESHFRESHFRESHFRESH00', name: 'Calm Heron', color: '#2f9e44' });

  it('keeps whatever fields are still good', () => {
    const stored = { id: 'KEEPKEEPKEEPKEEPKEEP00', name: 42, color: '#E03131' };
    expect(reviveIdentity(stored, fresh)).toEqual({
      id: 'KEEPKEEPKEEPKEEPKEEP00',
      name: 'Calm Heron',
      color: '#e03131',
    });
  });

  it.each([null, 'text', [1, 2], { id: '../../etc', name: '', color: 'javascript:' }])(
    'starts afresh from %j',
    (stored) => {
      expect(reviveIdentity(stored, fresh)).toEqual(fresh());
    },
  );
});

describe('the stored identity', () => {
  it('is created and saved on the first visit, then the same on the next one', () => {
    const storage = new FakeStorage();
    const { problems, report } = collectProblems();
    const first = loadIdentity(storage, report, seededRandom(3));
    expect(first.persisted).toBe(true);
    expect(JSON.parse(storage.items.get(STORAGE_KEY) ?? 'null')).toEqual(first.identity);

    const second = loadIdentity(storage, report, seededRandom(99));
    expect(second.identity).toEqual(first.identity);
    expect(problems).toEqual([]);
  });

  it('remembers a rename', () => {
    const storage = new FakeStorage();
    const { report } = collectProblems();
    const { identity } = loadIdentity(storage, report);
    expect(saveIdentity(storage, { ...identity, name: 'Grace' }, report)).toBe(true);
    expect(loadIdentity(storage, report).identity).toEqual({ ...identity, name: 'Grace' });
  });

  it('repairs a tampered entry but keeps the user id, so authorship survives', () => {
    const storage = new FakeStorage();
    const { report } = collectProblems();
    const { identity } = loadIdentity(storage, report);
    storage.items.set(
      STORAGE_KEY,
      JSON.stringify({ ...identity, name: '<img src=x>'.repeat(10), color: 'red' }),
    );
    const repaired = loadIdentity(storage, report).identity;
    expect(repaired.id).toBe(identity.id);
    expect(normalizeName(repaired.name)).toBe(repaired.name);
    expect(repaired.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(JSON.parse(storage.items.get(STORAGE_KEY) ?? 'null')).toEqual(repaired);
  });

  it('replaces an entry that is not JSON, and says so', () => {
    const storage = new FakeStorage();
    storage.items.set(STORAGE_KEY, '{not json');
    const { problems, report } = collectProblems();
    const { identity, persisted } = loadIdentity(storage, report);
    expect(persisted).toBe(true);
    expect(JSON.parse(storage.items.get(STORAGE_KEY) ?? 'null')).toEqual(identity);
    expect(problems).toHaveLength(1);
  });

  it('still works for the page when storage refuses, and says so', () => {
    const storage = new FakeStorage();
    storage.failReads = true;
    storage.failWrites = true;
    const { problems, report } = collectProblems();
    const loaded = loadIdentity(storage, report);
    expect(normalizeName(loaded.identity.name)).toBe(loaded.identity.name);
    expect(loaded.persisted).toBe(false);
    expect(problems).toHaveLength(2);
  });

  it('is not persisted without any storage', () => {
    const { report } = collectProblems();
    expect(loadIdentity(null, report).persisted).toBe(false);
  });
});
