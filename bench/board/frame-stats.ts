/** One animation frame in which the app drew: the sum of its requestAnimationFrame callbacks. */
export interface FrameRecord {
  /** The frame's timestamp (the argument every callback of one frame shares). */
  readonly time: number;
  /** The app's drawing calls only. */
  readonly jsMs: number;
  /** Drawing calls plus rasterizing them (forced by a one-pixel readback of every canvas). */
  readonly totalMs: number;
}

export interface FrameStats {
  readonly frames: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  /** Median of the drawing calls alone: how much of a frame is JS rather than rasterizing. */
  readonly jsP50Ms: number;
}

/** Nearest-rank quantile of an ascending list; NaN for an empty one. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

export function summarizeFrames(frames: readonly FrameRecord[]): FrameStats {
  const total = frames.map((f) => f.totalMs).sort((a, b) => a - b);
  const js = frames.map((f) => f.jsMs).sort((a, b) => a - b);
  return {
    frames: frames.length,
    p50Ms: round(quantile(total, 0.5)),
    p95Ms: round(quantile(total, 0.95)),
    maxMs: round(quantile(total, 1)),
    jsP50Ms: round(quantile(js, 0.5)),
  };
}

export const round = (n: number, digits = 2): number => {
  const scale = 10 ** digits;
  return Math.round(n * scale) / scale;
};
