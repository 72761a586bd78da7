import { describe, expect, it } from 'vitest';
import type { PresenceState } from './awareness-state.ts';
import { listParticipants, sameParticipants } from './participants.ts';

const state = (name: string, extra: Partial<PresenceState> = {}): PresenceState => ({
  user: { id: `${name.toLowerCase()}-user-id-00000`, name, color: '#1c7ed6' },
  cursor: null,
  activity: 'active',
  ...extra,
});

describe('listParticipants', () => {
  it('shows no peer as you, idle or blank, and tells a copy of your name apart', () => {
    const list = listParticipants(
      { clientId: 5, state: state('Zed') },
      new Map([
        [9, state('Zed (you)')],
        [3, state('Ann idle')],
        [7, state('\u3164')],
      ]),
    );
    expect(list.map(({ name, isSelf }) => [name, isSelf])).toEqual([
      ['Zed', true],
      ['Ann', false],
      ['Unnamed', false],
      ['Zed (2)', false],
    ]);
  });

  it('puts you first, marked as you, then everyone else by name', () => {
    const list = listParticipants(
      { clientId: 5, state: state('Zed') },
      new Map([
        [9, state('bob')],
        [3, state('Alice', { activity: 'idle' })],
        [7, state('Carol', { tool: 'pen' })],
      ]),
    );
    expect(list.map(({ name, isSelf, idle }) => [name, isSelf, idle])).toEqual([
      ['Zed', true, false],
      ['Alice', false, true],
      ['bob', false, false],
      ['Carol', false, false],
    ]);
    expect(list[3]?.tool).toBe('pen');
  });

  it('lists two tabs of one person twice, in a stable order', () => {
    const list = listParticipants(
      { clientId: 1, state: state('Me') },
      new Map([
        [20, state('Twin')],
        [10, state('Twin')],
      ]),
    );
    expect(list.map((entry) => entry.clientId)).toEqual([1, 10, 20]);
  });

  it('never lists this page twice, even if its own state is among the peers', () => {
    const list = listParticipants({ clientId: 1, state: state('Me') }, new Map([[1, state('Me')]]));
    expect(list).toHaveLength(1);
  });
});

describe('sameParticipants', () => {
  it('tells whether a list would look any different', () => {
    const a = listParticipants({ clientId: 1, state: state('Me') }, new Map([[2, state('You')]]));
    const b = listParticipants({ clientId: 1, state: state('Me') }, new Map([[2, state('You')]]));
    const c = listParticipants(
      { clientId: 1, state: state('Me') },
      new Map([[2, state('You', { activity: 'idle' })]]),
    );
    expect(sameParticipants(a, b)).toBe(true);
    expect(sameParticipants(a, c)).toBe(false);
    expect(sameParticipants(a, a.slice(1))).toBe(false);
  });
});
