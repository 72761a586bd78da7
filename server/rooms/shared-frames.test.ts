import { describe, expect, it } from 'vitest';
import { SharedFrames, type Framing } from './shared-frames.ts';

const counting = (): { framing: Framing; calls: () => number } => {
  let calls = 0;
  return {
    framing: (messages) => {
      calls++;
      return Uint8Array.from(messages.flatMap((message) => [message.byteLength, ...message]));
    },
    calls: () => calls,
  };
};

describe('SharedFrames', () => {
  it('is framed once however many peers write it', () => {
    const frames = SharedFrames.syncAll([Uint8Array.of(0, 2, 1), Uint8Array.of(0, 2, 2)]);
    const { framing, calls } = counting();
    const first = frames.wire(framing);
    for (let peer = 0; peer < 1000; peer++) expect(frames.wire(framing)).toBe(first);
    expect(calls()).toBe(1);
    expect([...first]).toEqual([3, 0, 2, 1, 3, 0, 2, 2]);
  });

  it('counts the bytes of its messages before framing', () => {
    expect(SharedFrames.awareness([Uint8Array.of(1, 1), Uint8Array.of(1, 2, 3)]).byteLength).toBe(
      5,
    );
    expect(SharedFrames.sync(Uint8Array.of(0, 0, 0)).kind).toBe('sync');
  });

  it('refuses a second framing, whose bytes the cache would otherwise give out as its own', () => {
    const frames = SharedFrames.sync(Uint8Array.of(0, 2, 0));
    frames.wire(counting().framing);
    expect(() => frames.wire(counting().framing)).toThrow(/another transport/);
  });
});
