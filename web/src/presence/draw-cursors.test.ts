import { describe, expect, it } from 'vitest';
import { drawCursors, IDLE_OPACITY } from './draw-cursors.ts';
import type { RemoteCursor } from './remote-peers.ts';

interface Call {
  readonly name: string;
  readonly args: readonly unknown[];
  /** globalAlpha and fillStyle when the call was made. */
  readonly alpha: number;
  readonly fill: unknown;
}

/** Just enough of a 2D context to see what was drawn where. */
function recordingContext() {
  const calls: Call[] = [];
  const state = { globalAlpha: 1, fillStyle: '#000000' as unknown };
  const stack: (typeof state)[] = [];
  const context = new Proxy(state as Record<string | symbol, unknown>, {
    get(target, property) {
      if (property in target) return target[property];
      return (...args: unknown[]) => {
        calls.push({
          name: String(property),
          args,
          alpha: state.globalAlpha,
          fill: state.fillStyle,
        });
        if (property === 'save') stack.push({ ...state });
        if (property === 'restore') Object.assign(state, stack.pop());
        if (property === 'measureText') return { width: String(args[0]).length * 7 };
        return undefined;
      };
    },
    set(target, property, value) {
      target[property] = value;
      return true;
    },
  });
  return { ctx: context as unknown as CanvasRenderingContext2D, calls };
}

const cursor = (overrides: Partial<RemoteCursor> = {}): RemoteCursor => ({
  clientId: 1,
  userId: 'user-id-000000000000',
  name: 'Alice',
  color: '#e03131',
  x: 100,
  y: 50,
  idle: false,
  ...overrides,
});

describe('drawCursors', () => {
  it('draws each cursor at its screen position, with the name beside it in the user colour', () => {
    const { ctx, calls } = recordingContext();
    drawCursors(ctx, [cursor()], { x: 50, y: 0, zoom: 2 });

    expect(calls.find((call) => call.name === 'translate')?.args).toEqual([100, 100]);
    const fills = calls.filter((call) => call.name === 'fill');
    expect(fills.map((call) => call.fill)).toEqual(['#e03131', '#e03131']);
    const label = calls.find((call) => call.name === 'fillText');
    expect(label?.args[0]).toBe('Alice');
    expect(label?.fill).toBe('#ffffff');
  });

  it('fades idle people and says so', () => {
    const { ctx, calls } = recordingContext();
    drawCursors(ctx, [cursor({ idle: true })], { x: 0, y: 0, zoom: 1 });
    const label = calls.find((call) => call.name === 'fillText');
    expect(label?.args[0]).toBe('Alice (idle)');
    expect(label?.alpha).toBe(IDLE_OPACITY);
  });

  it('leaves the context as it found it', () => {
    const { ctx, calls } = recordingContext();
    drawCursors(ctx, [cursor(), cursor({ clientId: 2, idle: true })], { x: 0, y: 0, zoom: 1 });
    expect(calls.filter((call) => call.name === 'save')).toHaveLength(2);
    expect(calls.filter((call) => call.name === 'restore')).toHaveLength(2);
    expect(ctx.globalAlpha).toBe(1);
  });

  it('skips cursors wholly off screen, but keeps one whose label still shows', () => {
    const { ctx, calls } = recordingContext();
    const viewport = { x: 0, y: 0, zoom: 1 };
    drawCursors(
      ctx,
      [
        cursor({ clientId: 1, x: 900, y: 10 }),
        cursor({ clientId: 2, x: 10, y: 700 }),
        cursor({ clientId: 3, x: -40, y: 10 }),
      ],
      viewport,
      { width: 800, height: 600 },
    );
    expect(calls.filter((call) => call.name === 'translate').map((call) => call.args)).toEqual([
      [-40, 10],
    ]);
  });
});
