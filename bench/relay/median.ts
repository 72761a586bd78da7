/** Summaries of repeated benchmark runs: pure, so tested directly. */

/** Field by field, the median of several results of one shape; a flag holds if it held in all. */
export function medianOf<T>(results: readonly T[]): T {
  const first = results[0];
  if (typeof first === 'number') {
    const sorted = (results as readonly number[]).slice().sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    const median =
      sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    return median as T;
  }
  if (typeof first === 'boolean') return (results as readonly boolean[]).every(Boolean) as T;
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    const merged: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      merged[key] = medianOf(results.map((result) => (result as Record<string, unknown>)[key]));
    }
    return merged as T;
  }
  return first as T;
}
