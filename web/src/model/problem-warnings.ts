/**
 * Malformed content a peer wrote is skipped and reported (model/schema.ts); this turns those
 * reports into console warnings a page can afford whatever the peer sends.
 */
import type { ProblemReporter } from './schema.ts';

/** Problems reported at most, so a board full of malformed strokes costs no more than this. */
export const MAX_REPORTED_PROBLEMS = 100;

/**
 * A reporter that warns once per malformed stroke and reason (a stroke a peer keeps drawing
 * malformed would otherwise warn 30 times a second), and at most `limit` times in all, as the
 * presence reporter does: 100,000 malformed entries cost 4 s of console.warn on every load.
 */
export function warnOncePerProblem(
  warn: (message: string) => void = (message) => console.warn(message),
  limit = MAX_REPORTED_PROBLEMS,
): ProblemReporter {
  const seen = new Set<string>();
  return ({ strokeId, reason }) => {
    const key = `${strokeId}\u0000${reason}`;
    if (seen.has(key) || seen.size > limit) return;
    seen.add(key);
    const more = seen.size > limit ? ' (further problems are not reported)' : '';
    warn(`Skipping part of stroke ${strokeId}: ${reason}${more}`);
  };
}
