/**
 * How a version is told in the history panel: why it was kept, in words, and when, relative to
 * now ("5 minutes ago") with the exact time for a tooltip.
 */
import { describeApiProblem, type ApiProblem } from '../http/api-problem.ts';
import { unreachable } from '../unreachable.ts';
import type { VersionEntry } from './version-responses.ts';

export function versionTitle(version: Pick<VersionEntry, 'reason' | 'name'>): string {
  switch (version.reason) {
    case 'idle':
      return 'Auto-saved';
    case 'before-mass-delete':
      return 'Before a big delete';
    case 'named':
      return version.name === null || version.name.trim() === '' ? 'Named version' : version.name;
    default:
      return unreachable('version reason', version.reason);
  }
}

export function elementsLabel(elements: number): string {
  return elements === 1 ? '1 element' : `${elements.toLocaleString('en')} elements`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * "just now" under a minute (and for a clock a little ahead of the server's), then minutes,
 * hours and days; past a week the date itself, which says more than "23 days ago".
 */
export function relativeTime(at: Date, now: Date): string {
  const ago = now.getTime() - at.getTime();
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return relative.format(-Math.floor(ago / MINUTE), 'minute');
  if (ago < DAY) return relative.format(-Math.floor(ago / HOUR), 'hour');
  if (ago < 7 * DAY) return relative.format(-Math.floor(ago / DAY), 'day');
  return at.toLocaleDateString('en', { day: 'numeric', month: 'short', year: 'numeric' });
}

/** The exact time, for a tooltip and the preview banner. */
export function absoluteTime(at: Date): string {
  return at.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

/** What went wrong, as the history panel tells it. */
export function describeHistoryProblem(problem: ApiProblem): string {
  return describeApiProblem(problem, {
    needsEditAccess: 'You need edit access to this board to see or restore its history.',
    offline: OFFLINE_WORDS,
  });
}

export const OFFLINE_WORDS =
  'History needs the server. You are offline; your drawing is kept on this device meanwhile.';
