/**
 * Smoothing a remote cursor between the positions its owner publishes (~30 a second, see
 * presence.svelte.ts) so it glides at the display's frame rate instead of stepping.
 *
 * Exponential smoothing: each frame covers the fraction 1 - e^(-dt/τ) of the remaining gap.
 * That is frame-rate independent (two 8 ms frames land where one 16 ms frame does), never
 * overshoots, and with τ = 40 ms trails a steady stream of updates by about τ, a little over one
 * update interval: smooth without feeling laggy.
 */
import type { Vec } from '../model/geometry.ts';

export interface Smoothing {
  /** τ: the gap shrinks by e (≈ 2.7×) every this many milliseconds. */
  readonly timeConstantMs: number;
  /** Closer than this (in the caller's units) counts as arrived, so animation can stop. */
  readonly settleDistance: number;
  /** Farther than this, jump: gliding across the whole screen reads as a glitch, not motion. */
  readonly snapDistance: number;
  /** Longest step taken at once, so the first frame after a pause starts gently. */
  readonly maxStepMs: number;
}

export const CURSOR_SMOOTHING: Smoothing = {
  timeConstantMs: 40,
  settleDistance: 0.25,
  snapDistance: 800,
  maxStepMs: 50,
};

/** Where a cursor at `current` should be `dtMs` later on its way to `target`. */
export function approach(current: Vec, target: Vec, dtMs: number, smoothing: Smoothing): Vec {
  const dx = target.x - current.x;
  const dy = target.y - current.y;
  const distance = Math.hypot(dx, dy);
  if (!(distance > smoothing.settleDistance) || distance > smoothing.snapDistance) return target;
  const dt = Math.min(Math.max(0, dtMs), smoothing.maxStepMs);
  const moved = 1 - Math.exp(-dt / smoothing.timeConstantMs);
  const next = { x: current.x + dx * moved, y: current.y + dy * moved };
  return Math.hypot(target.x - next.x, target.y - next.y) <= smoothing.settleDistance
    ? target
    : next;
}

export function isSettled(current: Vec, target: Vec): boolean {
  return current.x === target.x && current.y === target.y;
}

/** The same smoothing with distances in world units, for a board shown at `zoom` px per unit. */
export function inWorldUnits(smoothing: Smoothing, zoom: number): Smoothing {
  return {
    ...smoothing,
    settleDistance: smoothing.settleDistance / zoom,
    snapDistance: smoothing.snapDistance / zoom,
  };
}
