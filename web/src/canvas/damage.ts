/**
 * What to paint after the document changed, when the picture shows the board as it was: pure,
 * so it is tested without a canvas.
 */
import { boundsIntersect, type Bounds } from '../model/geometry.ts';
import { compareStacking } from '../model/strokes.ts';
import type { CachedStroke } from './stroke-cache.ts';

export interface DamagePlan {
  /** Strokes above everything they overlap: drawn over the picture, in this order. */
  readonly overlays: readonly CachedStroke[];
  /** World boxes to clear and repaint with everything in them. */
  readonly regions: readonly Bounds[];
}

/**
 * How to bring a picture up to date after finished strokes `appeared` and others left `vacated`
 * boxes. A stroke drawn on top of the board, the usual case, is simply drawn over the picture;
 * one that something already painted overlaps (an undone erase puts a stroke back below others)
 * has its box repainted, as has every vacated box. A stroke drawn over the picture must not
 * also be inside a repainted box, or it would be drawn twice there, darkening its edges.
 */
export function planDamage(
  appeared: readonly CachedStroke[],
  vacated: readonly Bounds[],
  ordered: readonly CachedStroke[],
): DamagePlan {
  const regions = [...vacated];
  const fresh = new Set(appeared);
  let overlays: CachedStroke[] = [];
  for (const stroke of appeared) {
    if (!stroke.bounds) continue;
    if (isOnTop(stroke, ordered, fresh)) overlays.push(stroke);
    else regions.push(stroke.bounds);
  }
  for (let changed = true; changed;) {
    changed = false;
    overlays = overlays.filter((stroke) => {
      if (!regions.some((region) => boundsIntersect(region, stroke.bounds!))) return true;
      regions.push(stroke.bounds!);
      changed = true;
      return false;
    });
  }
  return { overlays: overlays.sort(compareStacking), regions };
}

/** No finished stroke already painted stacks above `stroke` and overlaps it. */
function isOnTop(
  stroke: CachedStroke,
  ordered: readonly CachedStroke[],
  fresh: ReadonlySet<CachedStroke>,
): boolean {
  // New strokes go on top, so this usually stops at once.
  for (let i = ordered.length - 1; i >= 0; i--) {
    const other = ordered[i];
    if (other === stroke) return true;
    if (!other || !other.done || !other.bounds || fresh.has(other)) continue;
    if (boundsIntersect(other.bounds, stroke.bounds!)) return false;
  }
  return false;
}
