/**
 * Pressure for pointers that have none (mouse, most touch screens), from how fast the pointer
 * moves: a quick flick thins the line and a slow careful line thickens it, as ink does.
 * Computed once while drawing and stored, so every peer renders the same stroke.
 *
 * Based on speed (CSS px per ms) and time, not on samples, so the result does not depend on how
 * many events a browser coalesces.
 */
export const RESTING_PRESSURE = 0.5;
/** Pressure when the hand barely moves: 1.15× the chosen width with thinning 0.5. */
const SLOW_PRESSURE = 0.65;
/** Pressure at FAST_SPEED and beyond: 0.8× the chosen width. */
const FAST_PRESSURE = 0.3;
/** 2 px/ms = 2000 px/s, a quick flick across the screen. */
const FAST_SPEED = 2;
/** How quickly pressure follows speed: about 63 % of the way in this many ms. */
const RESPONSE_MS = 40;

export interface TimedSample {
  readonly x: number;
  readonly y: number;
  /** ms, e.g. PointerEvent.timeStamp. */
  readonly time: number;
}

export function simulatedPressure(previous: number, from: TimedSample, to: TimedSample): number {
  const elapsed = to.time - from.time;
  if (!(elapsed > 0)) return previous;
  const speed = Math.hypot(to.x - from.x, to.y - from.y) / elapsed;
  const target = SLOW_PRESSURE - (SLOW_PRESSURE - FAST_PRESSURE) * Math.min(1, speed / FAST_SPEED);
  const follow = 1 - Math.exp(-elapsed / RESPONSE_MS);
  return previous + (target - previous) * follow;
}

/**
 * What a pointer's own pressure is worth: pens report it, mice report a flat 0.5 while a button
 * is down, and touch screens a flat 0 or 1. Pens that report 0 in contact are treated as mice.
 */
export function hasRealPressure(pointerType: string, pressure: number): boolean {
  return pointerType === 'pen' && pressure > 0;
}
