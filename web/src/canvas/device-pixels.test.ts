import { describe, expect, it } from 'vitest';
import { deviceSize } from './device-pixels.ts';

describe('deviceSize', () => {
  it('scales the CSS box by the pixel ratio when the browser reports no device box', () => {
    expect(deviceSize({ width: 800, height: 600 }, null, 2)).toEqual({
      width: 1600,
      height: 1200,
      pixelRatio: 2,
    });
  });

  it("prefers the browser's exact device box when it agrees to within a pixel", () => {
    const css = { width: 333.5, height: 200.25 };
    expect(deviceSize(css, { width: 500, height: 300 }, 1.5)).toEqual({
      width: 500,
      height: 300,
      pixelRatio: 1.5,
    });
  });

  it('ignores a device box measured at ratio 1 under device emulation', () => {
    const css = { width: 800, height: 600 };
    expect(deviceSize(css, { width: 800, height: 600 }, 2)).toMatchObject({
      width: 1600,
      height: 1200,
    });
  });
});
