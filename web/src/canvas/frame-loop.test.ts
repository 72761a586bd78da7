import { describe, expect, it } from 'vitest';
import { FrameLoop, type Layer } from './frame-loop.ts';
import { ManualFrames } from './test-support/manual-frames.ts';

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
    expect(frames.requested).toBe(1);
    frames.tick();
    loop.invalidate('live');
    frames.tick();
    expect(drawn).toEqual([['live', 'strokes'], ['live']]);
  });

  it('asks for no frames while nothing changes', () => {
    const { frames, drawn, loop } = setup();
    frames.tick();
    loop.invalidate();
    expect(frames.requested).toBe(0);
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
    expect(frames.requested).toBe(0);
  });

  it('draws nothing after destroy', () => {
    const { frames, drawn, loop } = setup();
    loop.invalidate('strokes');
    loop.destroy();
    frames.tick();
    expect(drawn).toEqual([]);
  });
});
