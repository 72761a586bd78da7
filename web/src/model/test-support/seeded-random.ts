/**
 * mulberry32: a tiny deterministic PRNG, so a failing fuzz case is reproduced from its seed.
 * The one generator of every test and benchmark, server side included: it is plain TypeScript
 * with no DOM or Node, so the web app's type configuration accepts it and the server's tests
 * import it from here, as they import the document model.
 */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [0, below). */
export const randomInt = (random: () => number, below: number): number =>
  Math.floor(random() * below);

/** A uniformly random number in [min, max). */
export const randomBetween = (random: () => number, min: number, max: number): number =>
  min + random() * (max - min);

export function randomBytes(random: () => number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = randomInt(random, 256);
  return bytes;
}
