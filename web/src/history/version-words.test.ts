import { describe, expect, it } from 'vitest';
import { elementsLabel, relativeTime, versionTitle } from './version-words.ts';

describe('a version in words', () => {
  it('says why it was kept', () => {
    expect(versionTitle({ reason: 'idle', name: null })).toBe('Auto-saved');
    expect(versionTitle({ reason: 'before-mass-delete', name: null })).toBe('Before a big delete');
    expect(versionTitle({ reason: 'named', name: 'Sprint plan' })).toBe('Sprint plan');
    expect(versionTitle({ reason: 'named', name: '  ' })).toBe('Named version');
  });

  it('counts elements', () => {
    expect(elementsLabel(0)).toBe('0 elements');
    expect(elementsLabel(1)).toBe('1 element');
    expect(elementsLabel(10_000)).toBe('10,000 elements');
  });

  it('tells when, relative to now', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const ago = (ms: number) => relativeTime(new Date(now.getTime() - ms), now);
    expect(ago(10_000)).toBe('just now');
    // A clock a little ahead of the server's: still just now, never "in 5 seconds".
    expect(ago(-5_000)).toBe('just now');
    expect(ago(60_000)).toBe('1 minute ago');
    expect(ago(59 * 60_000)).toBe('59 minutes ago');
    expect(ago(2 * 3_600_000 + 59 * 60_000)).toBe('2 hours ago');
    expect(ago(24 * 3_600_000)).toBe('yesterday');
    expect(ago(6 * 24 * 3_600_000)).toBe('6 days ago');
    expect(ago(30 * 24 * 3_600_000)).toBe('Nov 2, 2026');
  });
});
