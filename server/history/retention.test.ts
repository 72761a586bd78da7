import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, versionsToThin } from './retention.ts';
import { versionId, type VersionReason } from './version.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1);

/** A version every `every` ms from T0 until `until`, oldest first. */
function saved(every: number, until: number, reason: VersionReason = 'idle') {
  const versions = [];
  for (let at = T0, n = 1; at <= until; at += every, n++) {
    versions.push({ id: versionId(n), at, reason });
  }
  return versions;
}

/** What a clock moving forward leaves, thinning as it goes, as the relay does after each save. */
function keptAt(versions: { id: string; at: number; reason: VersionReason }[], now: number) {
  const thin = versionsToThin(versions, now, DEFAULT_RETENTION);
  return versions.filter((version) => !thin.has(version.id));
}

describe('retention of automatic versions', () => {
  it('keeps every version of the last 24 hours', () => {
    const versions = saved(5 * 60_000, T0 + 23 * HOUR);
    expect(keptAt(versions, T0 + 23 * HOUR + 1)).toHaveLength(versions.length);
  });

  it('keeps one an hour after a day, one a day after 30 days, and the newest always', () => {
    // A version every 5 minutes for 40 days, looked at 40 days in.
    const now = T0 + 40 * DAY;
    const kept = keptAt(saved(5 * 60_000, now), now);
    const ages = kept.map((version) => now - version.at);
    const lastDay = ages.filter((age) => age < DAY).length;
    const hourly = ages.filter((age) => age >= DAY && age < 30 * DAY).length;
    const daily = ages.filter((age) => age >= 30 * DAY).length;
    expect(lastDay).toBe(288); // 24 h of 5-minute versions
    expect(hourly).toBeGreaterThanOrEqual(29 * 24 - 1);
    expect(hourly).toBeLessThanOrEqual(29 * 24 + 1);
    expect(daily).toBeGreaterThanOrEqual(10);
    expect(daily).toBeLessThanOrEqual(11);
    expect(kept.at(-1)!.at).toBe(now);
  });

  it('thins the same whether the clock jumps or walks there', () => {
    const versions = saved(10 * 60_000, T0 + 3 * DAY);
    let walked = versions;
    for (let now = T0 + 3 * DAY; now <= T0 + 35 * DAY; now += 6 * HOUR)
      walked = keptAt(walked, now);
    expect(walked).toEqual(keptAt(versions, T0 + 35 * DAY));
  });

  it('keeps named versions whatever their age, and the newest even when old', () => {
    const versions = [
      { id: versionId(1), at: T0, reason: 'named' as const },
      { id: versionId(2), at: T0 + 1, reason: 'idle' as const },
      { id: versionId(3), at: T0 + 2, reason: 'before-mass-delete' as const },
    ];
    const thin = versionsToThin(versions, T0 + 400 * DAY, DEFAULT_RETENTION);
    expect([...thin]).toEqual([versionId(2)]);
  });
});
