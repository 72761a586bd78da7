import type { Point } from '../points-codec.ts';
import { randomBetween } from './seeded-random.ts';

export interface PenTraceOptions {
  readonly start?: { readonly x: number; readonly y: number };
  /** Pointer events per second; browsers deliver 60–240 with getCoalescedEvents. */
  readonly sampleRate?: number;
  /** Hand speed in world units per second at zoom 1 (= CSS px/s): handwriting is 150–900. */
  readonly minSpeed?: number;
  readonly maxSpeed?: number;
}

/**
 * A synthetic but realistic pen trace: the hand speeds up and slows down, the heading turns
 * smoothly with changing curvature, and pressure ramps up from the touch then wanders.
 */
export function penTrace(random: () => number, count: number, options: PenTraceOptions = {}) {
  const { sampleRate = 120, minSpeed = 150, maxSpeed = 900 } = options;
  let { x, y } = options.start ?? { x: 1234.5, y: -567.25 };
  let heading = randomBetween(random, 0, 2 * Math.PI);
  let turnRate = 0;
  let speed = randomBetween(random, minSpeed, maxSpeed);
  let pressure = 0.2;
  const targetPressure = randomBetween(random, 0.45, 0.75);
  const points: Point[] = [];
  for (let i = 0; i < count; i++) {
    points.push({ x, y, p: pressure });
    turnRate = clamp(turnRate + randomBetween(random, -0.6, 0.6), -6, 6); // radians per second
    heading += turnRate / sampleRate;
    speed = clamp(speed + randomBetween(random, -40, 40), minSpeed, maxSpeed);
    x += (Math.cos(heading) * speed) / sampleRate;
    y += (Math.sin(heading) * speed) / sampleRate;
    pressure = clamp(
      pressure + (targetPressure - pressure) * 0.1 + randomBetween(random, -0.01, 0.01),
      0,
      1,
    );
  }
  return points;
}

const clamp = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, v));
