import { describe, expect, it } from 'vitest';
import { readSavedVersion, readVersion, readVersionList } from './version-responses.ts';

const entry = (fields: Record<string, unknown> = {}) => ({
  id: '000000002a',
  at: 1_764_649_200_000,
  reason: 'idle',
  name: null,
  elements: 1000,
  bytes: 181_234,
  ...fields,
});

describe('reading the version list', () => {
  it('reads the contract’s version object', () => {
    expect(readVersion(entry())).toEqual({
      id: '000000002a',
      at: new Date(1_764_649_200_000),
      reason: 'idle',
      name: null,
      elements: 1000,
      bytes: 181_234,
    });
    expect(readVersion({ ...entry(), bytes: undefined })?.bytes).toBeNull();
    expect(readVersion(entry({ reason: 'named', name: 'Sprint plan' }))?.name).toBe('Sprint plan');
  });

  it('skips and counts malformed entries, keeping the rest newest first', () => {
    const list = readVersionList([
      entry({ id: '0000000001', at: 1000 }),
      entry({ id: '../../links' }),
      entry({ id: '0000000003', at: 3000 }),
      entry({ reason: 'because' }),
      entry({ at: '2026-12-02T04:00:00Z' }),
      entry({ elements: -1 }),
      entry({ elements: 1.5 }),
      entry({ name: { html: '<b>' } }),
      entry({ name: '' }),
      entry({ bytes: '1 MB' }),
      null,
      'version',
      [entry()],
      entry({ id: '0000000002', at: 2000 }),
    ]);
    expect(list?.versions.map((version) => version.id)).toEqual([
      '0000000003',
      '0000000002',
      '0000000001',
    ]);
    expect(list?.skipped).toBe(11);
  });

  it('breaks ties of one millisecond by id, which sorts in saving order', () => {
    const list = readVersionList([entry({ id: '0000000001' }), entry({ id: '0000000002' })]);
    expect(list?.versions.map((version) => version.id)).toEqual(['0000000002', '0000000001']);
  });

  it('cuts an over-long name rather than showing all of it', () => {
    expect(readVersion(entry({ reason: 'named', name: 'x'.repeat(10_000) }))?.name).toHaveLength(
      100,
    );
  });

  it('reads no list from an answer that is not one', () => {
    for (const body of [null, {}, { versions: [] }, '<html>502</html>', 42]) {
      expect(readVersionList(body)).toBeNull();
    }
    expect(readVersionList([])).toEqual({ versions: [], skipped: 0 });
  });

  it('reads a saved version, or null for an unreadable answer', () => {
    expect(readSavedVersion(entry({ reason: 'named', name: 'v1' }))?.reason).toBe('named');
    expect(readSavedVersion({ ok: true })).toBeNull();
  });
});
