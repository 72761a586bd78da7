import type { VersionInfo } from './version.ts';

/**
 * How long automatic versions are kept (VERSION_KEEP_ALL_HOURS, VERSION_KEEP_HOURLY_DAYS):
 * every one for `keepAllMs`, then the newest of each clock hour until `hourlyForMs`, then the
 * newest of each UTC day, for good. Named versions are kept until deleted, whatever their age.
 */
export interface RetentionPolicy {
  readonly keepAllMs: number;
  readonly hourlyForMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEFAULT_RETENTION: RetentionPolicy = { keepAllMs: DAY, hourlyForMs: 30 * DAY };

/**
 * The versions `policy` no longer keeps at `now`. The newest version is always kept (the next
 * diff is taken against it), and so is every named one. Pure, so a test moves the clock.
 */
export function versionsToThin(
  versions: readonly Pick<VersionInfo, 'id' | 'at' | 'reason'>[],
  now: number,
  policy: RetentionPolicy,
): Set<string> {
  const thin = new Set<string>();
  const kept = new Set<string>();
  const newestFirst = [...versions].sort((a, b) => (a.id < b.id ? 1 : -1));
  newestFirst.forEach((version, index) => {
    const age = now - version.at;
    if (version.reason === 'named' || age < policy.keepAllMs) return;
    const bucket =
      age < policy.hourlyForMs
        ? `h${Math.floor(version.at / HOUR)}`
        : `d${Math.floor(version.at / DAY)}`;
    if (index > 0 && kept.has(bucket)) thin.add(version.id);
    else kept.add(bucket);
  });
  return thin;
}
