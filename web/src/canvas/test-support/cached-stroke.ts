import type { CachedStroke } from '../stroke-cache.ts';

/**
 * A finished stroke as the cache holds it before the renderer has built any path for it: `fields`
 * over a black stroke 4 units wide with no points. One place to build them, so a field added to
 * CachedStroke is added to every test's fixture at once.
 */
export function cachedStroke(
  fields: Pick<CachedStroke, 'id' | 'z' | 'bounds'> & Partial<CachedStroke>,
): CachedStroke {
  return {
    color: '#000',
    width: 4,
    author: 'a',
    done: true,
    createdAt: 0,
    points: new Float32Array(),
    path: null,
    hairline: null,
    shifted: null,
    shape: null,
    ink: null,
    ...fields,
  };
}
