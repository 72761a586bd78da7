/**
 * The clock and timers the app runs on, behind one interface so that tests drive time
 * explicitly (test-support/manual-clock.ts) instead of sleeping or faking globals.
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
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
