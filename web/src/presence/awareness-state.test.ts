import { describe, expect, it } from 'vitest';
import { MAX_SHARED_SELECTION_IDS, readPresenceState } from './awareness-state.ts';

const valid = {
  user: { id: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'Brave Otter', color: '#1c7ed6' },
  cursor: { x: 12.5, y: -40 },
  activity: 'active',
};

function withField(path: string, value: unknown): unknown {
  const copy = structuredClone(valid) as Record<string, unknown>;
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail === undefined) copy[head] = value;
  else (copy[head] as Record<string, unknown>)[tail] = value;
  return copy;
}

describe('readPresenceState', () => {
  it('reads a well-formed state', () => {
    expect(readPresenceState(valid)).toEqual({ ok: true, value: valid });
  });

  it('reads a state with the pointer off the board and a tool', () => {
    const state = { ...valid, cursor: null, activity: 'idle', tool: 'pen' };
    expect(readPresenceState(state)).toEqual({ ok: true, value: state });
  });

  it('tolerates fields it does not know, from newer clients, and leaves them out', () => {
    const read = readPresenceState({ ...valid, laser: ['a', 'b'] });
    expect(read).toEqual({ ok: true, value: valid });
  });

  it('reads a selection of a few ids and its frame, and refuses one too long or malformed', () => {
    const frame = { minX: 0, minY: 0, maxX: 10, maxY: 20 };
    const selection = { ids: ['a', 'b'], frame };
    expect(readPresenceState({ ...valid, selection })).toEqual({
      ok: true,
      value: { ...valid, selection },
    });
    const many = Array.from({ length: MAX_SHARED_SELECTION_IDS + 1 }, (_, i) => `id${i}`);
    const long = Array.from({ length: 20 }, () => 'x'.repeat(120));
    for (const bad of [
      { ids: many, frame },
      { ids: long, frame },
      { ids: [''], frame },
      { ids: ['a', 7], frame },
      { ids: ['a'], frame: { ...frame, minX: 11 } },
      { ids: ['a'], frame: { ...frame, maxY: Number.NaN } },
      { ids: ['a'] },
      ['a'],
    ]) {
      expect(readPresenceState({ ...valid, selection: bad }).ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'hello'],
    ['an array', [valid]],
    ['the empty state y-websocket starts with', {}],
  ])('ignores %s', (_label, garbage) => {
    expect(readPresenceState(garbage).ok).toBe(false);
  });

  it.each([
    ['user', 'Bob'],
    ['user.id', 42],
    ['user.id', 'short'],
    ['user.id', 'has spaces in it!'],
    ['user.id', 'x'.repeat(129)],
    ['user.name', ''],
    ['user.name', '   '],
    ['user.name', 'x'.repeat(33)],
    ['user.name', ' Padded '],
    ['user.name', 'Line\nbreak'],
    ['user.name', 'Right\u202eto left'],
    ['user.name', { toString: 'x' }],
    ['user.color', 'red'],
    ['user.color', '#12345'],
    ['user.color', 'url(javascript:alert(1))'],
    ['user.color', 'var(--fg)'],
    ['cursor', { x: 1 }],
    ['cursor', { x: '1', y: 2 }],
    ['cursor', { x: NaN, y: 2 }],
    ['cursor', { x: 1, y: Infinity }],
    ['cursor', { x: 1e12, y: 0 }],
    ['cursor', [1, 2]],
    ['cursor', undefined],
    ['activity', 'away'],
    ['activity', undefined],
    ['tool', ''],
    ['tool', 7],
    ['tool', 'x'.repeat(33)],
  ])('ignores a state whose %s is %j', (path, value) => {
    const read = readPresenceState(withField(path, value));
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason).toContain(path.split('.')[0]);
  });

  it('keeps reasons short however large the garbage', () => {
    const read = readPresenceState(withField('user.name', 'x'.repeat(100_000)));
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason.length).toBeLessThan(80);
  });

  it('accepts names of up to 32 characters counted as people count them', () => {
    expect(readPresenceState(withField('user.name', '🦦'.repeat(32))).ok).toBe(true);
    expect(readPresenceState(withField('user.name', 'Zoë Ünal-Łukasz')).ok).toBe(true);
  });
});
