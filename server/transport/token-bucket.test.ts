import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

/** Takes until refused, at one instant; returns how many were granted (capped to catch a bucket that never empties). */
function drain(bucket: TokenBucket, now: number, cap = 100_000): number {
  let granted = 0;
  while (granted < cap && bucket.take(now)) granted++;
  return granted;
}

describe('TokenBucket', () => {
  it('starts full: grants exactly the burst at once, then refuses', () => {
    const bucket = new TokenBucket(50, 100, 0);
    expect(drain(bucket, 0)).toBe(100);
    expect(bucket.take(0)).toBe(false);
  });

  it('refills at the sustained rate', () => {
    const bucket = new TokenBucket(50, 100, 0);
    drain(bucket, 0);
    expect(bucket.take(19)).toBe(false); // 0.95 of a token
    expect(bucket.take(20)).toBe(true); // one token per 20 ms at 50/s
    expect(bucket.take(20)).toBe(false);
    expect(drain(bucket, 1020)).toBe(50); // one second later: 50 more
  });

  it('keeps fractions of a token between takes', () => {
    const bucket = new TokenBucket(1000, 1, 0);
    expect(bucket.take(0)).toBe(true);
    expect(bucket.take(0.5)).toBe(false);
    expect(bucket.take(1)).toBe(true);
  });

  it('never saves up more than the burst, however long it idles', () => {
    const bucket = new TokenBucket(50, 100, 0);
    drain(bucket, 0);
    expect(drain(bucket, 3_600_000)).toBe(100);
  });

  it('sustains exactly the rate against a sender that never stops', () => {
    const bucket = new TokenBucket(50, 100, 0);
    let granted = 0;
    // One attempt per millisecond for ten seconds.
    for (let now = 0; now < 10_000; now++) if (bucket.take(now)) granted++;
    expect(granted).toBe(100 + 10_000 / 20 - 1);
  });

  it('grants nothing for a clock that runs backwards', () => {
    const bucket = new TokenBucket(50, 100, 1000);
    drain(bucket, 1000);
    expect(bucket.take(0)).toBe(false);
    // And the step back is not counted as a long wait later.
    expect(bucket.take(19)).toBe(false);
    expect(bucket.take(20)).toBe(true);
  });

  it('lets a client at a normal drawing pace through forever', () => {
    const bucket = new TokenBucket(50, 100, 0);
    // 30 messages a second for a minute.
    for (let i = 0; i < 1800; i++) expect(bucket.take(i * (1000 / 30))).toBe(true);
  });

  describe("with a cost per take, as the byte bucket spends a frame's size", () => {
    it('grants a take that fits and refuses one that does not, spending nothing', () => {
      const bucket = new TokenBucket(1024, 4096, 0);
      expect(bucket.take(0, 3000)).toBe(true);
      expect(bucket.take(0, 2000)).toBe(false);
      // The refused take spent nothing: what is left still covers a smaller one.
      expect(bucket.take(0, 1096)).toBe(true);
      expect(bucket.take(0, 1)).toBe(false);
    });

    it('lets a cost up to the burst through a rested bucket, and never more', () => {
      const bucket = new TokenBucket(1024, 4096, 0);
      expect(bucket.take(0, 4097)).toBe(false);
      expect(bucket.take(0, 4096)).toBe(true);
      expect(bucket.take(3_600_000, 4097)).toBe(false);
    });

    it('refills bytes at the sustained rate', () => {
      const bucket = new TokenBucket(1024, 4096, 0);
      expect(bucket.take(0, 4096)).toBe(true);
      expect(bucket.take(999, 1024)).toBe(false);
      expect(bucket.take(1000, 1024)).toBe(true);
    });

    it('treats a zero cost as always affordable', () => {
      const bucket = new TokenBucket(1, 1, 0);
      expect(bucket.take(0)).toBe(true);
      expect(bucket.take(0, 0)).toBe(true);
    });
  });
});
