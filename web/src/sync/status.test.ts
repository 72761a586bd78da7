import { describe, expect, it } from 'vitest';
import { nextStatus, type ConnectionEvent, type ConnectionStatus } from './status.ts';

function replay(events: ConnectionEvent[], from: ConnectionStatus = 'connecting') {
  return events.reduce(nextStatus, from);
}

describe('connection status', () => {
  it('goes connecting → connected → synced on a healthy first connection', () => {
    expect(replay([{ type: 'attempt' }])).toBe('connecting');
    expect(replay([{ type: 'attempt' }, { type: 'open' }])).toBe('connected');
    expect(replay([{ type: 'attempt' }, { type: 'open' }, { type: 'sync', synced: true }])).toBe(
      'synced',
    );
  });

  it('shows offline when the first attempt fails, and stays offline across retries', () => {
    expect(replay([{ type: 'attempt' }, { type: 'close' }])).toBe('offline');
    expect(replay([{ type: 'close' }, { type: 'attempt' }, { type: 'close' }])).toBe('offline');
    expect(replay([{ type: 'attempt' }], 'offline')).toBe('offline');
  });

  it('recovers through connected to synced when the relay comes back', () => {
    const events: ConnectionEvent[] = [
      { type: 'close' },
      { type: 'sync', synced: false },
      { type: 'attempt' },
      { type: 'open' },
      { type: 'sync', synced: true },
    ];
    expect(replay(events, 'synced')).toBe('synced');
    expect(replay(events.slice(0, 3), 'synced')).toBe('offline');
    expect(replay(events.slice(0, 4), 'synced')).toBe('connected');
  });

  it('drops from synced to connected if the provider reports losing sync on an open socket', () => {
    expect(nextStatus('synced', { type: 'sync', synced: false })).toBe('connected');
  });
});
