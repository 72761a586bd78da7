import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_MS } from './idle.ts';
import { initials } from './initials.ts';
import { presenceSettingsFromUrl } from './settings.ts';

describe('presenceSettingsFromUrl', () => {
  it('uses a minute by default', () => {
    expect(presenceSettingsFromUrl('')).toEqual({ idleMs: DEFAULT_IDLE_MS });
  });

  it('takes ?idleMs in milliseconds, frozen', () => {
    const settings = presenceSettingsFromUrl('?idleMs=2000');
    expect(settings).toEqual({ idleMs: 2000 });
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it.each(['abc', '-5', '1.5', '', '50', '999999999999', '2e3'])(
    'reports ?idleMs=%s and uses the default',
    (value) => {
      const problems: string[] = [];
      const settings = presenceSettingsFromUrl(`?idleMs=${value}`, (message) =>
        problems.push(message),
      );
      expect(settings.idleMs).toBe(DEFAULT_IDLE_MS);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('idleMs');
    },
  );
});

describe('initials', () => {
  it.each([
    ['Brave Otter', 'BO'],
    ['ada', 'A'],
    ['  Jean  Luc  Picard ', 'JL'],
    ['🦦 Otter', '🦦O'],
    ['émile zola', 'ÉZ'],
  ])('%s → %s', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});
