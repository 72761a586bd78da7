import { describe, expect, it } from 'vitest';
import { FrameLoop, type AnimationFrames, type Layer } from './frame-loop.ts';

class ManualFrames implements AnimationFrames {
  callbacks = new Map<number, () => void>();
  #next = 1;
  request(callback: () => void): number {
    this.callbacks.set(this.#next, callback);
    return this.#next++;
  }
  cancel(handle: number): void {
    this.callbacks.delete(handle);
  }
  /** Runs the callbacks due this frame. */
  tick(): void {
    const due = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of due) callback();
  }
}

function setup() {
  const frames = new ManualFrames();
  const drawn: Layer[][] = [];
  const loop = new FrameLoop((dirty) => drawn.push([...dirty].sort()), frames);
  return { frames, drawn, loop };
}

describe('FrameLoop', () => {
  it('draws once per frame however often something changed, only what changed', () => {
    const { frames, drawn, loop } = setup();
    loop.invalidate('live');
    loop.invalidate('live');
    loop.invalidate('strokes');
    expect(frames.callbacks.size).toBe(1);
    frames.tick();
    loop.invalidate('live');
    frames.tick();
    expect(drawn).toEqual([['live', 'strokes'], ['live']]);
  });

  it('asks for no frames while nothing changes', () => {
    const { frames, drawn, loop } = setup();
    frames.tick();
    loop.invalidate();
    expect(frames.callbacks.size).toBe(0);
    expect(drawn).toEqual([]);
  });

  it('schedules the next frame when a draw asks for one (an animation)', () => {
    const frames = new ManualFrames();
    let remaining = 3;
    const loop: FrameLoop = new FrameLoop(() => {
      if (--remaining > 0) loop.invalidate('live');
    }, frames);
    loop.invalidate('live');
    frames.tick();
    frames.tick();
    frames.tick();
    expect(remaining).toBe(0);
    expect(frames.callbacks.size).toBe(0);
  });

  it('draws nothing after destroy', () => {
    const { frames, drawn, loop } = setup();
    loop.invalidate('strokes');
    loop.destroy();
    frames.tick();
    expect(drawn).toEqual([]);
  });
});
