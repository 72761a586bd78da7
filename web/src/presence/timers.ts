/**
 * The clock and timers presence runs on, behind an interface so tests can drive time
 * explicitly (see test-support/manual-clock.ts) instead of sleeping or faking globals.
 */
export interface Timers {
  /** Milliseconds on a monotonic clock; only differences are meaningful. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Opaque: whatever `setTimeout` returned. */
export type TimerHandle = unknown;

export const browserTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
